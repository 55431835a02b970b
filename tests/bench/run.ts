// Entry of `npm run bench`: runs the benchmarks and prints one JSON document (also saved under bench-results/).
import { mkdirSync, writeFileSync } from "node:fs";
import { benchFirstLoadJs } from "./first-load";
import { benchFlipToCell } from "./flip";
import { benchBareFetch, benchDeadlines, benchScheduledHttp } from "./probes";

const seconds = Number(process.env.BENCH_SECONDS ?? 20);

async function main() {
  const deadlines = await benchDeadlines(20, 300);
  const scheduled = await benchScheduledHttp(500, 5_000, seconds * 1000);
  const bare = await benchBareFetch(100, seconds * 1000);
  const flip = await benchFlipToCell(20);
  const firstLoadJs = await benchFirstLoadJs();
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    deadlines,
    scheduledHttp: scheduled,
    bareFetch: bare,
    flipToCell: flip,
    firstLoadJs,
    cpuRatioToBareFetch: Math.round((scheduled.cpuMsPerProbe / bare.cpuMsPerProbe) * 100) / 100,
    goals: {
      overshootP99Under50ms: deadlines.overshootMs.p99 < 50,
      cpuWithin2xBare: scheduled.cpuMsPerProbe <= 2 * bare.cpuMsPerProbe,
      ranAtLeast99Percent: scheduled.ranPercent >= 99,
      flipP95AtMost1300ms: flip.p95Ms <= 1300,
      firstLoadJsUnder250kB: firstLoadJs.initialUnder250kB,
    },
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/probes.json", JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
}

await main();
