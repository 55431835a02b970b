import type { IncidentMoveView, IncidentState } from "../types";
import { allowedMoves, checkMove } from "./incident-machine";

// The moves the page offers, read off the incident machine (never a second copy of its table): for each
// state reachable by hand from `state`, the config's teams that checkMove lets make it, and whether it
// refuses the move without a reason. The snapshot carries the list; the page shows a role its own moves
// (components/phases/format.ts movesFor), so the client never holds the machine's table.

/** A reason that satisfies any "needs a reason" rule: used only to ask checkMove about the role. */
const ANY_REASON = "reason";

/** Every manual move from `state` with the roles (of `roles`) that may make it; moves no role may make are left out. */
export function describeMoves(state: IncidentState, roles: readonly string[]): IncidentMoveView[] {
  return allowedMoves(state).flatMap((to) => {
    const allowed = roles.filter((role) => checkMove(state, to, role, ANY_REASON) === null);
    if (allowed.length === 0) return [];
    const needsReason = allowed.some((role) => checkMove(state, to, role, undefined)?.code === "BAD_REQUEST");
    return [{ to, roles: allowed, needsReason }];
  });
}
