import { describe, expect, it } from "vitest";
import { faviconFor, summariseForTab } from "@/components/live/tab-summary";
import type { ComponentStatus, IncidentState } from "@/lib/types";

// The browser tab's title and favicon tone: the worst news first, "handed back" once the incident is.
const snapshot = (statuses: ComponentStatus[], state: IncidentState = "remediating") => ({
  incident: { id: "ISSUE-1278", state } as never,
  components: statuses.map((status, index) => ({ id: `c${index}`, status }) as never),
});

describe("summariseForTab", () => {
  it.each<[string, ComponentStatus[], IncidentState, string, string]>([
    ["down wins over everything", ["down", "degraded", "unknown", "operational", "down"], "remediating", "✕ 2 down · ISSUE-1278", "bad"],
    ["then degraded", ["degraded", "unknown", "operational"], "validating", "◐ 1 degraded · ISSUE-1278", "warn"],
    ["unknown is never up", ["unknown", "unknown", "operational"], "investigating", "? 2 unknown · ISSUE-1278", "unknown"],
    ["all operational", ["operational", "operational"], "validating", "✓ all up · ISSUE-1278", "ok"],
    ["no components is not up", [], "investigating", "✓ all up · ISSUE-1278", "unknown"],
    ["handed back, whatever the probes say", ["down"], "handed_back", "✓ handed back · ISSUE-1278", "ok"],
    ["resolved", ["degraded"], "resolved", "✓ resolved · ISSUE-1278", "ok"],
  ])("%s", (_label, statuses, state, title, tone) => {
    expect(summariseForTab(snapshot(statuses, state))).toEqual({ title, tone });
  });

  it("draws each tone as a different SVG disc", () => {
    const icons = (["bad", "warn", "unknown", "ok"] as const).map(faviconFor);
    expect(new Set(icons).size).toBe(4);
    for (const icon of icons) expect(icon).toMatch(/^data:image\/svg\+xml,%3Csvg/);
  });
});
