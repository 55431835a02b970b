-- What a report needs of an incident's config, kept with the incident (issue #13, docs/incidents.md "The
-- report"): phases with their estimates, the impact model, component names and dependencies, criterion
-- titles. A past incident's report is then built from storage alone, byte for byte the same after the
-- server moved on to another incident. No probe targets or secrets are kept here.
ALTER TABLE incidents ADD COLUMN definition jsonb NULL;
