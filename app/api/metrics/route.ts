import { withAuth } from "@/lib/auth";
import { readMetricsText } from "@/lib/metrics/read-metrics";
import { PROMETHEUS_CONTENT_TYPE } from "@/lib/metrics/prometheus";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The incident as Prometheus gauges (text format 0.0.4) for teams that scrape into Grafana. */
export const GET = withAuth("reader", async () =>
  new Response(await readMetricsText(), { headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" } }),
);
