import { describe, expect, it } from "vitest";
import { movesFor } from "@/components/phases/format";
import { describeMoves } from "@/lib/incident/moves";
import type { IncidentState } from "@/lib/types";

// What the page's state control offers each role, read off the incident machine: (state, role) → moves,
// with "reason" marking the moves the machine refuses without one.
const TEAMS = ["infra", "dev", "leadership"];
const seen = (state: IncidentState, role: string | null) => movesFor(describeMoves(state, TEAMS), role).map((move) => (move.needsReason ? `${move.to} (reason)` : move.to));

describe("the moves a role sees", () => {
  it.each<[IncidentState, string | null, string[]]>([
    ["investigating", "infra", ["remediating"]],
    ["investigating", "dev", []],
    ["investigating", "leadership", []],
    ["investigating", "viewer", []],
    ["investigating", null, []],
    ["remediating", "infra", ["validating", "investigating"]],
    ["remediating", "dev", []],
    ["validating", "infra", ["remediating"]],
    ["ready_for_handback", "infra", []],
    ["ready_for_handback", "dev", ["handed_back", "remediating (reason)"]],
    ["handed_back", "dev", ["resolved", "remediating (reason)"]],
    ["handed_back", "leadership", ["resolved"]],
    ["handed_back", "infra", ["resolved"]],
    ["resolved", "infra", []],
    ["resolved", "dev", []],
  ])("%s as %s", (state, role, expected) => {
    expect(seen(state, role)).toEqual(expected);
  });
});

describe("describeMoves", () => {
  it("names every team that may make a move", () => {
    expect(describeMoves("handed_back", TEAMS)).toEqual([
      { to: "resolved", roles: ["infra", "dev", "leadership"], needsReason: false },
      { to: "remediating", roles: ["dev"], needsReason: true },
    ]);
  });

  it("leaves out moves no team of the config may make", () => {
    expect(describeMoves("investigating", ["dev", "leadership"])).toEqual([]);
  });
});
