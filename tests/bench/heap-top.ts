// What holds the V8 heap of a server (perf bench, issue #16 goal 2): a `.heapsnapshot` (BENCH_PERF_HEAP=DIR
// writes one of the instance after the probing phase) read as DevTools does, self size by node type and the
// largest retained sizes along the dominator tree, with the path of edge names that leads to each.
// Usage: node --import tsx tests/bench/heap-top.ts FILE.heapsnapshot [N]
import { readFileSync } from "node:fs";
import path from "node:path";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/**
 * Immediate dominators of every node reachable from node 0 (Cooper, Harvey and Kennedy's iteration), weak
 * edges left out, and the edge each node was first reached by (a retaining path to show).
 */
function dominators(count: number, firstEdge: Int32Array, targets: Int32Array, strong: Uint8Array) {
  const order = new Int32Array(count).fill(-1); // postorder number
  const post: number[] = [];
  const stack: number[] = [0];
  const next = new Int32Array(count);
  const seen = new Uint8Array(count);
  const reachedBy = new Int32Array(count).fill(-1);
  seen[0] = 1;
  for (let node = 0; node < count; node++) next[node] = firstEdge[node]!;
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    if (next[node]! < firstEdge[node + 1]!) {
      const edge = next[node]!++;
      const target = targets[edge]!;
      if (strong[edge] && !seen[target]) {
        seen[target] = 1;
        reachedBy[target] = edge;
        stack.push(target);
      }
      continue;
    }
    order[node] = post.length;
    post.push(node);
    stack.pop();
  }
  const predecessors: number[][] = Array.from({ length: count }, () => []);
  for (const node of post) for (let edge = firstEdge[node]!; edge < firstEdge[node + 1]!; edge++) if (strong[edge] && seen[targets[edge]!]) predecessors[targets[edge]!]!.push(node);
  const idom = new Int32Array(count).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = idom[a]!;
      while (order[b]! < order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = post.length - 2; k >= 0; k--) {
      const node = post[k]!;
      let dom = -1;
      for (const pred of predecessors[node]!) if (idom[pred] !== -1) dom = dom === -1 ? pred : intersect(pred, dom);
      if (dom !== -1 && idom[node] !== dom) {
        idom[node] = dom;
        changed = true;
      }
    }
  }
  return { idom, post, reachedBy };
}

/** A script's package (node_modules/<name>), build folder (.next/server/chunks) or node: built-in group. */
function scriptOwner(url: string): string {
  const file = url.replace(/^file:\/\//, "");
  const inModules = file.lastIndexOf("node_modules/");
  if (inModules >= 0) return file.slice(inModules).split("/").slice(0, file.slice(inModules + 13).startsWith("@") ? 3 : 2).join("/");
  if (file.startsWith("node:")) return "node: built-ins";
  return file.split("/").slice(-3, -1).join("/");
}

/** Self size by node type, and the nodes with the largest retained size (each with its dominator path). */
export function heapTop(file: string, count = 30) {
  const { snapshot, nodes, edges, strings } = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const [nodeFields, edgeFields] = [snapshot.meta.node_fields, snapshot.meta.edge_fields];
  const [nodeTypes, edgeTypes] = [snapshot.meta.node_types[0], snapshot.meta.edge_types[0]];
  const field = (name: string) => nodeFields.indexOf(name);
  const [typeAt, nameAt, sizeAt, edgesAt] = [field("type"), field("name"), field("self_size"), field("edge_count")];
  const nodeCount = nodes.length / nodeFields.length;
  const firstEdge = new Int32Array(nodeCount + 1);
  for (let node = 0; node < nodeCount; node++) firstEdge[node + 1] = firstEdge[node]! + nodes[node * nodeFields.length + edgesAt]!;
  const edgeCount = edges.length / edgeFields.length;
  const targets = new Int32Array(edgeCount);
  const strong = new Uint8Array(edgeCount);
  const weak = edgeTypes.indexOf("weak");
  for (let edge = 0; edge < edgeCount; edge++) {
    targets[edge] = edges[edge * edgeFields.length + 2]! / nodeFields.length;
    strong[edge] = edges[edge * edgeFields.length] === weak ? 0 : 1;
  }
  const { idom, post, reachedBy } = dominators(nodeCount, firstEdge, targets, strong);
  const retained = new Float64Array(nodeCount);
  for (const node of post) retained[node]! += nodes[node * nodeFields.length + sizeAt]!;
  for (const node of post) if (node !== 0) retained[idom[node]!]! += retained[node]!;

  const nameOf = (node: number) => `${nodeTypes[nodes[node * nodeFields.length + typeAt]!]} ${strings[nodes[node * nodeFields.length + nameAt]!]!.slice(0, 60).replace(/\s+/g, " ")}`;
  const edgeName = (edge: number) => {
    const kind = edgeTypes[edges[edge * edgeFields.length]!];
    const label = edges[edge * edgeFields.length + 1]!;
    return kind === "element" || kind === "hidden" ? `[${label}]` : String(strings[label]).slice(0, 40);
  };
  const ownerOf = new Int32Array(edgeCount); // the node an edge leaves from
  for (let node = 0; node < nodeCount; node++) ownerOf.fill(node, firstEdge[node]!, firstEdge[node + 1]!);
  /** The last steps of the path the node was first reached by, with the names of the nodes on the way. */
  const pathOf = (node: number) => {
    const parts: string[] = [];
    for (let at = node; reachedBy[at]! >= 0 && parts.length < 5; at = ownerOf[reachedBy[at]!]!) parts.unshift(`${edgeName(reachedBy[at]!)} (${nameOf(ownerOf[reachedBy[at]!]!).slice(0, 50)})`);
    return parts.join(" → ");
  };
  const byType = new Map<string, number>();
  for (const node of post) {
    const type = nodeTypes[nodes[node * nodeFields.length + typeAt]!]!;
    byType.set(type, (byType.get(type) ?? 0) + nodes[node * nodeFields.length + sizeAt]!);
  }
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20 * 10) / 10;
  // The largest retainers, skipping a node whose dominator retains hardly more (a chain shows once, at its top).
  const ranked = post.filter((node) => node !== 0 && retained[node]! > 2 ** 20).sort((a, b) => retained[b]! - retained[a]!);
  const top = ranked.filter((node) => idom[node] === 0 || retained[idom[node]!]! > retained[node]! * 1.1 || nodeTypes[nodes[idom[node]! * nodeFields.length + typeAt]!] === "synthetic").slice(0, count);
  // Scripts (a module's source, line ends, compiled functions it alone holds), by package or folder.
  const byScript = new Map<string, number>();
  for (const node of post) {
    const name = strings[nodes[node * nodeFields.length + nameAt]!]!;
    if (nodeTypes[nodes[node * nodeFields.length + typeAt]!] !== "code" || !/^(\/|file:|node:)/.test(name)) continue;
    const owner = scriptOwner(name);
    byScript.set(owner, (byScript.get(owner) ?? 0) + retained[node]!);
  }
  return {
    totalMb: mb(retained[0]!),
    byScript: [...byScript].sort((a, b) => b[1] - a[1]).slice(0, count).map(([script, bytes]) => ({ script, mb: mb(bytes) })),
    byType: [...byType].sort((a, b) => b[1] - a[1]).map(([type, bytes]) => ({ type, mb: mb(bytes) })),
    top: top.map((node) => ({ retainedMb: mb(retained[node]!), node: nameOf(node), path: pathOf(node) })),
  };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const [file, count] = process.argv.slice(2);
  if (!file) throw new Error("usage: heap-top.ts FILE.heapsnapshot [N]");
  const { totalMb, byType, byScript, top } = heapTop(file, Number(count ?? 30));
  console.log(`reachable heap: ${totalMb} MB`);
  for (const { type, mb } of byType) console.log(`${String(mb).padStart(7)} MB  self, ${type}`);
  for (const { script, mb } of byScript) console.log(`${String(mb).padStart(7)} MB  scripts of ${script}`);
  for (const { retainedMb, node, path: where } of top) console.log(`${String(retainedMb).padStart(7)} MB  ${node}  <- ${where}`);
}
