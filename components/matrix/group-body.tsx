"use client";
import type { ComponentView } from "@/lib/types";
import { ComponentCell } from "./component-cell";
import { LocationTable } from "./location-table";

interface GroupBodyProps {
  /** The id of the group's heading (the table is labelled by it). */
  labelledBy: string;
  members: ComponentView[];
  /** Every location that reported; two or more draw a component × location table instead of cards. */
  locations: string[];
  selected: string | null;
  onSelect: (id: string) => void;
  names: ReadonlyMap<string, string>;
}

/** One group's components: a grid of fixed-size cards from one location, a component × location table from several. */
export function GroupBody({ labelledBy, members, locations, selected, onSelect, names }: GroupBodyProps) {
  if (locations.length >= 2) return <LocationTable labelledBy={labelledBy} components={members} locations={locations} selected={selected} onSelect={onSelect} names={names} />;
  return (
    <ul className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,16rem),1fr))] gap-2">
      {members.map((component) => (
        <ComponentCell key={component.id} component={component} selected={component.id === selected} onSelect={onSelect} names={names} />
      ))}
    </ul>
  );
}
