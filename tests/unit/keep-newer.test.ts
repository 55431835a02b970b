import { describe, expect, it } from "vitest";
import { keepNewerChecks } from "@/lib/snapshot/keep-newer";
import type { ComponentLocationView, ComponentStatus, ComponentView, StatusSnapshot } from "@/lib/types";

// A refetched snapshot never takes a component × location back to an earlier check than the cache holds.
const at = (second: number) => `2025-01-01T12:00:${String(second).padStart(2, "0")}Z`;

function location(name: string, status: ComponentStatus, second: number, stale = false): ComponentLocationView {
  return { location: name, status, checkedAt: at(second), latencyMs: 10, error: null, stale, confirming: null };
}

/** api (checked at `locations`) and web beneath it, down; `incident` names the snapshot's incident. */
function snapshot(locations: ComponentLocationView[], incident = "ISSUE-1"): StatusSnapshot {
  const api: ComponentView = { id: "api", name: "API", group: "Edge", type: "http", dependsOn: [], status: "unknown", checkedAt: null, latencyMs: null, error: null, stale: false, locations, rootCause: [] };
  const web: ComponentView = { ...api, id: "web", name: "Web", dependsOn: ["api"], status: "down", checkedAt: at(0), locations: [location("default", "down", 0)] };
  const fixed = (component: ComponentView): ComponentView => {
    if (!component.locations?.length) return { ...component, locations: undefined };
    const newest = [...component.locations].sort((a, b) => Date.parse(b.checkedAt) - Date.parse(a.checkedAt))[0]!;
    const statuses = new Set(component.locations.map((view) => view.status));
    const status = statuses.size === 1 ? newest.status : "degraded";
    return { ...component, status, checkedAt: newest.checkedAt, stale: newest.stale };
  };
  const components = [fixed(api), fixed(web)];
  const apiDown = components[0]!.status === "down";
  return { incident: { id: incident }, components: [components[0]!, { ...components[1]!, rootCause: apiDown ? ["api"] : [] }] } as unknown as StatusSnapshot;
}

const api = (value: StatusSnapshot) => value.components.find((component) => component.id === "api")!;
const web = (value: StatusSnapshot) => value.components.find((component) => component.id === "web")!;

describe("keepNewerChecks", () => {
  const cases: { name: string; held: StatusSnapshot | undefined; fetched: StatusSnapshot; kept: boolean }[] = [
    { name: "nothing held: the fetched snapshot", held: undefined, fetched: snapshot([location("default", "down", 5)]), kept: false },
    { name: "the fetch is newer", held: snapshot([location("default", "unknown", 3)]), fetched: snapshot([location("default", "down", 5)]), kept: false },
    { name: "the same check (the server's stale flag wins)", held: snapshot([location("default", "down", 5)]), fetched: snapshot([location("default", "unknown", 5, true)]), kept: false },
    { name: "another incident's snapshot held", held: snapshot([location("default", "down", 9)], "ISSUE-0"), fetched: snapshot([location("default", "unknown", 5)]), kept: false },
    { name: "the cache has a later check", held: snapshot([location("default", "down", 9)]), fetched: snapshot([location("default", "unknown", 5)]), kept: true },
    { name: "the fetch has never checked it", held: snapshot([location("default", "down", 9)]), fetched: snapshot([]), kept: true },
  ];

  for (const { name, held, fetched, kept } of cases) {
    it(`${name}: ${kept ? "keeps the cached check" : "takes the fetch as it is"}`, () => {
      const merged = keepNewerChecks(held, fetched);
      if (!kept) return void expect(merged).toBe(fetched);
      expect(api(merged)).toMatchObject({ status: "down", checkedAt: at(9), locations: [{ location: "default", status: "down", checkedAt: at(9) }] });
    });
  }

  it("works out the root causes beneath a kept check again", () => {
    const merged = keepNewerChecks(snapshot([location("default", "down", 9)]), snapshot([location("default", "operational", 5)]));
    expect(web(merged).rootCause).toEqual(["api"]);
  });

  it("keeps only the locations the cache has later checks of, and combines them again", () => {
    const held = snapshot([location("eu", "operational", 4), location("us", "down", 9)]);
    const fetched = snapshot([location("eu", "down", 8), location("us", "operational", 6)]);
    const merged = api(keepNewerChecks(held, fetched));
    expect(merged.locations?.map((view) => [view.location, view.status, view.checkedAt])).toEqual([
      ["eu", "down", at(8)],
      ["us", "down", at(9)],
    ]);
    expect(merged).toMatchObject({ status: "down", checkedAt: at(9) });
  });
});
