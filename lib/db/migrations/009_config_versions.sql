-- The goalpost audit (issue #12): the audited part of each start's config, per incident id. A start
-- compares its config with the newest row of its incident and, when they differ, stores a new row and one
-- `config` timeline entry per difference. Rows are kept, so going back to an earlier config is a change too.
CREATE TABLE config_versions (
  id          bigserial PRIMARY KEY,
  incident_id text NOT NULL,
  hash        text NOT NULL,
  body        jsonb NOT NULL,
  stored_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX config_versions_incident_idx ON config_versions (incident_id, id);

-- `config` joins the timeline's entry types (lib/db/timeline.ts TIMELINE_TYPES is the same list).
ALTER TABLE timeline_events DROP CONSTRAINT timeline_events_type_check;
ALTER TABLE timeline_events ADD CONSTRAINT timeline_events_type_check
  CHECK (type IN ('transition', 'update', 'note', 'signoff', 'test-run', 'phase', 'state', 'criterion', 'config'));
