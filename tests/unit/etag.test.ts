import { describe, expect, it } from "vitest";
import { matchesEtag } from "@/lib/http/etag";

describe("matchesEtag", () => {
  it.each([
    [null, false],
    ["", false],
    ['W/"abc"', true],
    ['"abc"', true],
    ['W/"abd"', false],
    ['W/"x", W/"abc"', true],
    [' W/"x" ,W/"abc" ', true],
    ["*", true],
    ["abc", false],
  ])("If-None-Match %j against W/\"abc\" → %s", (header, expected) => {
    expect(matchesEtag(header, 'W/"abc"')).toBe(expected);
  });
});
