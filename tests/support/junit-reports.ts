// Builders for JUnit documents that are too big or too repetitive to commit as fixtures.

/** Outcome of one generated case. */
export type GeneratedOutcome = "pass" | "fail" | "error" | "skip";

const BODY: Record<GeneratedOutcome, (i: number) => string> = {
  pass: () => "",
  fail: (i) => `<failure message="expected 200 but was 503 (case ${i})" type="AssertionError">stack of case ${i}</failure>`,
  error: (i) => `<error message="connect ECONNREFUSED 10.80.0.3:5432 (case ${i})" type="Error"/>`,
  skip: () => "<skipped/>",
};

/** A `<testsuites>` report with one suite holding the given outcomes, each case taking `seconds`. */
export function buildReport(suite: string, outcomes: readonly GeneratedOutcome[], seconds = 0.1): string {
  const cases = outcomes.map(
    (outcome, i) => `    <testcase classname="${suite}.Generated" name="case ${i}" time="${seconds}">${BODY[outcome](i)}</testcase>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<testsuites>",
    `  <testsuite name="${suite}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** `count` copies of `outcome` (to spell reports like "12 pass, 0 fail"). */
export function times(count: number, outcome: GeneratedOutcome): GeneratedOutcome[] {
  return Array.from({ length: count }, () => outcome);
}

/** Suites nested so that the innermost <testcase> sits at `depth` (root = 1), one start tag per line. */
export function nestedReport(depth: number): string {
  const suites = Math.max(0, depth - 2);
  return [
    "<testsuites>",
    ...Array.from({ length: suites }, (_, i) => `<testsuite name="level ${i + 2}">`),
    '<testcase name="deep"/>',
    ...Array.from({ length: suites }, () => "</testsuite>"),
    "</testsuites>",
  ].join("\n");
}

/** A valid report of at least `bytes` bytes: every tenth case fails with a long message. */
export function largeReport(bytes: number): string {
  const filler = "x".repeat(120);
  const cases: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    const body = i % 10 === 0 ? `<failure message="case ${i} ${filler}">${filler}</failure>` : "";
    const line = `<testcase classname="big.Suite" name="case ${i} ${filler}" time="0.001">${body}</testcase>`;
    cases.push(line);
    size += line.length + 1;
  }
  return `<testsuites><testsuite name="big">\n${cases.join("\n")}\n</testsuite></testsuites>\n`;
}
