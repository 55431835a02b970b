// BENCH_ONLY=notify: 1,000 notifications through the real outbox (PGlite) to a loopback webhook receiver,
// while the probe scheduler runs 100 HTTP components every second on the same process. Reports delivered/s,
// event→receipt latency and how late the scheduler started its runs meanwhile.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseConfigText } from "@/lib/config";
import { openDb } from "@/lib/db";
import { judgeResult } from "@/lib/engine/judge";
import { keptHeaders } from "@/lib/engine/kept-headers";
import { startScheduler } from "@/lib/engine/scheduler";
import { createLocalBus } from "@/lib/events/bus";
import { postTimelineEntry } from "@/lib/incident/actions";
import { startHttpTarget } from "@/lib/lab/http-target";
import { startNotifier } from "@/lib/notify/notifier";
import { runProbe } from "@/lib/probes";
import { createScratchDatabase } from "../support/db-targets";
import { httpComponent } from "./probes";
import { percentile, round } from "./stats";

const NOTIFICATIONS = Number(process.env.BENCH_NOTIFY_COUNT ?? 1_000);
const COMPONENTS = 100;
const RATE = Number(process.env.BENCH_NOTIFY_RATE ?? 100);

function configFor(url: string) {
  const parsed = parseConfigText(`incident: { id: BENCH-N, title: Notify bench, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
components: [{ id: x, probe: { type: tcp, host: 127.0.0.1, port: 9 } }]
notify:
  channels: [{ id: hooks, type: webhook, url: "${url}", secret: bench-secret }]
  rules: [{ on: [update_posted], channels: [hooks] }]
  delivery: { timeout: 5s, firstRetry: 1s, poll: 100ms, concurrency: 8 }
`, {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

/** A receiver that notes when each delivery id first arrived and its event time. */
async function startReceiver() {
  const received = new Map<string, { at: number; eventAt: number }>();
  let requests = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests += 1;
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string; at: string };
      if (!received.has(body.id)) received.set(body.id, { at: Date.now(), eventAt: Date.parse(body.at) });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, requests: () => requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The figures on PGlite, and on PostgreSQL too when TEST_DATABASE_URL names a server. */
export async function benchNotify() {
  const dir = await mkdtemp(path.join(tmpdir(), "handback-bench-notify-"));
  const pglite = await benchNotifyOn({ dataDir: dir });
  await rm(dir, { recursive: true, force: true });
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { pglite, postgres: { skipped: "TEST_DATABASE_URL is not set" } };
  const scratch = await createScratchDatabase(adminUrl, "hb14_bench_notify");
  try {
    return { pglite, postgres: await benchNotifyOn({ databaseUrl: scratch.url, dataDir: dir }) };
  } finally {
    await scratch.drop();
  }
}

/** One run on one store. */
async function benchNotifyOn(options: { databaseUrl?: string; dataDir: string }) {
  const db = await openDb(options);
  const receiver = await startReceiver();
  const target = await startHttpTarget();
  const config = configFor(receiver.url);
  const lateness: number[] = [];
  const list = Array.from({ length: COMPONENTS }, (_, index) => httpComponent(index, target.url("/health"), 1_000));
  const scheduler = startScheduler(list, async (component, scheduledAt) => {
    if (scheduledAt !== undefined) lateness.push(Date.now() - scheduledAt);
    judgeResult(component, await runProbe(component.probe, { timeoutMs: component.timeout, keepHeaders: keptHeaders(component) }));
  }, { concurrency: 32, jitter: 1 });
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // the scheduler's first round settles
  const baseline = lateness.splice(0);
  const notifier = startNotifier({ db, config, baseUrl: "http://bench.invalid" });
  const started = Date.now();
  // Events arrive at RATE per second (a busy incident's burst), not all at once.
  for (let i = 0; i < NOTIFICATIONS; i += 1) {
    const due = started + (i * 1000) / RATE;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    await postTimelineEntry(db, createLocalBus(), "BENCH-N", { name: "bench", role: "infra" }, "update", `bench update ${i}`);
  }
  const enqueuedMs = Date.now() - started;
  while (receiver.received.size < NOTIFICATIONS && Date.now() - started < 600_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const totalMs = Date.now() - started;
  const during = lateness.splice(0);
  await notifier.stop();
  await scheduler.stop();
  const latencies = [...receiver.received.values()].map((entry) => entry.at - entry.eventAt);
  await Promise.all([receiver.close(), target.close(), db.close()]);
  const late = (values: number[]) => ({ runs: values.length, p50Ms: percentile(values, 50), p95Ms: percentile(values, 95), p99Ms: percentile(values, 99), maxMs: Math.max(...values) });
  return {
    notifications: NOTIFICATIONS,
    eventsPerSecond: RATE,
    delivered: receiver.received.size,
    requests: receiver.requests(),
    enqueueSeconds: round(enqueuedMs / 1000),
    totalSeconds: round(totalMs / 1000),
    deliveredPerSecond: round(receiver.received.size / (totalMs / 1000)),
    eventToReceipt: { p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), maxMs: Math.max(...latencies) },
    schedulerLateness: { components: COMPONENTS, intervalMs: 1_000, before: late(baseline), during: late(during) },
  };
}
