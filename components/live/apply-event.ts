import type { QueryClient } from "@tanstack/react-query";
import { DEFAULT_LOCATION, summarizeLocations, upsertLocation } from "@/lib/locations";
import { COMPONENTS_KEY } from "@/lib/queries/components";
import { withRootCauses } from "@/lib/snapshot/root-cause";
import { sessionQuery } from "@/lib/queries/session";
import { statusQuery } from "@/lib/queries/status";
import { timelineQuery } from "@/lib/queries/timeline";
import { LIVE_EVENT_TYPES, type ComponentEventData, type ComponentView, type LiveEvent, type LiveEventType, type StatusSnapshot } from "@/lib/types";

// Maps SSE events onto React Query's cache. Component events are gathered and patched into the snapshot
// together (at 2,000 components every 10 s that is 200 events/s: one render per batch, not per event);
// only a batch that changed some status refetches the snapshot for the derived figures (criteria,
// impact). rootCause is recomputed here by the snapshot's own rule, since a component going down upstream
// changes the cells beneath it without an event of theirs. The other event types invalidate what they touch.

export type { ComponentEventData } from "@/lib/types";

/** The component with the event's location patched in and its top-level fields combined again. */
function patchLocation(component: ComponentView, { location = DEFAULT_LOCATION, status, checkedAt, latencyMs, error, confirming = null }: ComponentEventData): ComponentView {
  const locations = upsertLocation(component.locations ?? [], { location, status, checkedAt, latencyMs, error, stale: false, confirming });
  return { ...component, ...summarizeLocations(locations), locations };
}

/** Patches the components of a batch of events into the cached snapshot, rootCause included; a no-op before the snapshot loaded. */
export function patchComponents(snapshot: StatusSnapshot | undefined, events: readonly ComponentEventData[]): StatusSnapshot | undefined {
  if (!snapshot || events.length === 0) return snapshot;
  const byId = new Map<string, ComponentEventData[]>();
  for (const event of events) byId.set(event.id, [...(byId.get(event.id) ?? []), event]);
  return {
    ...snapshot,
    components: withRootCauses(snapshot.components.map((component) => (byId.get(component.id) ?? []).reduce(patchLocation, component))),
  };
}

/** Patches one component of the cached snapshot; a no-op before the snapshot loaded. */
export function patchComponent(snapshot: StatusSnapshot | undefined, data: ComponentEventData): StatusSnapshot | undefined {
  return patchComponents(snapshot, [data]);
}

/** Whether a batch changes the status of some component at some location (a new location counts). */
export function changesStatus(snapshot: StatusSnapshot | undefined, events: readonly ComponentEventData[]): boolean {
  if (!snapshot) return false;
  const known = new Map(snapshot.components.map((component) => [component.id, component]));
  return events.some((event) => {
    const component = known.get(event.id);
    const seen = component?.locations?.find((entry) => entry.location === (event.location ?? DEFAULT_LOCATION));
    return seen?.status !== event.status;
  });
}

/** Applies a batch of component events: one cache write, and a snapshot refetch only when a status changed. */
export function applyComponentEvents(client: QueryClient, events: readonly ComponentEventData[]): void {
  const before = client.getQueryData<StatusSnapshot>(statusQuery().queryKey);
  client.setQueryData(statusQuery().queryKey, patchComponents(before, events));
  if (changesStatus(before, events)) void client.invalidateQueries({ queryKey: statusQuery().queryKey });
}

/** Invalidates everything this tab caches except who is signed in (after a reconnect or a resync). */
export function refetchAll(client: QueryClient): void {
  void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== sessionQuery().queryKey[0] });
}

/** How the live provider gathers work: invalidations coalesced per key, component events patched per batch. */
export interface LiveBatch {
  schedule(key: readonly unknown[]): void;
  patch(event: ComponentEventData): void;
}

/** A received SSE message as a typed LiveEvent; null for a type this client does not know or data that is not JSON. */
export function parseLiveEvent(type: string, text: string): LiveEvent | null {
  if (!(LIVE_EVENT_TYPES as readonly string[]).includes(type)) return null;
  try {
    return { type: type as LiveEventType, data: JSON.parse(text) } as LiveEvent;
  } catch {
    return null;
  }
}

/** Timeline entries that change the snapshot (phases, sign-offs, state moves) and so refetch it too. */
const SNAPSHOT_TIMELINE_TYPES = new Set(["phase", "signoff", "state"]);

/** Applies one event by type through the batch. */
export function applyEvent(client: QueryClient, event: LiveEvent, batch: LiveBatch): void {
  switch (event.type) {
    case "component":
      batch.patch(event.data);
      batch.schedule([...COMPONENTS_KEY, event.data.id]);
      return;
    case "timeline":
      batch.schedule(timelineQuery().queryKey);
      // A completed phase publishes only its timeline entry: the snapshot's phases and ETA follow it.
      if (SNAPSHOT_TIMELINE_TYPES.has(event.data.type)) batch.schedule(statusQuery().queryKey);
      return;
    case "resync":
      // The server could not replay what this tab missed (too much, or storage away): refetch the snapshot and every view.
      refetchAll(client);
      return;
    default:
      // criterion, incident, test-run: the snapshot and every view derived from it may change.
      refetchAll(client);
  }
}
