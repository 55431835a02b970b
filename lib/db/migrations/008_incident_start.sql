-- When an incident whose config gives a relative start (`startedAt: -3h`) began: resolved by the first
-- server that opens it and kept, so a restart (or a second instance) does not move the start.
CREATE TABLE incident_start (
  incident_id text PRIMARY KEY,
  started_at timestamptz NOT NULL
);
