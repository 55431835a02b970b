"use client";
import { useId, useState } from "react";
import type { ComponentView } from "@/lib/types";
import { BUTTON } from "../ui/button-class";
import { ComponentCell } from "./component-cell";
import type { RootCauseFold } from "./fold";

/** "Group by root cause": a toggle button (aria-pressed); its state lives in the URL (`?fold=root-cause`). */
export function RootCauseToggle({ pressed, onToggle, roots }: { pressed: boolean; onToggle: () => void; roots: number }) {
  return (
    <div data-print="hide" className="flex flex-wrap items-center gap-2">
      <button type="button" data-testid="fold-root-cause" aria-pressed={pressed} onClick={onToggle} className={`${BUTTON} aria-pressed:bg-slate-200 dark:aria-pressed:bg-slate-700`}>
        {pressed ? <span aria-hidden="true">✓ </span> : null}
        Group by root cause
      </button>
      <span className="text-sm text-slate-600 dark:text-slate-300">
        {roots === 0 ? "No component is down because of another." : `${roots} root ${roots === 1 ? "cause" : "causes"} explain the components beneath them.`}
      </span>
    </div>
  );
}

/** A root's symptoms folded under it: "+7 symptoms", opened to a list of buttons that select each one. */
function Symptoms({ fold, onSelect }: { fold: RootCauseFold; onSelect: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const count = fold.symptoms.length;
  return (
    <div className="mt-1 text-sm">
      <button
        type="button"
        data-testid={`symptoms-${fold.root.id}`}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((current) => !current)}
        className="font-medium underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2"
      >
        {open ? "−" : "+"}
        {count} {count === 1 ? "symptom" : "symptoms"}
      </button>
      <ul id={listId} hidden={!open} className="mt-1 space-y-0.5 pl-3">
        {fold.symptoms.map((symptom) => (
          <li key={symptom.id}>
            <button type="button" onClick={() => onSelect(symptom.id)} className="text-left underline-offset-2 hover:underline focus-visible:outline-2">
              {symptom.name} · {symptom.status}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The root causes first, each cell with its symptoms folded beneath it. */
export function RootCauseSection({ folds, selected, onSelect, names }: { folds: RootCauseFold[]; selected: string | null; onSelect: (id: string) => void; names: ReadonlyMap<string, string> }) {
  if (folds.length === 0) return null;
  return (
    <section aria-labelledby="root-causes-heading">
      <h2 id="root-causes-heading" className="mb-2 text-lg font-semibold">
        Root causes
      </h2>
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,16rem),1fr))] gap-2">
        {folds.map((fold) => (
          <ComponentCell key={fold.root.id} component={fold.root} selected={fold.root.id === selected} onSelect={onSelect} names={names}>
            <Symptoms fold={fold} onSelect={onSelect} />
          </ComponentCell>
        ))}
      </ul>
    </section>
  );
}

/** Component names by id, for root-cause text. */
export function namesOf(components: readonly ComponentView[]): Map<string, string> {
  return new Map(components.map((component) => [component.id, component.name]));
}
