import "server-only";
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { log } from "../log";
import { VIEWER_ROLE } from "./tokens";

// "Try every role": with the demo lab on and HANDBACK_TOKENS unset, one token per team (and one viewer) is
// kept in `${dataDir}/demo-tokens.json`, so a newcomer can sign in as each team. Created on the first
// start, reused on later ones (a team added to the config gets its token then; existing secrets stay).
// Secrets are 32 random bytes (256 bits) as base64url, 43 characters. The file is written to a temporary
// name with mode 0600 and then linked (first creation: exclusive, a concurrent start reuses the winner's
// file) or renamed (an update) into place, so no reader sees half a file. A file readable by other users
// is made 0600 with a warning, like session.key. Outside the demo nothing here runs.

/** The file's name inside the data dir. */
export const DEMO_TOKENS_FILE = "demo-tokens.json";
const SECRET_BYTES = 32;

/** One demo token: the principal's name and role, the team's display name, and the secret to sign in with. */
export interface DemoToken {
  name: string;
  role: string;
  label: string;
  secret: string;
}

/** The demo tokens in use and where they are kept. */
export interface DemoTokens {
  file: string;
  created: boolean;
  tokens: DemoToken[];
}

/** Thrown when the tokens file cannot be read or written; the message names the file, never a secret. */
export class DemoTokensError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoTokensError";
  }
}

const fileSchema = z.strictObject({
  tokens: z.array(z.strictObject({ name: z.string(), role: z.string(), label: z.string(), secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })),
});

/** True when demo tokens apply: the lab is on and HANDBACK_TOKENS is unset or blank. */
export function demoTokensApply(options: { labEnabled: boolean; tokens: string | undefined }): boolean {
  return options.labEnabled && (options.tokens ?? "").trim() === "";
}

/** The tokens the file should hold: one per team, named `demo-<team id>`, then `demo-viewer`. */
function wantedPrincipals(teams: readonly { id: string; name: string }[]): Omit<DemoToken, "secret">[] {
  const viewer = { name: `demo-${VIEWER_ROLE}`, role: VIEWER_ROLE, label: "Viewer (read only)" };
  return [...teams.map((team) => ({ name: `demo-${team.id}`, role: team.id, label: team.name })), viewer];
}

function readTokensFile(file: string): DemoToken[] | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DemoTokensError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(text));
  } catch {
    throw new DemoTokensError(`${file} is not a demo tokens file; delete it to create new demo tokens`);
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    log.warn(`${file} was readable by other users; its mode is now 0600`);
  }
  return parsed.tokens;
}

/** Writes the file atomically with mode 0600; `exclusive` fails with EEXIST when it already exists. */
function writeTokensFile(file: string, tokens: readonly DemoToken[], exclusive: boolean): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  try {
    if (exclusive) linkSync(temp, file);
    else renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The demo tokens for these teams: read from `${dataDir}/demo-tokens.json`, created or completed as needed. */
export function loadDemoTokens(dataDir: string, teams: readonly { id: string; name: string }[]): DemoTokens {
  const file = path.join(path.resolve(dataDir), DEMO_TOKENS_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  const existing = readTokensFile(file);
  const kept = new Map((existing ?? []).map((token) => [`${token.name}\n${token.role}`, token.secret]));
  const tokens = wantedPrincipals(teams).map((principal) => ({
    ...principal,
    secret: kept.get(`${principal.name}\n${principal.role}`) ?? randomBytes(SECRET_BYTES).toString("base64url"),
  }));
  const unchanged = existing !== null && existing.length === tokens.length && tokens.every((token, index) => existing[index]!.secret === token.secret && existing[index]!.label === token.label);
  if (unchanged) return { file, created: false, tokens };
  try {
    writeTokensFile(file, tokens, existing === null);
  } catch (error) {
    // Another start created the file between our read and our link: use its tokens.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadDemoTokens(dataDir, teams);
    throw new DemoTokensError(`cannot write ${file}: ${(error as Error).message}`);
  }
  return { file, created: true, tokens };
}

/** The tokens in HANDBACK_TOKENS form (name:role:secret,…), so they are parsed and checked like configured ones. */
export function demoTokensEnv(tokens: readonly DemoToken[]): string {
  return tokens.map((token) => `${token.name}:${token.role}:${token.secret}`).join(",");
}

/** The block `npm start` prints once: the sign-in URL, each team's name and token, and the file. */
export function demoTokensBanner(demo: DemoTokens, signInUrl: string): string {
  const width = Math.max(...demo.tokens.map((token) => token.label.length));
  const rows = demo.tokens.map((token) => `    ${token.label.padEnd(width)}  ${token.role.padEnd(12)} ${token.secret}`);
  return [
    "",
    "=== Demo sign-in (demo lab on, HANDBACK_TOKENS unset) ===",
    `  Open ${signInUrl} and paste the token of the team you want to act as:`,
    ...rows,
    `  ${demo.created ? "Wrote" : "Reused"} ${demo.file} (mode 0600). Delete it for new tokens; set HANDBACK_TOKENS to use your own.`,
    "===",
    "",
  ].join("\n");
}
