-- The archive's list (issue #13, docs/incidents.md "The archive"): each incident's end, duration and peak
-- ARR at risk, computed by the report's own rules (lib/report/measure.ts) and stored, so GET /api/incidents
-- does not replay 50 incidents' transitions per request. `summary_mark` names the facts the summary was
-- computed from (newest transition time, newest timeline id, the row's updated_at); the list recomputes a
-- summary whose mark no longer matches. Rows of older stores start with none and are filled on first list.
ALTER TABLE incidents ADD COLUMN summary jsonb NULL;
ALTER TABLE incidents ADD COLUMN summary_mark text NULL;
