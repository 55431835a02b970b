"use client";
import { locationNames } from "@/lib/locations";
import type { ComponentView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { ComponentCell } from "./component-cell";
import { LocationTable } from "./location-table";

function groupComponents(components: ComponentView[]): [string, ComponentView[]][] {
  const groups = new Map<string, ComponentView[]>();
  for (const component of components) {
    groups.set(component.group, [...(groups.get(component.group) ?? []), component]);
  }
  return [...groups.entries()];
}

/**
 * The infra team's matrix: components grouped by `group`, each with status, latency, age and error.
 * Probed from one location it is a grid of cards; from several, a component × location table per group.
 */
export function StatusMatrix({ components, selected, onSelect }: { components: ComponentView[]; selected: string | null; onSelect: (id: string) => void }) {
  if (components.length === 0) return <PanelMessage kind="empty">This incident config lists no components.</PanelMessage>;
  const locations = locationNames(components);
  return (
    <div className="space-y-4">
      {groupComponents(components).map(([group, members], index) => {
        // By position: aria-labelledby reads a list of ids, so a group name with a space would name nothing.
        const headingId = `group-${index}`;
        return (
          <section key={group} aria-labelledby={headingId}>
            <h2 id={headingId} className="mb-2 text-lg font-semibold">
              {group}
            </h2>
            {locations.length >= 2 ? (
              <LocationTable labelledBy={headingId} components={members} locations={locations} selected={selected} onSelect={onSelect} />
            ) : (
              <ul className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,16rem),1fr))] gap-2">
                {members.map((component) => (
                  <ComponentCell key={component.id} component={component} selected={component.id === selected} onSelect={onSelect} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
