-- The notification outbox (issue #14, docs/notifications.md). notify_events rows are written in the same
-- transaction as the timeline entry that causes them, so an event is never lost; a notifier then routes each
-- event to its channels (notify_deliveries, one row per channel, its id the stable X-Handback-Delivery) and
-- delivers each at least once, claiming rows with FOR UPDATE SKIP LOCKED plus a lease so one instance sends.
CREATE TABLE notify_events (
  id bigserial PRIMARY KEY,
  incident_id text NOT NULL,
  event text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  text text NOT NULL,
  data jsonb,
  entry_id bigint,
  routed_at timestamptz
);
CREATE INDEX notify_events_unrouted_idx ON notify_events (incident_id, id) WHERE routed_at IS NULL;

CREATE TABLE notify_deliveries (
  id text PRIMARY KEY,
  incident_id text NOT NULL,
  event_id bigint REFERENCES notify_events (id),
  channel text NOT NULL,
  event text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner text,
  lease_until timestamptz,
  last_error text,
  coalesce_key text,
  coalesced integer NOT NULL DEFAULT 0,
  message jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX notify_deliveries_due_idx ON notify_deliveries (incident_id, next_attempt_at) WHERE state = 'pending';
CREATE INDEX notify_deliveries_recent_idx ON notify_deliveries (incident_id, created_at DESC);
CREATE INDEX notify_deliveries_coalesce_idx ON notify_deliveries (incident_id, coalesce_key, created_at DESC) WHERE coalesce_key IS NOT NULL;
