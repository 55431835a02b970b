"use client";
import { usePathname, useRouter } from "next/navigation";
import { startTransition, useId, useOptimistic } from "react";
import { timelineSearch, type TimelineFilter } from "@/lib/queries/timeline";
import { BUTTON, FIELD } from "../ui/button-class";
import { TIMELINE_TYPES } from "./filter";

/** Type and team filters; they live in the URL (`?type=a,b&team=t`), so a filtered view can be shared. */
export function TimelineFilters({ filter: current, teams }: { filter: TimelineFilter; teams: { id: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const teamId = useId();
  // The controls show the new choice at once, while the URL change (a transition) is still on its way.
  const [filter, setOptimistic] = useOptimistic(current);
  const apply = (next: TimelineFilter) => {
    const search = timelineSearch(next);
    startTransition(() => {
      setOptimistic(next);
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    });
  };
  const searchId = useId();
  const timeId = useId();
  const selected = new Set(filter.types ?? []);
  // datetime-local has no zone: the reader's local time, sent as ISO (UTC).
  const localToIso = (value: string) => (value ? new Date(value).toISOString() : undefined);
  const isoToLocal = (iso: string | undefined) => (iso ? new Date(Date.parse(iso) - new Date(iso).getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : "");
  const toggle = (type: string) => {
    const next = new Set(selected);
    if (next.has(type)) next.delete(type);
    else next.add(type);
    apply({ ...filter, types: TIMELINE_TYPES.map((t) => t.id).filter((id) => next.has(id)) });
  };
  return (
    <div data-print="hide" className="space-y-3 rounded border border-slate-300 p-3 dark:border-slate-700">
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Show types (none ticked: all)</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {TIMELINE_TYPES.map((type) => (
            <label key={type.id} className="inline-flex items-center gap-1.5 text-sm">
              <input type="checkbox" className="size-4 accent-blue-700" checked={selected.has(type.id)} onChange={() => toggle(type.id)} />
              {type.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-40 flex-1 sm:flex-none">
          <label htmlFor={teamId} className="mb-1 block text-sm font-medium">
            Team
          </label>
          <select id={teamId} className={FIELD} value={filter.team ?? ""} onChange={(event) => apply({ ...filter, team: event.target.value || undefined })}>
            <option value="">All teams</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
        <form
          className="min-w-48 flex-1"
          onSubmit={(event) => {
            event.preventDefault();
            const q = String(new FormData(event.currentTarget).get("q") ?? "").trim();
            apply({ ...filter, q: q || undefined, beforeId: undefined });
          }}
        >
          <label htmlFor={searchId} className="mb-1 block text-sm font-medium">
            Search entries
          </label>
          <input id={searchId} name="q" type="search" className={FIELD} defaultValue={filter.q ?? ""} maxLength={200} />
        </form>
        {(["since", "until"] as const).map((bound) => (
          <div key={bound}>
            <label htmlFor={`${timeId}-${bound}`} className="mb-1 block text-sm font-medium">
              {bound === "since" ? "From" : "Until"}
            </label>
            <input id={`${timeId}-${bound}`} type="datetime-local" className={FIELD} value={isoToLocal(filter[bound])} onChange={(event) => apply({ ...filter, [bound]: localToIso(event.target.value), beforeId: undefined })} />
          </div>
        ))}
        <label className="inline-flex items-center gap-1.5 text-sm">
          <input type="checkbox" className="size-4 accent-blue-700" checked={Boolean(filter.people)} onChange={(event) => apply({ ...filter, people: event.target.checked || undefined, beforeId: undefined })} />
          People only
        </label>
        {selected.size > 0 || filter.team || filter.q || filter.since || filter.until || filter.people ? (
          <button type="button" className={BUTTON} onClick={() => apply({})}>
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
