import "server-only";

// The demo's CI: JUnit reports with the reference incident's figures (unit 12/12, integration 0/11,
// e2e 0/5 during the outage), posted through the same parser and storage as any real report.

/** Counts of one synthetic suite run. */
export interface SyntheticRun {
  passed: number;
  failed: number;
}

const escape = (text: string) => text.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** Builds a JUnit XML document for `suite` with `passed` passing and `failed` failing test cases. */
export function makeJUnitReport(suite: string, run: SyntheticRun, failure = "connection to staging refused"): string {
  const cases = [
    ...Array.from({ length: run.passed }, (_, index) => `<testcase classname="${escape(suite)}" name="check_${index + 1}" time="0.2"/>`),
    ...Array.from(
      { length: run.failed },
      (_, index) => `<testcase classname="${escape(suite)}" name="check_${run.passed + index + 1}" time="5.0"><failure message="${escape(failure)}">${escape(failure)}</failure></testcase>`,
    ),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="${escape(suite)}" tests="${cases.length}">${cases.join("")}</testsuite></testsuites>\n`;
}
