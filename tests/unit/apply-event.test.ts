import { describe, expect, it } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { applyEvent, changesStatus, parseLiveEvent, patchComponent, patchComponents, type LiveBatch } from "@/components/live/apply-event";
import { sessionQuery } from "@/lib/queries/session";
import { statusQuery } from "@/lib/queries/status";
import { timelineQuery } from "@/lib/queries/timeline";
import type { ComponentLocationView, ComponentStatus, ComponentView, StatusSnapshot } from "@/lib/types";

// A component event carries one location's fresh status; the cell's status is recombined over all locations.
const at = (second: number) => `2025-01-01T12:00:${String(second).padStart(2, "0")}Z`;

function location(name: string, status: ComponentStatus, second = 0): ComponentLocationView {
  return { location: name, status, checkedAt: at(second), latencyMs: 10, error: null, stale: false };
}

function snapshotWith(locations: ComponentLocationView[] | undefined, status: ComponentStatus = "operational"): StatusSnapshot {
  const api: ComponentView = { id: "api", name: "API", group: "Edge", type: "http", dependsOn: [], status, checkedAt: at(0), latencyMs: 10, error: null, stale: false, locations, rootCause: [] };
  const db: ComponentView = { ...api, id: "db", name: "DB" };
  return { components: [api, db] } as unknown as StatusSnapshot;
}

const down = (location: string | undefined, second = 5) => ({ id: "api", location, status: "down" as const, checkedAt: at(second), latencyMs: null, error: { code: "TIMEOUT", message: "no answer" } });
const api = (snapshot: StatusSnapshot | undefined) => snapshot?.components.find((component) => component.id === "api");

describe("patchComponents and root causes", () => {
  // web dependsOn api; web is down already, api goes down and comes back: web's cell follows without an event of its own.
  const withWeb = (apiStatus: ComponentStatus, webCause: string[]) => {
    const base = snapshotWith([location("default", apiStatus)], apiStatus);
    const web: ComponentView = { ...base.components[0]!, id: "web", name: "Web", dependsOn: ["api"], status: "down", locations: [location("default", "down")], rootCause: webCause };
    return { ...base, components: [...base.components, web] } as StatusSnapshot;
  };
  const web = (snapshot: StatusSnapshot | undefined) => snapshot?.components.find((component) => component.id === "web");

  it("names the upstream that just went down on the component beneath it", () => {
    expect(web(patchComponents(withWeb("operational", []), [down(undefined)]))?.rootCause).toEqual(["api"]);
  });

  it("clears it when the upstream recovers", () => {
    const up = { ...down(undefined), status: "operational" as const, error: null };
    expect(web(patchComponents(withWeb("down", ["api"]), [up]))?.rootCause).toEqual([]);
  });

  it("keeps the object of a component whose rootCause did not change", () => {
    const before = withWeb("down", ["api"]);
    expect(web(patchComponents(before, [down(undefined, 9)]))).toBe(web(before));
  });
});

describe("patchComponent", () => {
  it("marks the component degraded when one of two locations goes down", () => {
    const patched = api(patchComponent(snapshotWith([location("eu", "operational"), location("us", "operational")]), down("us")));
    expect(patched).toMatchObject({ status: "degraded", checkedAt: at(5), latencyMs: null, error: { code: "TIMEOUT" }, stale: false });
    expect(patched?.locations?.map((entry) => [entry.location, entry.status])).toEqual([["eu", "operational"], ["us", "down"]]);
  });

  it("marks the component down when both locations are down", () => {
    const patched = api(patchComponent(snapshotWith([location("eu", "down"), location("us", "operational")], "degraded"), down("us")));
    expect(patched?.status).toBe("down");
  });

  it("adds a location it has not seen yet", () => {
    const patched = api(patchComponent(snapshotWith([location("default", "operational")]), down("eu-west")));
    expect(patched?.status).toBe("degraded");
    expect(patched?.locations?.map((entry) => entry.location)).toEqual(["default", "eu-west"]);
  });

  it("treats an event without a location (older server) as the default location", () => {
    const patched = api(patchComponent(snapshotWith([location("default", "operational")]), down(undefined)));
    expect(patched).toMatchObject({ status: "down", locations: [expect.objectContaining({ location: "default", status: "down" })] });
  });

  it("patches a component the snapshot lists without locations (never checked, or an older server)", () => {
    expect(api(patchComponent(snapshotWith(undefined, "unknown"), down("default")))).toMatchObject({ status: "down", checkedAt: at(5) });
  });

  it("leaves the other components alone", () => {
    const snapshot = snapshotWith([location("eu", "operational")]);
    expect(patchComponent(snapshot, down("eu"))?.components[1]).toBe(snapshot.components[1]);
  });

  it("does nothing before the snapshot loaded", () => {
    expect(patchComponent(undefined, down("eu"))).toBeUndefined();
  });
});

describe("a batch of component events", () => {
  const up = (id: string, location: string, second: number) => ({ id, location, status: "operational" as const, checkedAt: at(second), latencyMs: second, error: null });

  it("patches every component of the batch in one pass, the later event of a location winning", () => {
    const snapshot = snapshotWith([location("eu", "operational")]);
    const patched = patchComponents(snapshot, [down("eu", 5), up("api", "eu", 7), up("db", "us", 6)]);
    expect(api(patched)?.locations).toEqual([expect.objectContaining({ location: "eu", status: "operational", checkedAt: at(7) })]);
    expect(patched?.components[1]).toMatchObject({ id: "db", status: "operational", locations: [expect.objectContaining({ location: "eu" }), expect.objectContaining({ location: "us" })] });
  });

  it("asks for a snapshot refetch only when some location's status changed", () => {
    const snapshot = snapshotWith([location("eu", "operational")]);
    expect(changesStatus(snapshot, [up("api", "eu", 5), up("api", "eu", 6)])).toBe(false);
    expect(changesStatus(snapshot, [up("api", "eu", 5), down("eu", 6)])).toBe(true);
    expect(changesStatus(snapshot, [up("api", "us", 5)])).toBe(true); // a location not seen before
    expect(changesStatus(undefined, [down("eu")])).toBe(false);
  });
});

describe("received SSE messages", () => {
  it.each([
    ["resync", '{"reason":"replay-too-long"}', { type: "resync", data: { reason: "replay-too-long" } }],
    ["timeline", '{"id":4}', { type: "timeline", data: { id: 4 } }],
    ["component", '{"id":"api"}', { type: "component", data: { id: "api" } }],
    ["session-ended", '{"sid":"x"}', null],
    ["ping", "{}", null],
    ["resync", "not json", null],
  ])("%s %s → %j", (type, text, expected) => {
    expect(parseLiveEvent(type, text)).toEqual(expected);
  });

  it.each([
    ["phase", true],
    ["signoff", true],
    ["state", true],
    ["note", false],
    ["transition", false],
  ])("a %s timeline entry refetches the timeline, and the snapshot: %s", (type, snapshotToo) => {
    const scheduled: unknown[] = [];
    const batch: LiveBatch = { schedule: (key) => void scheduled.push(key), patch: () => {} };
    applyEvent(new QueryClient(), { type: "timeline", data: { id: 9, at: "2025-01-01T00:00:00Z", type, team: null, actor: null, text: "", data: null } }, batch);
    expect(scheduled).toEqual(snapshotToo ? [timelineQuery().queryKey, statusQuery().queryKey] : [timelineQuery().queryKey]);
  });

  it("resync refetches the snapshot and every view but who is signed in", () => {
    const client = new QueryClient();
    client.setQueryData(statusQuery().queryKey, snapshotWith([location("eu", "operational")]));
    client.setQueryData(sessionQuery().queryKey, () => ({ name: "alice", role: "dev" }));
    const batch: LiveBatch = { schedule: () => {}, patch: () => {} };
    applyEvent(client, parseLiveEvent("resync", '{"reason":"replay-too-long"}')!, batch);
    expect(client.getQueryState(statusQuery().queryKey)?.isInvalidated).toBe(true);
    expect(client.getQueryState(sessionQuery().queryKey)?.isInvalidated).toBe(false);
  });
});
