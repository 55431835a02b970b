import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkJUnitSize, JUnitError, MAX_JUNIT_BYTES, parseJUnit, type JUnitErrorCode } from "@/lib/junit/parse";
import { MAX_DEPTH } from "@/lib/junit/scan";
import { largeReport, nestedReport } from "@/tests/support/junit-reports";

const HOSTILE = fileURLToPath(new URL("../fixtures/junit/hostile/", import.meta.url));

/** The JUnitError that parsing `xml` throws (fails the test when it parses). */
function refusal(xml: string): JUnitError {
  try {
    parseJUnit(xml);
  } catch (error) {
    if (error instanceof JUnitError) return error;
    throw error;
  }
  throw new Error("expected the document to be refused");
}

// file, code, line, column: where the route's "line L, column C: …" message points.
const HOSTILE_FILES: [string, JUnitErrorCode, number, number][] = [
  ["xxe.xml", "FORBIDDEN_XML", 2, 1],
  ["xxe-system-doctype.xml", "FORBIDDEN_XML", 2, 1],
  ["xxe-parameter-entity.xml", "FORBIDDEN_XML", 2, 1],
  ["billion-laughs.xml", "FORBIDDEN_XML", 2, 1],
  ["large-entity.xml", "FORBIDDEN_XML", 2, 1],
  ["entity-without-doctype.xml", "FORBIDDEN_XML", 2, 3],
  ["truncated.xml", "MALFORMED_XML", 6, 1],
  ["truncated-after-tag.xml", "MALFORMED_XML", 5, 1],
  ["two-roots.xml", "MALFORMED_XML", 3, 1],
  ["two-roots-self-closing.xml", "MALFORMED_XML", 2, 1],
  ["mismatched-tags.xml", "MALFORMED_XML", 3, 24],
  ["unescaped-ampersand.xml", "MALFORMED_XML", 3, 42],
  ["not-junit.xml", "NOT_JUNIT", 2, 1],
  ["not-xml.json", "MALFORMED_XML", 1, 1],
];

describe("hostile and broken fixtures", () => {
  it.each(HOSTILE_FILES)("%s → %s at line %i, column %i", (file, code, line, column) => {
    const error = refusal(readFileSync(`${HOSTILE}${file}`, "utf8"));
    expect({ code: error.code, line: error.line, column: error.column, status: error.status }).toEqual({ code, line, column, status: 400 });
    expect(error.message).toMatch(new RegExp(`^line ${line}, column ${column}: `));
  });

  it("never reads the file an XXE points at", () => {
    const error = refusal(readFileSync(`${HOSTILE}xxe.xml`, "utf8"));
    expect(error.message).not.toContain("root:");
    expect(error.message).toMatch(/DOCTYPE/);
  });

  it("says where a truncated document's open element started", () => {
    expect(refusal(readFileSync(`${HOSTILE}truncated-after-tag.xml`, "utf8")).reason).toBe(
      "unexpected end of document: <testsuite> opened at line 3, column 3 is not closed",
    );
  });
});

describe("hostile inline documents", () => {
  it.each<[string, JUnitErrorCode, string]>([
    ["an empty body", "MALFORMED_XML", ""],
    ["whitespace only", "MALFORMED_XML", "  \n "],
    ["plain text", "MALFORMED_XML", "all tests passed"],
    ["text after the root", "MALFORMED_XML", "<testsuite/>trailing"],
    ["a lower-case doctype", "FORBIDDEN_XML", '<!doctype testsuite SYSTEM "file:///etc/shadow"><testsuite/>'],
    ["a doctype after a comment", "FORBIDDEN_XML", "<!-- hi --><!DocType x><testsuite/>"],
    ["a DTD element declaration", "MALFORMED_XML", "<testsuite><!ELEMENT x ANY></testsuite>"],
    ["an unterminated CDATA section", "MALFORMED_XML", "<testsuite><![CDATA[ never closed"],
    ["an unterminated comment", "MALFORMED_XML", "<testsuite><!-- never closed"],
    ["a stray closing tag", "MALFORMED_XML", "</testsuite>"],
    ["a repeated attribute", "MALFORMED_XML", '<testsuite name="a" name="b"/>'],
    ["a value-less attribute", "MALFORMED_XML", "<testsuite><testcase name/></testsuite>"],
    ["an HTML page", "NOT_JUNIT", "<html><body>502 Bad Gateway</body></html>"],
    ["a namespaced root", "NOT_JUNIT", '<j:testsuite xmlns:j="urn:x"/>'],
  ])("%s → %s", (_name, code, xml) => {
    expect(refusal(xml).code).toBe(code);
  });

  it.each<[string, string, number | JUnitErrorCode]>([
    ["a __proto__ attribute", '<testsuite><testcase name="a" __proto__="polluted"/></testsuite>', 1],
    ["Object.prototype method names as tags", '<testsuite><testcase name="a"><hasOwnProperty/><toString>x</toString></testcase></testsuite>', 1],
    ["a constructor attribute", '<testsuite><testcase name="a" constructor="x"/></testsuite>', 1],
    ["a constructor tag (fast-xml-parser refuses it)", '<testsuite><testcase name="a"><constructor/></testcase></testsuite>', "MALFORMED_XML"],
    ["a __proto__ tag (fast-xml-parser refuses it)", '<testsuite><testcase name="a"><__proto__/></testcase></testsuite>', "MALFORMED_XML"],
  ])("%s never reaches Object.prototype", (_name, xml, expected) => {
    let outcome: unknown;
    try {
      outcome = parseJUnit(xml).passed;
    } catch (error) {
      outcome = error instanceof JUnitError ? error.code : error;
    }
    expect(outcome).toBe(expected);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("nesting depth", () => {
  it(`accepts a case nested exactly ${MAX_DEPTH} levels deep`, () => {
    expect(parseJUnit(nestedReport(MAX_DEPTH)).tests).toBe(1);
  });

  it.each([MAX_DEPTH + 1, 1_000, 100_000])("refuses %i levels with TOO_DEEP at the first element too deep", (depth) => {
    const error = refusal(nestedReport(depth));
    expect({ code: error.code, line: error.line, column: error.column }).toEqual({ code: "TOO_DEEP", line: MAX_DEPTH + 1, column: 1 });
  });

  it("refuses a million-deep one-line document without a stack overflow", () => {
    const depth = 600_000;
    const error = refusal(`${"<a>".repeat(depth)}${"</a>".repeat(depth)}`);
    expect({ code: error.code, line: error.line, column: error.column }).toEqual({ code: "TOO_DEEP", line: 1, column: MAX_DEPTH * 3 + 1 });
  });
});

describe("size", () => {
  it.each<[number, boolean]>([
    [0, false],
    [MAX_JUNIT_BYTES, false],
    [MAX_JUNIT_BYTES + 1, true],
    [6 * 1024 * 1024, true],
  ])("checkJUnitSize(%i) refuses: %s", (bytes, refused) => {
    const check = () => checkJUnitSize(bytes);
    if (refused) expect(check).toThrow(expect.objectContaining({ code: "PAYLOAD_TOO_LARGE", status: 413 }));
    else expect(check).not.toThrow();
  });

  it("refuses a generated 6 MB report before parsing it", () => {
    const xml = largeReport(6 * 1024 * 1024);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(MAX_JUNIT_BYTES);
    expect(() => checkJUnitSize(Buffer.byteLength(xml))).toThrow(JUnitError);
    expect(refusal(xml).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("parses a valid 4 MB report", () => {
    const xml = largeReport(4 * 1024 * 1024);
    const report = parseJUnit(xml);
    expect(report.tests).toBeGreaterThan(10_000);
    expect(report.failed).toBe(Math.ceil(report.tests / 10));
    expect(report.passed + report.failed).toBe(report.tests);
    expect(report.failures.length + report.failuresOmitted).toBe(report.failed);
  });
});
