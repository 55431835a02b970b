import { describe, expect, it } from "vitest";
import { findDependencyCycles } from "@/lib/config/references";

/** Components from a compact "a:b,c" adjacency notation. */
function graph(spec: string) {
  return spec.split(" ").filter(Boolean).map((entry) => {
    const [id = "", deps = ""] = entry.split(":");
    return { id, dependsOn: deps.split(",").filter(Boolean) };
  });
}

describe("findDependencyCycles", () => {
  it.each([
    ["no edges", "a b c", []],
    ["a chain", "a:b b:c c", []],
    ["a diamond", "a:b,c b:d c:d d", []],
    ["a self loop", "a:a", [["a", "a"]]],
    ["two nodes", "a:b b:a", [["a", "b", "a"]]],
    ["three nodes", "a:b b:c c:a", [["a", "b", "c", "a"]]],
    ["two separate cycles", "a:b b:a c:d d:c", [["a", "b", "a"], ["c", "d", "c"]]],
    ["a tail into a cycle", "x:a a:b b:a", [["a", "b", "a"]]],
    ["unknown ids are ignored", "a:zzz", []],
  ])("%s", (_name, spec, cycles) => {
    expect(findDependencyCycles(graph(spec))).toEqual(cycles);
  });
});
