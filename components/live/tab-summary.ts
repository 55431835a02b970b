import type { ComponentStatus, IncidentState, StatusSnapshot } from "@/lib/types";

// What a browser tab shows of the incident, so the infra team can watch it from a tab beside their
// consoles: the worst news first ("✕ 9 down · ISSUE-1278"), and a favicon in the same tone.

/** The tone of the tab: the worst component status, or ok once the incident is back with its owners. */
export type TabTone = "bad" | "warn" | "unknown" | "ok";

/** The tab's title and favicon tone for one snapshot. */
export interface TabSummary {
  title: string;
  tone: TabTone;
}

const BACK: IncidentState[] = ["handed_back", "resolved"];
const WORST_FIRST: { status: ComponentStatus; icon: string; word: string; tone: TabTone }[] = [
  { status: "down", icon: "✕", word: "down", tone: "bad" },
  { status: "degraded", icon: "◐", word: "degraded", tone: "warn" },
  { status: "unknown", icon: "?", word: "unknown", tone: "unknown" },
];

/** "✕ 9 down · ISSUE-1278", "◐ 2 degraded · …", "? 11 unknown · …", "✓ all up · …" or "✓ handed back · …". */
export function summariseForTab(snapshot: Pick<StatusSnapshot, "incident" | "components">): TabSummary {
  const { id, state } = snapshot.incident;
  if (BACK.includes(state)) return { title: `✓ ${state === "resolved" ? "resolved" : "handed back"} · ${id}`, tone: "ok" };
  for (const { status, icon, word, tone } of WORST_FIRST) {
    const count = snapshot.components.filter((component) => component.status === status).length;
    if (count > 0) return { title: `${icon} ${count} ${word} · ${id}`, tone };
  }
  return { title: `✓ all up · ${id}`, tone: snapshot.components.length > 0 ? "ok" : "unknown" };
}

const FILL: Record<TabTone, string> = { bad: "#dc2626", warn: "#d97706", unknown: "#64748b", ok: "#16a34a" };

/** A 32 px SVG favicon, a disc in the tab's tone, as a data: URL (the page's CSP allows data: images). */
export function faviconFor(tone: TabTone): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="${FILL[tone]}"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
