-- Handback initial schema. Plain SQL that PGlite and PostgreSQL 13+ both run unchanged.
-- Times are timestamptz; ids are bigserial (returned to JS as numbers).

-- Raw probe results: pruned and rolled up over time, so nothing else may depend on them forever.
CREATE TABLE probe_results (
  id            bigserial PRIMARY KEY,
  component_id  text NOT NULL,
  location      text NOT NULL DEFAULT 'default',
  checked_at    timestamptz NOT NULL,
  ok            boolean NOT NULL,
  status        text NULL CHECK (status IN ('operational', 'degraded', 'down', 'unknown')),
  latency_ms    double precision NULL,
  error_code    text NULL,
  error_message text NULL,
  observations  jsonb NOT NULL DEFAULT '{}'::jsonb,
  phases        jsonb NULL,
  slot          bigint NULL
);
CREATE INDEX probe_results_component_idx ON probe_results (component_id, location, checked_at DESC);
CREATE INDEX probe_results_checked_at_idx ON probe_results (checked_at);
-- One result per scheduled slot across instances (lease/claim scale-out); unscheduled runs have no slot.
CREATE UNIQUE INDEX probe_results_slot_key ON probe_results (component_id, location, slot) WHERE slot IS NOT NULL;

-- Status changes, kept forever for the timeline; result_id is informational (results get pruned).
CREATE TABLE component_transitions (
  id           bigserial PRIMARY KEY,
  component_id text NOT NULL,
  location     text NOT NULL DEFAULT 'default',
  from_status  text NULL CHECK (from_status IN ('operational', 'degraded', 'down', 'unknown')),
  to_status    text NOT NULL CHECK (to_status IN ('operational', 'degraded', 'down', 'unknown')),
  at           timestamptz NOT NULL DEFAULT now(),
  result_id    bigint NULL,
  reason       text NULL
);
CREATE INDEX component_transitions_component_idx ON component_transitions (component_id, at DESC);

-- The id is the SSE event id: replay is `id > $1 ORDER BY id`, served by the primary key index.
CREATE TABLE timeline_events (
  id    bigserial PRIMARY KEY,
  at    timestamptz NOT NULL DEFAULT now(),
  type  text NOT NULL CHECK (type IN ('transition', 'update', 'note', 'signoff', 'test-run', 'phase', 'state', 'criterion')),
  team  text NULL,
  actor text NULL,
  text  text NOT NULL,
  data  jsonb NULL
);
CREATE INDEX timeline_events_type_idx ON timeline_events (type, id);

CREATE TABLE test_runs (
  id          bigserial PRIMARY KEY,
  suite_id    text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  tests       integer NOT NULL,
  passed      integer NOT NULL,
  failed      integer NOT NULL,
  skipped     integer NOT NULL,
  errors      integer NOT NULL DEFAULT 0,
  pass_rate   double precision NULL,
  duration_ms double precision NULL,
  actor       text NULL,
  failures    jsonb NOT NULL DEFAULT '[]'::jsonb,
  source      text NULL
);
CREATE INDEX test_runs_suite_idx ON test_runs (suite_id, id DESC);

-- Append-only: the current sign-off of a criterion is its latest row.
CREATE TABLE signoffs (
  id           bigserial PRIMARY KEY,
  criterion_id text NOT NULL,
  team         text NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL CHECK (action IN ('sign', 'revoke')),
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signoffs_criterion_idx ON signoffs (criterion_id, id DESC);

CREATE TABLE incident_state (
  incident_id text PRIMARY KEY,
  state       text NOT NULL CHECK (state IN ('investigating', 'remediating', 'validating', 'ready_for_handback', 'handed_back', 'resolved')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  actor       text NULL,
  reason      text NULL
);

-- The latest evaluated state of each criterion, so a restart does not forget it or re-announce it.
CREATE TABLE criterion_states (
  criterion_id text PRIMARY KEY,
  state        text NOT NULL CHECK (state IN ('met', 'unmet', 'unknown')),
  changed_at   timestamptz NOT NULL DEFAULT now(),
  evidence     jsonb NULL
);
