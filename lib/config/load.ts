import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument, type Document, type YAMLError } from "yaml";
import type * as z from "zod";
import { interpolateDocument } from "./interpolate";
import { locateLine } from "./locate";
import { formatPath, sortProblems, type ConfigProblem } from "./problems";
import { checkConfigReferences } from "./references";
import { configSchema, type IncidentConfig } from "./schema";
import { resolveTlsMaterial } from "./tls-material";
import { messageOf } from "../message-of";

// YAML text → interpolated → schema-validated → cross-checked config, or every problem with its line.

type Env = Record<string, string | undefined>;

/** A validated config (with the values `${ENV}` interpolation put into it), or every problem found in the file. */
export type ConfigResult = { ok: true; config: IncidentConfig; interpolated: string[] } | { ok: false; problems: ConfigProblem[] };

const DEMO_CONFIG = ["examples", "issue-1278.yaml"] as const;

/** Absolute path of the bundled demo config; `root` is the repository root (the server runs there). */
export function defaultConfigPath(root: string = process.cwd()): string {
  return path.resolve(root, ...DEMO_CONFIG);
}

/** A failed result with its problems ordered by line. */
function fail(problems: ConfigProblem[]): ConfigResult {
  return { ok: false, problems: sortProblems(problems) };
}

/** A YAML syntax error as a problem: its first line, without the position yaml appends to it. */
function describeYamlError(error: YAMLError): ConfigProblem {
  const message = (error.message.split("\n")[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, "");
  return { path: "", message: `invalid YAML: ${message}`, line: error.linePos?.[0].line };
}

/** Zod's message for a missing value is "expected string, received undefined"; say "required" instead. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === "invalid_type" && issue.input === undefined) return `required (${issue.expected})`;
  return undefined;
}

/** Zod issues as problems; an issue listing several unknown keys becomes one problem per key. */
function describeSchemaIssues(issues: readonly z.core.$ZodIssue[], doc: Document, lines: LineCounter): ConfigProblem[] {
  const located = (issuePath: readonly PropertyKey[], message: string): ConfigProblem => ({
    path: formatPath(issuePath),
    message,
    line: locateLine(doc, lines, issuePath),
  });
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => located([...issue.path, key], `unknown key "${key}"`));
    if (issue.path.length === 0 && issue.code === "invalid_type") {
      return [located([], "the file must be a YAML mapping with incident, teams, components, …")];
    }
    return [located(issue.path, issue.message)];
  });
}

/**
 * Parses, interpolates and validates config text; `fileName` only names the file in messages, `baseDir` is
 * where relative paths in it (probes' tls files) start.
 */
export function parseConfigText(text: string, env: Env, fileName = "config", baseDir = process.cwd()): ConfigResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) return fail(doc.errors.map(describeYamlError));
  if (doc.contents === null) return fail([{ path: "", message: `${fileName} is empty`, line: 1 }]);
  const interpolated: string[] = [];
  const interpolation = interpolateDocument(doc, env, lines, interpolated);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return fail([{ path: "", message: `invalid YAML: ${messageOf(error)}` }]);
  }
  const parsed = configSchema.safeParse(data, { error: describeIssue });
  if (!parsed.success) {
    const interpolated = new Set(interpolation.map((problem) => problem.path));
    const schema = describeSchemaIssues(parsed.error.issues, doc, lines).filter((p) => !interpolated.has(p.path));
    return fail([...interpolation, ...schema]);
  }
  const material = resolveTlsMaterial(parsed.data, baseDir);
  const references = [...checkConfigReferences(parsed.data), ...material.problems].map((problem) => ({
    path: formatPath(problem.path),
    message: problem.message,
    line: locateLine(doc, lines, problem.path),
  }));
  const problems = [...interpolation, ...references];
  return problems.length > 0 ? fail(problems) : { ok: true, config: material.config, interpolated };
}

/** Reads and validates a config file; a file that cannot be read is one problem, never an exception. */
export function loadConfigFile(filePath: string, env: Env): ConfigResult {
  const absolute = path.resolve(filePath);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : `cannot read (${code ?? "error"})`;
    return fail([{ path: "", message: `cannot read config file ${absolute}: ${reason}` }]);
  }
  return parseConfigText(text, env, absolute, path.dirname(absolute));
}
