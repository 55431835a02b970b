import { describe, expect, it } from "vitest";
import { allowedMoves, autoMove, checkMove } from "@/lib/incident/incident-machine";
import { INCIDENT_STATES, type IncidentState } from "@/lib/types";

// The incident state machine as a table: every (from, to, role) and the automatic moves.
describe("checkMove", () => {
  it.each<[IncidentState, IncidentState, string, string | undefined, string | null]>([
    ["investigating", "remediating", "infra", undefined, null],
    ["investigating", "remediating", "dev", undefined, "FORBIDDEN"],
    ["investigating", "validating", "infra", undefined, "CONFLICT"],
    ["investigating", "ready_for_handback", "infra", undefined, "CONFLICT"],
    ["remediating", "validating", "infra", undefined, null],
    ["remediating", "investigating", "infra", undefined, null],
    ["validating", "remediating", "infra", undefined, null],
    ["validating", "handed_back", "dev", undefined, "CONFLICT"],
    ["ready_for_handback", "handed_back", "dev", undefined, null],
    ["ready_for_handback", "handed_back", "infra", undefined, "FORBIDDEN"],
    ["ready_for_handback", "remediating", "dev", "health checks flap", null],
    ["ready_for_handback", "remediating", "dev", "  ", "BAD_REQUEST"],
    ["ready_for_handback", "resolved", "dev", undefined, "CONFLICT"],
    ["handed_back", "resolved", "leadership", undefined, null],
    ["handed_back", "remediating", "dev", "golden path fails", null],
    ["resolved", "remediating", "dev", "again", "CONFLICT"],
  ])("%s → %s as %s", (from, to, role, reason, expected) => {
    expect(checkMove(from, to, role, reason)?.code ?? null).toBe(expected);
  });

  it("names the allowed moves in a conflict", () => {
    const refusal = checkMove("investigating", "resolved", "infra", undefined);
    expect(refusal).toMatchObject({ code: "CONFLICT", allowed: ["remediating"] });
    expect(refusal?.message).toContain("remediating");
  });

  it("allows nothing once resolved", () => {
    expect(allowedMoves("resolved")).toEqual([]);
  });
});

describe("autoMove", () => {
  it.each(INCIDENT_STATES.map((state) => [state] as const))("from %s", (state) => {
    const enter = autoMove(state, true);
    const leave = autoMove(state, false);
    expect(enter).toBe(["investigating", "remediating", "validating"].includes(state) ? "ready_for_handback" : null);
    expect(leave).toBe(state === "ready_for_handback" ? "remediating" : null);
  });
});
