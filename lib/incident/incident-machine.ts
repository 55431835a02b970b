import type { IncidentState } from "../types";

// The incident's lifecycle. People move it forward; ready_for_handback is entered and left automatically
// from the infra team's criteria; only the dev team confirms or rejects the handback.

/** A manual move: which role may make it, and whether it needs a reason. */
interface Move {
  to: IncidentState;
  roles: string[];
  needsReason?: boolean;
}

const MOVES: Record<IncidentState, Move[]> = {
  investigating: [{ to: "remediating", roles: ["infra"] }],
  remediating: [{ to: "validating", roles: ["infra"] }, { to: "investigating", roles: ["infra"] }],
  validating: [{ to: "remediating", roles: ["infra"] }],
  ready_for_handback: [
    { to: "handed_back", roles: ["dev"] },
    { to: "remediating", roles: ["dev"], needsReason: true },
  ],
  handed_back: [
    { to: "resolved", roles: ["dev", "leadership", "infra"] },
    { to: "remediating", roles: ["dev"], needsReason: true },
  ],
  resolved: [],
};

/** The states a person may move the incident to from `state`. */
export function allowedMoves(state: IncidentState): IncidentState[] {
  return MOVES[state].map((move) => move.to);
}

/** Why a manual move is refused: not allowed from here (409), wrong role (403), or a reason is missing (400). */
export type MoveRefusal =
  | { code: "CONFLICT"; message: string; allowed: IncidentState[] }
  | { code: "FORBIDDEN"; message: string }
  | { code: "BAD_REQUEST"; message: string };

/** The 409 for a move that makes no sense from `state`, naming the moves that do. */
export function conflictOf(state: IncidentState, to: IncidentState): MoveRefusal & { code: "CONFLICT" } {
  const allowed = allowedMoves(state);
  const list = allowed.length ? allowed.join(", ") : "none (the incident is resolved)";
  return { code: "CONFLICT", message: `cannot move from ${state} to ${to}; allowed from ${state}: ${list}`, allowed };
}

/** Checks a manual move; null when it may happen. */
export function checkMove(state: IncidentState, to: IncidentState, role: string, reason: string | undefined): MoveRefusal | null {
  const move = MOVES[state].find((candidate) => candidate.to === to);
  if (!move) return conflictOf(state, to);
  if (!move.roles.includes(role)) return { code: "FORBIDDEN", message: `moving from ${state} to ${to} needs the ${move.roles.join(" or ")} role` };
  if (move.needsReason && !reason?.trim()) return { code: "BAD_REQUEST", message: `moving from ${state} to ${to} needs a reason` };
  return null;
}

const BEFORE_HANDBACK: IncidentState[] = ["investigating", "remediating", "validating"];

/** The automatic move, if any: into ready_for_handback when every infra criterion is met, back out when one is not. */
export function autoMove(state: IncidentState, infraCriteriaMet: boolean): IncidentState | null {
  if (infraCriteriaMet && BEFORE_HANDBACK.includes(state)) return "ready_for_handback";
  if (!infraCriteriaMet && state === "ready_for_handback") return "remediating";
  return null;
}
