// The top self-time items of V8 CPU profiles (`--cpu-prof`), for the perf bench's note: which functions
// the probe hot path spends its time in. Usage: node --import tsx tests/bench/profile-top.ts DIR [N]
// (DIR holds *.cpuprofile files: BENCH_PERF_CPU_PROF=DIR writes them for the instance's processes).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** A readable place: the function and the last parts of its file (node_modules package, or lib/…). */
function placeOf({ functionName, url, lineNumber }: ProfileNode["callFrame"]): string {
  const file = url.replace(/^file:\/\//, "");
  const inModules = file.lastIndexOf("node_modules/");
  const short = inModules >= 0 ? file.slice(inModules + 13).split("/").slice(0, 3).join("/") : file.split("/").slice(-2).join("/");
  return `${functionName || "(anonymous)"} ${short || "(native)"}${lineNumber >= 0 && short ? `:${lineNumber + 1}` : ""}`;
}

// Coarse buckets, so a flat profile still says where the time goes.
const CATEGORIES: [string, RegExp][] = [
  ["PGlite (JS and wasm)", /@electric-sql\/pglite|^wasm-function|wasm\//],
  ["file I/O (PGlite's files: open, close, write, fsync)", /^(open|close|writeBuffer|writeString|fsync|fdatasync|read|ftruncate|fstat|lstat|stat) \(native\)/],
  ["sockets and HTTP (probes and requests)", /node:(net|_http|http|dns|tls|_tls|internal\/(dns|net|http|stream|streams))/],
  ["garbage collector", /^\(garbage collector\)/],
  ["async hooks and microtasks", /async_hooks|runMicrotasks|promiseInitHook|processTicksAndRejections/],
  ["Handback and Next server bundles", /chunks\/|\.next|next\/dist|lib\//],
  ["module loading", /cjs\/loader|esm\//],
];
const categoryOf = (place: string) => CATEGORIES.find(([, pattern]) => pattern.test(place))?.[0] ?? "other";

/** Self time per place over every profile in `dir`, largest first, as ms and share of the sampled time. */
export function topSelfTime(dir: string, count = 25) {
  const self = new Map<string, number>();
  let totalMs = 0;
  for (const name of readdirSync(dir).filter((file) => file.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(path.join(dir, name), "utf8")) as Profile;
    const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
    for (const node of profile.nodes) {
      const ms = (node.hitCount ?? 0) * msPerSample;
      if (node.callFrame.functionName === "(idle)") continue;
      totalMs += ms;
      const place = placeOf(node.callFrame);
      self.set(place, (self.get(place) ?? 0) + ms);
    }
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
  const byCategory = new Map<string, number>();
  for (const [place, ms] of self) byCategory.set(categoryOf(place), (byCategory.get(categoryOf(place)) ?? 0) + ms);
  const categories = [...byCategory].sort((a, b) => b[1] - a[1]).map(([category, ms]) => ({ category, ms: Math.round(ms), share: `${((100 * ms) / totalMs).toFixed(1)}%` }));
  return { totalMs: Math.round(totalMs), categories, top: top.map(([place, ms]) => ({ place, ms: Math.round(ms), share: `${((100 * ms) / totalMs).toFixed(1)}%` })) };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const [dir, count] = process.argv.slice(2);
  if (!dir) throw new Error("usage: profile-top.ts DIR [N]");
  const { totalMs, categories, top } = topSelfTime(dir, Number(count ?? 25));
  console.log(`non-idle sampled CPU: ${totalMs} ms`);
  for (const { category, ms, share } of categories) console.log(`${share.padStart(6)} ${String(ms).padStart(7)} ms  [${category}]`);
  for (const { place, ms, share } of top) console.log(`${share.padStart(6)} ${String(ms).padStart(7)} ms  ${place}`);
}
