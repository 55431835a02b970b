-- The evaluated conditions of each result (condition text, actual value, pass/fail): the evidence
-- behind a status, kept beside the raw observations.
ALTER TABLE probe_results ADD COLUMN outcomes jsonb NULL;
