import { describe, expect, it } from "vitest";
import { parseJUnit } from "@/lib/junit/parse";
import { makeJUnitReport } from "@/lib/lab/junit-report";

// The demo CI's reports go through the real parser: they must parse to exactly the counts asked for.
describe("makeJUnitReport", () => {
  it.each([
    [12, 0, 100],
    [0, 11, 0],
    [3, 7, 30],
  ])("%i passed, %i failed → %i%%", (passed, failed, passRate) => {
    expect(parseJUnit(makeJUnitReport("validation", { passed, failed }))).toMatchObject({ tests: passed + failed, passed, failed, skipped: 0, passRate });
  });
});
