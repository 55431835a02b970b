import { describe, expect, it } from "vitest";
import { createRootCauseFinder, rootCausesOf, withRootCauses, type RootCauseNode } from "@/lib/snapshot/root-cause";
import type { ComponentStatus } from "@/lib/types";

// Graphs written as "a>b c; b>d": a dependsOn b and c, b dependsOn d. Statuses by first letter:
// o operational, g degraded, d down, u unknown ("a:d b:o").
const LETTER: Record<string, ComponentStatus> = { o: "operational", g: "degraded", d: "down", u: "unknown" };

function graph(edges: string, statuses: string): RootCauseNode[] {
  const dependsOn = new Map<string, string[]>();
  for (const entry of statuses.split(" ")) dependsOn.set(entry.split(":")[0]!, []);
  for (const edge of edges.split(";").map((part) => part.trim()).filter(Boolean)) {
    const [from, to] = edge.split(">");
    dependsOn.set(from!.trim(), to!.trim().split(" "));
  }
  const status = new Map(statuses.split(" ").map((entry) => [entry.split(":")[0]!, LETTER[entry.split(":")[1]!]!]));
  return [...status.keys()].map((id) => ({ id, dependsOn: dependsOn.get(id) ?? [], status: status.get(id)! }));
}

const DIAMOND = "a>b c; b>d; c>d";

describe("rootCausesOf", () => {
  it.each<[string, string, string, Record<string, string[]>]>([
    ["diamond: the shared bottom is the one root of all", DIAMOND, "a:d b:d c:d d:d", { a: ["d"], b: ["d"], c: ["d"], d: [] }],
    ["diamond: one branch down only names that branch", DIAMOND, "a:d b:d c:o d:o", { a: ["b"], b: [], c: [], d: [] }],
    ["diamond: both branches down on their own are two roots", DIAMOND, "a:d b:d c:d d:o", { a: ["b", "c"], b: [], c: [], d: [] }],
    ["diamond: a working branch above a down bottom still names the bottom", DIAMOND, "a:d b:o c:d d:d", { a: ["d"], b: [], c: ["d"], d: [] }],
    ["chain: the deepest down component is the root", "a>b; b>c; c>e", "a:d b:d c:d e:d", { a: ["e"], b: ["e"], c: ["e"], e: [] }],
    ["chain: a root mid-way when the bottom is fine", "a>b; b>c; c>e", "a:d b:d c:d e:o", { a: ["c"], b: ["c"], c: [], e: [] }],
    ["chain: an operational link in between still passes the cause on", "a>b; b>c", "a:d b:o c:d", { a: ["c"], b: [], c: [] }],
    ["a down component whose upstream is fine is its own root: no rootCause", "a>b", "a:d b:o", { a: [], b: [] }],
    ["an operational component under a down upstream has none (it is up)", "a>b", "a:o b:d", { a: [], b: [] }],
    ["a degraded component under a down upstream names it", "a>b", "a:g b:d", { a: ["b"], b: [] }],
    ["an unknown component under a down upstream names it", "a>b", "a:u b:d", { a: ["b"], b: [] }],
    ["a degraded upstream is no cause", "a>b", "a:d b:g", { a: [], b: [] }],
    ["an unknown upstream is no cause", "a>b", "a:d b:u", { a: [], b: [] }],
    ["a degraded link above a down bottom: the bottom is the cause", "a>b; b>c", "a:d b:g c:d", { a: ["c"], b: ["c"], c: [] }],
    ["roots come in config order", "a>z m; z>; m>", "a:d m:d z:d", { a: ["m", "z"], m: [], z: [] }],
    ["an unknown id in dependsOn is ignored", "a>ghost b", "a:d b:d", { a: ["b"], b: [] }],
  ])("%s", (_name, edges, statuses, expected) => {
    expect(Object.fromEntries(rootCausesOf(graph(edges, statuses)))).toEqual(expected);
  });

  it("ends on a cycle (the config rejects them; the rule must not loop)", () => {
    const causes = rootCausesOf(graph("a>b; b>a; c>a", "a:d b:d c:d"));
    expect(causes.get("c")!.length).toBeLessThanOrEqual(2);
  });

  it("walks a long chain once per component (2,000 links)", () => {
    const nodes = Array.from({ length: 2000 }, (_, index) => ({ id: `n${index}`, dependsOn: index < 1999 ? [`n${index + 1}`] : [], status: "down" as const }));
    const causes = rootCausesOf(nodes);
    expect(causes.get("n0")).toEqual(["n1999"]);
  });
});

describe("createRootCauseFinder", () => {
  it("names the roots beneath any list of upstreams (an impact segment's dependsOn)", () => {
    const below = createRootCauseFinder(graph(DIAMOND, "a:d b:d c:d d:d"));
    expect(below(["a"])).toEqual(["d"]);
    expect(below(["d"])).toEqual(["d"]);
    expect(below([])).toEqual([]);
  });
});

describe("withRootCauses", () => {
  it("sets rootCause on every component and keeps the other fields", () => {
    const nodes = graph("a>b", "a:d b:d").map((node) => ({ ...node, name: node.id.toUpperCase() }));
    expect(withRootCauses(nodes)).toEqual([
      { id: "a", name: "A", dependsOn: ["b"], status: "down", rootCause: ["b"] },
      { id: "b", name: "B", dependsOn: [], status: "down", rootCause: [] },
    ]);
  });
});
