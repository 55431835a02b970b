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

/** The snapshot's parts other than the components, their clock-driven fields cut to the minute (generatedAt and outageMs left out). */
function timeless(rest: Omit<StatusSnapshot, "components">): unknown {
  const { eta } = rest.incident;
  return {
    ...rest,
    generatedAt: null,
    incident: {
      ...rest.incident,
      outageMs: null,
      eta: eta && {
        ...eta,
        earliest: isoToMinute(eta.earliest),
        latest: isoToMinute(eta.latest),
        basis: eta.basis.map((share) => ({ ...share, remainingMinMs: toMinute(share.remainingMinMs), remainingMaxMs: toMinute(share.remainingMaxMs) })),
      },
    },
    phases: rest.phases.map((phase) => ({ ...phase, elapsedMs: toMinute(phase.elapsedMs) })),
  };
}

/**
 * The weak ETag of a snapshot given as its other parts and its components' JSON (lib/snapshot/body.ts has
 * that JSON already): the components hold no clock-driven field and are hashed as sent.
 */
export function etagOf(rest: Omit<StatusSnapshot, "components">, componentsJson: string): string {
  return `W/"${createHash("sha1").update(JSON.stringify(timeless(rest))).update(componentsJson).digest("base64url")}"`;
}

/** A weak ETag of the snapshot: equal while nothing but the clock moved within one minute. */
export function snapshotEtag(snapshot: StatusSnapshot): string {
  const { components, ...rest } = snapshot;
  return etagOf(rest, JSON.stringify(components));
}
