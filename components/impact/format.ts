import { money } from "@/lib/money";
import type { StatusSnapshot } from "@/lib/types";

export { money };

// Plain-language formatting for leadership: money, durations, the ETA in the reader's local time.


/** "2 days 3 h 5 min", "3 h 5 min", "12 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days ? `${days} ${days === 1 ? "day" : "days"}` : "", hours ? `${hours} h` : "", `${minutes % 60} min`];
  return parts.filter(Boolean).join(" ");
}

/** "14:00", with the date in front when it is not `now`'s day ("Tue 17 Sep 14:00"). */
export function localTime(iso: string, now: Date): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  if (date.toDateString() === now.toDateString()) return time;
  return `${date.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short" })} ${time}`;
}

/** "between 14:00 and 18:00" (dates added when not today), or null without an ETA. */
export function formatEta(eta: StatusSnapshot["incident"]["eta"], now: Date): string | null {
  if (!eta) return null;
  const earliest = localTime(eta.earliest, now);
  const latest = localTime(eta.latest, now);
  return earliest === latest ? `at about ${earliest}` : `between ${earliest} and ${latest}`;
}

/** One sentence for leadership, generated from the snapshot. */
export function describeImpact(snapshot: StatusSnapshot, now: Date): string {
  const { impact, incident } = snapshot;
  const total = impact.functions.length;
  const by = (state: string) => impact.functions.filter((fn) => fn.state === state).length;
  const [offline, partial, unknown] = [by("offline"), by("partial"), by("unknown")];
  let functions = `${offline} of ${total} business ${total === 1 ? "function" : "functions"} ${offline === 1 ? "is" : "are"} offline`;
  if (partial) functions += `, ${partial} partly working`;
  if (unknown) functions += `, ${unknown} not yet checked`;
  const arr = `${money(impact.arrAtRisk, impact.currency)} of ARR is at risk`;
  if (incident.state === "handed_back" || incident.state === "resolved") return `The system has been handed back; ${functions}; ${arr}.`;
  const eta = formatEta(incident.eta, now);
  const end = eta ? `the phase estimates put recovery ${eta}` : "every phase is complete";
  return `${functions}; ${arr}; ${end}.`.replace(/^./, (first) => first.toUpperCase());
}
