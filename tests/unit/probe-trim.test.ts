import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_OUTPUT_BYTES, MAX_TEXT_BYTES, trimResult, type ProbeResult } from "@/lib/probes";
import { cutBytes } from "@/lib/probes/trim";

// Every string a result keeps is bounded: BODY, OUTPUT, other observations, header values and the message.

const result = (observations: ProbeResult["observations"], message?: string): ProbeResult => ({
  ok: true, latencyMs: 1, checkedAt: "2025-09-16T08:00:00.000Z", observations, ...(message === undefined ? {} : { error: { code: "EXIT_CODE", message } }),
});

describe("trimResult", () => {
  it.each<[string, string, number]>([
    ["BODY", "b", MAX_BODY_BYTES],
    ["OUTPUT", "o", MAX_OUTPUT_BYTES],
    ["IP", "i", MAX_TEXT_BYTES],
  ])("cuts %s to its cap", (name, char, cap) => {
    const trimmed = trimResult(result({ [name]: char.repeat(cap + 10), STATUS: 200 }));
    expect(trimmed.observations[name]).toBe(char.repeat(cap));
    expect(trimmed.observations.STATUS).toBe(200);
  });

  it("cuts each header value and the error message", () => {
    const trimmed = trimResult(result({ HEADER: { "x-big": "h".repeat(MAX_TEXT_BYTES + 1) } }, "m".repeat(MAX_MESSAGE_CHARS + 1)));
    expect(trimmed.observations.HEADER).toEqual({ "x-big": "h".repeat(MAX_TEXT_BYTES) });
    expect(trimmed.error?.message).toBe(`${"m".repeat(MAX_MESSAGE_CHARS)}…`);
  });

  it("leaves a result within its caps as it is", () => {
    const small = result({ BODY: "ok", HEADER: { a: "b" }, CONNECTED: true }, "HTTP 503");
    expect(trimResult(small)).toEqual(small);
  });
});

describe("cutBytes", () => {
  it.each<[string, number, string]>([
    ["abc", 2, "ab"],
    ["abc", 3, "abc"],
    ["é€x", 4, "é"], // 2 + 3 bytes: the euro sign would be split, so it goes whole
    ["é€x", 5, "é€"],
  ])("cutBytes(%j, %i) is %j", (text, max, expected) => {
    expect(cutBytes(text, max)).toBe(expected);
  });
});
