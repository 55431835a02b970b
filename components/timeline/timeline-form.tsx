"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { postTimelineEntry } from "@/lib/queries/mutations";
import { updateDraftQuery, type DraftAudience } from "@/lib/queries/notify";
import { timelineQuery } from "@/lib/queries/timeline";
import { BUTTON, FIELD, PRIMARY_BUTTON } from "../ui/button-class";
import { MutationResult } from "../ui/mutation-result";
import { useSession } from "../ui/use-session";

/** A team member posts a status update or a note (or drafts the update from what changed, edits it, posts it); hidden for viewers and anonymous readers. */
export function TimelineForm() {
  const session = useSession();
  const client = useQueryClient();
  const [type, setType] = useState<"update" | "note">("update");
  const [text, setText] = useState("");
  const [audience, setAudience] = useState<DraftAudience>("infra");
  const ids = { type: useId(), text: useId(), audience: useId() };
  const drafting = useMutation({
    mutationFn: () => client.fetchQuery(updateDraftQuery(audience)),
    onSuccess: (draft) => {
      setType("update");
      setText(draft.text);
    },
  });
  const mutation = useMutation({
    mutationFn: postTimelineEntry,
    onSuccess: () => {
      setText("");
      // The unfiltered key is the prefix of every filtered one, so all timeline views refresh.
      return client.invalidateQueries({ queryKey: timelineQuery().queryKey });
    },
  });
  if (!session || session.role === "viewer") return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate({ type, text });
  };
  return (
    <form onSubmit={submit} aria-label="Post to the timeline" className="space-y-2 rounded border border-slate-300 p-3 dark:border-slate-700">
      <div className="flex flex-wrap gap-3">
        <div>
          <label htmlFor={ids.type} className="mb-1 block text-sm font-medium">
            Kind
          </label>
          <select id={ids.type} className={FIELD} value={type} onChange={(event) => setType(event.target.value === "note" ? "note" : "update")}>
            <option value="update">Status update</option>
            <option value="note">Note</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.audience} className="mb-1 block text-sm font-medium">
            Draft for
          </label>
          <select id={ids.audience} className={FIELD} value={audience} onChange={(event) => setAudience(event.target.value === "leadership" ? "leadership" : "infra")}>
            <option value="infra">Infrastructure</option>
            <option value="leadership">Leadership</option>
          </select>
        </div>
        <button type="button" className={`${BUTTON} self-end`} data-testid="draft-update" disabled={drafting.isPending} onClick={() => drafting.mutate()}>
          {drafting.isPending ? "Drafting…" : "Draft update"}
        </button>
        <p className="self-end pb-1.5 text-sm text-slate-600 dark:text-slate-300">
          Posting as {session.name} ({session.role})
        </p>
      </div>
      <div>
        <label htmlFor={ids.text} className="mb-1 block text-sm font-medium">
          Text
        </label>
        <textarea id={ids.text} className={FIELD} rows={text.includes("\n") ? 10 : 3} maxLength={5000} value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={PRIMARY_BUTTON} disabled={mutation.isPending}>
          {mutation.isPending ? "Posting…" : "Post"}
        </button>
        <MutationResult error={mutation.error ?? drafting.error} success={mutation.isSuccess ? "Posted." : null} />
      </div>
    </form>
  );
}
