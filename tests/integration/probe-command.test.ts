import { describe, expect, it, vi } from "vitest";
import { MAX_OUTPUT_BYTES, runProbe } from "@/lib/probes";
import { expectDeadline, isRunning } from "@/tests/support/probes";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("command probe", () => {
  it("runs argv without a shell: EXIT_CODE 0 and trimmed OUTPUT", async () => {
    const result = await runProbe({ type: "command", command: ["echo", "  READY  ", "$HOME"], env: {} }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: true, observations: { EXIT_CODE: 0, OUTPUT: "READY   $HOME" } });
    expect(result.error).toBeUndefined();
  });

  it.each([
    [1, "WARNING"],
    [2, "CRITICAL"],
    [3, "UNKNOWN"],
  ])("reports exit code %i as EXIT_CODE, still ok (conditions judge)", async (code, word) => {
    const script = `echo ${word}; echo "disk at 91%" >&2; exit ${code}`;
    const result = await runProbe({ type: "command", command: ["sh", "-c", script], env: {} }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: true, observations: { EXIT_CODE: code, OUTPUT: word }, error: { code: "EXIT_CODE" } });
    expect(result.error?.message).toContain(`exited with code ${code}`);
    expect(result.error?.message).toContain("disk at 91%");
  });

  it("says why with stdout's first line when stderr is empty (a Nagios plugin's status text)", async () => {
    const script = 'echo "UNKNOWN - control plane unreachable: fetch failed"; echo "perfdata"; exit 3';
    const result = await runProbe({ type: "command", command: ["sh", "-c", script], env: {} }, { timeoutMs: 2_000 });
    expect(result.error?.message).toBe("exited with code 3: UNKNOWN - control plane unreachable: fetch failed");
  });

  it("passes the probe's env on top of PATH, HOME and LANG (values are secrets: only their length is echoed)", async () => {
    const result = await runProbe(
      { type: "command", command: ["sh", "-c", 'echo "${#PROBE_REGION}:${PATH:+has-path}"'], env: { PROBE_REGION: "us-central1" } },
      { timeoutMs: 2_000 },
    );
    expect(result.observations.OUTPUT).toBe("11:has-path");
  });

  it("does not inherit the server's environment: tokens, session secret and DATABASE_URL stay out", async () => {
    const server = { HANDBACK_TOKENS: "ci:infra:tok-never-inherited-1234", HANDBACK_SESSION_SECRET: "s".repeat(40), DATABASE_URL: "postgres://x" };
    vi.stubEnv("LANG", "C.UTF-8");
    for (const [name, value] of Object.entries(server)) vi.stubEnv(name, value);
    try {
      const result = await runProbe({ type: "command", command: ["env"], env: { OWN_SETTING: "own-value" } }, { timeoutMs: 2_000 });
      const names = String(result.observations.OUTPUT).split("\n").map((line) => line.slice(0, line.indexOf("=")));
      expect(names.sort()).toEqual(["HOME", "LANG", "OWN_SETTING", "PATH"].filter((name) => name === "OWN_SETTING" || process.env[name] !== undefined));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("reports SPAWN_FAILED for a program that does not exist", async () => {
    const result = await runProbe({ type: "command", command: ["/nonexistent/handback-check"], env: {} }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "SPAWN_FAILED" } });
    expect(result.observations.EXIT_CODE).toBeUndefined();
  });

  it("caps OUTPUT at 64 KB and still drains the rest", async () => {
    const script = "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo done >&2";
    const result = await runProbe({ type: "command", command: ["sh", "-c", script], env: {} }, { timeoutMs: 3_000 });
    expect(result).toMatchObject({ ok: true, observations: { EXIT_CODE: 0 } });
    expect(String(result.observations.OUTPUT)).toHaveLength(MAX_OUTPUT_BYTES);
  });

  it("kills a sleeping command, and the grandchild it backgrounded, at the deadline", async () => {
    const script = "sleep 30 & echo $!; sleep 30";
    const result = await expectDeadline("command sleep 30", { type: "command", command: ["sh", "-c", script], env: {} }, 500);
    const grandchild = Number(result.observations.OUTPUT);
    expect(grandchild).toBeGreaterThan(1);
    await sleep(100);
    expect(isRunning(grandchild)).toBe(false);
  });

  it("leaves no background child behind when the command exits by itself", async () => {
    const script = "sleep 30 & echo $!";
    const result = await runProbe({ type: "command", command: ["sh", "-c", script], env: {} }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: true, observations: { EXIT_CODE: 0 } });
    expect(result.latencyMs).toBeLessThan(1_000);
    await sleep(100);
    expect(isRunning(Number(result.observations.OUTPUT))).toBe(false);
  });
});
