// What a component's badge says (docs/architecture.md "Statuses"). Pure and type-only imports: the matrix
// cells, the location table and the detail panel all draw through it, and its table is tested.
import type { ComponentStatus, ConfirmingView } from "./types";

/**
 * The word shown for a component: its status, or the streak under way. "failing" is a checked, fresh
 * component with failing results below failureThreshold (never the bare word Unknown for it); "recovering"
 * a down one with passing results below successThreshold; "passing" a never-confirmed one likewise.
 */
export type ComponentLookState = ComponentStatus | "failing" | "recovering" | "passing";

/** A badge's state and its "1 of 3" count (null when no streak is shown). */
export interface ComponentLook {
  state: ComponentLookState;
  count: string | null;
}

/** The look of a component or location view: stale or never checked is Unknown; a fresh streak shows with its count. */
export function componentLook(view: { status: ComponentStatus; stale: boolean; confirming?: ConfirmingView | null }): ComponentLook {
  const { status, stale, confirming } = view;
  if (stale || !confirming) return { state: status, count: null };
  const count = `${confirming.count} of ${confirming.of}`;
  if (confirming.verdict === "fail") return { state: "failing", count };
  if (status === "down") return { state: "recovering", count };
  if (status === "unknown") return { state: "passing", count };
  return { state: status, count: null };
}

/** The test hook of a streak: data-failing="1/3" or data-passing="1/2" (data-status keeps the contract status). */
export function confirmingAttributes(confirming: ConfirmingView | null | undefined, stale: boolean): Record<string, string> {
  if (!confirming || stale) return {};
  return { [confirming.verdict === "fail" ? "data-failing" : "data-passing"]: `${confirming.count}/${confirming.of}` };
}
