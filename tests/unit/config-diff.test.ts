import { describe, expect, it } from "vitest";
import { auditedConfig, diffConfigs, type ConfigChange } from "@/lib/incident/config-diff";
import { scrubSecrets } from "@/lib/incident/config-audit";
import { editConfig, parseValidConfig } from "@/tests/support/config-text";

// The goalpost audit's diff (issue #12): each edit between two starts is one readable change with before
// and after; an unchanged config gives none; a probe URL's password never appears.
const BASE = editConfig(
  "phases:",
  `  - id: validation-80
    title: Validation suite passes
    owner: infra
    auto: { suite: unit, conditions: ["[PASS_RATE] >= 80"] }
phases:`,
  editConfig('url: "http://127.0.0.1:8080/health"', 'url: "https://svc:hunter22@api.internal/health?token=tok-4567&v=1"'),
);

const audit = (text: string) => auditedConfig(parseValidConfig(text), scrubSecrets);
const pick = ({ kind, id, field, before, after }: ConfigChange) => ({ kind, id, field, before, after });

const cases: { name: string; from: string; to: string; changes: ReturnType<typeof pick>[] }[] = [
  {
    name: "criterion threshold lowered 80 → 60",
    from: '"[PASS_RATE] >= 80"',
    to: '"[PASS_RATE] >= 60"',
    changes: [{ kind: "criterion", id: "validation-80", field: "conditions", before: "`[PASS_RATE] >= 80`", after: "`[PASS_RATE] >= 60`" }],
  },
  {
    name: "criterion condition added",
    from: 'conditions: ["[STATUS] == 200"] }',
    to: 'conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 500"] }',
    changes: [{ kind: "criterion", id: "up", field: "conditions", before: "`[STATUS] == 200`", after: "`[STATUS] == 200`, `[RESPONSE_TIME] < 500`" }],
  },
  {
    name: "component condition removed",
    from: '    conditions: ["[STATUS] == 200"]\ntests:',
    to: "tests:",
    changes: [{ kind: "component", id: "api", field: "conditions", before: "`[STATUS] == 200`", after: "none" }],
  },
  {
    name: "criterion window changed",
    from: "auto: { components: [api],",
    to: "auto: { window: 5, components: [api],",
    changes: [{ kind: "criterion", id: "up", field: "window", before: "1", after: "5" }],
  },
  {
    name: "component added",
    from: "tests:",
    to: "  - { id: cache, probe: { type: tcp, host: 127.0.0.1, port: 6379 }, failureThreshold: 3 }\ntests:",
    changes: [
      {
        kind: "component",
        id: "cache",
        field: null,
        before: null,
        after: "probe tcp 127.0.0.1:6379; conditions none; degradedWhen none; failureThreshold 3; successThreshold 1; interval 30s; timeout 10s",
      },
    ],
  },
  {
    name: "component removed",
    from: "  - id: db\n    probe: { type: tcp, host: 127.0.0.1, port: 5432 }\n  - id: api\n    dependsOn: [db]\n",
    to: "  - id: api\n",
    changes: [
      {
        kind: "component",
        id: "db",
        field: null,
        before: "probe tcp 127.0.0.1:5432; conditions none; degradedWhen none; failureThreshold 2; successThreshold 1; interval 30s; timeout 10s",
        after: null,
      },
    ],
  },
  {
    name: "a URL's host and password changed: the host shows, the passwords do not",
    from: "svc:hunter22@api.internal/health?token=tok-4567",
    to: "svc:swordfish9@api2.internal/health?token=tok-9876",
    changes: [
      {
        kind: "component",
        id: "api",
        field: "probe",
        before: "http GET https://svc:***@api.internal/health?token=***&v=1",
        after: "http GET https://svc:***@api2.internal/health?token=***&v=1",
      },
    ],
  },
  { name: "only a password changed: nothing to record (secrets are not audited)", from: "hunter22", to: "hunter33", changes: [] },
  {
    name: "phase estimate narrowed",
    from: "estimate: 1h..2h",
    to: "estimate: 1h30m",
    changes: [{ kind: "phase", id: "fix", field: "estimate", before: "1h..2h", after: "1h30m" }],
  },
];

describe("diffConfigs", () => {
  it("an unchanged config has no differences", () => {
    expect(diffConfigs(audit(BASE), audit(BASE))).toEqual([]);
  });

  it.each(cases)("$name", ({ from, to, changes }) => {
    const found = diffConfigs(audit(BASE), audit(editConfig(from, to, BASE)));
    expect(found.map(pick)).toEqual(changes);
    const written = JSON.stringify(found);
    for (const secret of ["hunter22", "hunter33", "swordfish9", "tok-4567", "tok-9876"]) expect(written).not.toContain(secret);
  });

  it("reads as 'criterion <id>: <field> <before> → <after>'", () => {
    const [change] = diffConfigs(audit(BASE), audit(editConfig('"[PASS_RATE] >= 80"', '"[PASS_RATE] >= 60"', BASE)));
    expect(change?.text).toBe("criterion validation-80: conditions `[PASS_RATE] >= 80` → `[PASS_RATE] >= 60`");
  });

  it("the audited config itself holds no secret", () => {
    const stored = JSON.stringify(audit(BASE));
    expect(stored).toContain("api.internal");
    expect(stored).not.toContain("hunter22");
    expect(stored).not.toContain("tok-4567");
  });
});
