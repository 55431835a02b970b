import { httpLink } from "@/lib/links";

// Reads a criterion's stored evidence (free-form JSON) into the few shapes the checklist draws.

/** One component's window of results that decided a probe-measured criterion. */
export interface ComponentWindow {
  componentId: string;
  results: { resultId: number; checkedAt: string; success: boolean }[];
  failingResultId: number | null;
}

/** What the checklist shows under a criterion. */
export interface EvidenceView {
  summary: string | null;
  components: ComponentWindow[];
  testRunId: number | null;
  values: [string, number | null][];
  /** The note and link of the latest sign-off entry; `link` only when it is an http(s) URL. */
  signoff: { note: string | null; link: string | null } | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function readWindow(entry: unknown): ComponentWindow | null {
  if (!isRecord(entry) || typeof entry.componentId !== "string") return null;
  const results = Array.isArray(entry.results)
    ? entry.results.filter(isRecord).map((result) => ({
        resultId: Number(result.resultId),
        checkedAt: String(result.checkedAt ?? ""),
        success: result.success === true,
      }))
    : [];
  const failing = isRecord(entry.failing) ? Number(entry.failing.resultId) : null;
  return { componentId: entry.componentId, results, failingResultId: failing };
}

function readSignoff(entry: unknown): EvidenceView["signoff"] {
  if (!isRecord(entry)) return null;
  const note = typeof entry.note === "string" && entry.note.trim() !== "" ? entry.note : null;
  const link = httpLink(entry.link);
  return note || link ? { note, link } : null;
}

/** Parses evidence defensively: anything missing or malformed is simply not shown. */
export function readEvidence(evidence: Record<string, unknown> | null): EvidenceView {
  if (!evidence) return { summary: null, components: [], testRunId: null, values: [], signoff: null };
  const components = Array.isArray(evidence.components) ? evidence.components.map(readWindow).filter((w): w is ComponentWindow => w !== null) : [];
  const values = isRecord(evidence.values)
    ? Object.entries(evidence.values).map(([key, value]): [string, number | null] => [key, typeof value === "number" ? value : null])
    : [];
  return {
    summary: typeof evidence.summary === "string" ? evidence.summary : null,
    components,
    testRunId: typeof evidence.testRunId === "number" ? evidence.testRunId : null,
    values,
    signoff: readSignoff(evidence.signoff),
  };
}

/** The label of a criterion's kind. */
export function kindLabel(kind: "components" | "suite" | "signoff"): string {
  return kind === "signoff" ? "sign-off" : kind === "suite" ? "test suite" : "measured by probes";
}
