// The notification types shared by server and client (no runtime imports, like lib/types/); see
// docs/notifications.md.

/** Notification events (docs/notifications.md "Events"): what a `notify` rule's `on` names. */
export const NOTIFY_EVENTS = [
  "component_down",
  "component_recovered",
  "criterion_met",
  "criterion_unmet",
  "incident_state",
  "ready_for_handback",
  "handed_back",
  "handback_rejected",
  "regression",
  "resolved",
  "update_overdue",
  "update_posted",
  "digest",
  // Sent only by POST /api/notifications/test, to check a channel end to end.
  "test",
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
/** Where one delivery of a notification stands. */
export type DeliveryState = "pending" | "sent" | "failed";

/** `GET /api/notifications`: one delivery (channel ids only, never URLs; the error is scrubbed). */
export interface DeliveryView {
  id: string;
  channel: string;
  event: NotifyEvent;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
  text: string;
}

/** `GET /api/lab/notifications`: one message the demo lab's sinks received (webhook, Slack or e-mail). */
export interface LabNotificationView {
  at: string;
  via: "webhook" | "slack" | "email";
  event: string | null;
  delivery: string | null;
  text: string;
  /** Webhook only: whether X-Handback-Signature matched the lab's secret (null: no secret configured). */
  signatureValid: boolean | null;
}
