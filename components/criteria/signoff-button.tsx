"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { signCriterion } from "@/lib/queries/mutations";
import { statusQuery } from "@/lib/queries/status";
import type { CriterionView } from "@/lib/types";
import { BUTTON, FIELD } from "../ui/button-class";
import { MutationResult } from "../ui/mutation-result";

type Request = { action: "revoke" } | { action: "sign"; note?: string; link?: string };

/** Sign (with an optional note and proof link) or revoke a sign-off criterion; rendered only for the criterion's owner team. */
export function SignoffButton({ criterion }: { criterion: CriterionView }) {
  const client = useQueryClient();
  const noteId = useId();
  const linkId = useId();
  const [note, setNote] = useState("");
  const [link, setLink] = useState("");
  const action = criterion.state === "met" ? "revoke" : "sign";
  const mutation = useMutation({
    mutationFn: (request: Request) => (request.action === "sign" ? signCriterion(criterion.id, "sign", { note: request.note, link: request.link }) : signCriterion(criterion.id, "revoke")),
    onSuccess: () => {
      setNote("");
      setLink("");
      return client.invalidateQueries({ queryKey: statusQuery().queryKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Blank fields are left out: the API takes both as optional.
    if (action === "revoke") mutation.mutate({ action });
    else mutation.mutate({ action, note: note.trim() || undefined, link: link.trim() || undefined });
  };
  return (
    <form onSubmit={submit} className="flex w-full max-w-sm flex-col items-end gap-1 sm:w-auto" data-print="hide">
      {action === "sign" ? (
        <details className="w-full text-sm">
          <summary className="cursor-pointer text-right">Add a note or link (optional)</summary>
          <div className="mt-1 space-y-1">
            <label htmlFor={noteId} className="block font-medium">
              Note: what you checked
            </label>
            <textarea id={noteId} className={FIELD} rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
            <label htmlFor={linkId} className="block font-medium">
              Link to the proof (http or https)
            </label>
            <input id={linkId} type="url" className={FIELD} maxLength={2000} placeholder="https://" value={link} onChange={(event) => setLink(event.target.value)} />
          </div>
        </details>
      ) : null}
      <button type="submit" className={BUTTON} disabled={mutation.isPending}>
        {mutation.isPending ? (action === "sign" ? "Signing…" : "Revoking…") : action === "sign" ? "Sign off" : "Revoke sign-off"}
        <span className="sr-only"> {criterion.title}</span>
      </button>
      <MutationResult error={mutation.error} success={null} />
    </form>
  );
}
