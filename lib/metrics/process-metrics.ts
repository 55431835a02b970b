import type { MetricFamily } from "./prometheus";

// Where this process's memory goes (docs/storage.md "Memory"): Node's own figures, plus the embedded
// store's WebAssembly heap, which V8 counts under `external` but which is PGlite's, not ours.

/** The areas of handback_process_memory_bytes, each a sample labelled `area`. */
export function processMemoryFamily(usage: NodeJS.MemoryUsage, storageWasmBytes: number | null): MetricFamily {
  const areas: [string, number][] = [
    ["rss", usage.rss],
    ["heap_total", usage.heapTotal],
    ["heap_used", usage.heapUsed],
    ["external", usage.external],
    ["array_buffers", usage.arrayBuffers],
  ];
  if (storageWasmBytes !== null) areas.push(["storage_wasm", storageWasmBytes]);
  return {
    name: "handback_process_memory_bytes",
    help: "Memory of this server process by area: rss, V8 heap (total, used), external (storage_wasm included), array buffers, and the embedded store's WebAssembly heap.",
    type: "gauge",
    samples: areas.map(([area, value]) => ({ labels: { area }, value })),
  };
}
