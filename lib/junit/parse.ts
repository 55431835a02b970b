import { checkJUnitSize, errorAt } from "./errors";
import { readCase } from "./cases";
import { detectProducer } from "./producer";
import { readSeconds, toMs } from "./time";
import type { JUnitFailure, JUnitReport, TestCase } from "./types";
import { readXml, type XmlElement } from "./xml";

export { checkJUnitSize, JUnitError, MAX_JUNIT_BYTES, type JUnitErrorCode } from "./errors";
export type { CaseStatus, JUnitFailure, JUnitProducer, JUnitReport, TestCase } from "./types";

/** Most failure entries kept per report, so one broken build cannot write a huge row. */
export const MAX_REPORTED_FAILURES = 500;

const ROOTS = new Set(["testsuites", "testsuite"]);

interface Walk {
  suites: XmlElement[];
  cases: TestCase[];
  failing: JUnitFailure[];
  flaky: JUnitFailure[];
}

/** Parses a JUnit XML report from any common producer; throws JUnitError when the document is refused. */
export function parseJUnit(xml: string): JUnitReport {
  checkJUnitSize(Buffer.byteLength(xml, "utf8"));
  const root = readXml(xml);
  if (!ROOTS.has(root.tag)) {
    const at = Math.max(0, xml.indexOf(`<${root.tag}`));
    throw errorAt(xml, at, "NOT_JUNIT", `root element is <${root.tag}>; expected <testsuites> or <testsuite>`);
  }
  const walk: Walk = { suites: [], cases: [], failing: [], flaky: [] };
  collect(root, walk);
  return summarise(root, walk);
}

/** Gathers every <testcase> under the root, through suites nested to any depth, in document order. */
function collect(suite: XmlElement, walk: Walk): void {
  if (suite.tag === "testsuite") walk.suites.push(suite);
  for (const child of suite.children) {
    if (child.tag === "testsuite") collect(child, walk);
    if (child.tag !== "testcase") continue;
    const { testCase, failure } = readCase(child, suite.attrs.name);
    walk.cases.push(testCase);
    if (failure) (failure.flaky ? walk.flaky : walk.failing).push(failure);
  }
}

/** Counts from the cases themselves (never the suites' tests=/failures= attributes). */
function summarise(root: XmlElement, walk: Walk): JUnitReport {
  const count = (test: (testCase: TestCase) => boolean) => walk.cases.filter(test).length;
  const tests = walk.cases.length;
  const failed = count((testCase) => testCase.status === "failed");
  const skipped = count((testCase) => testCase.status === "skipped");
  const passed = tests - failed - skipped;
  const failures = [...walk.failing, ...walk.flaky];
  return {
    ...(root.attrs.name ? { name: root.attrs.name } : {}),
    ...optionalProducer(root, walk.suites),
    tests,
    passed,
    failed,
    errored: count((testCase) => testCase.errored),
    skipped,
    flaky: count((testCase) => testCase.flaky),
    passRate: passRateOf(passed, tests - skipped),
    durationMs: toMs(secondsOf(root)),
    cases: walk.cases,
    failures: failures.slice(0, MAX_REPORTED_FAILURES),
    failuresOmitted: Math.max(0, failures.length - MAX_REPORTED_FAILURES),
  };
}

/** `{ producer }` when recognised. */
function optionalProducer(root: XmlElement, suites: readonly XmlElement[]): Pick<JUnitReport, "producer"> {
  const producer = detectProducer(root, suites);
  return producer ? { producer } : {};
}

/** Percent of the cases that ran, floored (not rounded) to 2 decimals so 79.996 never reads as 80. */
export function passRateOf(passed: number, ran: number): number | null {
  return ran === 0 ? null : Math.floor((passed * 10000) / ran) / 100;
}

/**
 * Seconds for an element: a suite's own `time`, else the sum over its child suites and cases.
 * The <testsuites> root sums its top-level suites first (its own time is wall clock, often partial)
 * and uses its own `time` only when nothing below has one.
 */
function secondsOf(element: XmlElement): number | null {
  const own = readSeconds(element.attrs.time);
  if (own !== null && element.tag !== "testsuites") return own;
  let sum: number | null = null;
  for (const child of element.children) {
    if (child.tag !== "testsuite" && child.tag !== "testcase") continue;
    const seconds = secondsOf(child);
    if (seconds !== null) sum = (sum ?? 0) + seconds;
  }
  return sum ?? own;
}

