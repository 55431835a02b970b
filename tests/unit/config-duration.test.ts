import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  durationRangeSchema,
  durationSchema,
  formatDuration,
  parseDuration,
  parseDurationRange,
  positiveDurationSchema,
} from "@/lib/config/duration";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["0ms", 0],
    ["0s", 0],
    ["1s", 1_000],
    ["30s", 30_000],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1d2h3m4s5ms", 93_784_005],
    ["1.5h", 5_400_000],
    ["0.5s", 500],
    ["336h", 1_209_600_000],
    [" 10s ", 10_000],
    ["90m", 5_400_000],
  ])("%s → %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["-5s", /negative/],
    ["30", /needs a unit/],
    ["1.5", /needs a unit/],
    ["5x", /invalid duration/],
    ["5 s", /invalid duration/],
    ["1h 30m", /invalid duration/],
    ["s", /invalid duration/],
    ["h1", /invalid duration/],
    ["30m1h", /invalid duration/],
    ["1h1h", /invalid duration/],
    ["1.2.3s", /invalid duration/],
    ["10sec", /invalid duration/],
    ["forever", /invalid duration/],
    ["1e3ms", /invalid duration/],
  ])("rejects %j", (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [500, "500ms"],
    [1_500, "1s500ms"],
    [30_000, "30s"],
    [5_400_000, "1h30m"],
    [86_400_000, "1d"],
    [93_784_005, "1d2h3m4s5ms"],
  ])("%i ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects %d", (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });
});

describe("durationSchema", () => {
  it.each([
    ["30s", 30_000],
    ["1h30m", 5_400_000],
  ])("parses %s", (text, ms) => {
    expect(durationSchema.parse(text)).toBe(ms);
  });

  it.each([[30], ["30"], ["soon"], [null], [true]])("rejects %j", (input) => {
    expect(durationSchema.safeParse(input).success).toBe(false);
  });

  it("positiveDurationSchema rejects zero", () => {
    const result = positiveDurationSchema.safeParse("0s");
    expect(result.success).toBe(false);
    expect(z.prettifyError(result.error!)).toMatch(/greater than 0/);
  });
});

describe("duration ranges", () => {
  it.each([
    ["2h..4h", 7_200_000, 14_400_000],
    ["0h..1h", 0, 3_600_000],
    ["1h..1h", 3_600_000, 3_600_000],
    ["30m..1h30m", 1_800_000, 5_400_000],
    ["2h", 7_200_000, 7_200_000],
    ["2h .. 4h", 7_200_000, 14_400_000],
  ])("%s → %i..%i", (text, minMs, maxMs) => {
    expect(parseDurationRange(text)).toEqual({ minMs, maxMs });
    expect(durationRangeSchema.parse(text)).toEqual({ minMs, maxMs });
  });

  it.each([
    ["4h..2h", /minimum is greater than maximum/],
    ["2h..", /empty/],
    ["..4h", /empty/],
    ["1h..2h..3h", /expected e.g. 2h..4h/],
    ["2h...4h", /invalid duration/],
    ["2..4h", /needs a unit/],
    ["", /empty/],
  ])("rejects %j", (text, message) => {
    expect(() => parseDurationRange(text)).toThrow(message);
    const result = durationRangeSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});
