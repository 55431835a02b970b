// How a component's per-location results add up to one status (docs/architecture.md "Storage and scale").
// Pure and type-only imports: the snapshot (server) and the live patch (client) share it, so they cannot drift.
import type { ComponentLocationView, ComponentStatus, ComponentView } from "./types";

/** The location of servers without HANDBACK_LOCATION, and of events from servers older than locations. */
export const DEFAULT_LOCATION = "default";

/** What a location name may be (HANDBACK_LOCATION, `worker --location`): it appears in URLs, metrics and ids. */
export const LOCATION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const LOCATION_RULE = 'use letters, digits, ".", "_" or "-" (at most 63)';

/** The top-level fields of a component that its locations decide. */
export type LocationSummary = Pick<ComponentView, "status" | "checkedAt" | "latencyMs" | "error" | "stale" | "confirming">;

const SEVERITY: Record<ComponentStatus, number> = { down: 3, degraded: 2, unknown: 1, operational: 0 };

/**
 * A component's status over its fresh locations: down when every one is down, degraded when some are
 * down or degraded, else the best. Callers leave stale locations out: they do not vote.
 */
export function combineLocations(statuses: readonly ComponentStatus[]): ComponentStatus {
  if (statuses.length === 0) return "unknown";
  if (statuses.every((status) => status === "down")) return "down";
  if (statuses.some((status) => status === "down" || status === "degraded")) return "degraded";
  return statuses.includes("operational") ? "operational" : "unknown";
}

/** Location views in display order (by name). */
export function sortLocations(views: readonly ComponentLocationView[]): ComponentLocationView[] {
  return [...views].sort((a, b) => a.location.localeCompare(b.location));
}

/** The views with `view` replacing the entry of its location, or added when the location is new. */
export function upsertLocation(views: readonly ComponentLocationView[], view: ComponentLocationView): ComponentLocationView[] {
  return sortLocations([...views.filter((candidate) => candidate.location !== view.location), view]);
}

/** Every location any component has a result from, sorted: the columns of the matrix. */
export function locationNames(components: readonly Pick<ComponentView, "locations">[]): string[] {
  const names = new Set(components.flatMap((component) => (component.locations ?? []).map((view) => view.location)));
  return [...names].sort((a, b) => a.localeCompare(b));
}

/**
 * The streak shown for several locations: the longest failing one of a fresh location (the component is
 * failing there), else a passing one while the combined status is down or unknown; null otherwise.
 */
function combinedStreak(fresh: readonly ComponentLocationView[], status: ComponentStatus): ComponentView["confirming"] {
  const streaks = fresh.flatMap((view) => (view.confirming ? [view.confirming] : []));
  const failing = streaks.filter((streak) => streak.verdict === "fail").sort((a, b) => b.count - a.count)[0];
  if (failing) return failing;
  return status === "down" || status === "unknown" ? (streaks[0] ?? null) : null;
}

/**
 * A component's top-level fields from its location views: a single location is shown as it is; several
 * are combined, with the newest check's time and latency and the worst fresh location's error (so
 * "degraded" says where and why). No views at all: never checked.
 */
export function summarizeLocations(views: readonly ComponentLocationView[]): LocationSummary {
  if (views.length === 0) return { status: "unknown", checkedAt: null, latencyMs: null, error: null, stale: false, confirming: null };
  const sorted = sortLocations(views);
  const newest = sorted.reduce((a, b) => (Date.parse(b.checkedAt) > Date.parse(a.checkedAt) ? b : a));
  if (views.length === 1) {
    const { status, checkedAt, latencyMs, error, stale, confirming = null } = newest;
    return { status, checkedAt, latencyMs, error, stale, confirming: stale ? null : confirming };
  }
  const fresh = sorted.filter((view) => !view.stale);
  const worst = [...fresh].sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status])[0];
  const status = combineLocations(fresh.map((view) => view.status));
  return {
    status,
    checkedAt: newest.checkedAt,
    latencyMs: newest.latencyMs,
    error: worst?.error ?? null,
    stale: fresh.length === 0,
    confirming: combinedStreak(fresh, status),
  };
}
