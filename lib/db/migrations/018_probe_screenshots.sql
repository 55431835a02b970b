-- Issue #15: a failing browser probe run keeps a PNG of the page as evidence, beside its result. Retention
-- removes it with the result (ON DELETE CASCADE, lib/db/rollups.ts); lib/db/screenshots.ts keeps at most
-- a few per component. (017 is reserved for issue #15's test cases.)
CREATE TABLE probe_screenshots (
  result_id     bigint PRIMARY KEY REFERENCES probe_results (id) ON DELETE CASCADE,
  incident_id   text NOT NULL,
  component_id  text NOT NULL,
  taken_at      timestamptz NOT NULL,
  png           bytea NOT NULL
);
CREATE INDEX probe_screenshots_component_idx ON probe_screenshots (incident_id, component_id, taken_at DESC);
