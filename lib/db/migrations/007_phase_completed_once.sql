-- A phase is completed once. Concurrent POST /api/phases/{id}/complete calls each used to append a
-- "completed" entry; now the second insert hits this index and the route answers 409. Duplicates already
-- stored keep their timeline entry but stop counting as completions (the earliest one always decided).
UPDATE timeline_events AS later
   SET data = jsonb_set(later.data, '{action}', '"repeated"')
 WHERE later.type = 'phase'
   AND later.data->>'action' = 'completed'
   AND EXISTS (
     SELECT 1 FROM timeline_events AS earlier
      WHERE earlier.type = 'phase'
        AND earlier.data->>'action' = 'completed'
        AND earlier.data->>'phaseId' = later.data->>'phaseId'
        AND earlier.id < later.id
   );

CREATE UNIQUE INDEX timeline_events_phase_completed_once
    ON timeline_events ((data->>'phaseId'))
 WHERE type = 'phase' AND data->>'action' = 'completed';
