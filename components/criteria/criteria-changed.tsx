import "server-only";
import Link from "next/link";
import { listConfigEntries } from "@/lib/db";
import { getConfig, getDb } from "@/lib/runtime";
import { log } from "@/lib/log";
import { messageOf } from "@/lib/message-of";

// The goalpost audit on /handback: criteria edited between two starts of this incident (issue #12: a
// threshold lowered from 80% to 60% must not go unnoticed at handback). Read once when the page loads:
// such entries are only written at a start, and a start means a new page load for anyone watching.

/** A warning listing every change to the criteria since the incident opened, or nothing when there is none. */
export async function CriteriaChanged() {
  const config = getConfig();
  let entries;
  try {
    entries = await listConfigEntries(await getDb(), config.incident.id, "criterion");
  } catch (error) {
    log.warn(`could not read the criteria changes for /handback: ${messageOf(error)}`);
    return null;
  }
  if (entries.length === 0) return null;
  return (
    <section data-testid="criteria-changed" aria-labelledby="criteria-changed-title" className="rounded border-2 border-warn p-3">
      <h2 id="criteria-changed-title" className="font-semibold text-warn">
        <span aria-hidden="true">⚠ </span>
        Criteria changed since the incident opened ({entries.length} {entries.length === 1 ? "change" : "changes"})
      </h2>
      <ul className="mt-1 list-disc pl-5 text-sm">
        {entries.map((entry) => (
          <li key={entry.id} data-testid="criteria-change">
            <time dateTime={entry.at}>{entry.at.replace("T", " ").slice(0, 16)} UTC</time>: {entry.text}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-sm">
        <Link href="/timeline?type=config" className="underline">
          Every config change on the timeline
        </Link>
      </p>
    </section>
  );
}
