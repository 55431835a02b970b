// The large-incident matrix (pure; docs/architecture.md "Large incidents"). Up to FOLD_ABOVE components
// every card is drawn, as always. Above it, drawing every card made the first render slow (2,000 cards:
// about 20,000 elements and 870 kB of HTML, 2.3–4.2 s to a usable page at load average 5–8 on 2 cores in
// tests/bench/render.ts), so each group folds into one summary row with its counts by status. The groups
// that need eyes open at first: down, then degraded, then unknown, while they fit in OPEN_BUDGET cards (the
// first always opens), and an open group draws PAGE cards at a time. Groups keep config order and the open
// set is chosen once, so a live update changes counts and cards in place and never moves a group.
import type { ComponentStatus, ComponentView } from "@/lib/types";

/** Above this many components the matrix folds; at or below it every card stays in the DOM. */
export const FOLD_ABOVE = 200;
/** Cards the groups opened at first may hold together (the first such group opens whatever its size). */
export const OPEN_BUDGET = 200;
/** Cards an open group draws before its "Show more" button. */
export const PAGE = 100;
/**
 * Cards the matrix's first render draws, in document order; the rest of the open pages follow in a
 * background render. More than a tall screen holds (10 rows of 4 cards ≈ 1,700 px), so they appear below it.
 */
export const FIRST_CARDS = 40;

/** Worst first: the order counts are shown in and groups open in. Unknown is counted apart, never as up. */
export const WORST_FIRST: readonly ComponentStatus[] = ["down", "degraded", "unknown", "operational"];

export type StatusCounts = Record<ComponentStatus, number>;

/** One group of the matrix with its members in config order and their counts by status. */
export interface GroupSummary {
  name: string;
  members: ComponentView[];
  counts: StatusCounts;
  /** The worst status among the members. */
  worst: ComponentStatus;
}

/** Counts of each status among some components. */
export function countStatuses(components: readonly ComponentView[]): StatusCounts {
  const counts: StatusCounts = { down: 0, degraded: 0, unknown: 0, operational: 0 };
  for (const component of components) counts[component.status] += 1;
  return counts;
}

/** The components grouped by `group`, groups in order of first appearance (config order). */
export function summarizeGroups(components: readonly ComponentView[]): GroupSummary[] {
  const groups = new Map<string, ComponentView[]>();
  for (const component of components) {
    const members = groups.get(component.group);
    if (members) members.push(component);
    else groups.set(component.group, [component]);
  }
  return [...groups].map(([name, members]) => {
    const counts = countStatuses(members);
    return { name, members, counts, worst: WORST_FIRST.find((status) => counts[status] > 0) ?? "operational" };
  });
}

/** The groups open at first: those not all operational, worst first, while they fit in `budget` cards. */
export function initiallyOpen(groups: readonly GroupSummary[], budget = OPEN_BUDGET): Set<string> {
  const open = new Set<string>();
  let cards = 0;
  for (const status of WORST_FIRST.slice(0, 3)) {
    for (const group of groups) {
      if (group.worst !== status) continue;
      if (open.size > 0 && cards + group.members.length > budget) return open;
      open.add(group.name);
      cards += group.members.length;
    }
  }
  return open;
}

/** The cards each group draws: as many as it wants, in order, while `limit` cards in all allow. */
export function cardsToDraw(wanted: readonly number[], limit: number): number[] {
  let left = limit;
  return wanted.map((count) => {
    const drawn = Math.min(count, left);
    left -= drawn;
    return drawn;
  });
}

/** What narrows the matrix: text in a component's name or id, and one status ("all" for any). */
export interface MatrixFilter {
  query: string;
  status: ComponentStatus | "all";
}

/** Whether a filter narrows anything. */
export const isFiltering = (filter: MatrixFilter) => filter.query.trim() !== "" || filter.status !== "all";

/** The components a filter keeps, in config order (case-insensitive substring of the name or the id). */
export function filterComponents(components: readonly ComponentView[], filter: MatrixFilter): ComponentView[] {
  const query = filter.query.trim().toLowerCase();
  return components.filter(
    (component) =>
      (filter.status === "all" || component.status === filter.status) && (query === "" || component.name.toLowerCase().includes(query) || component.id.includes(query)),
  );
}
