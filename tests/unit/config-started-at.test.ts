import { describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config";
import { MINIMAL_CONFIG, editConfig, lineOfSnippet } from "@/tests/support/config-text";

// incident.startedAt: a fixed ISO time, or a relative one ("-3h") that the first start resolves and keeps
// (lib/db/incident-start.ts); anything else is a config error naming the field and its line.
const withStart = (value: string) => editConfig("startedAt: 2025-01-01T00:00:00Z", `startedAt: ${value}`);

describe("incident.startedAt", () => {
  it("keeps a fixed ISO 8601 time as written", () => {
    const result = parseConfigText(MINIMAL_CONFIG, {});
    expect(result.ok && result.config.incident).toMatchObject({ startedAt: "2025-01-01T00:00:00Z", startedRelative: false });
  });

  it.each<[string, number]>([
    ["-3h", 3 * 3_600_000],
    ["-90m", 90 * 60_000],
    ['"-1h30m"', 90 * 60_000],
  ])("reads %s as that long before now, marked relative", (value, agoMs) => {
    const before = Date.now();
    const result = parseConfigText(withStart(value), {});
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const at = Date.parse(result.config.incident.startedAt);
    expect(result.config.incident.startedRelative).toBe(true);
    expect(at).toBeGreaterThanOrEqual(before - agoMs);
    expect(at).toBeLessThanOrEqual(Date.now() - agoMs);
  });

  it.each(["3h", "-0s", "-soon", "yesterday", "2025-13-01T00:00:00Z"])("refuses %s, naming the field and its line", (value) => {
    const text = withStart(value);
    const result = parseConfigText(text, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((candidate) => candidate.path === "incident.startedAt");
    expect(problem?.message).toMatch(/ISO 8601 date-time .* or a time before the first start \(e\.g\. -3h\)/);
    expect(problem?.line).toBe(lineOfSnippet(text, "startedAt:"));
  });
});
