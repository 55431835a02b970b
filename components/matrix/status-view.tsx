"use client";
import { useState } from "react";
import { PhasesPanel } from "../phases/phases-panel";
import { SnapshotView } from "../ui/snapshot-view";
import { ComponentDetail } from "./component-detail";
import { rootCauseText } from "./fold";
import { IncidentBanner } from "./incident-banner";
import { namesOf } from "./root-cause-fold";
import { StatusMatrix } from "./status-matrix";

/** The `/` view: incident header, banner, the live component matrix, the selected component's detail, then the phases. */
export function StatusView() {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <SnapshotView>
      {(snapshot) => {
        const component = snapshot.components.find((candidate) => candidate.id === selected) ?? null;
        return (
          <>
            <IncidentBanner snapshot={snapshot} />
            <div className={component ? "grid gap-4 lg:grid-cols-[minmax(0,1fr)_26rem]" : ""}>
              <StatusMatrix components={snapshot.components} selected={selected} onSelect={(id) => setSelected((current) => (current === id ? null : id))} />
              {component ? <ComponentDetail component={component} onClose={() => setSelected(null)} cause={rootCauseText(component, namesOf(snapshot.components))} /> : null}
            </div>
            <div className="mt-6">
              <PhasesPanel snapshot={snapshot} />
            </div>
          </>
        );
      }}
    </SnapshotView>
  );
}
