"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { componentResultsQuery, componentTransitionsQuery } from "@/lib/queries/components";
import type { ComponentView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { ComponentBadge } from "../ui/status-badge";
import { LatencySection } from "./latency-section";
import { LocationList } from "./location-list";
import { RecentResults } from "./recent-results";
import { RunProbesButton } from "./run-probes-button";
import { TransitionList } from "./transition-list";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </section>
  );
}

/** The selected component: its locations, latency over the incident, recent results with timings and evidence, transitions. */
export function ComponentDetail({ component, onClose, cause }: { component: ComponentView; onClose: () => void; cause: string | null }) {
  const results = useQuery(componentResultsQuery(component.id));
  const transitions = useQuery(componentTransitionsQuery(component.id));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [component.id]);
  return (
    <aside id="component-detail" aria-labelledby="component-detail-title" className="min-w-0 space-y-4 rounded border border-slate-300 p-3 lg:sticky lg:top-4 lg:self-start dark:border-slate-700">
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0 space-y-1">
          <h2 id="component-detail-title" ref={heading} tabIndex={-1} className="font-semibold break-words outline-none">
            {component.name}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            {component.group} · {component.type} · <ComponentBadge view={component} />
          </p>
          {cause ? <p className="text-sm font-medium break-words">{cause}</p> : null}
        </div>
        <button type="button" onClick={onClose} aria-label="Close the component detail" className="shrink-0 whitespace-nowrap rounded border border-slate-300 px-2 text-sm dark:border-slate-700">
          ✕ Close
        </button>
      </header>
      <RunProbesButton label="Probe this now" components={[component.id]} />
      {component.locations && component.locations.length >= 2 ? (
        <Section title="Locations">
          <LocationList locations={component.locations} />
        </Section>
      ) : null}
      <Section title="Latency">
        <LatencySection componentId={component.id} />
      </Section>
      <Section title="Recent results">
        {results.isPending ? null : results.isError ? null : <RecentResults results={results.data.results.slice(0, 8)} />}
      </Section>
      <Section title="Transitions">
        {transitions.isPending ? (
          <PanelMessage kind="loading">Loading transitions…</PanelMessage>
        ) : transitions.isError ? (
          <PanelMessage kind="error">Could not load transitions: {transitions.error.message}</PanelMessage>
        ) : (
          <TransitionList transitions={transitions.data.transitions} />
        )}
      </Section>
    </aside>
  );
}
