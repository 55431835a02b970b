"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { applyComponentEvents, applyEvent, parseLiveEvent, refetchAll, type ComponentEventData, type LiveBatch } from "./apply-event";
import { LIVE_EVENT_TYPES } from "@/lib/types";
import { statusQuery } from "@/lib/queries/status";
import { createThrottle } from "@/lib/throttle";
import { LiveContext, type LiveState } from "./live-context";

const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** Failed attempts in a row before the indicator stops saying "Reconnecting…" and says "Offline since". */
const OFFLINE_AFTER = 3;
/** At most one cache patch and one refetch per key in this window; a lone event is applied at once. */
const COALESCE_MS = 200;
const SNAPSHOT_REFRESH_MS = 15_000;

/** Opens this tab's single EventSource, keeps React Query's cache live, and reconnects with backoff. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [live, setLive] = useState<LiveState>({ state: "reconnecting", since: null });

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lostAt: number | null = null;
    let lastEventId: string | null = null;
    const pending = new Map<string, readonly unknown[]>();
    const patches: ComponentEventData[] = [];
    const flush = () => {
      if (patches.length > 0) applyComponentEvents(client, patches.splice(0));
      for (const queryKey of pending.values()) void client.invalidateQueries({ queryKey });
      pending.clear();
    };
    // Events that arrive within a frame of each other (a transition's timeline + component events) apply together.
    const throttle = createThrottle(flush, COALESCE_MS, 16);
    const batch: LiveBatch = {
      schedule(key) {
        pending.set(JSON.stringify(key), key);
        throttle.request();
      },
      patch(event) {
        patches.push(event);
        throttle.request();
      },
    };

    const onMessage = (event: MessageEvent<string>) => {
      if (event.lastEventId) lastEventId = event.lastEventId;
      const live = parseLiveEvent(event.type, event.data);
      if (live) applyEvent(client, live, batch);
    };

    const connect = () => {
      // A fresh EventSource cannot set Last-Event-ID itself, so the resume point travels in the query.
      source = new EventSource(lastEventId ? `/api/events?lastEventId=${encodeURIComponent(lastEventId)}` : "/api/events");
      for (const type of LIVE_EVENT_TYPES) source.addEventListener(type, onMessage as EventListener);
      source.onopen = () => {
        failures = 0;
        lostAt = null;
        setLive({ state: "live", since: null });
        // Events may have been missed while away, or before the first open (component events are not
        // replayed): the replay covers the timeline, a refetch the rest (docs/live-updates.md "Refetches").
        refetchAll(client);
      };
      source.onerror = () => {
        // Close and retry on our own schedule: the browser's built-in retry has no backoff.
        source?.close();
        failures += 1;
        lostAt ??= Date.now();
        setLive({ state: failures >= OFFLINE_AFTER || !navigator.onLine ? "offline" : "reconnecting", since: lostAt });
        const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** (failures - 1));
        retryTimer = setTimeout(connect, delay * (0.8 + Math.random() * 0.4));
      };
    };

    const onOnline = () => {
      if (source?.readyState === EventSource.OPEN) return;
      clearTimeout(retryTimer);
      source?.close();
      connect();
    };
    connect();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      clearTimeout(retryTimer);
      throttle.cancel();
      source?.close();
    };
  }, [client]);

  // Time alone changes the snapshot (staleness, an overdue update, storage degraded), so it is refetched on
  // a clock of its own. React Query's refetchInterval restarts on every cache write, and live patches write
  // every few hundred ms on a busy incident: it never fired, and a silent component never turned stale.
  useEffect(() => {
    const timer = setInterval(() => void client.refetchQueries({ queryKey: statusQuery().queryKey, type: "active" }), SNAPSHOT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [client]);

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}
