-- Incidents in storage (issue #13, docs/incidents.md): every row of incident data names its incident, so a
-- start with a new `incident.id` keeps every earlier incident. A store written before this migration held
-- one incident: its rows are back-filled with that incident's id, taken from incident_state (the most
-- recently updated row), else incident_start, else the newest config_versions row, else 'legacy' (a store
-- that never booted an incident). revoked_sessions is sign-in state, not incident data: it stays global.

-- One row per incident this store has seen; the live process upserts its config's incident at boot.
CREATE TABLE incidents (
  id          text PRIMARY KEY,
  title       text NOT NULL DEFAULT '',
  severity    text NULL,
  started_at  timestamptz NULL,
  resolved_at timestamptz NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The id that owns the rows written before this migration; dropped at the end of this file.
CREATE TEMP TABLE legacy_incident AS
SELECT COALESCE(
  (SELECT incident_id FROM incident_state ORDER BY updated_at DESC, incident_id LIMIT 1),
  (SELECT incident_id FROM incident_start ORDER BY started_at DESC, incident_id LIMIT 1),
  (SELECT incident_id FROM config_versions ORDER BY id DESC LIMIT 1),
  'legacy'
) AS id;

-- A fresh store gets no 'legacy' incident; a store with rows but no incident id does.
INSERT INTO incidents (id)
SELECT id FROM legacy_incident
WHERE id <> 'legacy' OR EXISTS (SELECT 1 FROM timeline_events) OR EXISTS (SELECT 1 FROM probe_results)
   OR EXISTS (SELECT 1 FROM test_runs) OR EXISTS (SELECT 1 FROM signoffs);
-- Every id the id-carrying tables already name gets its row too (a store whose config id changed once).
INSERT INTO incidents (id) SELECT incident_id FROM incident_state ON CONFLICT (id) DO NOTHING;
INSERT INTO incidents (id) SELECT incident_id FROM incident_start ON CONFLICT (id) DO NOTHING;
INSERT INTO incidents (id) SELECT DISTINCT incident_id FROM config_versions ON CONFLICT (id) DO NOTHING;
UPDATE incidents i SET started_at = s.started_at FROM incident_start s WHERE s.incident_id = i.id;
UPDATE incidents i SET resolved_at = st.updated_at FROM incident_state st WHERE st.incident_id = i.id AND st.state = 'resolved';

ALTER TABLE probe_results ADD COLUMN incident_id text NULL;
UPDATE probe_results SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE probe_results ALTER COLUMN incident_id SET NOT NULL;
DROP INDEX probe_results_component_idx;
DROP INDEX probe_results_checked_at_idx;
DROP INDEX probe_results_slot_key;
CREATE INDEX probe_results_component_idx ON probe_results (incident_id, component_id, location, checked_at DESC);
CREATE INDEX probe_results_checked_at_idx ON probe_results (incident_id, checked_at);
CREATE UNIQUE INDEX probe_results_slot_key ON probe_results (incident_id, component_id, location, slot) WHERE slot IS NOT NULL;

ALTER TABLE component_transitions ADD COLUMN incident_id text NULL;
UPDATE component_transitions SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE component_transitions ALTER COLUMN incident_id SET NOT NULL;
DROP INDEX component_transitions_component_idx;
CREATE INDEX component_transitions_component_idx ON component_transitions (incident_id, component_id, at DESC);
CREATE INDEX component_transitions_incident_at_idx ON component_transitions (incident_id, at DESC);

-- The SSE event id stays one sequence across incidents: replay per incident is still `id > $n ORDER BY id`.
ALTER TABLE timeline_events ADD COLUMN incident_id text NULL;
UPDATE timeline_events SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE timeline_events ALTER COLUMN incident_id SET NOT NULL;
DROP INDEX timeline_events_type_idx;
DROP INDEX timeline_events_phase_completed_once;
CREATE INDEX timeline_events_incident_idx ON timeline_events (incident_id, id);
CREATE INDEX timeline_events_type_idx ON timeline_events (incident_id, type, id);
CREATE UNIQUE INDEX timeline_events_phase_completed_once
    ON timeline_events (incident_id, (data->>'phaseId'))
 WHERE type = 'phase' AND data->>'action' = 'completed';

ALTER TABLE test_runs ADD COLUMN incident_id text NULL;
UPDATE test_runs SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE test_runs ALTER COLUMN incident_id SET NOT NULL;
DROP INDEX test_runs_suite_idx;
CREATE INDEX test_runs_suite_idx ON test_runs (incident_id, suite_id, id DESC);

ALTER TABLE signoffs ADD COLUMN incident_id text NULL;
UPDATE signoffs SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE signoffs ALTER COLUMN incident_id SET NOT NULL;
DROP INDEX signoffs_criterion_idx;
CREATE INDEX signoffs_criterion_idx ON signoffs (incident_id, criterion_id, id DESC);

ALTER TABLE criterion_states ADD COLUMN incident_id text NULL;
UPDATE criterion_states SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE criterion_states ALTER COLUMN incident_id SET NOT NULL;
ALTER TABLE criterion_states DROP CONSTRAINT criterion_states_pkey;
ALTER TABLE criterion_states ADD PRIMARY KEY (incident_id, criterion_id);

ALTER TABLE probe_rollups ADD COLUMN incident_id text NULL;
UPDATE probe_rollups SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE probe_rollups ALTER COLUMN incident_id SET NOT NULL;
ALTER TABLE probe_rollups DROP CONSTRAINT probe_rollups_pkey;
ALTER TABLE probe_rollups ADD PRIMARY KEY (incident_id, component_id, location, bucket, bucket_start);
DROP INDEX probe_rollups_chart_idx;
CREATE INDEX probe_rollups_chart_idx ON probe_rollups (incident_id, component_id, bucket, bucket_start);

ALTER TABLE probe_claims ADD COLUMN incident_id text NULL;
UPDATE probe_claims SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE probe_claims ALTER COLUMN incident_id SET NOT NULL;
ALTER TABLE probe_claims DROP CONSTRAINT probe_claims_pkey;
ALTER TABLE probe_claims ADD PRIMARY KEY (incident_id, component_id, location, slot);

ALTER TABLE component_states ADD COLUMN incident_id text NULL;
UPDATE component_states SET incident_id = (SELECT id FROM legacy_incident);
ALTER TABLE component_states ALTER COLUMN incident_id SET NOT NULL;
ALTER TABLE component_states DROP CONSTRAINT component_states_pkey;
ALTER TABLE component_states ADD PRIMARY KEY (incident_id, component_id, location);

DROP TABLE legacy_incident;
