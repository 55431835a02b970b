import type { WatchView } from "@/lib/types";

/** HH:MM in UTC, as the header writes times (the same on the server render and in every browser). */
function clock(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

/** "Watching until HH:MM — no regression" while the watch after the handback runs; "Watch ended" after it. */
export function WatchNote({ watch }: { watch: WatchView }) {
  return (
    <p data-testid="watch" data-ended={watch.ended} className="mt-1 text-sm text-slate-600 dark:text-slate-300">
      <span aria-hidden="true">👁 </span>
      {watch.ended ? `Watch ended at ${clock(watch.until)} — no regression` : `Watching until ${clock(watch.until)} — no regression`}
    </p>
  );
}
