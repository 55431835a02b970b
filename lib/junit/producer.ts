import type { JUnitProducer } from "./types";
import type { XmlElement } from "./xml";

interface Detector {
  producer: JUnitProducer;
  matches: (root: XmlElement, suites: readonly XmlElement[]) => boolean;
}

const SPEC_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;

/** Names of the <property> elements directly under a suite's <properties>. */
function propertyNames(suite: XmlElement): string[] {
  return suite.children
    .filter((child) => child.tag === "properties")
    .flatMap((properties) => properties.children.map((property) => property.attrs.name ?? ""));
}

// First match wins; each signal is what that tool writes by default.
const DETECTORS: readonly Detector[] = [
  // pytest ≥ 5.1 names its one suite "pytest" (junit_suite_name).
  { producer: "pytest", matches: (_root, suites) => suites.some((suite) => suite.attrs.name === "pytest") },
  {
    producer: "surefire",
    matches: (_root, suites) =>
      suites.some(
        (suite) =>
          (suite.attrs["xsi:noNamespaceSchemaLocation"] ?? "").includes("surefire") ||
          propertyNames(suite).some((name) => name.startsWith("surefire.") || name.startsWith("maven.")),
      ),
  },
  // jest-junit's default suiteName.
  { producer: "jest-junit", matches: (root) => root.tag === "testsuites" && root.attrs.name === "jest tests" },
  // Playwright: one suite per spec file, hostname = project name.
  {
    producer: "playwright",
    matches: (_root, suites) =>
      suites.some((suite) => SPEC_FILE.test(suite.attrs.name ?? "") && suite.attrs.hostname !== undefined),
  },
  { producer: "ant", matches: (_root, suites) => suites.some((suite) => propertyNames(suite).some((name) => name.startsWith("ant."))) },
];

/** Recognises the tool that wrote a report from its default markers; undefined when unsure. */
export function detectProducer(root: XmlElement, suites: readonly XmlElement[]): JUnitProducer | undefined {
  return DETECTORS.find((detector) => detector.matches(root, suites))?.producer;
}
