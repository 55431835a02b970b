// A small valid config for the config tests, and a helper to find the line a snippet sits on.
import { parseConfigText, type IncidentConfig } from "@/lib/config";

/** A minimal valid incident config: two components, one criterion, one phase. */
export const MINIMAL_CONFIG = `incident:
  id: T-1
  title: Test incident
  severity: P1
  startedAt: 2025-01-01T00:00:00Z
teams:
  - { id: infra, name: Infra }
components:
  - id: db
    probe: { type: tcp, host: 127.0.0.1, port: 5432 }
  - id: api
    dependsOn: [db]
    probe: { type: http, url: "http://127.0.0.1:8080/health" }
    conditions: ["[STATUS] == 200"]
tests:
  suites:
    - { id: unit }
criteria:
  - id: up
    title: API up
    owner: infra
    auto: { components: [api], conditions: ["[STATUS] == 200"] }
phases:
  - { id: fix, name: Fix, owner: infra, estimate: 1h..2h, exitCriteria: [up] }
impact:
  segments:
    - { id: demos, name: Demos, arr: 1000, exposure: 0.5, dependsOn: [api] }
  functions:
    - { id: demo-fn, name: Demos, dependsOn: [api] }
`;

/** MINIMAL_CONFIG with `from` replaced by `to`; throws if `from` is absent so a typo in a test fails loudly. */
export function editConfig(from: string, to: string, text: string = MINIMAL_CONFIG): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The 1-based line of the first occurrence of `snippet` in `text`. */
export function lineOfSnippet(text: string, snippet: string): number {
  const index = text.indexOf(snippet);
  if (index === -1) throw new Error(`text does not contain ${JSON.stringify(snippet)}`);
  return text.slice(0, index).split("\n").length;
}

/** Parses a config a test relies on being valid; throws listing the problems when it is not. */
export function parseValidConfig(text: string, env: Record<string, string | undefined> = {}): IncidentConfig {
  const parsed = parseConfigText(text, env);
  if (!parsed.ok) throw new Error(`test config invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.config;
}
