// A snapshot fetched while live events stream in can be older than what those events already patched
// into the page's cache: the read raced an event, or the server answered with a held build
// (lib/snapshot/read.ts). The page never takes a component × location back in time: where the cache holds
// a newer check than the fetched snapshot, that check stays, and the component's combined fields and the
// root causes follow it (docs/live-updates.md "Refetches"). Pure and type-only imports: it runs in the
// browser (lib/queries/status.ts).
import { summarizeLocations, upsertLocation } from "../locations";
import type { ComponentLocationView, ComponentView, StatusSnapshot } from "../types";
import { withRootCauses } from "./root-cause";

/** Whether `held` is a later check than `fetched` at the same location (a location the fetch lacks counts). */
const isNewer = (held: ComponentLocationView, fetched: ComponentLocationView | undefined) => !fetched || Date.parse(held.checkedAt) > Date.parse(fetched.checkedAt);

/** `fetched` with the held locations that are newer than its own; `fetched` itself when there are none. */
function keepNewerLocations(fetched: ComponentView, held: ComponentView | undefined): ComponentView {
  const own = fetched.locations ?? [];
  const kept = (held?.locations ?? []).filter((view) => isNewer(view, own.find((candidate) => candidate.location === view.location)));
  if (kept.length === 0) return fetched;
  const locations = kept.reduce((views, view) => upsertLocation(views, view), own);
  return { ...fetched, ...summarizeLocations(locations), locations };
}

/** The fetched snapshot, with every component × location the held one has a later check of kept from it. */
export function keepNewerChecks(held: StatusSnapshot | undefined, fetched: StatusSnapshot): StatusSnapshot {
  if (!held || held.incident.id !== fetched.incident.id) return fetched;
  const heldById = new Map(held.components.map((component) => [component.id, component]));
  let kept = false;
  const components = fetched.components.map((component) => {
    const next = keepNewerLocations(component, heldById.get(component.id));
    kept ||= next !== component;
    return next;
  });
  return kept ? { ...fetched, components: withRootCauses(components) } : fetched;
}
