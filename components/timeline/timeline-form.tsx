"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { postTimelineEntry } from "@/lib/queries/mutations";
import { timelineQuery } from "@/lib/queries/timeline";
import { FIELD, PRIMARY_BUTTON } from "../ui/button-class";
import { MutationResult } from "../ui/mutation-result";
import { useSession } from "../ui/use-session";

/** A team member posts a status update or a note; hidden for viewers and anonymous readers. */
export function TimelineForm() {
  const session = useSession();
  const client = useQueryClient();
  const [type, setType] = useState<"update" | "note">("update");
  const [text, setText] = useState("");
  const ids = { type: useId(), text: useId() };
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
        <p className="self-end pb-1.5 text-sm text-slate-600 dark:text-slate-300">
          Posting as {session.name} ({session.role})
        </p>
      </div>
      <div>
        <label htmlFor={ids.text} className="mb-1 block text-sm font-medium">
          Text
        </label>
        <textarea id={ids.text} className={FIELD} rows={3} maxLength={5000} value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={PRIMARY_BUTTON} disabled={mutation.isPending}>
          {mutation.isPending ? "Posting…" : "Post"}
        </button>
        <MutationResult error={mutation.error} success={mutation.isSuccess ? "Posted." : null} />
      </div>
    </form>
  );
}
