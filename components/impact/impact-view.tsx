"use client";
import { SnapshotView } from "../ui/snapshot-view";
import { ArrHistory } from "./arr-history";
import { ImpactFacts, ImpactSentence } from "./impact-facts";
import { ArrNow, ImpactSummary } from "./impact-summary";
import { RootCauseImpact } from "./root-cause-impact";

/** The `/impact` view for business leadership: one sentence, the big number, the trend, then the detail. */
export function ImpactView() {
  return (
    <SnapshotView>
      {(snapshot) => (
        <div className="space-y-6">
          <ImpactSentence snapshot={snapshot} />
          <div className="grid gap-6 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <ArrNow impact={snapshot.impact} />
            <ImpactFacts incident={snapshot.incident} />
          </div>
          <RootCauseImpact impact={snapshot.impact} names={new Map(snapshot.components.map((component) => [component.id, component.name]))} />
          <ArrHistory />
          <ImpactSummary impact={snapshot.impact} />
        </div>
      )}
    </SnapshotView>
  );
}
