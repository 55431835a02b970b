"use client";
import { useQueries } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { testRunsQuery } from "@/lib/queries/test-runs";
import type { SuiteView, TestRunView, TestsTotal } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { CaseDiff, TestsTotalLine } from "./case-diff";
import { FailingTests } from "./failing-tests";
import { SuiteTable } from "./suite-table";

const chartLoading = () => <PanelMessage kind="loading">Loading the chart…</PanelMessage>;
const LatestPassRateChart = dynamic(() => import("./pass-rate-charts").then((module) => module.LatestPassRateChart), { ssr: false, loading: chartLoading });
const PassRateHistoryChart = dynamic(() => import("./pass-rate-charts").then((module) => module.PassRateHistoryChart), { ssr: false, loading: chartLoading });

/** Merges every suite's runs into chart rows `{t, <suite>: passRate}`, oldest first. */
function historyRows(histories: { suite: string; runs: TestRunView[] }[]): Record<string, number>[] {
  const rows = histories.flatMap(({ suite, runs }) =>
    runs.filter((run) => run.passRate !== null).map((run) => ({ t: Date.parse(run.receivedAt), [suite]: run.passRate as number })),
  );
  return rows.sort((a, b) => a.t - b.t);
}

/** Test evidence for the dev team: latest pass rate per suite, pass rate over time, and what fails now. */
export function TestPanel({ suites, total }: { suites: SuiteView[]; total?: TestsTotal }) {
  const queries = useQueries({ queries: suites.map((suite) => testRunsQuery(suite.id)) });
  if (suites.length === 0) return <PanelMessage kind="empty">This incident config lists no test suites.</PanelMessage>;
  const latest = suites.filter((suite) => suite.latest?.passRate != null).map((suite) => ({ suite: suite.id, passRate: suite.latest!.passRate! }));
  const loaded = queries.flatMap((query, index) => (query.data ? [{ suite: suites[index]!.id, runs: query.data.runs }] : []));
  const failed = queries.find((query) => query.isError);
  const rows = historyRows(loaded);
  return (
    <section aria-labelledby="tests-heading" className="space-y-4">
      <h2 id="tests-heading" className="text-lg font-semibold">
        Test suites
      </h2>
      {total ? <TestsTotalLine total={total} /> : null}
      <SuiteTable suites={suites} />
      <CaseDiff suites={suites} />
      <div className="grid gap-4 md:grid-cols-2">
        <figure className="break-inside-avoid">
          <figcaption className="mb-1 text-sm font-medium">Latest pass rate by suite</figcaption>
          {latest.length === 0 ? <PanelMessage kind="empty">No test run has been reported yet.</PanelMessage> : <LatestPassRateChart data={latest} />}
        </figure>
        <figure className="break-inside-avoid">
          <figcaption className="mb-1 text-sm font-medium">Pass rate over time</figcaption>
          {queries.some((query) => query.isPending) ? (
            <PanelMessage kind="loading">Loading the run history…</PanelMessage>
          ) : rows.length === 0 ? (
            <PanelMessage kind="empty">No runs with tests yet.</PanelMessage>
          ) : (
            <PassRateHistoryChart rows={rows} suites={loaded.map((history) => history.suite)} />
          )}
        </figure>
      </div>
      {failed?.error ? <PanelMessage kind="error">Could not load the run history: {failed.error.message}</PanelMessage> : null}
      <FailingTests histories={loaded} pending={queries.some((query) => query.isPending)} />
    </section>
  );
}
