-- Retention: raw probe results older than the raw window are folded into per-minute and per-hour buckets
-- (lib/db/rollups.ts) and then deleted. Both bucket sizes are written from the raw rows at the same time,
-- so hour charts never depend on minute rows that a later prune may drop.
-- latency_count is the number of results that had a latency: it weights latency_avg when a bucket that
-- was rolled up in two passes (a cutoff in the middle of the bucket) is combined.
CREATE TABLE probe_rollups (
  component_id  text NOT NULL,
  location      text NOT NULL,
  bucket        text NOT NULL CHECK (bucket IN ('minute', 'hour')),
  bucket_start  timestamptz NOT NULL,
  count         bigint NOT NULL,
  ok_count      bigint NOT NULL,
  latency_count bigint NOT NULL,
  latency_min   double precision NULL,
  latency_avg   double precision NULL,
  latency_max   double precision NULL,
  PRIMARY KEY (component_id, location, bucket, bucket_start)
);
-- Chart reads are "one component, one bucket size, since T"; the primary key serves them per location.
CREATE INDEX probe_rollups_chart_idx ON probe_rollups (component_id, bucket, bucket_start);
