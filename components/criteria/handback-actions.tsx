"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { decideHandback } from "@/lib/queries/mutations";
import { statusQuery } from "@/lib/queries/status";
import type { CriterionView, IncidentState } from "@/lib/types";
import { BUTTON, FIELD, PRIMARY_BUTTON } from "../ui/button-class";
import { MutationResult } from "../ui/mutation-result";
import { StatusBadge } from "../ui/status-badge";
import { useSession } from "../ui/use-session";

type Decision = { action: "confirm" } | { action: "reject"; reason: string; criteria: string[] };

/** The criteria a rejection disputes: one checkbox per criterion. */
function DisputedCriteria({ criteria, picked, toggle }: { criteria: CriterionView[]; picked: string[]; toggle: (id: string) => void }) {
  return (
    <fieldset className="text-sm">
      <legend className="font-medium">Criteria you dispute (optional)</legend>
      <div className="mt-1 grid gap-1 sm:grid-cols-2">
        {criteria.map((criterion) => (
          <label key={criterion.id} className="flex items-center gap-2">
            <input type="checkbox" name="disputed" value={criterion.id} checked={picked.includes(criterion.id)} onChange={() => toggle(criterion.id)} />
            {criterion.title}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The dev team confirms the handback or rejects it with a reason and the disputed criteria; the API's refusal is shown as it says it. */
export function HandbackActions({ state, criteria }: { state: IncidentState; criteria: CriterionView[] }) {
  const session = useSession();
  const client = useQueryClient();
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const [disputed, setDisputed] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: (decision: Decision) => decideHandback(decision),
    onSuccess: () => {
      setReason("");
      setDisputed([]);
      return client.invalidateQueries({ queryKey: statusQuery().queryKey });
    },
  });
  if (session?.role !== "dev") return null;
  const toggle = (id: string) => setDisputed((now) => (now.includes(id) ? now.filter((other) => other !== id) : [...now, id]));
  const reject = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) mutation.mutate({ action: "reject", reason: reason.trim(), criteria: disputed });
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
        <DisputedCriteria criteria={criteria} picked={disputed} toggle={toggle} />
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
