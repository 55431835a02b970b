import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "@/lib/db/timeline";
import { composeDigest, composeDraft, draftChanges, type DraftInputs } from "@/lib/notify/draft-text";

// The words of a drafted update and of the digest, from fixed inputs.

let id = 0;
const entry = (type: TimelineEvent["type"], data: Record<string, unknown>, text = ""): TimelineEvent => ({ id: (id += 1), at: `2025-01-01T0${Math.min(id, 9)}:00:00.000Z`, type, team: null, actor: "handback", text, data });

const inputs = (over: Partial<DraftInputs> = {}): DraftInputs => ({
  audience: "infra",
  incident: { id: "I-1", title: "Outage", state: "remediating" },
  since: "2025-01-01T00:00:00.000Z",
  entries: [
    entry("transition", { componentId: "vpc", from: "down", to: "operational" }),
    entry("transition", { componentId: "sql", from: "operational", to: "down" }),
    entry("transition", { componentId: "redis", from: "operational", to: "down" }),
    entry("transition", { componentId: "redis", from: "down", to: "operational" }),
    entry("criterion", { criterionId: "health", from: "unmet", to: "met" }),
    entry("state", { from: "investigating", to: "remediating" }, "Incident investigating → remediating"),
  ],
  names: { components: new Map([["vpc", "VPC connector"], ["sql", "Cloud SQL"]]), criteria: new Map([["health", "Health endpoints answer 200"]]) },
  impact: { currency: "USD", arrNow: 200_000, arrThen: 575_000, functionsOffline: ["Demos"] },
  criteriaMet: { met: 1, total: 4 },
  eta: { earliest: "2025-01-01T14:00:00.000Z", latest: "2025-01-01T18:30:00.000Z", basis: [] },
  cadence: { everyMs: 7_200_000, owner: "infra", lastUpdateAt: null, lastUpdateBy: null, dueAt: "2025-01-01T10:00:00.000Z", overdue: true },
  lastUpdate: { at: "2025-01-01T06:00:00.000Z", actor: "alice", text: "Connector recreated" },
  ...over,
});

describe("drafted updates", () => {
  it("lists net changes: a component that failed and recovered is left out", () => {
    expect(draftChanges(inputs()).map((change) => `${change.kind}: ${change.text}`)).toEqual([
      "component: VPC connector recovered (down → operational)",
      "component: Cloud SQL failed (operational → down)",
      "criterion: Criterion met: Health endpoints answer 200",
      "state: Incident investigating → remediating",
      "impact: ARR at risk $200,000 (was $575,000)",
      "eta: ETA between 2025-01-01 14:00 UTC and 2025-01-01 18:30 UTC",
    ]);
  });

  it("writes the infra draft with names, money and trend, ETA and the next update due", () => {
    expect(composeDraft(inputs())).toBe(
      [
        "Status update: Outage (I-1), state remediating",
        "Since 2025-01-01 00:00 UTC:",
        "- VPC connector recovered (down → operational)",
        "- Cloud SQL failed (operational → down)",
        "- Criterion met: Health endpoints answer 200",
        "- Incident investigating → remediating",
        "ARR at risk: $200,000 (down from $575,000)",
        "Offline: Demos",
        "Criteria met: 1 of 4",
        "ETA: between 2025-01-01 14:00 UTC and 2025-01-01 18:30 UTC",
        "Next update due: 2025-01-01 10:00 UTC",
      ].join("\n"),
    );
  });

  it("gives leadership counts instead of component names", () => {
    const text = composeDraft(inputs({ audience: "leadership" }));
    expect(text).toContain("- 1 system recovered, 1 failed");
    expect(text).not.toContain("VPC connector");
  });

  it("says no change when nothing happened", () => {
    expect(composeDraft(inputs({ entries: [], impact: { currency: "USD", arrNow: 0, arrThen: 0, functionsOffline: [] } }))).toContain("- no change\nARR at risk: $0 (unchanged)");
  });

  it("adds the latest human update and the overdue flag to the digest", () => {
    const text = composeDigest(inputs());
    expect(text.split("\n")[0]).toBe("Digest: Outage (I-1), state remediating");
    expect(text).toContain("Latest update (2025-01-01 06:00 UTC, alice): Connector recreated");
    expect(text).toContain("The next status update is OVERDUE.");
  });
});
