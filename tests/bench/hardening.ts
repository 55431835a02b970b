// Bench (hardening): what a hostile or broken client costs the server.
//   stalledSse  a `next start` instance on embedded storage; 20 raw sockets open GET /api/events and stop
//               reading, one client reads normally; timeline notes of ~4 kB are posted at 100 events/s for
//               a minute. Figures: the instance tree's RSS (baseline, max, end), how many stalled streams
//               the server closed, what the reading client received.
//   patLoop     event-loop delay (monitorEventLoopDelay, 1 ms resolution) while the real condition
//               evaluator matches `pat()` against a 1 MB body, between 1 ms timers; and the time per match.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { compileConditions, evaluateAll } from "../../lib/conditions";
import { startInstance, type Instance } from "../support/instances";
import { treeUsage } from "../support/proc";
import { ensureBenchBuild } from "./build";
import { percentile, round } from "./stats";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every knob, from BENCH_HARDENING_* variables (shorten them for a quick check). */
export const hardeningSettings = () => ({
  stalledClients: num("BENCH_HARDENING_STALLED", 20),
  eventsPerSecond: num("BENCH_HARDENING_RATE", 100),
  seconds: num("BENCH_HARDENING_SECONDS", 60),
  noteBytes: 4_000,
  port: num("BENCH_HARDENING_PORT", 3420),
});

/** A raw HTTP/1.1 client on GET /api/events; `stall` stops reading once the response head arrived. */
interface RawStream {
  status: Promise<number>;
  /** Bytes read so far (a stalled client reads none after its head). */
  bytes(): number;
  /** Whether the server ended the stream (seen once the client reads again). */
  ended(): boolean;
  /** Reads whatever the kernel buffered and waits up to ms for the server's end. */
  drain(ms: number): Promise<void>;
  close(): void;
}

function openRawStream(url: URL, token: string, stall: boolean): RawStream {
  const socket = net.connect(Number(url.port), url.hostname);
  let [head, bytes, ended] = ["", 0, false];
  let resolveStatus: (status: number) => void = () => {};
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  socket.write(`GET /api/events HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`);
  socket.on("data", (chunk: Buffer) => {
    bytes += chunk.byteLength;
    if (head.includes("\r\n\r\n")) return;
    head += chunk.toString("latin1");
    if (!head.includes("\r\n\r\n")) return;
    resolveStatus(Number(head.split(" ")[1]));
    if (stall) socket.pause();
  });
  socket.on("end", () => (ended = true));
  socket.on("close", () => resolveStatus(0));
  socket.on("error", () => {});
  return {
    status,
    bytes: () => bytes,
    ended: () => ended,
    async drain(ms) {
      socket.resume();
      for (const deadline = Date.now() + ms; !ended && Date.now() < deadline; ) await sleep(50);
    },
    close: () => socket.destroy(),
  };
}

/** Posts notes at `rate` per second for `seconds`, from 8 lanes; counts what was stored (201). */
async function postNotes(baseUrl: string, token: string, rate: number, seconds: number, noteBytes: number) {
  const total = rate * seconds;
  const filler = "x".repeat(noteBytes);
  const started = Date.now();
  let [stored, failed, next] = [0, 0, 0];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let index = next++; index < total; index = next++) {
        await sleep(started + (index * 1000) / rate - Date.now());
        const response = await fetch(`${baseUrl}/api/timeline`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ type: "note", text: `stall bench ${index} ${filler}` }),
          signal: AbortSignal.timeout(10_000),
        }).catch(() => null);
        if (response?.status === 201) stored++;
        else failed++;
        await response?.arrayBuffer().catch(() => null);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return { posted: total, stored, failed, seconds: round(elapsed), eventsPerSecond: round(stored / elapsed) };
}

function benchConfigYaml(incidentId: string): string {
  return [
    `incident: { id: ${incidentId}, title: Stalled SSE bench, severity: P2, startedAt: ${new Date().toISOString()} }`,
    "teams: [{ id: infra, name: Infra }]",
    "components:",
    '  - { id: self, probe: { type: tcp, host: 127.0.0.1, port: 9 }, interval: 1h }',
    "lab: { enabled: false }",
    "",
  ].join("\n");
}

/** The stalled-client scenario on one instance; see the header. */
export async function benchStalledSse() {
  const settings = hardeningSettings();
  await ensureBenchBuild();
  const dir = mkdtempSync(path.join(os.tmpdir(), "handback-bench-hardening-"));
  const tokens = { viewer: randomBytes(16).toString("hex"), infra: randomBytes(16).toString("hex") };
  let instance: Instance | undefined;
  const streams: RawStream[] = [];
  try {
    const configPath = path.join(dir, "incident.yaml");
    writeFileSync(configPath, benchConfigYaml(`STALL-${randomBytes(3).toString("hex")}`));
    mkdirSync(path.join(dir, "data"));
    instance = await startInstance({
      port: settings.port,
      env: {
        HANDBACK_CONFIG: configPath,
        HANDBACK_DATA_DIR: path.join(dir, "data"),
        HANDBACK_TOKENS: `bench-viewer:viewer:${tokens.viewer},bench-infra:infra:${tokens.infra}`,
        HANDBACK_LOG: "warn",
        DATABASE_URL: undefined,
        REDIS_URL: undefined,
      },
    });
    const url = new URL(instance.url);
    await sleep(3_000); // boot settles (storage opened, first probe planned)
    const baselineMb = treeUsage(instance.pid).rssMb;
    for (let index = 0; index < settings.stalledClients; index++) streams.push(openRawStream(url, tokens.viewer, true));
    const reader = openRawStream(url, tokens.viewer, false);
    const statuses = await Promise.all([...streams, reader].map((stream) => stream.status));
    let maxMb = baselineMb;
    const sampler = setInterval(() => (maxMb = Math.max(maxMb, treeUsage(instance!.pid).rssMb)), 1_000);
    const posting = await postNotes(instance.url, tokens.infra, settings.eventsPerSecond, settings.seconds, settings.noteBytes);
    clearInterval(sampler);
    const endMb = treeUsage(instance.pid).rssMb;
    await Promise.all(streams.map((stream) => stream.drain(2_000)));
    return {
      settings,
      statuses: { stalled: statuses.slice(0, -1).filter((status) => status === 200).length, reader: statuses.at(-1) },
      posting,
      rssMb: { baseline: round(baselineMb), max: round(Math.max(maxMb, endMb)), end: round(endMb) },
      stalledClosedByServer: streams.filter((stream) => stream.ended()).length,
      stalledBytesReceivedMaxMb: round(Math.max(...streams.map((stream) => stream.bytes())) / 1e6),
      readerReceivedMb: round(reader.bytes() / 1e6),
    };
  } finally {
    for (const stream of streams) stream.close();
    await instance?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Event-loop delay while the condition evaluator matches pat() on a 1 MB body; see the header. */
export async function benchPatLoop(matches = 20) {
  const body = "a".repeat(1024 * 1024);
  const cases = { plain: "[BODY] == pat(*healthy*)", adversarial: "[BODY] == pat(*a*a*a*a*a*b)" };
  const results: Record<string, object> = {};
  for (const [name, condition] of Object.entries(cases)) {
    const compiled = compileConditions([condition]);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const tick = setInterval(() => {}, 1);
    histogram.enable();
    const times: number[] = [];
    for (let index = 0; index < matches; index++) {
      const started = performance.now();
      const { success } = evaluateAll(compiled, { STATUS: 200, BODY: body, HEADER: {} });
      if (success) throw new Error(`${condition} matched a body of "a" only`);
      times.push(performance.now() - started);
      await sleep(5);
    }
    histogram.disable();
    clearInterval(tick);
    results[name] = {
      condition,
      matchMs: { p50: round(percentile(times, 50)), max: round(Math.max(...times)) },
      loopDelayMs: { p50: round(histogram.percentile(50) / 1e6), p99: round(histogram.percentile(99) / 1e6), max: round(histogram.max / 1e6) },
    };
  }
  return { bodyBytes: body.length, matches, ...results };
}
