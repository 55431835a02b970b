-- The watch after the handback (issue #12): a regression is a timeline entry of type `regression`. The list
-- is lib/db/timeline.ts TIMELINE_TYPES, plus `config`, which migration 009 (the goalpost audit) brings:
-- whichever of the two runs last must allow both.
ALTER TABLE timeline_events DROP CONSTRAINT timeline_events_type_check;
ALTER TABLE timeline_events ADD CONSTRAINT timeline_events_type_check
  CHECK (type IN ('transition', 'update', 'note', 'signoff', 'test-run', 'phase', 'state', 'criterion', 'config', 'regression'));
