import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as metrics from "@/app/api/metrics/route";
import * as probes from "@/app/api/probes/run/route";
import * as status from "@/app/api/status/route";
import type { StatusSnapshot } from "@/lib/types";
import { call, callJson, expectError, startApiHarness, type ApiHarness } from "../support/api-harness";
import { parseExposition, samplesOf, type ParsedExposition } from "../support/prometheus-text";

// GET /api/metrics on the booted runtime: `api` on a lab HTTP target, `worker` on a refused port.

let harness: ApiHarness;
beforeAll(async () => (harness = await startApiHarness()));
afterAll(async () => harness?.stop());

const FAMILIES = [
  "handback_component_up", "handback_component_status", "handback_probe_latency_seconds", "handback_probe_phase_seconds",
  "handback_probe_stale", "handback_certificate_expiry_seconds", "handback_criterion_met", "handback_criterion_state",
  "handback_arr_at_risk", "handback_arr_unknown", "handback_incident_state", "handback_outage_seconds", "handback_notifications",
  "handback_process_memory_bytes",
];

async function scrape(): Promise<ParsedExposition> {
  const response = await call(metrics.GET, { path: "/api/metrics", as: "viewer" });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(text); // throws on any line that is neither a comment nor `name{labels} value`
}

const runProbes = () => callJson(probes.POST, { method: "POST", path: "/api/probes/run", as: "infra" });

describe("GET /api/metrics", () => {
  it("needs a reader token", async () => {
    await expectError(await call(metrics.GET, { path: "/api/metrics" }), 401, "UNAUTHORIZED");
    await expectError(await call(metrics.GET, { path: "/api/metrics", as: "bad" }), 401, "UNAUTHORIZED");
  });

  it("before any probe: every family has HELP and TYPE, every component is unknown and none is up", async () => {
    const scraped = await scrape();
    expect([...scraped.type.keys()]).toEqual(FAMILIES);
    expect([...scraped.help.keys()]).toEqual(FAMILIES);
    for (const sample of scraped.samples) expect(scraped.type.get(sample.name)).toBe("gauge");
    expect(samplesOf(scraped, "handback_component_up")).toEqual([]);
    expect(samplesOf(scraped, "handback_component_status", { status: "unknown" }).map((s) => s.value)).toEqual([1, 1]);
  });

  it("says where this process's memory goes, the embedded store's WebAssembly heap among it", async () => {
    const memory = new Map(samplesOf(await scrape(), "handback_process_memory_bytes").map((s) => [s.labels.area, s.value]));
    expect([...memory.keys()]).toEqual(["rss", "heap_total", "heap_used", "external", "array_buffers", "storage_wasm"]);
    expect(memory.get("heap_used")!).toBeLessThanOrEqual(memory.get("heap_total")!);
    // PGlite's module asks for 128 MB of WebAssembly memory at least, and V8 counts it as external.
    expect(memory.get("storage_wasm")!).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(memory.get("external")!).toBeGreaterThanOrEqual(memory.get("storage_wasm")!);
  });

  it("after probing: down is 0, up is 1, latency and phases agree with the stored results and /api/status", async () => {
    await runProbes(); // api answers 503, worker is refused: both down (failureThreshold 1)
    let scraped = await scrape();
    expect(samplesOf(scraped, "handback_component_up").map((s) => [s.labels.component, s.labels.location, s.value]))
      .toEqual([["api", "default", 0], ["worker", "default", 0]]);
    harness.target.setMode("ok");
    await runProbes();
    scraped = await scrape();
    expect(samplesOf(scraped, "handback_component_up", { component: "api" })[0]).toMatchObject({ labels: { group: "Other" }, value: 1 });
    const snapshot = await callJson<StatusSnapshot>(status.GET, { path: "/api/status", as: "viewer" });
    const api = snapshot.components.find((c) => c.id === "api")!;
    expect(samplesOf(scraped, "handback_component_status", { component: "api", status: api.status })[0]?.value).toBe(1);
    expect(samplesOf(scraped, "handback_probe_latency_seconds", { component: "api" })[0]?.value).toBeCloseTo(api.latencyMs! / 1000, 6);
    const phases = samplesOf(scraped, "handback_probe_phase_seconds", { component: "api" }).map((s) => s.labels.phase);
    expect(phases).toEqual(expect.arrayContaining(["connect", "firstByte", "total"]));
    expect(samplesOf(scraped, "handback_probe_stale").map((s) => s.value)).toEqual([0, 0]);
    expect(samplesOf(scraped, "handback_arr_at_risk")[0]?.value).toBe(snapshot.impact.arrAtRisk);
    expect(samplesOf(scraped, "handback_incident_state", { state: snapshot.incident.state })[0]?.value).toBe(1);
    expect(samplesOf(scraped, "handback_criterion_met").map((s) => s.labels.criterion)).toEqual(snapshot.criteria.map((c) => c.id));
    expect(samplesOf(scraped, "handback_outage_seconds")[0]?.value).toBeGreaterThan(0);
  });
});
