import { describe, expect, it } from "vitest";
import { escapeHelp, escapeLabelValue, formatPrometheus, formatValue, type MetricFamily } from "@/lib/metrics/prometheus";
import { parseExposition } from "../support/prometheus-text";

describe("escapeLabelValue", () => {
  it.each<[string, string, string]>([
    ["plain", "api-health", "api-health"],
    ["backslash", "C:\\probe", "C:\\\\probe"],
    ["double quote", 'say "hi"', 'say \\"hi\\"'],
    ["line feed", "two\nlines", "two\\nlines"],
    ["all three, backslash first", '\\"\n', '\\\\\\"\\n'],
    ["unicode kept", "Zürich → 東京", "Zürich → 東京"],
  ])("%s", (_name, input, expected) => {
    expect(escapeLabelValue(input)).toBe(expected);
  });
});

describe("escapeHelp", () => {
  it("escapes backslash and line feed but keeps quotes", () => {
    expect(escapeHelp('a\\b\n"c"')).toBe('a\\\\b\\n"c"');
  });
});

describe("formatValue", () => {
  it.each<[number, string]>([
    [1, "1"], [0, "0"], [0.125, "0.125"], [-3.5, "-3.5"], [1e21, "1e+21"], [NaN, "NaN"], [Infinity, "+Inf"], [-Infinity, "-Inf"],
  ])("%s → %s", (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});

describe("formatPrometheus", () => {
  const families: MetricFamily[] = [
    { name: "demo_up", help: "Up.\nSecond line with \\", type: "gauge", samples: [
      { labels: { component: 'we"ird\\name\nx', group: "g" }, value: 1 },
      { labels: { component: "b", group: "g" }, value: 0 },
    ] },
    { name: "demo_empty", help: "No samples yet.", type: "gauge", samples: [] },
    { name: "demo_total", help: "Unlabelled.", type: "counter", samples: [{ value: 42 }] },
  ];

  it("writes HELP and TYPE once per family, then its samples, ending with a line feed", () => {
    expect(formatPrometheus(families)).toBe(
      [
        "# HELP demo_up Up.\\nSecond line with \\\\",
        "# TYPE demo_up gauge",
        'demo_up{component="we\\"ird\\\\name\\nx",group="g"} 1',
        'demo_up{component="b",group="g"} 0',
        "# HELP demo_empty No samples yet.",
        "# TYPE demo_empty gauge",
        "# HELP demo_total Unlabelled.",
        "# TYPE demo_total counter",
        "demo_total 42",
        "",
      ].join("\n"),
    );
  });

  it("round-trips label values through a strict parser", () => {
    const parsed = parseExposition(formatPrometheus(families));
    expect(parsed.samples[0]).toEqual({ name: "demo_up", labels: { component: 'we"ird\\name\nx', group: "g" }, value: 1 });
    expect([...parsed.type.keys()]).toEqual(["demo_up", "demo_empty", "demo_total"]);
  });

  it("renders nothing for no families", () => {
    expect(formatPrometheus([])).toBe("");
  });

  it.each<[string, MetricFamily[], RegExp]>([
    ["a family twice", [families[1]!, families[1]!], /given twice/],
    ["a bad metric name", [{ name: "demo-up", help: "x", type: "gauge", samples: [] }], /invalid metric name/],
    ["a bad label name", [{ name: "demo", help: "x", type: "gauge", samples: [{ labels: { "a-b": "1" }, value: 1 }] }], /invalid label name/],
    ["a reserved label name", [{ name: "demo", help: "x", type: "gauge", samples: [{ labels: { __name__: "1" }, value: 1 }] }], /invalid label name/],
  ])("throws on %s (a bug, never user input)", (_name, input, message) => {
    expect(() => formatPrometheus(input)).toThrow(message);
  });
});
