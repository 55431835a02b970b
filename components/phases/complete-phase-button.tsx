"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { completePhase } from "@/lib/queries/mutations";
import { statusQuery } from "@/lib/queries/status";
import type { PhaseView } from "@/lib/types";
import { BUTTON } from "../ui/button-class";
import { MutationResult } from "../ui/mutation-result";

/** The active phase's owner team marks it completed; the next phase starts at once. */
export function CompletePhaseButton({ phase }: { phase: PhaseView }) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => completePhase(phase.id),
    onSuccess: () => client.invalidateQueries({ queryKey: statusQuery().queryKey }),
  });
  return (
    <div className="flex flex-col items-end gap-1" data-print="hide">
      <button type="button" className={BUTTON} disabled={mutation.isPending} onClick={() => mutation.mutate()}>
        {mutation.isPending ? "Completing…" : "Complete phase"}
        <span className="sr-only"> {phase.name}</span>
      </button>
      <MutationResult error={mutation.error} success={null} />
    </div>
  );
}
