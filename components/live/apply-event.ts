import type { QueryClient } from "@tanstack/react-query";
import { COMPONENTS_KEY } from "@/lib/queries/components";
import { sessionQuery } from "@/lib/queries/session";
import { statusQuery } from "@/lib/queries/status";
import { timelineQuery } from "@/lib/queries/timeline";
import type { ComponentView, ErrorInfo, StatusSnapshot } from "@/lib/types";

// Maps one SSE event onto React Query's cache. A component event patches its cell at once (the
// snapshot refetch that follows brings the derived figures: criteria, impact); the rest invalidate.

/** The `component` event's data as the engine publishes it. */
interface ComponentEventData {
  id: string;
  status: ComponentView["status"];
  checkedAt: string;
  latencyMs: number | null;
  error: ErrorInfo | null;
}

/** Patches one component of the cached snapshot in place; a no-op before the snapshot loaded. */
export function patchComponent(snapshot: StatusSnapshot | undefined, data: ComponentEventData): StatusSnapshot | undefined {
  if (!snapshot) return snapshot;
  return {
    ...snapshot,
    components: snapshot.components.map((component) =>
      component.id === data.id ? { ...component, status: data.status, checkedAt: data.checkedAt, latencyMs: data.latencyMs, error: data.error, stale: false } : component,
    ),
  };
}

/** Invalidates everything this tab caches except who is signed in (after a reconnect or a resync). */
export function refetchAll(client: QueryClient): void {
  void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== sessionQuery().queryKey[0] });
}

/** Applies one event by type; `schedule` coalesces invalidations of the same key. */
export function applyEvent(client: QueryClient, type: string, data: unknown, schedule: (key: readonly unknown[]) => void): void {
  switch (type) {
    case "component": {
      const event = data as ComponentEventData;
      client.setQueryData(statusQuery().queryKey, (snapshot) => patchComponent(snapshot, event));
      schedule(statusQuery().queryKey);
      schedule([...COMPONENTS_KEY, event.id]);
      return;
    }
    case "timeline":
      schedule(timelineQuery().queryKey);
      return;
    case "resync":
      refetchAll(client);
      return;
    default:
      // criterion, incident, test-run: the snapshot and every view derived from it may change.
      refetchAll(client);
  }
}
