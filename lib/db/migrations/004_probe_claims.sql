-- Probe ownership across instances: whoever inserts the row for (component, location, slot) runs that
-- scheduled check; everyone else skips it. Slot = floor(scheduled time in ms / interval). No lease: each
-- slot is claimed afresh, so a dead instance's components are taken over at the next slot.
CREATE TABLE probe_claims (
  component_id text NOT NULL,
  location     text NOT NULL,
  slot         bigint NOT NULL,
  instance     text NOT NULL,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component_id, location, slot)
);
CREATE INDEX probe_claims_claimed_at_idx ON probe_claims (claimed_at);
