-- The status of each component at each location with the streak counters its thresholds read. Several
-- instances probe one component in turns (slot claims), so the streak lives here, not in one process:
-- three failures in a row count as three whichever instances ran them. Updated in the transaction that
-- stores the result, under a row lock.
CREATE TABLE component_states (
  component_id text NOT NULL,
  location text NOT NULL,
  status text NOT NULL CHECK (status IN ('operational', 'degraded', 'down', 'unknown')),
  failures integer NOT NULL CHECK (failures >= 0),
  successes integer NOT NULL CHECK (successes >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component_id, location)
);
