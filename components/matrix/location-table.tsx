"use client";
import type { ComponentView } from "@/lib/types";
import { ComponentBadge } from "../ui/status-badge";
import { EDGE, selectButtonProps } from "./component-cell";
import { rootCauseText } from "./fold";
import { LocationCell } from "./location-cell";

/** A row's background; opaque, so the sticky name column hides what scrolls under it. */
const ROW = { selected: "bg-slate-100 dark:bg-slate-900", plain: "bg-white dark:bg-slate-950" } as const;
const STICKY = "sticky left-0 z-10 bg-inherit px-2 py-1.5 text-left align-top";

interface LocationTableProps {
  labelledBy: string;
  components: ComponentView[];
  locations: string[];
  selected: string | null;
  onSelect: (id: string) => void;
  /** Component names by id, to name root causes. */
  names: ReadonlyMap<string, string>;
}

/** One group as a component × location grid: name, overall status, then one column per location. */
export function LocationTable({ labelledBy, components, locations, selected, onSelect, names }: LocationTableProps) {
  return (
    // Focusable so keyboard users can scroll it sideways on a narrow screen; a group, not a second landmark in the section.
    <div role="group" aria-labelledby={labelledBy} tabIndex={0} className="overflow-x-auto rounded border border-slate-300 focus-visible:outline-2 focus-visible:outline-offset-2 dark:border-slate-700">
      <table aria-labelledby={labelledBy} className="w-full border-collapse text-sm">
        {/* Fixed widths for the status columns line them up from one group's table to the next. */}
        <thead className="text-xs tracking-wide whitespace-nowrap text-slate-600 uppercase dark:text-slate-300">
          <tr className={`border-b border-slate-300 dark:border-slate-700 ${ROW.plain}`}>
            <th scope="col" className={STICKY}>
              Component
            </th>
            <th scope="col" className="w-32 px-2 py-1.5 text-left">
              Overall
            </th>
            {locations.map((location) => (
              <th key={location} scope="col" className="w-36 px-2 py-1.5 text-left normal-case">
                {location}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {components.map((component) => {
            const byLocation = new Map((component.locations ?? []).map((view) => [view.location, view]));
            const isSelected = component.id === selected;
            const cause = rootCauseText(component, names);
            return (
              <tr key={component.id} className={`border-b border-slate-200 last:border-b-0 dark:border-slate-800 ${isSelected ? ROW.selected : ROW.plain}`}>
                <th scope="row" className={`${STICKY} min-w-32 font-normal`}>
                  <button
                    {...selectButtonProps(component, isSelected, onSelect)}
                    className="text-left font-medium break-words underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2"
                  >
                    {component.name}
                  </button>
                  <span className="block text-xs text-slate-600 dark:text-slate-300">{component.type}</span>
                  {cause ? <span className="block text-xs font-medium">{cause}</span> : null}
                </th>
                <td className={`border-l-4 px-2 py-1.5 align-top ${EDGE[component.status]}`}>
                  <ComponentBadge view={component} />
                </td>
                {locations.map((location) => (
                  <LocationCell key={location} componentId={component.id} location={location} view={byLocation.get(location)} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
