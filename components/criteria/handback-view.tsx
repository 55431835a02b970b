"use client";
import { PhasesPanel } from "../phases/phases-panel";
import { TestPanel } from "../tests/test-panel";
import { SnapshotView } from "../ui/snapshot-view";
import { CriteriaList } from "./criteria-list";
import { GateSummary } from "./gate-summary";
import { HandbackActions } from "./handback-actions";

/** The `/handback` view for the dev team: the gate, the decision, the checklist with evidence, the phases, the tests. */
export function HandbackView() {
  return (
    <SnapshotView>
      {(snapshot) => (
        <div className="space-y-6">
          <GateSummary gate={snapshot.gate} />
          <HandbackActions state={snapshot.incident.state} criteria={snapshot.criteria} />
          <CriteriaList criteria={snapshot.criteria} />
          <PhasesPanel snapshot={snapshot} />
          <TestPanel suites={snapshot.tests.suites} total={snapshot.tests.total} />
        </div>
      )}
    </SnapshotView>
  );
}
