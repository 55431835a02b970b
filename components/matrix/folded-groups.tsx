"use client";
import { useDeferredValue, useState } from "react";
import type { ComponentStatus, ComponentView } from "@/lib/types";
import { BUTTON, FIELD } from "../ui/button-class";
import { stateWord, StatusBadge } from "../ui/status-badge";
import { cardsToDraw, countStatuses, filterComponents, FIRST_CARDS, initiallyOpen, isFiltering, PAGE, summarizeGroups, WORST_FIRST, type GroupSummary, type MatrixFilter, type StatusCounts } from "./fold-groups";
import { GroupBody } from "./group-body";

interface FoldedGroupsProps {
  components: ComponentView[];
  locations: string[];
  selected: string | null;
  onSelect: (id: string) => void;
  names: ReadonlyMap<string, string>;
}

/** Flips one name in a set held in state (a new set, so React sees the change). */
const flip = (set: ReadonlySet<string>, name: string) => {
  const next = new Set(set);
  if (!next.delete(name)) next.add(name);
  return next;
};

/**
 * The matrix of a large incident (above FOLD_ABOVE components): a search box and a status filter, then one
 * summary row per group with its counts by status; the groups that need eyes open at first (fold-groups.ts).
 * While a filter narrows the matrix, every group with a match opens on its matches.
 */
export function FoldedGroups({ components, locations, selected, onSelect, names }: FoldedGroupsProps) {
  const groups = summarizeGroups(components);
  // Chosen once from the first snapshot (the server renders the same), so live updates never open or move a group.
  const [open, setOpen] = useState(() => initiallyOpen(groups));
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [pages, setPages] = useState<ReadonlyMap<string, number>>(new Map());
  const [filter, setFilter] = useState<MatrixFilter>({ query: "", status: "all" });
  const deferred = useDeferredValue(filter);
  const filtering = isFiltering(deferred);
  const matches = filtering ? filterComponents(components, deferred) : components;
  const byName = new Map((filtering ? summarizeGroups(matches) : groups).map((group) => [group.name, group.members]));
  // The first render draws FIRST_CARDS cards and paints; the rest of the open pages follow in a background
  // render (React 19's useDeferredValue with an initial value), so the matrix is usable before 200 cards are built.
  const cardLimit = useDeferredValue(Number.POSITIVE_INFINITY, FIRST_CARDS);
  const rows = groups.map((group) => {
    const members = byName.get(group.name);
    const expanded = filtering ? !collapsed.has(group.name) : open.has(group.name);
    return { group, members, expanded, shown: (pages.get(group.name) ?? 1) * PAGE };
  });
  const drawn = cardsToDraw(
    rows.map(({ members, expanded, shown }) => (members && expanded ? Math.min(shown, members.length) : 0)),
    cardLimit,
  );
  const changeFilter = (next: Partial<MatrixFilter>) => {
    setFilter((current) => ({ ...current, ...next }));
    setCollapsed(new Set());
  };
  return (
    <div className="space-y-2">
      <FilterBar filter={filter} onChange={changeFilter} counts={countStatuses(components)} shown={matches.length} total={components.length} filtering={filtering} />
      {rows.map(({ group, members, expanded, shown }, index) => {
        if (!members) return null;
        const headingId = `group-${index}`;
        const toggle = () => (filtering ? setCollapsed((current) => flip(current, group.name)) : setOpen((current) => flip(current, group.name)));
        return (
          <section key={group.name} aria-labelledby={headingId} data-testid="matrix-group" data-group={group.name} data-open={expanded}>
            <GroupRow group={group} headingId={headingId} expanded={expanded} onToggle={toggle} />
            {expanded ? (
              <div id={`${headingId}-body`} className="mt-2 mb-4 space-y-2">
                <GroupBody labelledBy={headingId} members={members.slice(0, drawn[index])} locations={locations} selected={selected} onSelect={onSelect} names={names} />
                {members.length > shown ? (
                  <button type="button" data-testid="group-more" className={BUTTON} onClick={() => setPages((current) => new Map(current).set(group.name, shown / PAGE + 1))}>
                    Show {Math.min(PAGE, members.length - shown)} more of {members.length - shown} hidden
                  </button>
                ) : null}
              </div>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

/** A group's summary row: a toggle with the name and size, then a fixed-width badge per status (zero dimmed). */
function GroupRow({ group, headingId, expanded, onToggle }: { group: GroupSummary; headingId: string; expanded: boolean; onToggle: () => void }) {
  return (
    // Fixed heights (name and a 2 × 2 grid of counts on a phone, one line from sm up) so a count changing never moves what follows.
    <div className="flex h-28 flex-col justify-center gap-1 rounded border border-slate-300 px-3 sm:h-12 sm:flex-row sm:items-center sm:justify-between dark:border-slate-700">
      <h2 id={headingId} className="min-w-0 text-lg font-semibold">
        <button type="button" data-testid="group-toggle" aria-expanded={expanded} aria-controls={`${headingId}-body`} onClick={onToggle} className="flex w-full min-w-0 items-center gap-2 text-left focus-visible:outline-2 focus-visible:outline-offset-2">
          <span aria-hidden="true" className="w-4 shrink-0">
            {expanded ? "▾" : "▸"}
          </span>
          <span className="truncate">{group.name}</span>
          <span className="shrink-0 text-sm font-normal text-slate-600 tabular-nums dark:text-slate-300">({group.members.length})</span>
        </button>
      </h2>
      <ul aria-label={`${group.name} by status`} className="grid shrink-0 grid-cols-2 gap-1 sm:flex">
        {WORST_FIRST.map((status) => (
          <li key={status} data-testid={`group-count-${status}`} data-count={group.counts[status]} className={`sm:w-36 ${group.counts[status] === 0 ? "opacity-50" : ""}`}>
            <StatusBadge state={status} count={String(group.counts[status])} />
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FilterBarProps {
  filter: MatrixFilter;
  onChange: (next: Partial<MatrixFilter>) => void;
  counts: StatusCounts;
  shown: number;
  total: number;
  filtering: boolean;
}

/** Search by name or id and a status filter, with how many components they keep. */
function FilterBar({ filter, onChange, counts, shown, total, filtering }: FilterBarProps) {
  return (
    <div data-print="hide" className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        data-testid="matrix-search"
        aria-label="Find components by name or id"
        placeholder="Find a component…"
        value={filter.query}
        onChange={(event) => onChange({ query: event.target.value })}
        className={`${FIELD} max-w-xs`}
      />
      <select data-testid="matrix-status-filter" aria-label="Show components by status" value={filter.status} onChange={(event) => onChange({ status: event.target.value as ComponentStatus | "all" })} className={`${FIELD} max-w-xs`}>
        <option value="all">All statuses ({total})</option>
        {WORST_FIRST.map((status) => (
          <option key={status} value={status}>
            {stateWord(status)} ({counts[status]})
          </option>
        ))}
      </select>
      <span data-testid="matrix-matches" className="text-sm text-slate-600 tabular-nums dark:text-slate-300">
        {filtering ? `${shown} of ${total} components match` : `${total} components in groups; the ones with problems open first.`}
      </span>
    </div>
  );
}
