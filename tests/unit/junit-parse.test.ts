import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { NewTestRun } from "@/lib/db/test-runs";
import { MAX_REPORTED_FAILURES, parseJUnit, passRateOf, type JUnitReport } from "@/lib/junit/parse";
import { toCreatedBody, toTestRunFields } from "@/lib/junit/run";
import { buildReport, times } from "@/tests/support/junit-reports";

const FIXTURES = fileURLToPath(new URL("../fixtures/junit/", import.meta.url));

/** Reads and parses one committed fixture. */
function parseFixture(file: string): JUnitReport {
  return parseJUnit(readFileSync(`${FIXTURES}${file}`, "utf8"));
}

type Expected = Pick<
  JUnitReport,
  "tests" | "passed" | "failed" | "errored" | "skipped" | "flaky" | "passRate" | "durationMs" | "producer"
>;

// file, then what the <testcase> elements say (never the tests=/failures= attributes).
const FIXTURE_CASES: [string, Expected][] = [
  ["pytest.xml", { tests: 7, passed: 3, failed: 2, errored: 1, skipped: 2, flaky: 0, passRate: 60, durationMs: 4532, producer: "pytest" }],
  ["jest-junit.xml", { tests: 6, passed: 4, failed: 1, errored: 0, skipped: 1, flaky: 0, passRate: 80, durationMs: 3000, producer: "jest-junit" }],
  ["surefire-flaky.xml", { tests: 6, passed: 4, failed: 1, errored: 0, skipped: 1, flaky: 2, passRate: 80, durationMs: 21337, producer: "surefire" }],
  ["playwright.xml", { tests: 4, passed: 2, failed: 1, errored: 0, skipped: 1, flaky: 0, passRate: 66.66, durationMs: 14200, producer: "playwright" }],
  ["ant-jenkins-nested.xml", { tests: 7, passed: 4, failed: 2, errored: 1, skipped: 1, flaky: 0, passRate: 66.66, durationMs: 5000, producer: "ant" }],
  ["several-failures-one-case.xml", { tests: 2, passed: 1, failed: 1, errored: 0, skipped: 0, flaky: 0, passRate: 50, durationMs: 1500, producer: undefined }],
  ["error-and-failure-one-case.xml", { tests: 3, passed: 2, failed: 1, errored: 1, skipped: 0, flaky: 0, passRate: 66.66, durationMs: 2000, producer: undefined }],
  ["missing-counts.xml", { tests: 5, passed: 1, failed: 3, errored: 1, skipped: 1, flaky: 0, passRate: 25, durationMs: null, producer: undefined }],
  ["wrong-counts.xml", { tests: 3, passed: 2, failed: 1, errored: 0, skipped: 0, flaky: 0, passRate: 66.66, durationMs: 1000, producer: undefined }],
  ["incident-unit.xml", { tests: 12, passed: 12, failed: 0, errored: 0, skipped: 0, flaky: 0, passRate: 100, durationMs: 2400, producer: "jest-junit" }],
  ["incident-integration.xml", { tests: 11, passed: 0, failed: 11, errored: 11, skipped: 0, flaky: 0, passRate: 0, durationMs: 385000, producer: "pytest" }],
  ["incident-e2e.xml", { tests: 5, passed: 0, failed: 5, errored: 0, skipped: 0, flaky: 0, passRate: 0, durationMs: 150000, producer: "playwright" }],
];

describe("parseJUnit over every producer's fixture", () => {
  it.each(FIXTURE_CASES)("%s", (file, expected) => {
    const report = parseFixture(file);
    const { tests, passed, failed, errored, skipped, flaky, passRate, durationMs, producer } = report;
    expect({ tests, passed, failed, errored, skipped, flaky, passRate, durationMs, producer }).toEqual(expected);
  });

  it.each(FIXTURE_CASES.map(([file]) => file))("%s: counts add up and every failing or flaky case is listed", (file) => {
    const report = parseFixture(file);
    expect(report.passed + report.failed + report.skipped).toBe(report.tests);
    expect(report.cases).toHaveLength(report.tests);
    expect(report.failures.filter((failure) => !failure.flaky)).toHaveLength(report.failed);
    expect(report.failures.filter((failure) => failure.flaky)).toHaveLength(report.flaky);
    expect(report.failuresOmitted).toBe(0);
  });
});

describe("what the failures say", () => {
  it.each([
    ["pytest.xml", "test_query_through_vpc_connector", "failure", "AssertionError: assert 503 == 200\n +  where 503 = <Response [503]>.status_code"],
    ["pytest.xml", "test_session_cache_roundtrip", "error", 'failed on setup with "redis.exceptions.ConnectionError: Error 111 connecting to 10.166.204.83:6379. Connection refused."'],
    ["jest-junit.xml", "auth/session refreshes an expired token", "failure", "Error: expect(received).toBe(expected) // Object.is equality"],
    ["surefire-flaky.xml", "loadBalancerServesTls", "failure", "expected: <200> but was: <502>"],
    ["playwright.xml", "golden path › logs in and gets an AI response", "failure", "login.spec.ts:12:7 logs in and gets an AI response"],
    ["ant-jenkins-nested.xml", "expiresKeys", "failure", "expected:<null> but was:<session-1>"],
    ["several-failures-one-case.xml", "allEndpointsHealthy", "failure", "/health returned 503"],
    ["error-and-failure-one-case.xml", "deletesTemporaryTenant", "failure", "tenant still listed after delete"],
    ["missing-counts.xml", "d", "error", "boom"],
  ])("%s › %s is a %s: %s", (file, name, kind, message) => {
    const failure = parseFixture(file).failures.find((entry) => entry.name === name);
    expect(failure).toMatchObject({ kind, message });
    expect(failure?.flaky).toBeUndefined();
  });

  it("reports Surefire reruns that ended green as flaky passes, and reruns of a red test as a plain failure", () => {
    const report = parseFixture("surefire-flaky.xml");
    expect(report.failures.filter((failure) => failure.flaky).map(({ name, kind, type }) => ({ name, kind, type }))).toEqual([
      { name: "connectsToCloudSqlThroughVpc", kind: "failure", type: "org.postgresql.util.PSQLException" },
      { name: "pingsRedis", kind: "error", type: "io.lettuce.core.RedisConnectionException" },
    ]);
    const red = report.cases.find((testCase) => testCase.name === "loadBalancerServesTls");
    expect(red).toMatchObject({ status: "failed", flaky: false });
  });

  it("keeps pytest's skip and xfail as skipped, neither passed nor failed", () => {
    const statuses = parseFixture("pytest.xml").cases.map((testCase) => [testCase.name, testCase.status]);
    expect(statuses).toContainEqual(["test_streaming_reply", "skipped"]);
    expect(statuses).toContainEqual(["test_certificate_chain", "skipped"]);
  });

  it("accepts DOCTYPE-looking text inside CDATA (Playwright's page dumps)", () => {
    expect(parseFixture("playwright.xml").failed).toBe(1);
  });

  it("names each case's innermost suite, through nested suites", () => {
    const suites = parseFixture("ant-jenkins-nested.xml").cases.map((testCase) => testCase.suite);
    expect(suites).toEqual([
      "com.example.staging.db.PoolTest",
      "com.example.staging.db.PoolTest",
      "com.example.staging.db.MigrationTest",
      "com.example.staging.cache",
      "com.example.staging.cache",
      "com.example.staging.cache",
      "com.example.staging.SmokeTest",
    ]);
  });
});

describe("the reference incident (unit 12/12, integration 0/11, e2e 0/5)", () => {
  const generated: [string, string, number, number | null][] = [
    ["unit", buildReport("unit", times(12, "pass")), 12, 100],
    ["integration", buildReport("integration", times(11, "error")), 11, 0],
    ["e2e", buildReport("e2e", times(5, "fail")), 5, 0],
    ["after the fix", buildReport("all", times(28, "pass")), 28, 100],
  ];

  it.each(generated)("generated %s report", (_name, xml, tests, passRate) => {
    expect(parseJUnit(xml)).toMatchObject({ tests, passRate });
  });

  it("adds up to 12/28 passing across the three committed reports", () => {
    const reports = ["incident-unit.xml", "incident-integration.xml", "incident-e2e.xml"].map(parseFixture);
    const passed = reports.reduce((sum, report) => sum + report.passed, 0);
    const tests = reports.reduce((sum, report) => sum + report.tests, 0);
    expect([passed, tests, passRateOf(passed, tests)]).toEqual([12, 28, 42.85]);
  });
});

describe("passRateOf", () => {
  it.each([
    [12, 12, 100],
    [0, 11, 0],
    [12, 28, 42.85],
    [2, 3, 66.66],
    [4, 5, 80],
    [15999, 20000, 79.99], // floored: a gate at 80 must not open at 79.995
    [0, 0, null],
  ])("%i of %i → %s", (passed, ran, expected) => {
    expect(passRateOf(passed, ran)).toBe(expected);
  });
});

describe("edge shapes", () => {
  it.each([
    ["an empty suite", "<testsuite/>", { tests: 0, passRate: null, durationMs: null }],
    ["only skipped cases", buildReport("s", times(3, "skip")), { tests: 3, skipped: 3, passRate: null }],
    ["cases directly under <testsuites>", '<testsuites><testcase name="a"/></testsuites>', { tests: 1, passed: 1 }],
    ["a BOM before the declaration", '\uFEFF<?xml version="1.0"?><testsuite><testcase name="a"/></testsuite>', { tests: 1 }],
    ["a root time when nothing below has one", '<testsuites time="2.5"><testsuite><testcase name="a"/></testsuite></testsuites>', { durationMs: 2500 }],
    ["thousands separators in time", '<testsuite time="1,234.5"><testcase name="a"/></testsuite>', { durationMs: 1234500 }],
    ["an unreadable time", '<testsuite time="fast"><testcase name="a" time="-1"/></testsuite>', { durationMs: null }],
  ])("%s", (_name, xml, expected) => {
    expect(parseJUnit(xml)).toMatchObject(expected);
  });

  it("decodes character references but leaves unknown entities alone (no DTD, no expansion)", () => {
    const xml = '<testsuite><testcase name="a&#x2192;b &amp; &#0; &custom;"/></testsuite>';
    expect(parseJUnit(xml).cases[0]?.name).toBe("a→b & &#0; &custom;");
  });

  it(`lists at most ${MAX_REPORTED_FAILURES} failures and says how many were left out`, () => {
    const report = parseJUnit(buildReport("many", times(MAX_REPORTED_FAILURES + 20, "fail")));
    expect([report.failed, report.failures.length, report.failuresOmitted]).toEqual([MAX_REPORTED_FAILURES + 20, MAX_REPORTED_FAILURES, 20]);
  });
});

describe("mapping for the route and the database", () => {
  it("fills insertTestRun's fields and the 201 body", () => {
    const report = parseFixture("pytest.xml");
    const run: NewTestRun = { suiteId: "validation", actor: "ci", source: "junit", ...toTestRunFields(report) };
    expect(run).toMatchObject({ tests: 7, passed: 3, failed: 2, skipped: 2, errors: 1, passRate: 60, durationMs: 4532 });
    expect(run.failures).toHaveLength(2);
    expect(toCreatedBody("validation", report)).toEqual({ suite: "validation", tests: 7, passed: 3, failed: 2, skipped: 2, passRate: 60 });
  });
});
