"use client";
import { useQuery } from "@tanstack/react-query";
import { notificationsQuery } from "@/lib/queries/notify";
import type { DeliveryState } from "@/lib/notify/types";
import { useSession } from "../ui/use-session";

// Infra's view of what Handback told people: recent deliveries by channel id and their failures.

const LOOK: Record<DeliveryState, { icon: string; word: string; className: string }> = {
  sent: { icon: "✓", word: "sent", className: "text-ok" },
  pending: { icon: "…", word: "pending", className: "text-slate-700 dark:text-slate-200" },
  failed: { icon: "✕", word: "failed", className: "text-bad" },
};

/** Recent notification deliveries for the infra team; nothing for other roles or without any. */
export function NotificationsPanel() {
  const session = useSession();
  const infra = session?.role === "infra";
  const { data } = useQuery({ ...notificationsQuery(), enabled: infra });
  if (!infra || !data || data.deliveries.length === 0) return null;
  return (
    <section aria-label="Notifications" data-testid="notifications-panel" className="rounded border border-slate-300 p-3 text-sm dark:border-slate-700">
      <h2 className="mb-2 font-medium">
        Notifications: {data.counts.sent} sent, {data.counts.pending} pending, {data.counts.failed} failed
      </h2>
      <ul className="space-y-1">
        {data.deliveries.slice(0, 8).map((delivery) => {
          const look = LOOK[delivery.state];
          return (
            <li key={delivery.id} data-testid="notification-delivery" data-state={delivery.state} className="flex flex-wrap gap-x-2">
              <span className={look.className}>
                <span aria-hidden="true">{look.icon} </span>
                {look.word}
              </span>
              <span className="font-mono">{delivery.channel}</span>
              <span>{delivery.event}</span>
              <span className="text-slate-600 dark:text-slate-300">
                {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                {delivery.lastError ? ` · last error ${delivery.lastError}` : ""}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
