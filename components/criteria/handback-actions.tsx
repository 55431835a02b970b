"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { decideHandback } from "@/lib/queries/mutations";
import { statusQuery } from "@/lib/queries/status";
import type { IncidentState } from "@/lib/types";
import { BUTTON, FIELD, PRIMARY_BUTTON } from "../ui/button-class";
import { MutationResult } from "../ui/mutation-result";
import { StatusBadge } from "../ui/status-badge";
import { useSession } from "../ui/use-session";

type Decision = { action: "confirm" } | { action: "reject"; reason: string };

/** The dev team confirms the handback or rejects it with a reason; the API's refusal is shown as it says it. */
export function HandbackActions({ state }: { state: IncidentState }) {
  const session = useSession();
  const client = useQueryClient();
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const mutation = useMutation({
    mutationFn: (decision: Decision) => decideHandback(decision),
    onSuccess: () => {
      setReason("");
      return client.invalidateQueries({ queryKey: statusQuery().queryKey });
    },
  });
  if (session?.role !== "dev") return null;
  const reject = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) mutation.mutate({ action: "reject", reason: reason.trim() });
  };
  return (
    <section aria-labelledby="decision-heading" data-print="hide" className="space-y-2 rounded border border-slate-300 p-3 dark:border-slate-700">
      <h2 id="decision-heading" className="text-lg font-semibold">
        Handback decision
      </h2>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        Incident is <StatusBadge state={state} />
        {state === "ready_for_handback" ? null : <span className="text-slate-600 dark:text-slate-300">(confirming needs “Ready for handback”)</span>}
      </p>
      <form onSubmit={reject} className="space-y-2">
        <label htmlFor={reasonId} className="block text-sm font-medium">
          Reason for rejecting (required to reject)
        </label>
        <textarea id={reasonId} className={FIELD} rows={2} required maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} />
        <div className="flex flex-wrap gap-2">
          <button type="button" className={PRIMARY_BUTTON} disabled={mutation.isPending} onClick={() => mutation.mutate({ action: "confirm" })}>
            Confirm handback
          </button>
          <button type="submit" className={BUTTON} disabled={mutation.isPending}>
            Reject handback
          </button>
        </div>
      </form>
      {mutation.isPending ? <p role="status" className="text-sm">Sending…</p> : null}
      <MutationResult
        error={mutation.error}
        success={mutation.isSuccess ? `Recorded: the incident is now ${mutation.data.state.replaceAll("_", " ")}.` : null}
        testId="handback-error"
      />
    </section>
  );
}
