import { describe, expect, it } from "vitest";
import { readTimelineFilter } from "@/components/timeline/filter";
import { timelineSearch, type TimelineFilter } from "@/lib/queries/timeline";

// The /timeline URL and the API query are one set of names: a filter written by timelineSearch reads back
// the same, and a hand-edited URL's bad values are dropped rather than sent on to a 400.

const read = (search: string) => readTimelineFilter(new URLSearchParams(search));

describe("timeline filter in the URL", () => {
  it.each<[string, TimelineFilter]>([
    ["everything", { types: ["note", "update"], team: "infra", q: "50% done", since: "2025-03-01T00:00:00.000Z", until: "2025-03-02T00:00:00.000Z", people: true, beforeId: 812 }],
    ["people only", { people: true }],
    ["a page back", { beforeId: 201 }],
  ])("round-trips %s", (_name, filter) => {
    expect(read(timelineSearch(filter))).toEqual({ types: undefined, team: undefined, q: undefined, since: undefined, until: undefined, people: undefined, beforeId: undefined, ...filter });
  });

  it.each([
    ["since=yesterday", { since: undefined }],
    ["beforeId=-3", { beforeId: undefined }],
    ["beforeId=abc", { beforeId: undefined }],
    ["people=yes", { people: undefined }],
    ["q=%20%20", { q: undefined }],
    ["type=note,bogus", { types: ["note"] }],
  ])("drops the bad value of %s", (search, expected) => {
    expect(read(search)).toMatchObject(expected);
  });

  it("writes the API's parameter names", () => {
    expect(timelineSearch({ q: "x", people: true, beforeId: 9, since: "2025-03-01T00:00:00.000Z" }, 200)).toBe("limit=200&q=x&since=2025-03-01T00%3A00%3A00.000Z&people=1&beforeId=9");
  });
});
