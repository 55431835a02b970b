// `npm run bench` (probe engine part): deadline overshoot against silent targets, and the CPU cost of
// scheduled HTTP probing compared with a bare fetch loop at the same rate. Prints JSON.
import type { ComponentConfig } from "@/lib/config";
import { judgeResult } from "@/lib/engine/judge";
import { keptHeaders } from "@/lib/engine/kept-headers";
import { startScheduler } from "@/lib/engine/scheduler";
import { startHttpTarget, startTcpBlackhole } from "@/lib/lab";
import { runProbe } from "@/lib/probes";
import type { ProbeConfig } from "@/lib/config";
import { percentile, round } from "./stats";


/** Overshoot past the timeout for each probe type against a server that accepts and never answers. */
export async function benchDeadlines(rounds: number, timeoutMs: number) {
  const hole = await startTcpBlackhole();
  const at = `127.0.0.1:${hole.port}`;
  const probes: ProbeConfig[] = [
    { type: "http", url: `http://${at}/health`, method: "GET", headers: {}, followRedirects: false },
    { type: "tls", host: "127.0.0.1", port: hole.port },
    { type: "postgres", url: `postgres://u:p@${at}/db`, query: "SELECT 1" },
    { type: "redis", url: `redis://${at}` },
    { type: "websocket", url: `ws://${at}/ws` },
  ];
  const overshoot: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      probes.map(async (probe) => {
        const started = performance.now();
        await runProbe(probe, { timeoutMs });
        (overshoot[probe.type] ??= []).push(performance.now() - started - timeoutMs);
      }),
    );
  }
  await hole.close();
  const all = Object.values(overshoot).flat();
  return {
    timeoutMs,
    probes: all.length,
    overshootMs: { p50: round(percentile(all, 50)), p99: round(percentile(all, 99)), max: round(Math.max(...all)) },
    byType: Object.fromEntries(Object.entries(overshoot).map(([type, values]) => [type, { p50: round(percentile(values, 50)), p99: round(percentile(values, 99)) }])),
  };
}

export function httpComponent(index: number, url: string, intervalMs: number): ComponentConfig {
  return {
    id: `c${index}`, name: `c${index}`, group: "bench", dependsOn: [], locations: undefined,
    probe: { type: "http", url, method: "GET", headers: {}, followRedirects: false },
    conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 2000"], degradedWhen: [],
    interval: intervalMs, timeout: 5_000, failureThreshold: 2, successThreshold: 1, retryInterval: 5_000,
  } as ComponentConfig;
}

/** 500 HTTP components on a 5 s interval through the scheduler, probe and judge, against the lab server. */
export async function benchScheduledHttp(components: number, intervalMs: number, durationMs: number) {
  const target = await startHttpTarget();
  const list = Array.from({ length: components }, (_, index) => httpComponent(index, target.url("/health"), intervalMs));
  let done = 0;
  const cpu = process.cpuUsage();
  const scheduler = startScheduler(list, async (component) => {
    judgeResult(component, await runProbe(component.probe, { timeoutMs: component.timeout, keepHeaders: keptHeaders(component) }));
    done++;
  }, { concurrency: 32, jitter: 1 });
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  await scheduler.stop();
  const used = process.cpuUsage(cpu);
  await target.close();
  const planned = Math.floor((components * durationMs) / intervalMs);
  return { components, intervalMs, durationMs, planned, ran: done, ranPercent: round((100 * done) / planned), probesPerSecond: round(done / (durationMs / 1000)), cpuMsPerProbe: round((used.user + used.system) / 1000 / done) };
}

/** The floor: a bare fetch loop at the same rate, with an abort signal and the body read. */
export async function benchBareFetch(rate: number, durationMs: number) {
  const target = await startHttpTarget();
  const url = target.url("/health");
  let done = 0;
  const cpu = process.cpuUsage();
  const started = Date.now();
  const inFlight = new Set<Promise<void>>();
  while (Date.now() - started < durationMs) {
    const due = started + (done + inFlight.size) * (1000 / rate);
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const request = fetch(url, { signal: AbortSignal.timeout(5_000) }).then((response) => response.text()).then(() => void done++, () => undefined);
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.all(inFlight);
  const used = process.cpuUsage(cpu);
  await target.close();
  return { rate, durationMs, ran: done, cpuMsPerProbe: round((used.user + used.system) / 1000 / done) };
}
