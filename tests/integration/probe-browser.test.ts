import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserStepSchema } from "@/lib/config/browser-steps";
import { loadConfigFile } from "@/lib/config";
import { judgeResult } from "@/lib/engine/judge";
import { ANSWER_EVENTS, STALLED_EVENTS, startStagingApp, type StagingApp } from "@/lib/lab/staging/app";
import { browserPids, closeBrowsers, runProbe, type ProbeContext, type ProbeResult } from "@/lib/probes";
import type { ProbeConfig } from "@/lib/config";

// The browser probe against the lab's staging app in the real Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium). Error codes are asserted, never timings: the outer test timeouts are the bound.

type BrowserProbe = Extract<ProbeConfig, { type: "browser" }>;
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const context = (timeoutMs: number): ProbeContext => ({ timeoutMs, browser: { chromiumPath: CHROMIUM, concurrency: 2 } });
const steps = (raw: unknown[]): BrowserProbe => ({ type: "browser", steps: raw.map((step) => browserStepSchema.parse(step)) });

const goldenPath = (url: string): BrowserProbe =>
  steps([
    { goto: `${url}/login` },
    { fill: { selector: "#email", value: "qa@example.com" } },
    { fill: { selector: "#password", value: "s3cret-from-env" } },
    { click: "button[type=submit]" },
    { waitFor: { text: "Signed in", timeout: "5s" } },
    { fill: { selector: "#prompt", value: "Summarise my infrastructure" } },
    { click: "#send" },
    { waitFor: { selector: ".ai-response", timeout: "5s" } },
    { expectWebSocket: { urlContains: "/ws", messages: 5 } },
  ]);

const isPng = (png: Buffer | undefined) => png !== undefined && png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

/** Running (not zombie) pids in a browser's process group: Chromium's main process, zygote, renderers, GPU. */
function groupMembers(pgid: number): number[] {
  try {
    const lines = execFileSync("ps", ["-o", "pid=,stat=", "-g", String(pgid)], { encoding: "utf8" }).split("\n");
    return lines.map((line) => line.trim().split(/\s+/)).filter(([pid, stat]) => pid && !stat?.startsWith("Z")).map(([pid]) => Number(pid));
  } catch {
    return []; // ps exits 1 when the group is empty
  }
}

/** Waits (on the condition, not a sleep) until none of `groups` has a running member; returns those left. */
async function survivors(groups: Iterable<number>): Promise<number[]> {
  const until = Date.now() + 20_000;
  for (;;) {
    const left = [...groups].flatMap(groupMembers);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("browser probe (lab staging app, real Chromium)", () => {
  let app: StagingApp;
  beforeAll(async () => void (app = await startStagingApp()));
  afterAll(async () => {
    await closeBrowsers();
    await app.close();
  });

  it("walks the Golden Path: operational with WS_MESSAGES == 5, each step a phase", { timeout: 60_000 }, async () => {
    const result = await runProbe(goldenPath(app.url), context(15_000));
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true, STEPS: 9, STEPS_PASSED: 9, WS_MESSAGES: ANSWER_EVENTS } });
    expect(result.observations.BODY).toContain("Signed in");
    expect(Object.keys(result.phases ?? {})).toEqual(expect.arrayContaining(["1 goto", "4 click", "9 expectWebSocket", "total"]));
    expect(result.screenshot).toBeUndefined();
  });

  it("auth down: STEP_FAILED naming the waitFor, a PNG kept, the password never in the result", { timeout: 60_000 }, async () => {
    app.faults.authDown = true;
    const result = await runProbe(goldenPath(app.url), context(4_000)).finally(() => (app.faults.authDown = false));
    expect(result.error?.code).toBe("STEP_FAILED");
    expect(result.error?.message).toContain('step 5 (waitFor "Signed in")');
    expect(result.observations.STEPS_PASSED).toBe(4);
    expect(isPng(result.screenshot)).toBe(true);
    expect(JSON.stringify({ ...result, screenshot: undefined })).not.toContain("s3cret-from-env");
  });

  it("Redis down: the answer stops at 2 events and expectWebSocket fails", { timeout: 60_000 }, async () => {
    app.faults.redisDown = true;
    const result = await runProbe(goldenPath(app.url), context(5_000)).finally(() => (app.faults.redisDown = false));
    expect(result.error?.code).toBe("STEP_FAILED");
    expect(result.error?.message).toContain("step 9 (expectWebSocket");
    expect(result.error?.message).toContain(`received ${STALLED_EVENTS} of 5`);
    expect(result.observations.WS_MESSAGES).toBe(STALLED_EVENTS);
  });

  it("a page that never loads, and each trap page, gives a result; the next run works", { timeout: 180_000 }, async () => {
    const outcomes: Record<string, ProbeResult> = {};
    app.faults.hanging = true;
    outcomes.hang = await runProbe(steps([{ goto: `${app.url}/login` }]), context(2_000)).finally(() => (app.faults.hanging = false));
    outcomes.alert = await runProbe(steps([{ goto: `${app.url}/trap/alert` }, { expectText: "After the alert" }]), context(4_000));
    outcomes.popup = await runProbe(steps([{ goto: `${app.url}/trap/popup` }, { click: "#open" }, { click: "#open" }]), context(4_000));
    outcomes.download = await runProbe(steps([{ goto: `${app.url}/trap/download` }, { click: "#file" }]), context(4_000));
    outcomes.memory = await runProbe(steps([{ goto: `${app.url}/trap/memory` }, { waitFor: { text: "never there" } }]), context(4_000));
    outcomes.busy = await runProbe(steps([{ goto: `${app.url}/trap/busy` }, { waitFor: { text: "never there" } }]), context(3_000));
    expect(outcomes.hang.error?.code).toMatch(/^(STEP_FAILED|TIMEOUT)$/);
    expect(outcomes.alert).toMatchObject({ ok: true }); // the dialog is dismissed, the script goes on
    expect(outcomes.popup).toMatchObject({ ok: true });
    expect(outcomes.download).toMatchObject({ ok: true });
    expect(outcomes.memory.error?.code).toMatch(/^(STEP_FAILED|TIMEOUT)$/);
    expect(outcomes.busy.error?.code).toMatch(/^(STEP_FAILED|TIMEOUT)$/);
    const after = await runProbe(goldenPath(app.url), context(15_000));
    expect(after.error).toBeUndefined();
    expect(after.observations.WS_MESSAGES).toBe(ANSWER_EVENTS);
  });

  it("no Chromium process outlives 50 runs with hangs and closeBrowsers()", { timeout: 300_000 }, async () => {
    app.faults.hanging = true;
    const hung = steps([{ goto: `${app.url}/login` }]);
    const busy = steps([{ goto: `${app.url}/trap/busy` }, { waitFor: { text: "never there" } }]);
    const groups = new Set<number>();
    try {
      for (let round = 0; round < 25; round++) {
        const results = await Promise.all([runProbe(hung, context(1_500)), runProbe(busy, context(1_500))]);
        for (const result of results) expect(result.error?.code).toMatch(/^(STEP_FAILED|TIMEOUT)$/);
        for (const pid of browserPids()) groups.add(pid);
        expect(browserPids().length).toBeLessThanOrEqual(1); // one shared browser, replaced not multiplied
      }
    } finally {
      app.faults.hanging = false;
    }
    expect(browserPids().flatMap(groupMembers).length).toBeGreaterThan(0); // the count below can see a live tree
    await closeBrowsers();
    expect(browserPids()).toEqual([]);
    expect(await survivors(groups)).toEqual([]);
  });

  it("Chromium missing: BROWSER_UNAVAILABLE, judged unknown (never down)", { timeout: 30_000 }, async () => {
    const probe = goldenPath(app.url);
    const result = await runProbe(probe, { timeoutMs: 3_000, browser: { chromiumPath: "/nonexistent/chromium", concurrency: 2 } });
    expect(result.error?.code).toBe("BROWSER_UNAVAILABLE");
    const component = { id: "gp", probe, conditions: ["[WS_MESSAGES] == 5"], degradedWhen: [] } as unknown as Parameters<typeof judgeResult>[0];
    expect(judgeResult(component, result).verdict).toBe("unknown");
  });

  it("a goto to file: or chrome: is a config error naming the line", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hb15-browser-"));
    const file = path.join(dir, "incident.yaml");
    const base = loadConfigFile(path.resolve("examples/issue-1278.yaml"), process.env);
    expect(base.ok).toBe(true);
    writeFileSync(
      file,
      [
        "incident: { id: t-1, title: T, severity: SEV2, startedAt: 2026-01-01T00:00:00Z }",
        "teams: [{ id: dev, name: Dev }]",
        "components:",
        "  - id: gp",
        "    probe:",
        "      type: browser",
        "      steps:",
        "        - goto: \"file:///etc/passwd\"",
        "        - goto: \"chrome://settings\"",
      ].join("\n"),
    );
    const loaded = loadConfigFile(file, {});
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const gotos = loaded.problems.filter((problem) => problem.path.includes("steps"));
    expect(gotos.map((problem) => problem.line)).toEqual([8, 9]);
    expect(gotos[0]?.message).toContain("http:// or https://");
  });
});
