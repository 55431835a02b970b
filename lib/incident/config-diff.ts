import { formatDuration } from "../config/duration";
import type { ComponentConfig, CriterionConfig, IncidentConfig, PhaseConfig, ProbeConfig, SuiteConfig } from "../config/schema";

// The goalpost audit's pure half (issue #12: "a criterion's threshold can be lowered between two starts
// (80% → 60%) and nothing records it"). The audited part of a config is flattened to readable strings per
// item and field, so a stored version is small, compares field by field and reads the same in a timeline
// entry. Probe targets go through `scrub` first: a stored version and an entry never hold a secret.

/** The kinds of config item the audit follows, in the order changes are listed. */
export const AUDITED_KINDS = ["criterion", "component", "suite", "phase"] as const;
/** One kind of audited item. */
export type AuditedKind = (typeof AUDITED_KINDS)[number];
/** One item's audited fields as readable strings (field → value). */
export type AuditedFields = Record<string, string>;
/** The audited part of a config: kind → item id → fields. */
export type AuditedConfig = Record<AuditedKind, Record<string, AuditedFields>>;

/** One difference between two audited configs; before is null for an added item, after null for a removed one. */
export interface ConfigChange {
  kind: AuditedKind;
  id: string;
  /** The field that changed; null when the whole item was added or removed. */
  field: string | null;
  before: string | null;
  after: string | null;
  /** "criterion validation-80: conditions `[PASS_RATE] >= 80` → `[PASS_RATE] >= 60`". */
  text: string;
}

/** Hides secrets in a text (the server passes lib/redact.ts; tests may pass their own). */
export type Scrub = (text: string) => string;

const quoted = (values: readonly string[]) => (values.length === 0 ? "none" : values.map((value) => `\`${value}\``).join(", "));
const listed = (values: readonly string[]) => (values.length === 0 ? "none" : values.join(", "));

/** Where a probe looks, never what it authenticates with: header and env values are left out, URLs scrubbed. */
export function describeProbe(probe: ProbeConfig, scrub: Scrub): string {
  switch (probe.type) {
    case "http": {
      const headers = Object.keys(probe.headers);
      return scrub(`http ${probe.method} ${probe.url}${headers.length ? ` (headers: ${headers.sort().join(", ")})` : ""}`);
    }
    case "tls":
      return `tls ${probe.host}:${probe.port}${probe.servername ? ` (servername ${probe.servername})` : ""}`;
    case "tcp":
      return `tcp ${probe.host}:${probe.port}`;
    case "dns":
      return `dns ${probe.record} ${probe.name}`;
    case "postgres":
      return scrub(`postgres ${probe.url} (query ${probe.query})`);
    case "redis":
    case "websocket":
      return scrub(`${probe.type} ${probe.url}`);
    case "command":
      return scrub(`command ${probe.command.join(" ")}`);
    case "browser":
      return scrub(`browser ${probe.steps.map((step) => step.kind).join(" → ")}`);
  }
}

function criterionFields(criterion: CriterionConfig): AuditedFields {
  const fields: AuditedFields = { title: criterion.title, owner: criterion.owner, kind: criterion.kind };
  if (criterion.kind === "signoff") return fields;
  fields.conditions = quoted(criterion.auto.conditions);
  if (criterion.kind === "suite") return { ...fields, suite: criterion.auto.suite };
  return { ...fields, components: listed(criterion.auto.components), window: String(criterion.auto.window) };
}

function componentFields(component: ComponentConfig, scrub: Scrub): AuditedFields {
  return {
    probe: describeProbe(component.probe, scrub),
    conditions: quoted(component.conditions),
    degradedWhen: quoted(component.degradedWhen),
    failureThreshold: String(component.failureThreshold),
    successThreshold: String(component.successThreshold),
    interval: formatDuration(component.interval),
    timeout: formatDuration(component.timeout),
  };
}

function suiteFields(suite: SuiteConfig): AuditedFields {
  // Fields a later schema adds to suites (`expected`, critical globs) are audited as they appear.
  const fields = Object.entries(suite).filter(([field]) => field !== "id" && field !== "name");
  return Object.fromEntries(fields.map(([field, value]) => [field, typeof value === "string" ? value : JSON.stringify(value)]));
}

function phaseFields(phase: PhaseConfig): AuditedFields {
  const { minMs, maxMs } = phase.estimate;
  const estimate = minMs === maxMs ? formatDuration(minMs) : `${formatDuration(minMs)}..${formatDuration(maxMs)}`;
  return { owner: phase.owner, estimate, exitCriteria: listed(phase.exitCriteria) };
}

function byId<T extends { id: string }>(items: readonly T[], fields: (item: T) => AuditedFields): Record<string, AuditedFields> {
  return Object.fromEntries(items.map((item) => [item.id, fields(item)]));
}

/** The audited part of a validated config: criteria, components (targets scrubbed), suites and phases. */
export function auditedConfig(config: IncidentConfig, scrub: Scrub): AuditedConfig {
  return {
    criterion: byId(config.criteria, criterionFields),
    component: byId(config.components, (component) => componentFields(component, scrub)),
    suite: byId(config.tests.suites, suiteFields),
    phase: byId(config.phases, phaseFields),
  };
}

/** The same JSON text for the same audited config whatever the key order (its hash identifies a version). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function itemChanges(kind: AuditedKind, id: string, before: AuditedFields | undefined, after: AuditedFields | undefined): ConfigChange[] {
  const describe = (fields: AuditedFields) => Object.entries(fields).map(([field, value]) => `${field} ${value}`).join("; ");
  if (!before && after) return [{ kind, id, field: null, before: null, after: describe(after), text: `${kind} ${id} added: ${describe(after)}` }];
  if (before && !after) return [{ kind, id, field: null, before: describe(before), after: null, text: `${kind} ${id} removed (was: ${describe(before)})` }];
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.flatMap((field) => {
    const was = before?.[field] ?? null;
    const now = after?.[field] ?? null;
    if (was === now) return [];
    return [{ kind, id, field, before: was, after: now, text: `${kind} ${id}: ${field} ${was ?? "(unset)"} → ${now ?? "(unset)"}` }];
  });
}

/** Every difference from `before` to `after`: kinds in AUDITED_KINDS order, then items as `after` lists them, removed ones last. */
export function diffConfigs(before: AuditedConfig, after: AuditedConfig): ConfigChange[] {
  return AUDITED_KINDS.flatMap((kind) => {
    const was = before[kind] ?? {};
    const now = after[kind] ?? {};
    const ids = [...new Set([...Object.keys(now), ...Object.keys(was)])];
    return ids.flatMap((id) => itemChanges(kind, id, was[id], now[id]));
  });
}
