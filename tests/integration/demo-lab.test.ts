import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import { judgeResult } from "@/lib/engine/judge";
import { startDemoLab, type DemoLab } from "@/lib/lab/demo-lab";
import { modesAt } from "@/lib/lab/scenario";
import { closeBrowsers, runProbe } from "@/lib/probes";
import { parseValidConfig } from "../support/config-text";
import { seedPgliteDir } from "../support/pglite-template.mjs";

// The bundled demo config against the demo lab: every component is probed through its real protocol
// (Cloud SQL is PGlite over the wire), healthy when the lab is healthy and failing with each fault.
// Ports move from 391xx to 292xx so a demo server running on this machine does not collide, and below the
// ephemeral range so a parallel test's client socket cannot hold one (see api-lab-faults.test.ts).
const dataDir = mkdtempSync(path.join(os.tmpdir(), "handback-demo-lab-"));
let lab: DemoLab;
let config: IncidentConfig;

beforeAll(async () => {
  const text = readFileSync("examples/issue-1278.yaml", "utf8").replaceAll("391", "292");
  config = parseValidConfig(text);
  await seedPgliteDir(path.join(dataDir, "lab-cloud-sql"));
  lab = await startDemoLab({ ...config.lab, scenario: undefined }, dataDir);
  // One round first: the first connection to each server (Cloud SQL's engine above all) pays for warming
  // up, and on a loaded machine that can pass the demo's 800 ms "degraded" line; these tests are about verdicts.
  await verdicts();
}, 120_000);

afterAll(async () => {
  await closeBrowsers();
  await lab?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function verdicts(ids?: string[]) {
  const components = config.components.filter((component) => !ids || ids.includes(component.id));
  const judge = async (component: IncidentConfig["components"][number]) => {
    // The browser walks nine steps in Chromium: it keeps its own timeout; the rest are capped for speed.
    const timeoutMs = component.probe.type === "browser" ? component.timeout : Math.min(component.timeout, 3_000);
    const result = await runProbe(component.probe, { timeoutMs, ca: [lab.caPem] });
    return [component.id, judgeResult(component, result)] as const;
  };
  // Browser probes go after the rest: Chromium's CPU on a loaded machine would push latencies past the
  // demo's 800 ms "degraded" line, and these tests are about verdicts.
  const network = await Promise.all(components.filter((component) => component.probe.type !== "browser").map(judge));
  const browsers = await Promise.all(components.filter((component) => component.probe.type === "browser").map(judge));
  return Object.fromEntries([...network, ...browsers]);
}

describe("demo lab", () => {
  it("passes every demo component while every fault is healthy", async () => {
    const judged = await verdicts();
    expect(Object.keys(judged)).toHaveLength(config.components.length);
    for (const [id, judgement] of Object.entries(judged)) expect(judgement.verdict, `${id}: ${JSON.stringify(judgement.error)}`).toBe("pass");
  });

  it.each<[string, string, string, string]>([
    ["vpc-connector", "failing", "vpc-connector", "fail"],
    ["secret-manager", "failing", "secret-manager", "fail"],
    ["cloud-sql", "hanging", "cloud-sql", "fail"],
    ["redis", "hanging", "redis", "fail"],
    ["redis", "unreachable", "redis", "fail"],
    ["cloud-sql", "refusing", "cloud-sql", "fail"],
    ["tls-staging", "expired", "lb-tls-staging", "fail"],
    ["tls-api", "wrong-host", "lb-tls-api-staging", "fail"],
    ["backend", "failing", "backend-infrastructure", "fail"],
    ["backend", "slow", "backend-health", "degraded"],
    ["websocket", "failing", "chat-websocket", "fail"],
    // The staging app breaks with auth and Redis: the browser's Golden Path fails with them.
    ["auth", "failing", "golden-path-browser", "fail"],
    ["redis", "failing", "golden-path-browser", "fail"],
  ])("fault %s=%s makes %s %s", async (fault, mode, component, expected) => {
    await lab.setFault(fault, mode);
    try {
      expect((await verdicts([component]))[component]?.verdict).toBe(expected);
    } finally {
      await lab.setFault(fault, "healthy");
    }
  });

  it("fails every component fast in the scenario's opening outage, so each is confirmed within seconds of start", async () => {
    const opening = modesAt(0, config.lab.scenario!);
    for (const [fault, mode] of Object.entries(opening)) await lab.setFault(fault, mode);
    try {
      // Each probe with its real timeout (Cloud SQL's is 35 s): every one fails on an answer (a refusal, a
      // reset, a bad certificate, a 5xx), none by running into its timeout. No clock is read: the error says it.
      const judged = await Promise.all(
        config.components.map(async (component) => {
          const result = await runProbe(component.probe, { timeoutMs: component.timeout, ca: [lab.caPem] });
          return { id: component.id, verdict: judgeResult(component, result).verdict, code: result.error?.code ?? null };
        }),
      );
      for (const { id, verdict, code } of judged) {
        expect(verdict, id).toBe("fail");
        expect(code, id).not.toBe("TIMEOUT");
      }
    } finally {
      for (const fault of Object.keys(opening)) await lab.setFault(fault, "healthy");
    }
  }, 60_000);
});
