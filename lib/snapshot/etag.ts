import { createHash } from "node:crypto";
import type { StatusSnapshot } from "../types";

// The validator of `GET /api/status` (docs/architecture.md "Read model"). Some fields move with the clock
// alone: when the snapshot was taken, the outage so far, the ETA (now + what is left) and each phase's
// elapsed and remaining time. Hashed as they are, every build would get a new tag and a client would
// never see a 304; the tag hashes them to the minute instead (the page shows them to the minute), and
// leaves generatedAt and outageMs out. Weak, since two bodies with one tag are equivalent, not identical.

const MINUTE_MS = 60_000;
const toMinute = (ms: number | null) => (ms === null ? null : Math.floor(ms / MINUTE_MS));
const isoToMinute = (iso: string) => toMinute(Date.parse(iso));

/** The snapshot with its clock-driven fields cut to the minute (generatedAt and outageMs left out). */
function timeless(snapshot: StatusSnapshot): unknown {
  const { eta } = snapshot.incident;
  return {
    ...snapshot,
    generatedAt: null,
    incident: {
      ...snapshot.incident,
      outageMs: null,
      eta: eta && {
        ...eta,
        earliest: isoToMinute(eta.earliest),
        latest: isoToMinute(eta.latest),
        basis: eta.basis.map((share) => ({ ...share, remainingMinMs: toMinute(share.remainingMinMs), remainingMaxMs: toMinute(share.remainingMaxMs) })),
      },
    },
    phases: snapshot.phases.map((phase) => ({ ...phase, elapsedMs: toMinute(phase.elapsedMs) })),
  };
}

/** A weak ETag of the snapshot: equal while nothing but the clock moved within one minute. */
export function snapshotEtag(snapshot: StatusSnapshot): string {
  return `W/"${createHash("sha1").update(JSON.stringify(timeless(snapshot))).digest("base64url")}"`;
}
