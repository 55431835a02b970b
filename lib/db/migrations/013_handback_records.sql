-- The handback record (issue #13, docs/incidents.md "The handback record"): every confirm and reject freezes
-- the criteria with the exact evidence ids, the latest test runs, the current sign-offs and the config hash.
-- body is the canonical JSON text that was hashed (stored as text, not jsonb, so the bytes verify as they
-- were); hash = sha256(body), and body names the previous record's hash: one chain per incident.
CREATE TABLE handback_records (
  id            bigserial PRIMARY KEY,
  incident_id   text NOT NULL,
  action        text NOT NULL CHECK (action IN ('confirm', 'reject')),
  at            timestamptz NOT NULL,
  actor         text NOT NULL,
  body          text NOT NULL,
  hash          text NOT NULL,
  previous_hash text NULL
);
CREATE INDEX handback_records_incident_idx ON handback_records (incident_id, id);
-- A chain does not fork: one record per (incident, predecessor); the first has none.
CREATE UNIQUE INDEX handback_records_chain_key ON handback_records (incident_id, (COALESCE(previous_hash, '')));

-- The raw results a record names. Retention keeps them (lib/db/rollups.ts), so a record's evidence links
-- resolve to the exact rows for good.
CREATE TABLE handback_record_results (
  incident_id text NOT NULL,
  result_id   bigint NOT NULL,
  record_id   bigint NOT NULL REFERENCES handback_records (id),
  PRIMARY KEY (incident_id, result_id, record_id)
);
