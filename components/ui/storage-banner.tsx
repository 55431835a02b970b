import type { StatusSnapshot } from "@/lib/types";

/** Says "storage degraded" while probe results wait in memory for the database; nothing otherwise. */
export function StorageBanner({ storage }: { storage: StatusSnapshot["storage"] }) {
  if (!storage?.degraded) return null;
  const dropped = storage.dropped > 0 ? `, ${storage.dropped} dropped` : "";
  return (
    <p role="status" data-testid="storage-banner" className="mb-4 rounded border border-warn p-3 text-sm text-warn">
      <span aria-hidden="true">⚠ </span>
      <strong>Storage degraded</strong>: probing goes on; {storage.buffered} results wait to be written{dropped}
      {storage.since ? ` (since ${storage.since})` : ""}.
    </p>
  );
}
