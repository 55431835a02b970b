import "server-only";
import { createHash } from "node:crypto";
import type { IncidentConfig } from "../config";
import { appendTimeline, insertConfigVersion, latestConfigVersion, lockConfigAudit, type Db, type TimelineEvent } from "../db";
import type { EventBus } from "../events/bus";
import { redact, urlSecrets } from "../redact";
import { auditedConfig, canonicalJson, diffConfigs, type AuditedConfig, type Scrub } from "./config-diff";

// The goalpost audit at start (docs/configuration.md "Goalpost audit"): the config's criteria, conditions,
// windows, thresholds and components are compared with the last version stored for the same incident id;
// each difference becomes a `config` timeline entry with before and after. The first start stores only.

/** Masks URL passwords, credential query values, server secrets and every `${ENV}` value put into the config. */
export const scrubSecrets: Scrub = (text) => redact(text, text.split(/\s+/).flatMap(urlSecrets));

/** The actor of audit entries: the config itself, not a person. */
export const CONFIG_ACTOR = "config";

/**
 * Compares the config with the incident's last stored version and records the differences, once: the
 * check and the writes share one transaction under a lock, so instances starting together write them once.
 */
export async function auditConfigAtStart(db: Db, bus: EventBus, config: IncidentConfig): Promise<TimelineEvent[]> {
  const incidentId = config.incident.id;
  const body = auditedConfig(config, scrubSecrets);
  const hash = createHash("sha256").update(canonicalJson(body)).digest("hex");
  const entries = await db.transaction(async (tx) => {
    await lockConfigAudit(tx);
    const last = await latestConfigVersion(tx, incidentId);
    if (last?.hash === hash) return [];
    await insertConfigVersion(tx, incidentId, { hash, body });
    if (!last) return [];
    const changes = diffConfigs(last.body as AuditedConfig, body);
    const appended: TimelineEvent[] = [];
    for (const change of changes) {
      const data = { incidentId, configHash: hash, previousHash: last.hash, ...change };
      appended.push(await appendTimeline(tx, incidentId, { type: "config", actor: CONFIG_ACTOR, text: change.text, data }));
    }
    return appended;
  });
  for (const entry of entries) bus.publish({ type: "timeline", id: entry.id, data: entry });
  return entries;
}
