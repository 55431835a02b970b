"use client";
import { useSyncExternalStore } from "react";
import { locationNames } from "@/lib/locations";
import type { ComponentView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { foldByRootCause } from "./fold";
import { FOLD_ABOVE, summarizeGroups } from "./fold-groups";
import { FoldedGroups } from "./folded-groups";
import { GroupBody } from "./group-body";
import { namesOf, RootCauseSection, RootCauseToggle } from "./root-cause-fold";

const FOLD_PARAM = "fold";
const FOLD_EVENT = "handback:fold";

/** Subscribes to the URL changes that can move `?fold=`: back/forward, and this page's own toggle. */
function subscribeFold(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(FOLD_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(FOLD_EVENT, onChange);
  };
}

const readFold = () => new URLSearchParams(window.location.search).get(FOLD_PARAM) === "root-cause";

/**
 * Whether the matrix is folded by root cause: `?fold=root-cause`, so a folded view can be shared. Read from
 * the location, not useSearchParams, and written with history.replaceState: a toggle is no navigation, and
 * the server renders it unfolded (getServerSnapshot) instead of bailing out to client rendering.
 */
function useRootCauseFold(): [boolean, () => void] {
  const folded = useSyncExternalStore(subscribeFold, readFold, () => false);
  const toggle = () => {
    const url = new URL(window.location.href);
    if (folded) url.searchParams.delete(FOLD_PARAM);
    else url.searchParams.set(FOLD_PARAM, "root-cause");
    window.history.replaceState(window.history.state, "", url);
    window.dispatchEvent(new Event(FOLD_EVENT));
  };
  return [folded, toggle];
}

/**
 * The infra team's matrix: components grouped by `group`, each with status, latency, age and error.
 * Probed from one location it is a grid of cards; from several, a component × location table per group.
 * Folded by root cause, the down roots come first with their symptoms under them, then the rest by group.
 * Above FOLD_ABOVE components the groups fold into summary rows with search and a status filter (fold-groups.ts).
 */
export function StatusMatrix({ components, selected, onSelect }: { components: ComponentView[]; selected: string | null; onSelect: (id: string) => void }) {
  const [folded, toggleFold] = useRootCauseFold();
  if (components.length === 0) return <PanelMessage kind="empty">This incident config lists no components.</PanelMessage>;
  const locations = locationNames(components);
  const names = namesOf(components);
  const { folds, rest } = foldByRootCause(components);
  return (
    <div className="space-y-4">
      <RootCauseToggle pressed={folded} onToggle={toggleFold} roots={folds.length} />
      {folded ? <RootCauseSection folds={folds} selected={selected} onSelect={onSelect} names={names} /> : null}
      {components.length > FOLD_ABOVE ? (
        <FoldedGroups components={folded ? rest : components} locations={locations} selected={selected} onSelect={onSelect} names={names} />
      ) : (
        summarizeGroups(folded ? rest : components).map(({ name: group, members }, index) => {
          // By position: aria-labelledby reads a list of ids, so a group name with a space would name nothing.
          const headingId = `group-${index}`;
          return (
            <section key={group} aria-labelledby={headingId}>
              <h2 id={headingId} className="mb-2 text-lg font-semibold">
                {group}
              </h2>
              <GroupBody labelledBy={headingId} members={members} locations={locations} selected={selected} onSelect={onSelect} names={names} />
            </section>
          );
        })
      )}
    </div>
  );
}
