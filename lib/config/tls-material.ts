import "server-only";
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ProblemPath } from "./problems";
import type { IncidentConfig, ProbeConfig } from "./schema";

// A probe's `tls.ca`, `tls.cert` and `tls.key` are PEM text or a file path; they are read and checked when
// the config loads, so a bad file is a config problem with its line, not a failing probe. Messages name the
// file, never what it holds: a key is a secret.

/** Which PEM a value must hold. */
export type PemKind = "ca" | "cert" | "key";

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const FILE_ERRORS: Record<string, string> = { ENOENT: "file not found", EISDIR: "is a directory", EACCES: "permission denied" };

/** The PEM text of a value given inline or as a file path; a string is the problem. */
function readValue(value: string, baseDir: string): { text: string } | string {
  if (value.trimStart().startsWith("-----BEGIN")) return { text: value };
  const file = path.resolve(baseDir, value);
  try {
    return { text: readFileSync(file, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return `cannot read file ${file}: ${FILE_ERRORS[code] ?? code}`;
  }
}

/** Why `text` is not a usable PEM of `kind`, or undefined when it is. */
function pemProblem(text: string, kind: PemKind): string | undefined {
  if (kind === "key") {
    try {
      createPrivateKey(text);
      return undefined;
    } catch (error) {
      const encrypted = (error as NodeJS.ErrnoException).code === "ERR_MISSING_PASSPHRASE";
      return encrypted ? "is an encrypted private key: give it unencrypted" : "is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)";
    }
  }
  const blocks = text.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) return "is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)";
  const bad = blocks.findIndex((block) => {
    try {
      new X509Certificate(block);
      return false;
    } catch {
      return true;
    }
  });
  return bad === -1 ? undefined : `certificate ${bad + 1} of ${blocks.length} cannot be parsed`;
}

/** Reads and checks one PEM value (inline or a file relative to baseDir); throws the problem as an Error. */
export function readPem(value: string, kind: PemKind, baseDir: string): string {
  const read = readValue(value, baseDir);
  if (typeof read === "string") throw new Error(read);
  const problem = pemProblem(read.text, kind);
  if (problem !== undefined) throw new Error(problem);
  return read.text;
}

/** Whether `key` is the private key of the first certificate in `cert`. */
function keyMatches(cert: string, key: string): boolean {
  const first = cert.match(CERTIFICATE_BLOCK)?.[0] ?? cert;
  const keyObject: KeyObject = createPrivateKey(key);
  return new X509Certificate(first).checkPrivateKey(keyObject);
}

type Problem = { path: ProblemPath; message: string };
type ProbeTls = NonNullable<Extract<ProbeConfig, { tls?: unknown }>["tls"]>;

/** One probe's tls with every file read; problems carry paths relative to the probe. */
function resolveTls(tls: ProbeTls, baseDir: string): { tls: ProbeTls; problems: Problem[] } {
  const problems: Problem[] = [];
  const resolved = { ...tls };
  for (const kind of ["ca", "cert", "key"] as const) {
    const value = tls[kind];
    if (value === undefined) continue;
    try {
      resolved[kind] = readPem(value, kind, baseDir);
    } catch (error) {
      problems.push({ path: ["tls", kind], message: (error as Error).message });
    }
  }
  if (problems.length === 0 && resolved.cert !== undefined && resolved.key !== undefined && !keyMatches(resolved.cert, resolved.key)) {
    problems.push({ path: ["tls", "key"], message: "does not belong to the certificate in tls.cert" });
  }
  return { tls: resolved, problems };
}

/** The config with every probe's tls files read (PEM text in their place), and the problems found. */
export function resolveTlsMaterial(config: IncidentConfig, baseDir: string): { config: IncidentConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const components = config.components.map((component, index) => {
    const probe = component.probe;
    if (!("tls" in probe) || probe.tls === undefined) return component;
    const resolved = resolveTls(probe.tls, baseDir);
    problems.push(...resolved.problems.map((problem) => ({ ...problem, path: ["components", index, "probe", ...problem.path] })));
    return { ...component, probe: { ...probe, tls: resolved.tls } };
  });
  return { config: { ...config, components }, problems };
}
