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

/** An ISO time, or undefined for anything else (a hand-edited URL must not make the API answer 400). */
const isoOrUndefined = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined);

/** Reads `?type=a,b&team=t&q&since&until&people=1&beforeId=N` into a filter, dropping unknown types and bad values. */
export function readTimelineFilter(params: { get(name: string): string | null }): TimelineFilter {
  const types = (params.get("type") ?? "").split(",").filter((type) => KNOWN.has(type));
  const team = params.get("team") || undefined;
  const q = params.get("q")?.trim().slice(0, 200) || undefined;
  const beforeId = Number(params.get("beforeId"));
  return {
    types: types.length ? types : undefined,
    team,
    q,
    since: isoOrUndefined(params.get("since")),
    until: isoOrUndefined(params.get("until")),
    people: params.get("people") === "1" || undefined,
    beforeId: Number.isSafeInteger(beforeId) && beforeId > 0 ? beforeId : undefined,
  };
}
