"use client";
import type { ComponentView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { ComponentCell } from "./component-cell";

function groupComponents(components: ComponentView[]): [string, ComponentView[]][] {
  const groups = new Map<string, ComponentView[]>();
  for (const component of components) {
    groups.set(component.group, [...(groups.get(component.group) ?? []), component]);
  }
  return [...groups.entries()];
}

/** The infra team's matrix: components grouped by `group`, each with status, latency, age and error. */
export function StatusMatrix({ components, selected, onSelect }: { components: ComponentView[]; selected: string | null; onSelect: (id: string) => void }) {
  if (components.length === 0) return <PanelMessage kind="empty">This incident config lists no components.</PanelMessage>;
  return (
    <div className="space-y-4">
      {groupComponents(components).map(([group, members]) => (
        <section key={group} aria-labelledby={`group-${group}`}>
          <h2 id={`group-${group}`} className="mb-2 text-lg font-semibold">
            {group}
          </h2>
          <ul className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,16rem),1fr))] gap-2">
            {members.map((component) => (
              <ComponentCell key={component.id} component={component} selected={component.id === selected} onSelect={onSelect} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
