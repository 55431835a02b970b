import type { IncidentState } from "../types";
import type { NotifyEvent } from "./types";

// The channel-neutral message a delivery stores (notify_deliveries.message): each channel renders it the same
// way on every attempt, so a retry sends the same bytes under the same delivery id.

/** What every channel renders from. */
export interface NotifyMessage {
  event: NotifyEvent;
  at: string;
  incident: { id: string; title: string; state: IncidentState };
  text: string;
  data: Record<string, unknown>;
  /** The page to open (absolute URL of this dashboard). */
  link: string;
}

/** How an event looks in a message: a word and an icon, never colour alone (docs/architecture.md "Statuses"). */
export const EVENT_LOOK: Record<NotifyEvent, { word: string; icon: string; page: string }> = {
  component_down: { word: "DOWN", icon: "🔴", page: "/" },
  component_recovered: { word: "RECOVERED", icon: "🟢", page: "/" },
  criterion_met: { word: "CRITERION MET", icon: "✅", page: "/handback" },
  criterion_unmet: { word: "CRITERION UNMET", icon: "❌", page: "/handback" },
  incident_state: { word: "STATE", icon: "🔄", page: "/timeline" },
  ready_for_handback: { word: "READY FOR HANDBACK", icon: "🤝", page: "/handback" },
  handed_back: { word: "HANDED BACK", icon: "📦", page: "/handback" },
  handback_rejected: { word: "HANDBACK REJECTED", icon: "⛔", page: "/handback" },
  regression: { word: "REGRESSION", icon: "⚠️", page: "/handback" },
  resolved: { word: "RESOLVED", icon: "🎉", page: "/timeline" },
  update_overdue: { word: "UPDATE OVERDUE", icon: "⏰", page: "/timeline" },
  update_posted: { word: "STATUS UPDATE", icon: "📝", page: "/timeline" },
  digest: { word: "DIGEST", icon: "📊", page: "/impact" },
  test: { word: "TEST", icon: "🧪", page: "/" },
};

/** The absolute link to the page an event belongs on. */
export function linkFor(baseUrl: string, event: NotifyEvent): string {
  return new URL(EVENT_LOOK[event].page, baseUrl).toString();
}

/** One line naming the event: icon, word, incident id and the entry's text. */
export function headline(message: NotifyMessage): string {
  const look = EVENT_LOOK[message.event];
  return `${look.icon} ${look.word} · ${message.incident.id}: ${message.text}`;
}
