// Where an instance's resident memory goes (perf bench, issue #16 goal 2), from two sides:
//   outside  /proc/<pid>/smaps_rollup of every process of the tree: resident, anonymous (heaps, WebAssembly
//            memory, compiled code) and file-backed (the node binary, shared libraries, mapped files);
//   inside   handback_process_memory_bytes of GET /api/metrics: V8 heap used/total, external, array
//            buffers, and the embedded store's WebAssembly heap (docs/storage.md "Memory"), of which
//            `storageWasmResidentMb` is resident (its mappings in /proc/<pid>/smaps).
// `unexplainedMb` is the server's anonymous memory that none of the inside figures account for: compiled
// code (JS and WebAssembly), malloc arenas, thread stacks.
import { readFileSync } from "node:fs";
import { processTree } from "../support/proc";

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
/** A `Field:   N kB` line of smaps or smaps_rollup, in kB (0 when absent). */
const kbOf = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);

/** One process of the tree: what smaps_rollup says, in MB. */
function rollupOf(pid: number) {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = (field: string) => kbOf(text, field);
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(0, 3).join(" ").slice(-80);
    return { pid, command, rssMb: Math.round(kb("Rss") / 1024), anonMb: Math.round(kb("Anonymous") / 1024), fileMb: Math.round((kb("Rss") - kb("Anonymous")) / 1024) };
  } catch {
    return null; // exited meanwhile
  }
}

// V8 reserves 8 GiB or more of address space for each WebAssembly memory (bounds checks by guard pages):
// a `---p` mapping that nothing else in the process comes near in size. The memory itself is the
// read-write mapping that ends where that reservation's remainder starts; its resident pages are the part
// of PGlite's heap that was touched.
const WASM_RESERVATION_KB = 4 * 2 ** 20;

/** Resident MB of the process's WebAssembly memories, from /proc/<pid>/smaps (null when unreadable). */
function wasmResidentMb(pid: number): number | null {
  try {
    const mappings = readFileSync(`/proc/${pid}/smaps`, "utf8").split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/).map((block) => {
      const [range = "", perms = ""] = block.split(" ");
      const [start, end] = range.split("-");
      return { start, end, perms, sizeKb: kbOf(block, "Size"), rssKb: kbOf(block, "Rss") };
    });
    const reserved = new Set(mappings.filter((mapping) => mapping.perms === "---p" && mapping.sizeKb >= WASM_RESERVATION_KB).map((mapping) => mapping.start));
    const residentKb = mappings.filter((mapping) => reserved.has(mapping.end)).reduce((sum, mapping) => sum + mapping.rssKb, 0);
    return Math.round(residentKb / 1024);
  } catch {
    return null;
  }
}

/** The memory areas the instance reports about itself (bytes by area), or null when /api/metrics did not answer. */
async function insideAreas(url: string, token: string): Promise<Record<string, number> | null> {
  const response = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) }).catch(() => null);
  if (response?.status !== 200) return null;
  const areas: Record<string, number> = {};
  for (const match of (await response.text()).matchAll(/^handback_process_memory_bytes\{area="(\w+)"\} (\d+)$/gm)) areas[match[1]!] = Number(match[2]);
  return Object.keys(areas).length > 0 ? areas : null; // a build from before the family existed
}

/** The memory of an instance's process tree, per process and by area inside the server process. */
export async function memoryBreakdown(pid: number, url: string, token: string) {
  const processes = processTree(pid).map(rollupOf).filter((entry) => entry !== null);
  const inside = await insideAreas(url, token);
  const areas = inside && {
    rssMb: mb(inside.rss ?? 0),
    v8HeapUsedMb: mb(inside.heap_used ?? 0),
    v8HeapTotalMb: mb(inside.heap_total ?? 0),
    storageWasmMb: inside.storage_wasm === undefined ? null : mb(inside.storage_wasm),
    // external counts the WebAssembly heap and array buffers (sockets, Buffers) too; this is the rest of it.
    otherExternalMb: mb((inside.external ?? 0) - (inside.storage_wasm ?? 0) - (inside.array_buffers ?? 0)),
    arrayBuffersMb: mb(inside.array_buffers ?? 0),
  };
  // The server is the process whose resident size matches what it reports about itself.
  const server = areas ? processes.reduce((best, entry) => (Math.abs(entry.rssMb - areas.rssMb) < Math.abs(best.rssMb - areas.rssMb) ? entry : best), processes[0]!) : null;
  const wasmResident = server && areas?.storageWasmMb ? wasmResidentMb(server.pid) : null;
  const explained = areas ? areas.v8HeapTotalMb + (wasmResident ?? areas.storageWasmMb ?? 0) + areas.otherExternalMb + areas.arrayBuffersMb : 0;
  return {
    treeRssMb: processes.reduce((sum, entry) => sum + entry.rssMb, 0),
    processes,
    server: areas && server ? { pid: server.pid, ...areas, storageWasmResidentMb: wasmResident, fileBackedMb: server.fileMb, unexplainedMb: server.anonMb - explained } : null,
  };
}
