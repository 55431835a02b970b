import type { EtaBasisView, IncidentMoveView, PhaseView } from "@/lib/types";

// What the phases panel says, pure so its table is tested: spans, ranges, the ETA's basis, and the live
// elapsed time of the active phase (it keeps counting between two snapshots), and the moves a role sees.

const MINUTE = 60_000;

/** "2h", "1h 30m", "45m", "0m": estimates and durations to the minute. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}

/** "2h–4h", or one span when both ends are the same. */
export function formatRange(minMs: number, maxMs: number): string {
  const [min, max] = [formatSpan(minMs), formatSpan(maxMs)];
  return min === max ? min : `${min}–${max}`;
}

/** The sentence behind the ETA: each unfinished phase's remaining estimate, the active one marked. */
export function describeEtaBasis(basis: readonly EtaBasisView[]): string {
  const shares = basis.map((share) => `${share.name} ${formatRange(share.remainingMinMs, share.remainingMaxMs)}${share.state === "active" ? " (active, net of time spent)" : ""}`);
  return `remaining estimates of the active and pending phases: ${shares.join(", ")}`;
}

/** A phase as of `now`: the active one's elapsed time grows from the snapshot's; overrun once past the upper estimate. */
export function livePhase(phase: PhaseView, generatedAt: string, now: number): { elapsedMs: number | null; overrun: boolean; overrunByMs: number } {
  const elapsedMs = phase.state === "active" && phase.elapsedMs !== null ? phase.elapsedMs + Math.max(0, now - Date.parse(generatedAt)) : phase.elapsedMs;
  const overrunByMs = elapsedMs === null ? 0 : Math.max(0, elapsedMs - phase.estimateMaxMs);
  return { elapsedMs, overrun: phase.overrun || overrunByMs > 0, overrunByMs };
}

/** The moves of the snapshot a signed-in role may make (none for viewers or anyone signed out). */
export function movesFor(moves: readonly IncidentMoveView[], role: string | null | undefined): IncidentMoveView[] {
  return role ? moves.filter((move) => move.roles.includes(role)) : [];
}
