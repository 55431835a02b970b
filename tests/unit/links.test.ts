import { describe, expect, it } from "vitest";
import { httpLink, MAX_LINK_CHARS } from "@/lib/links";

// Which typed links may be stored and drawn as <a href>: absolute http(s) only, capped in length.
describe("httpLink", () => {
  const long = `https://ci.example.com/${"a".repeat(MAX_LINK_CHARS - "https://ci.example.com/".length)}`;
  it.each<[string, unknown, string | null]>([
    ["https", "https://ci.example.com/runs/42", "https://ci.example.com/runs/42"],
    ["http with port and query", "http://10.0.0.5:8080/report?id=7#top", "http://10.0.0.5:8080/report?id=7#top"],
    ["exactly the cap", long, long],
    ["one past the cap", `${long}a`, null],
    ["javascript:", "javascript:alert(1)", null],
    ["data:", "data:text/html,<script>alert(1)</script>", null],
    ["ftp", "ftp://files.example.com/x", null],
    ["relative path", "/api/status", null],
    ["no scheme", "ci.example.com/runs/42", null],
    ["empty", "", null],
    ["not a string", 42, null],
  ])("%s", (_name, value, expected) => {
    expect(httpLink(value)).toBe(expected);
  });
});
