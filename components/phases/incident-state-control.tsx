"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { moveIncident } from "@/lib/queries/mutations";
import { statusQuery } from "@/lib/queries/status";
import type { IncidentMoveView, IncidentState } from "@/lib/types";
import { FIELD, PRIMARY_BUTTON } from "../ui/button-class";
import { MutationResult } from "../ui/mutation-result";
import { stateWord } from "../ui/status-badge";
import { movesFor } from "./format";

/**
 * Moves the incident by hand: the moves the snapshot lists for the signed-in role (the server's machine decides,
 * the page only filters), a reason that is required where the machine needs one and stored in the timeline always.
 */
export function IncidentStateControl({ state, moves, role }: { state: IncidentState; moves: IncidentMoveView[]; role: string }) {
  const client = useQueryClient();
  const selectId = useId();
  const reasonId = useId();
  const mine = movesFor(moves, role);
  const [choice, setChoice] = useState<IncidentState | "">("");
  const [reason, setReason] = useState("");
  const mutation = useMutation({
    mutationFn: moveIncident,
    onSuccess: () => {
      setReason("");
      setChoice("");
      return client.invalidateQueries({ queryKey: statusQuery().queryKey });
    },
  });
  // A live update may take the chosen move away: fall back to the first one still allowed.
  const selected = mine.find((move) => move.to === choice) ?? mine[0];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (selected) mutation.mutate({ state: selected.to, reason: reason.trim() || undefined });
  };
  const outcome = (
    <MutationResult error={mutation.error} success={mutation.isSuccess ? `Recorded: the incident is now ${stateWord(mutation.data.state)}.` : null} testId="incident-state-result" />
  );
  if (!selected) {
    return (
      <div className="space-y-1 text-sm" data-print="hide">
        <p className="text-slate-600 dark:text-slate-300">
          As {role}, you cannot move the incident from {stateWord(state)} by hand.
        </p>
        {outcome}
      </div>
    );
  }
  return (
    <form onSubmit={submit} aria-label="Move the incident" className="space-y-2" data-print="hide">
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={selectId} className="block text-sm font-medium">
            Move the incident from {stateWord(state)} to
          </label>
          <select id={selectId} className={FIELD} value={selected.to} onChange={(event) => setChoice(event.target.value as IncidentState)}>
            {mine.map((move) => (
              <option key={move.to} value={move.to}>
                {stateWord(move.to)}
                {move.needsReason ? " (needs a reason)" : ""}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label htmlFor={reasonId} className="block text-sm font-medium">
        Reason {selected.needsReason ? "(required for this move)" : "(optional; kept in the timeline)"}
      </label>
      <textarea id={reasonId} className={FIELD} rows={2} maxLength={2000} required={selected.needsReason} value={reason} onChange={(event) => setReason(event.target.value)} />
      <button type="submit" className={PRIMARY_BUTTON} disabled={mutation.isPending}>
        {mutation.isPending ? "Moving…" : "Move incident"}
      </button>
      {outcome}
    </form>
  );
}
