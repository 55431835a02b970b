import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from "yaml";
import { lineOf } from "./locate";
import { formatPath, type ConfigProblem } from "./problems";

// `${NAME}` in a string value is replaced by the environment variable NAME; `$${NAME}` is the escape for a
// literal `${NAME}`. Only scalar string values are interpolated (never keys, numbers or booleans).

type Env = Record<string, string | undefined>;
const REFERENCE = /\$(\$?)\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The interpolated string (missing references left as written) plus the names that were missing or malformed. */
export interface Interpolated {
  value: string;
  missing: string[];
  invalid: string[];
}

/**
 * Replaces every `${NAME}` in `text` from `env`; missing and malformed names are listed, not thrown. Each
 * value put in is also pushed onto `found`: the values that must be scrubbed from every output (lib/redact.ts).
 */
export function interpolateString(text: string, env: Env, found: string[] = []): Interpolated {
  const missing: string[] = [];
  const invalid: string[] = [];
  const value = text.replace(REFERENCE, (whole: string, escape: string, name: string) => {
    if (escape === "$") return whole.slice(1);
    if (!VARIABLE_NAME.test(name)) {
      invalid.push(name);
      return whole;
    }
    const replacement = env[name];
    if (replacement === undefined) missing.push(name);
    else found.push(replacement);
    // A missing variable keeps its reference, so later checks neither pass on "" nor pile on more problems.
    return replacement ?? whole;
  });
  const leftover = text.replace(REFERENCE, "");
  if (leftover.includes("${")) invalid.push(leftover.slice(leftover.indexOf("${")));
  return { value, missing, invalid };
}

/** Describes what went wrong with one interpolated string, one message per variable. */
function describeProblems(result: Interpolated): string[] {
  return [
    ...result.missing.map((name) => `environment variable ${name} is not set`),
    ...result.invalid.map((name) => `invalid variable reference "${name}": use \${NAME} (or $\${ for a literal)`),
  ];
}

/** Interpolates every string scalar of `doc` in place and returns a problem per missing or malformed variable. */
export function interpolateDocument(doc: Document, env: Env, lineCounter?: LineCounter, found: string[] = []): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const visit = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair)) visit(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    } else if (isScalar(node) && typeof node.value === "string" && node.value.includes("${")) {
      const result = interpolateString(node.value, env, found);
      node.value = result.value;
      const line = lineOf(node, lineCounter);
      for (const message of describeProblems(result)) problems.push({ path: formatPath(path), message, line });
    }
  };
  visit(doc.contents, []);
  return problems;
}
