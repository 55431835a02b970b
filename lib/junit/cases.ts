import type { JUnitFailure, TestCase } from "./types";
import type { XmlElement } from "./xml";
import { readSeconds, toMs } from "./time";

/** Longest message kept per failure; stack traces stay in the CI logs, not in the database row. */
export const MAX_MESSAGE_CHARS = 1000;

type Kind = JUnitFailure["kind"];

// Maps rather than object literals: a hostile tag named "constructor" must not hit Object.prototype.
const PROBLEM_TAGS = new Map<string, Kind>([
  ["failure", "failure"],
  ["error", "error"],
]);
// Maven Surefire rerun elements: inside a passing case they mean "flaky", inside a failing one, just history.
const RERUN_TAGS = new Map<string, Kind>([
  ["flakyFailure", "failure"],
  ["flakyError", "error"],
  ["rerunFailure", "failure"],
  ["rerunError", "error"],
]);

/** A normalised case plus its failure entry when it failed or passed only after reruns. */
export interface ReadCase {
  testCase: TestCase;
  failure?: JUnitFailure;
}

/** Classifies one <testcase>: any <failure>/<error> → failed (once), else <skipped> → skipped, else passed. */
export function readCase(element: XmlElement, suite: string | undefined): ReadCase {
  const problems = element.children.filter((child) => PROBLEM_TAGS.has(child.tag));
  const reruns = element.children.filter((child) => RERUN_TAGS.has(child.tag));
  const skipped = element.children.some((child) => child.tag === "skipped");
  const failed = problems.length > 0;
  const status = failed ? "failed" : skipped ? "skipped" : "passed";
  const flaky = status === "passed" && reruns.length > 0;
  const testCase: TestCase = {
    name: element.attrs.name ?? "(unnamed test)",
    ...optional("classname", element.attrs.classname),
    ...optional("suite", suite),
    status,
    errored: problems.some((child) => child.tag === "error"),
    flaky,
    durationMs: toMs(readSeconds(element.attrs.time)),
  };
  const evidence = failed ? problems[0] : flaky ? reruns[0] : undefined;
  if (!evidence) return { testCase };
  return { testCase, failure: toFailure(testCase, evidence, flaky) };
}

/** The failure entry for a case, described by its first <failure>/<error> (or first rerun when flaky). */
function toFailure(testCase: TestCase, evidence: XmlElement, flaky: boolean): JUnitFailure {
  const kind = PROBLEM_TAGS.get(evidence.tag) ?? RERUN_TAGS.get(evidence.tag) ?? "failure";
  return {
    name: testCase.name,
    ...optional("classname", testCase.classname),
    ...optional("suite", testCase.suite),
    ...optional("message", messageOf(evidence)),
    ...optional("type", evidence.attrs.type),
    kind,
    ...(flaky ? { flaky: true } : {}),
  };
}

/** The message attribute, else the first non-blank line of the body (jest-junit writes only a body). */
function messageOf(element: XmlElement): string | undefined {
  const fromAttr = element.attrs.message?.trim();
  const text = fromAttr || element.text.split("\n").find((line) => line.trim() !== "")?.trim();
  if (!text) return undefined;
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

/** `{ key: value }` when value is set, `{}` otherwise (exactOptional-friendly spreading). */
function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
