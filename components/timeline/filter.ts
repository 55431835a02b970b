import type { TimelineFilter } from "@/lib/queries/timeline";

/** The entry types a reader can filter on, with their labels (the API's `type` values). */
export const TIMELINE_TYPES = [
  { id: "transition", label: "Probe transitions" },
  { id: "update", label: "Status updates" },
  { id: "note", label: "Notes" },
  { id: "signoff", label: "Sign-offs" },
  { id: "test-run", label: "Test runs" },
  { id: "phase", label: "Phases" },
  { id: "state", label: "Incident state" },
  { id: "criterion", label: "Criteria" },
  { id: "regression", label: "Regressions" },
  { id: "config", label: "Config changes" },
] as const;

const KNOWN = new Set<string>(TIMELINE_TYPES.map((type) => type.id));

/** Reads `?type=a,b&team=t` into a filter, dropping unknown types. */
export function readTimelineFilter(params: { get(name: string): string | null }): TimelineFilter {
  const types = (params.get("type") ?? "").split(",").filter((type) => KNOWN.has(type));
  const team = params.get("team") || undefined;
  return { types: types.length ? types : undefined, team };
}
