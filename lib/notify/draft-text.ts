import type { TimelineEvent } from "../db/timeline";
import type { CadenceView, EtaView, IncidentState } from "../types";
import { money } from "../money";

// Drafted status updates and the leadership digest, composed from what changed (docs/notifications.md
// "Drafted updates"). Pure: the reader (draft.ts) gathers the inputs, this writes the words.

/** One change the draft lists. */
export interface DraftChange {
  kind: "component" | "criterion" | "state" | "phase" | "regression" | "impact" | "eta";
  text: string;
  at: string | null;
}

/** Who the draft is for: infra gets component names, leadership plain counts and money. */
export type Audience = "infra" | "leadership";

/** Everything the words are made from. */
export interface DraftInputs {
  audience: Audience;
  incident: { id: string; title: string; state: IncidentState };
  since: string;
  /** Timeline entries after `since`, oldest first. */
  entries: readonly TimelineEvent[];
  names: { components: ReadonlyMap<string, string>; criteria: ReadonlyMap<string, string> };
  impact: { currency: string; arrNow: number; arrThen: number; functionsOffline: string[] };
  criteriaMet: { met: number; total: number };
  eta: EtaView | null;
  cadence: CadenceView;
  lastUpdate: { at: string; actor: string | null; text: string } | null;
}

/** "2025-09-16 14:05 UTC": servers and readers do not share a time zone, so drafts name UTC. */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

type Data = Record<string, unknown>;

/** First and last state of each key over the entries: a component that went down and came back nets out. */
function netChanges(entries: readonly TimelineEvent[], type: string, keyOf: (data: Data) => string): Map<string, { from: string; to: string; at: string }> {
  const net = new Map<string, { from: string; to: string; at: string }>();
  for (const entry of entries) {
    if (entry.type !== type || !entry.data) continue;
    const key = keyOf(entry.data);
    const seen = net.get(key);
    net.set(key, { from: seen?.from ?? String(entry.data.from), to: String(entry.data.to), at: entry.at });
  }
  for (const [key, change] of net) if (change.from === change.to) net.delete(key);
  return net;
}

function componentChanges(inputs: DraftInputs): DraftChange[] {
  return [...netChanges(inputs.entries, "transition", (data) => String(data.componentId))].map(([id, change]) => {
    const name = inputs.names.components.get(id) ?? id;
    const verb = change.to === "down" ? "failed" : change.from === "down" ? "recovered" : `is ${change.to}`;
    return { kind: "component", text: `${name} ${verb} (${change.from} → ${change.to})`, at: change.at };
  });
}

function criterionChanges(inputs: DraftInputs): DraftChange[] {
  return [...netChanges(inputs.entries, "criterion", (data) => String(data.criterionId))].map(([id, change]) => {
    const title = inputs.names.criteria.get(id) ?? id;
    return { kind: "criterion", text: change.to === "met" ? `Criterion met: ${title}` : `Criterion no longer met: ${title} (${change.to})`, at: change.at };
  });
}

/** Entries that are news as they are written: state moves, phase ends, regressions. */
function verbatimChanges(inputs: DraftInputs): DraftChange[] {
  const kinds: Record<string, DraftChange["kind"]> = { state: "state", phase: "phase", regression: "regression" };
  return inputs.entries.filter((entry) => kinds[entry.type] && (entry.type !== "state" || entry.data?.from)).map((entry) => ({ kind: kinds[entry.type]!, text: entry.text, at: entry.at }));
}

function impactChanges(inputs: DraftInputs): DraftChange[] {
  const { arrNow, arrThen, currency } = inputs.impact;
  const changes: DraftChange[] = [];
  if (arrNow !== arrThen) changes.push({ kind: "impact", text: `ARR at risk ${money(arrNow, currency)} (was ${money(arrThen, currency)})`, at: null });
  if (inputs.eta) changes.push({ kind: "eta", text: `ETA between ${utcTime(inputs.eta.earliest)} and ${utcTime(inputs.eta.latest)}`, at: null });
  return changes;
}

/** Every change since the last update, in reading order: components, criteria, the rest, then money and ETA. */
export function draftChanges(inputs: DraftInputs): DraftChange[] {
  return [...componentChanges(inputs), ...criterionChanges(inputs), ...verbatimChanges(inputs), ...impactChanges(inputs)];
}

/** Leadership reads counts, not component names. */
function leadershipLines(inputs: DraftInputs, changes: DraftChange[]): string[] {
  const components = changes.filter((change) => change.kind === "component");
  const recovered = components.filter((change) => change.text.includes(" recovered ")).length;
  const failed = components.filter((change) => change.text.includes(" failed ")).length;
  const lines = [];
  if (recovered || failed) lines.push(`${recovered} system${recovered === 1 ? "" : "s"} recovered, ${failed} failed`);
  lines.push(...changes.filter((change) => change.kind !== "component" && change.kind !== "impact" && change.kind !== "eta").map((change) => change.text));
  return lines;
}

/** The drafted update text: headline, what changed, money, ETA, criteria and when the next one is due. */
export function composeDraft(inputs: DraftInputs, changes: DraftChange[] = draftChanges(inputs)): string {
  const { incident, impact, cadence } = inputs;
  const lines = inputs.audience === "leadership" ? leadershipLines(inputs, changes) : changes.filter((change) => change.kind !== "impact" && change.kind !== "eta").map((change) => change.text);
  const trend = impact.arrNow === impact.arrThen ? "unchanged" : impact.arrNow < impact.arrThen ? `down from ${money(impact.arrThen, impact.currency)}` : `up from ${money(impact.arrThen, impact.currency)}`;
  return [
    `Status update: ${incident.title} (${incident.id}), state ${incident.state}`,
    `Since ${utcTime(inputs.since)}:`,
    ...(lines.length > 0 ? lines.map((line) => `- ${line}`) : ["- no change"]),
    `ARR at risk: ${money(impact.arrNow, impact.currency)} (${trend})`,
    ...(impact.functionsOffline.length > 0 ? [`Offline: ${impact.functionsOffline.join(", ")}`] : []),
    `Criteria met: ${inputs.criteriaMet.met} of ${inputs.criteriaMet.total}`,
    inputs.eta ? `ETA: between ${utcTime(inputs.eta.earliest)} and ${utcTime(inputs.eta.latest)}` : "ETA: no phase left to estimate",
    ...(cadence.everyMs ? [`Next update due: ${cadence.dueAt ? utcTime(cadence.dueAt) : "none"}`] : []),
  ].join("\n");
}

/** The digest for leadership: the leadership draft plus the latest human update and the overdue flag. */
export function composeDigest(inputs: DraftInputs): string {
  const latest = inputs.lastUpdate ? `Latest update (${utcTime(inputs.lastUpdate.at)}${inputs.lastUpdate.actor ? `, ${inputs.lastUpdate.actor}` : ""}): ${inputs.lastUpdate.text}` : "Latest update: none posted yet";
  const overdue = inputs.cadence.overdue ? ["The next status update is OVERDUE."] : [];
  return [composeDraft({ ...inputs, audience: "leadership" }).replace(/^Status update:/, "Digest:"), latest, ...overdue].join("\n");
}
