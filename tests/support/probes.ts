import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { expect } from "vitest";
import type { ProbeConfig } from "@/lib/config";
import { runProbe, type ProbeContext, type ProbeResult } from "@/lib/probes";

type HttpProbe = Extract<ProbeConfig, { type: "http" }>;

/** An http probe config: GET, no headers, no redirects, unless `extra` says otherwise. */
export const httpGet = (url: string, extra: Partial<HttpProbe> = {}): HttpProbe => ({ type: "http", url, method: "GET", headers: {}, followRedirects: false, ...extra });

/** docs/architecture.md "Failure budget": a result no later than timeout + 250 ms. */
export const DEADLINE_SLACK_MS = 250;

/** Runs a probe and measures the wall time until its result. */
export async function timedProbe(probe: ProbeConfig, context: ProbeContext): Promise<{ result: ProbeResult; wallMs: number }> {
  const started = performance.now();
  const result = await runProbe(probe, context);
  return { result, wallMs: performance.now() - started };
}

/** Runs a probe against a misbehaving target and asserts the hard deadline; logs the overshoot. */
export async function expectDeadline(
  label: string,
  probe: ProbeConfig,
  timeoutMs: number,
  context: Omit<ProbeContext, "timeoutMs"> = {},
): Promise<ProbeResult> {
  const { result, wallMs } = await timedProbe(probe, { ...context, timeoutMs });
  console.info(`[deadline] ${label}: result after ${wallMs.toFixed(1)} ms for a ${timeoutMs} ms timeout (overshoot ${(wallMs - timeoutMs).toFixed(1)} ms)`);
  expect(wallMs).toBeLessThanOrEqual(timeoutMs + DEADLINE_SLACK_MS);
  expect(result.ok).toBe(false);
  expect(result.error?.code).toBe("TIMEOUT");
  return result;
}

/** True while a process exists and is not a zombie (PID 1 here may not reap orphans promptly). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** A listening port whose SYNs go unanswered: a child whose event loop is blocked, its backlog full. */
export interface SynBlackhole {
  port: number;
  close(): void;
}

// The child listens with backlog 1 and blocks its event loop, so it never accepts; once the kernel's accept
// queue is full, further SYNs are dropped and connect() hangs, as behind a firewall that drops packets.
const SYN_BLACKHOLE_CHILD = `
const s = require("node:net").createServer();
s.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
  process.stdout.write(s.address().port + "\\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});`;

/** Starts a SYN blackhole on 127.0.0.1: connections to its port neither connect nor get refused. */
export async function startSynBlackhole(): Promise<SynBlackhole> {
  const child: ChildProcess = spawn(process.execPath, ["-e", SYN_BLACKHOLE_CHILD], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) => child.stdout?.once("data", (data) => resolve(Number(String(data).trim()))));
  const fillers: net.Socket[] = [];
  for (let attempt = 0; attempt < 16; attempt += 1) {
    const socket = net.connect(port, "127.0.0.1").on("error", () => {});
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      setTimeout(() => resolve(false), 200);
    });
    if (!connected) break;
  }
  return {
    port,
    close: () => {
      for (const socket of fillers) socket.destroy();
      child.kill("SIGKILL");
    },
  };
}
