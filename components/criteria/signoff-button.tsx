"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { signCriterion } from "@/lib/queries/mutations";
import { statusQuery } from "@/lib/queries/status";
import type { CriterionView } from "@/lib/types";
import { BUTTON } from "../ui/button-class";
import { MutationResult } from "../ui/mutation-result";

/** Sign or revoke a sign-off criterion; rendered only for the criterion's owner team. */
export function SignoffButton({ criterion }: { criterion: CriterionView }) {
  const client = useQueryClient();
  const action = criterion.state === "met" ? "revoke" : "sign";
  const mutation = useMutation({
    mutationFn: (next: "sign" | "revoke") => signCriterion(criterion.id, next),
    onSuccess: () => client.invalidateQueries({ queryKey: statusQuery().queryKey }),
  });
  return (
    <div className="flex flex-col items-end gap-1" data-print="hide">
      <button type="button" className={BUTTON} disabled={mutation.isPending} onClick={() => mutation.mutate(action)}>
        {mutation.isPending ? (action === "sign" ? "Signing…" : "Revoking…") : action === "sign" ? "Sign off" : "Revoke sign-off"}
        <span className="sr-only"> {criterion.title}</span>
      </button>
      <MutationResult error={mutation.error} success={null} />
    </div>
  );
}
