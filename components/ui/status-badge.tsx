import type { ComponentStatus, CriterionState, ImpactState, IncidentState } from "@/lib/types";

type Tone = "ok" | "warn" | "bad" | "unknown";
type AnyState = ComponentStatus | CriterionState | ImpactState | IncidentState;

// Every state maps to a word, an icon and a tone; colour is never the only signal.
const LOOK: Record<AnyState, { word: string; icon: string; tone: Tone }> = {
  operational: { word: "Operational", icon: "✓", tone: "ok" },
  degraded: { word: "Degraded", icon: "◐", tone: "warn" },
  down: { word: "Down", icon: "✕", tone: "bad" },
  unknown: { word: "Unknown", icon: "?", tone: "unknown" },
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
};

const TONE_CLASS: Record<Tone, string> = {
  ok: "text-ok border-ok",
  warn: "text-warn border-warn",
  bad: "text-bad border-bad",
  unknown: "text-unknown border-unknown border-dashed",
};

/** A status shown as icon + word in its tone. */
export function StatusBadge({ state }: { state: AnyState }) {
  const look = LOOK[state];
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-sm font-medium ${TONE_CLASS[look.tone]}`}>
      <span aria-hidden="true">{look.icon}</span>
      {look.word}
    </span>
  );
}
