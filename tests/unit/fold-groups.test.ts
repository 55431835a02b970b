import { describe, expect, it } from "vitest";
import { cardsToDraw, filterComponents, initiallyOpen, isFiltering, summarizeGroups, type MatrixFilter } from "@/components/matrix/fold-groups";
import type { ComponentStatus, ComponentView } from "@/lib/types";

const view = (id: string, group: string, status: ComponentStatus, name = id) => ({ id, name, group, status, rootCause: [] }) as unknown as ComponentView;

/** `size` components in `group`, every one operational but the statuses given for the first few. */
const group = (name: string, size: number, ...first: ComponentStatus[]) =>
  Array.from({ length: size }, (_, index) => view(`${name}-${index}`, name, first[index] ?? "operational"));

describe("summarizeGroups", () => {
  it("keeps config order and counts unknown apart from operational", () => {
    const groups = summarizeGroups([view("a", "Data", "operational"), view("b", "Edge", "unknown"), view("c", "Data", "down"), view("d", "Data", "unknown")]);
    expect(groups.map(({ name, counts, worst }) => ({ name, counts, worst }))).toEqual([
      { name: "Data", counts: { down: 1, degraded: 0, unknown: 1, operational: 1 }, worst: "down" },
      { name: "Edge", counts: { down: 0, degraded: 0, unknown: 1, operational: 0 }, worst: "unknown" },
    ]);
  });
});

describe("initiallyOpen", () => {
  it.each<[string, ComponentView[], number, string[]]>([
    ["nothing wrong: every group folded", [...group("A", 3), ...group("B", 3)], 200, []],
    ["down before degraded before unknown, whatever the config order", [...group("U", 2, "unknown"), ...group("G", 2, "degraded"), ...group("D", 2, "down")], 200, ["D", "G", "U"]],
    ["stops at the first group that does not fit in the budget", [...group("D1", 150, "down"), ...group("D2", 100, "down"), ...group("U", 10, "unknown")], 200, ["D1"]],
    ["the first failing group opens even when larger than the budget", [...group("Big", 500, "down"), ...group("U", 5, "unknown")], 200, ["Big"]],
    ["operational groups never open", [...group("Ok", 5), ...group("D", 5, "operational", "down")], 200, ["D"]],
  ])("%s", (_, components, budget, expected) => {
    expect([...initiallyOpen(summarizeGroups(components), budget)]).toEqual(expected);
  });
});

describe("cardsToDraw", () => {
  it.each<[string, number[], number, number[]]>([
    ["no limit: every group draws what it wants", [100, 0, 100], Infinity, [100, 0, 100]],
    ["the first groups in order take the limit", [100, 0, 100], 40, [40, 0, 0]],
    ["a group after a small one gets the rest", [10, 0, 100], 40, [10, 0, 30]],
    ["folded groups (0) take nothing", [0, 0], 40, [0, 0]],
  ])("%s", (_, wanted, limit, expected) => {
    expect(cardsToDraw(wanted, limit)).toEqual(expected);
  });
});

describe("filterComponents", () => {
  const components = [view("api-health", "Run", "down", "Backend API /health"), view("cloud-sql", "Data", "operational", "Cloud SQL"), view("redis", "Data", "unknown", "Redis cache")];
  it.each<[MatrixFilter, string[]]>([
    [{ query: "", status: "all" }, ["api-health", "cloud-sql", "redis"]],
    [{ query: "  sql ", status: "all" }, ["cloud-sql"]],
    [{ query: "BACKEND", status: "all" }, ["api-health"]],
    [{ query: "api-h", status: "all" }, ["api-health"]],
    [{ query: "", status: "unknown" }, ["redis"]],
    [{ query: "c", status: "operational" }, ["cloud-sql"]],
    [{ query: "nothing", status: "all" }, []],
  ])("%j → %j", (filter, expected) => {
    expect(filterComponents(components, filter).map((component) => component.id)).toEqual(expected);
  });

  it.each<[MatrixFilter, boolean]>([
    [{ query: "", status: "all" }, false],
    [{ query: "   ", status: "all" }, false],
    [{ query: "x", status: "all" }, true],
    [{ query: "", status: "down" }, true],
  ])("isFiltering(%j) → %s", (filter, expected) => expect(isFiltering(filter)).toBe(expected));
});
