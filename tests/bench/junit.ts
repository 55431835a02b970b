// Bench (production build): POST /api/test-runs with a 5 MB JUnit report while GET /api/health is polled
// every 25 ms. The report is parsed in a worker thread, so health keeps answering during the parse; a
// parse on the event loop would hold every request for the whole parse (about a second on this machine).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startInstance } from "../support/instances";
import { largeReport } from "../support/junit-reports";
import { ensureBenchBuild, root } from "./build";
import { percentile, round } from "./stats";

const TOKEN = "bench-dev-secret-0123456789";

/** Latency figures (ms) of the health polls that overlapped the uploads, and the uploads' own times. */
export async function benchJUnitUpload(port = 3390, uploads = 3) {
  await ensureBenchBuild();
  const dir = mkdtempSync(path.join(os.tmpdir(), "handback-bench-junit-"));
  const demo = readFileSync(path.join(root, "examples", "issue-1278.yaml"), "utf8").replace(/lab:\n {2}enabled: true/, "lab:\n  enabled: false");
  writeFileSync(path.join(dir, "incident.yaml"), demo);
  const server = await startInstance({
    port,
    env: { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: `bench:dev:${TOKEN}`, HANDBACK_SCHEDULER: "off", HANDBACK_LOG: "warn" },
  });
  const post = (xml: string) =>
    fetch(`${server.url}/api/test-runs?suite=unit`, { method: "POST", body: xml, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/xml" } });
  try {
    await post(largeReport(64 * 1024)); // starts the parser worker
    const xml = largeReport(5 * 1024 * 1024 - 64 * 1024);
    const health: number[] = [];
    const uploadMs: number[] = [];
    for (let i = 0; i < uploads; i += 1) {
      let done = false;
      const polling = (async () => {
        while (!done) {
          const started = performance.now();
          await fetch(`${server.url}/api/health`);
          health.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      const started = performance.now();
      const response = await post(xml);
      uploadMs.push(performance.now() - started);
      done = true;
      await polling;
      if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    }
    return {
      reportBytes: Buffer.byteLength(xml),
      uploadMs: uploadMs.map(round),
      healthDuringUpload: { polls: health.length, p50Ms: round(percentile(health, 50)), p99Ms: round(percentile(health, 99)), maxMs: round(Math.max(...health)) },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
