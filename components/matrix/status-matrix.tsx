"use client";
import type { ComponentView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { StatusBadge } from "../ui/status-badge";
import { TimeAgo } from "../ui/time-ago";

function groupComponents(components: ComponentView[]): [string, ComponentView[]][] {
  const groups = new Map<string, ComponentView[]>();
  for (const component of components) {
    groups.set(component.group, [...(groups.get(component.group) ?? []), component]);
  }
  return [...groups.entries()];
}

function ComponentCell({ component }: { component: ComponentView }) {
  return (
    <li
      data-testid={`component-${component.id}`}
      data-status={component.status}
      className="space-y-1 rounded border border-slate-300 p-3 dark:border-slate-700"
    >
      <div className="flex items-start justify-between gap-2">
        <span className="font-medium">{component.name}</span>
        <StatusBadge state={component.status} />
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {component.type}
        {component.latencyMs === null ? "" : ` · ${Math.round(component.latencyMs)} ms`}
        {component.checkedAt ? (
          <>
            {" · checked "}
            <TimeAgo iso={component.checkedAt} />
          </>
        ) : (
          " · never checked"
        )}
        {component.stale ? " · stale" : ""}
      </p>
      {component.error ? (
        <p className="break-words text-sm text-bad">
          {component.error.code}: {component.error.message}
        </p>
      ) : null}
    </li>
  );
}

/** The infra team's matrix: components grouped by `group`, each with status, latency, age and error. */
export function StatusMatrix({ components }: { components: ComponentView[] }) {
  if (components.length === 0) return <PanelMessage kind="empty">This incident config lists no components.</PanelMessage>;
  return (
    <div className="space-y-4">
      {groupComponents(components).map(([group, members]) => (
        <section key={group} aria-labelledby={`group-${group}`}>
          <h2 id={`group-${group}`} className="mb-2 text-lg font-semibold">
            {group}
          </h2>
          <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {members.map((component) => (
              <ComponentCell key={component.id} component={component} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
