-- Issue #15: every case of every test run is kept, so a run of 1 passed and 10 skipped cannot pass for
-- "100%", and each run can be compared with the first (fixed, still failing, newly failing) and the last
-- few (flaky). lib/db/test-cases.ts reads and writes it.
CREATE TABLE test_cases (
  id           bigserial PRIMARY KEY,
  incident_id  text NOT NULL,
  test_run_id  bigint NOT NULL REFERENCES test_runs (id) ON DELETE CASCADE,
  suite_id     text NOT NULL,
  classname    text NOT NULL DEFAULT '',
  name         text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('passed', 'failed', 'skipped')),
  errored      boolean NOT NULL DEFAULT false,
  flaky        boolean NOT NULL DEFAULT false,
  duration_ms  double precision
);
CREATE INDEX test_cases_run_idx ON test_cases (test_run_id);
CREATE INDEX test_cases_suite_idx ON test_cases (incident_id, suite_id, test_run_id);
