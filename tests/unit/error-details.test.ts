import { describe, expect, it } from "vitest";
import { errorDetailLines } from "@/components/ui/error-details";
import { ApiError } from "@/lib/queries/fetch-json";

// The lists of an API error shown under its message on the page.
describe("errorDetailLines", () => {
  const conflict = (message: string, details: Record<string, unknown>) => new ApiError(409, "CONFLICT", message, details);
  it.each<[string, Error | null, string[]]>([
    ["no error", null, []],
    ["a plain Error", new Error("network down"), []],
    ["no details", conflict("cannot move", {}), []],
    ["allowed moves the message already names", conflict("cannot move from investigating to resolved; allowed from investigating: remediating", { allowed: ["remediating"], state: "investigating" }), []],
    ["an unmet list the message does not name", conflict("resolved needs every criterion met", { unmet: ["golden-path", "customer-validation"] }), ["unmet: golden-path, customer-validation"]],
    ["criteria as objects", conflict("resolved needs every criterion met", { unmet: [{ id: "golden-path", title: "Golden path" }, { id: "x" }] }), ["unmet: Golden path (golden-path), x"]],
    ["an empty list", conflict("cannot move; allowed from resolved: none", { allowed: [] }), []],
  ])("%s", (_name, error, expected) => {
    expect(errorDetailLines(error)).toEqual(expected);
  });
});
