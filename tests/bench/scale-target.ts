// The scale bench's probe target and incident: one loopback HTTP server that answers every path with
// 200 "ok" and remembers when each path was hit, and a config of N http components, one path each.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** The counting target: `hits` maps a path to the times (ms since epoch) it was requested. */
export interface CountingTarget {
  url: string;
  hits: Map<string, number[]>;
  total(): number;
  close(): Promise<void>;
}

/** Starts the target on a free loopback port. */
export async function startCountingTarget(): Promise<CountingTarget> {
  const hits = new Map<string, number[]>();
  let total = 0;
  const server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    const times = hits.get(path);
    if (times) times.push(Date.now());
    else hits.set(path, [Date.now()]);
    total++;
    response.writeHead(200, { "content-type": "text/plain", "content-length": "2" }).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    total: () => total,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The path a component probes: its id. */
export const componentPath = (componentId: string) => `/${componentId}`;

/** An incident of `components` http probes every `intervalS` seconds over 20 groups, lab off, one criterion. */
export function scaleConfigYaml(options: { incidentId: string; targetUrl: string; components: number; intervalS: number }): string {
  const lines = [
    `incident: { id: ${options.incidentId}, title: Scale bench, severity: P2, startedAt: ${new Date().toISOString()} }`,
    "teams: [{ id: infra, name: Infra }]",
    `defaults: { interval: ${options.intervalS}s, timeout: 2s, failureThreshold: 2, successThreshold: 1 }`,
    "components:",
  ];
  for (let index = 0; index < options.components; index++) {
    const group = `Group ${String(index % 20).padStart(2, "0")}`;
    lines.push(`  - { id: c${index}, group: "${group}", probe: { type: http, url: "${options.targetUrl}${componentPath(`c${index}`)}" }, conditions: ["[STATUS] == 200"] }`);
  }
  lines.push(
    "criteria:",
    '  - { id: first-up, title: The first components answer, owner: infra, auto: { components: [c0, c1, c2], conditions: ["[STATUS] == 200"], window: 2 } }',
    "lab: { enabled: false }",
    "",
  );
  return lines.join("\n");
}

/** The most hits in one wall-clock second of [from, to): how bursty the probing is. */
export function peakPerSecond(hits: Map<string, number[]>, from: number, to: number): number {
  const perSecond = new Map<number, number>();
  for (const times of hits.values()) {
    for (const at of times) if (at >= from && at < to) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
  }
  return Math.max(0, ...perSecond.values());
}

/**
 * Probes that reached the target in [from, to) but whose result was not stored. A slot's result is stored
 * once (unique index), so a slot probed twice leaves one hit without a row: per path, hits and stored
 * check times are matched one to one in time order (a row's check starts just before its hit).
 */
export function unstoredHits(hits: Map<string, number[]>, stored: Map<string, number[]>, from: number, to: number, toleranceMs = 2_000): number {
  let unstored = 0;
  for (const [path, times] of hits) {
    const rows = stored.get(path) ?? [];
    let row = 0;
    for (const at of times) {
      if (at < from || at >= to) continue;
      while (row < rows.length && rows[row]! < at - toleranceMs) row++;
      if (row < rows.length && rows[row]! <= at + toleranceMs) row++;
      else unstored++;
    }
  }
  return unstored;
}
