import type { TimelineEvent } from "../db/timeline";
import type { IncidentState } from "../types";
import type { NotifyEvent } from "./types";

// Which notification events a timeline entry raises (docs/notifications.md "Events"). Pure: the one table
// from what was written to what is announced; lib/notify/enqueue.ts stores its answer in the same transaction.

/** One event raised by an entry; text is the entry's own, data what a receiver needs to act on it. */
export interface RaisedEvent {
  event: NotifyEvent;
  text: string;
  data: Record<string, unknown>;
}

const UP = new Set(["operational", "degraded"]);
const OFFERED: IncidentState[] = ["ready_for_handback", "handed_back"];
// States that are events of their own besides incident_state.
const STATE_EVENTS: Partial<Record<IncidentState, NotifyEvent>> = { ready_for_handback: "ready_for_handback", handed_back: "handed_back", resolved: "resolved" };

type Data = Record<string, unknown>;

function transitionEvents(data: Data): NotifyEvent[] {
  if (data.to === "down") return ["component_down"];
  if (data.from === "down" && UP.has(String(data.to))) return ["component_recovered"];
  return [];
}

function criterionEvents(data: Data): NotifyEvent[] {
  if (data.to === "met") return ["criterion_met"];
  if (data.to === "unmet") return ["criterion_unmet"];
  return [];
}

function stateEvents(entry: TimelineEvent, data: Data): NotifyEvent[] {
  const from = data.from as IncidentState | undefined;
  const to = data.to as IncidentState | undefined;
  if (!from || !to) return []; // the opening entry: not a move
  const events: NotifyEvent[] = ["incident_state"];
  const own = STATE_EVENTS[to];
  if (own) events.push(own);
  // A person moving an offered handback back to remediating is a rejection; Handback's own moves are not.
  if (to === "remediating" && OFFERED.includes(from) && entry.actor !== "handback") events.push("handback_rejected");
  return events;
}

const BY_TYPE: Partial<Record<TimelineEvent["type"], (entry: TimelineEvent, data: Data) => NotifyEvent[]>> = {
  transition: (_, data) => transitionEvents(data),
  criterion: (_, data) => criterionEvents(data),
  state: stateEvents,
  regression: () => ["regression"],
  update: () => ["update_posted"],
  note: (_, data) => (typeof data.overdueSince === "string" ? ["update_overdue"] : []),
};

/** The events an entry raises, in order (none for most notes, sign-offs, test runs, phases, config). */
export function notifyEventsOf(entry: TimelineEvent): RaisedEvent[] {
  const data = entry.data ?? {};
  const events = BY_TYPE[entry.type]?.(entry, data) ?? [];
  return events.map((event) => ({ event, text: entry.text, data: { ...data, entryId: entry.id, type: entry.type, actor: entry.actor, team: entry.team } }));
}
