import { componentLook, type ComponentLookState } from "@/lib/status-look";
import type { CriterionState, ImpactState, IncidentState, PhaseView } from "@/lib/types";

type Tone = "ok" | "warn" | "bad" | "unknown" | "failing" | "confirming";
type AnyState = ComponentLookState | CriterionState | ImpactState | IncidentState | PhaseView["state"];

// Every state maps to a word, an icon and a tone; colour is never the only signal.
const LOOK: Record<AnyState, { word: string; icon: string; tone: Tone }> = {
  operational: { word: "Operational", icon: "✓", tone: "ok" },
  degraded: { word: "Degraded", icon: "◐", tone: "warn" },
  down: { word: "Down", icon: "✕", tone: "bad" },
  unknown: { word: "Unknown", icon: "?", tone: "unknown" },
  // A streak below its threshold: a dashed outline and its own icon, so "Failing · 1 of 3" never reads as Down.
  failing: { word: "Failing", icon: "!", tone: "failing" },
  recovering: { word: "Recovering", icon: "↻", tone: "confirming" },
  passing: { word: "Passing", icon: "↻", tone: "confirming" },
  met: { word: "Met", icon: "✓", tone: "ok" },
  unmet: { word: "Unmet", icon: "✕", tone: "bad" },
  online: { word: "Online", icon: "✓", tone: "ok" },
  partial: { word: "Partial", icon: "◐", tone: "warn" },
  offline: { word: "Offline", icon: "✕", tone: "bad" },
  investigating: { word: "Investigating", icon: "●", tone: "bad" },
  remediating: { word: "Remediating", icon: "●", tone: "bad" },
  validating: { word: "Validating", icon: "◐", tone: "warn" },
  ready_for_handback: { word: "Ready for handback", icon: "✓", tone: "ok" },
  handed_back: { word: "Handed back", icon: "✓", tone: "ok" },
  resolved: { word: "Resolved", icon: "✓", tone: "ok" },
  pending: { word: "Pending", icon: "○", tone: "unknown" },
  active: { word: "Active", icon: "▶", tone: "warn" },
  done: { word: "Done", icon: "✓", tone: "ok" },
};

/** The word of a state ("Ready for handback"), for options and sentences that cannot hold a badge. */
export function stateWord(state: AnyState): string {
  return LOOK[state].word;
}

const TONE_CLASS: Record<Tone, string> = {
  ok: "text-ok border-ok",
  warn: "text-warn border-warn",
  bad: "text-bad border-bad",
  unknown: "text-unknown border-unknown border-dashed",
  failing: "text-bad border-bad border-dashed",
  confirming: "text-ok border-ok border-dashed",
};

/** A status shown as icon + word in its tone; `count` follows the word ("Failing · 1 of 3"). */
export function StatusBadge({ state, count }: { state: AnyState; count?: string | null }) {
  const look = LOOK[state];
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-sm font-medium whitespace-nowrap ${TONE_CLASS[look.tone]}`}>
      <span aria-hidden="true">{look.icon}</span>
      <span className="tabular-nums">{count ? `${look.word} · ${count}` : look.word}</span>
    </span>
  );
}

/** A component or location view's badge: its status, or the streak under way (lib/status-look.ts). */
export function ComponentBadge({ view }: { view: Parameters<typeof componentLook>[0] }) {
  const look = componentLook(view);
  return <StatusBadge state={look.state} count={look.count} />;
}
