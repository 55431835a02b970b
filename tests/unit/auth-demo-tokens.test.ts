import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/session/route";
import { getAuth, tokenSource } from "@/lib/auth/context";
import { DEMO_TOKENS_FILE, demoTokensApply, demoTokensBanner, loadDemoTokens } from "@/lib/auth/demo-tokens";
import { stampPeer } from "@/lib/auth/peer";
import { redact } from "@/lib/redact";

const TEAMS = [
  { id: "infra", name: "Infrastructure" },
  { id: "dev", name: "Development" },
];
const root = mkdtempSync(path.join(os.tmpdir(), "handback-demo-tokens-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;
const freshDir = () => path.join(root, `data-${++serial}`);

describe("demoTokensApply", () => {
  it.each([
    { labEnabled: true, tokens: undefined, applies: true },
    { labEnabled: true, tokens: "", applies: true },
    { labEnabled: true, tokens: " , ", applies: false }, // not blank: HANDBACK_TOKENS parsing reports it
    { labEnabled: true, tokens: "  ", applies: true },
    { labEnabled: false, tokens: undefined, applies: false },
    { labEnabled: true, tokens: "ci:infra:infra-secret-0123456789", applies: false },
  ])("lab $labEnabled, HANDBACK_TOKENS $tokens → $applies", ({ labEnabled, tokens, applies }) => {
    expect(demoTokensApply({ labEnabled, tokens })).toBe(applies);
  });
});

describe("loadDemoTokens", () => {
  it("creates one token per team and a viewer, 256-bit secrets, mode 0600; a later start reuses them", () => {
    const dataDir = freshDir();
    const first = loadDemoTokens(dataDir, TEAMS);
    const file = path.join(dataDir, DEMO_TOKENS_FILE);
    expect(first).toMatchObject({ file, created: true });
    expect(first.tokens.map(({ name, role }) => `${name}:${role}`)).toEqual(["demo-infra:infra", "demo-dev:dev", "demo-viewer:viewer"]);
    for (const token of first.tokens) expect(Buffer.from(token.secret, "base64url")).toHaveLength(32);
    expect(new Set(first.tokens.map((token) => token.secret)).size).toBe(3);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirTemp(dataDir)).toEqual([]);

    const again = loadDemoTokens(dataDir, TEAMS);
    expect(again.created).toBe(false);
    expect(again.tokens).toEqual(first.tokens);
  });

  it("keeps the secrets it has when a team is added, and gives the new team its own", () => {
    const dataDir = freshDir();
    const first = loadDemoTokens(dataDir, TEAMS);
    const grown = loadDemoTokens(dataDir, [...TEAMS, { id: "leadership", name: "Business leadership" }]);
    expect(grown.created).toBe(true);
    expect(grown.tokens.filter((token) => token.role !== "leadership")).toEqual(first.tokens);
    expect(grown.tokens.find((token) => token.role === "leadership")?.secret).toMatch(/^[\w-]{43}$/);
    expect(loadDemoTokens(dataDir, [...TEAMS, { id: "leadership", name: "Business leadership" }]).tokens).toEqual(grown.tokens);
  });

  it("makes a file readable by others 0600 and refuses one that is not a tokens file", () => {
    const dataDir = freshDir();
    const { file, tokens } = loadDemoTokens(dataDir, TEAMS);
    chmodSync(file, 0o644);
    expect(loadDemoTokens(dataDir, TEAMS).tokens).toEqual(tokens);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, "{}");
    expect(() => loadDemoTokens(dataDir, TEAMS)).toThrow(/is not a demo tokens file; delete it/);
  });

  it("prints the sign-in URL, every team with its token, and the file", () => {
    const demo = loadDemoTokens(freshDir(), TEAMS);
    const banner = demoTokensBanner(demo, "http://localhost:3000/sign-in");
    expect(banner).toContain("http://localhost:3000/sign-in");
    expect(banner).toContain(demo.file);
    for (const token of demo.tokens) expect(banner).toMatch(new RegExp(`${token.label.replace(/[()]/g, "\\$&")}\\s+${token.role}\\s+${token.secret}$`, "m"));
  });
});

/** Temporary files left beside the tokens file (an atomic write leaves none). */
function readdirTemp(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith(".tmp"));
}

// The real path: env → getRuntime() → getAuth(), each case a fresh process state.
describe("getAuth in and outside the demo", () => {
  const AUTH = Symbol.for("handback.auth");
  const RUNTIME = Symbol.for("handback.runtime");
  const reset = () => {
    delete (globalThis as Record<symbol, unknown>)[AUTH];
    delete (globalThis as Record<symbol, unknown>)[RUNTIME];
  };
  afterEach(() => {
    reset();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  function start(env: Record<string, string | undefined>) {
    reset();
    vi.stubEnv("HANDBACK_LOG", "silent");
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((text: string) => void printed.push(text));
    return { auth: getAuth(), printed: printed.join("\n") };
  }
  function editedDemo(edit: (yaml: string) => string): string {
    const file = path.join(root, `demo-${++serial}.yaml`);
    writeFileSync(file, edit(readFileSync(path.join(process.cwd(), "examples", "issue-1278.yaml"), "utf8")));
    return file;
  }
  const labOffConfig = () => editedDemo((yaml) => yaml.replace(/lab:\n {2}enabled: true/, "lab:\n  enabled: false"));
  const closedReadConfig = () => editedDemo((yaml) => yaml.replace(/publicRead: true/, "publicRead: false"));

  it("demo (lab on, HANDBACK_TOKENS unset): the file's tokens sign in, are printed once and are scrubbed elsewhere", async () => {
    const dataDir = freshDir();
    const { auth, printed } = start({ HANDBACK_DATA_DIR: dataDir, HANDBACK_TOKENS: undefined, HANDBACK_CONFIG: closedReadConfig() });
    const stored = JSON.parse(readFileSync(path.join(dataDir, DEMO_TOKENS_FILE), "utf8")).tokens as { name: string; role: string; secret: string }[];
    expect(auth.tokens.map((token) => `${token.name}:${token.role}`)).toEqual(stored.map((token) => `${token.name}:${token.role}`));
    expect(auth.demoTokensFile).toBe(DEMO_TOKENS_FILE);
    expect(auth.publicRead).toBe(true); // publicRead: false in the file, yet reading needed no token before the demo had tokens
    const dev = stored.find((token) => token.role === "dev")!;
    expect(printed).toContain(dev.secret);
    expect(tokenSource()).toContain(`demo-dev:dev:${dev.secret}`); // the lab's scripted posts sign in with these
    expect(redact(`token ${dev.secret} seen`)).toBe("token *** seen");

    const headers = { "content-type": "application/json" };
    stampPeer(headers, "192.0.2.40");
    const response = await POST(new NextRequest("http://handback.test/api/session", { method: "POST", body: JSON.stringify({ token: dev.secret }), headers }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "demo-dev", role: "dev" });

    // A later start of the same data dir: the same secrets.
    const later = start({ HANDBACK_DATA_DIR: dataDir, HANDBACK_TOKENS: undefined, HANDBACK_CONFIG: undefined });
    expect(later.printed).toContain(dev.secret);
    expect(later.printed).toContain("Reused");
  });

  it("lab off: no file, no demo tokens, nothing printed", () => {
    const dataDir = freshDir();
    const { auth, printed } = start({ HANDBACK_DATA_DIR: dataDir, HANDBACK_TOKENS: undefined, HANDBACK_CONFIG: labOffConfig() });
    expect(auth.tokens).toEqual([]);
    expect(auth.demoTokensFile).toBeNull();
    expect(existsSync(path.join(dataDir, DEMO_TOKENS_FILE))).toBe(false);
    expect(printed).toBe("");
  });

  it("HANDBACK_TOKENS set: only its tokens, no file, nothing printed", () => {
    const dataDir = freshDir();
    const { auth, printed } = start({ HANDBACK_DATA_DIR: dataDir, HANDBACK_TOKENS: "ci:infra:infra-secret-0123456789", HANDBACK_CONFIG: undefined });
    expect(auth.tokens.map((token) => token.name)).toEqual(["ci"]);
    expect(auth.demoTokensFile).toBeNull();
    expect(existsSync(path.join(dataDir, DEMO_TOKENS_FILE))).toBe(false);
    expect(printed).toBe("");
  });
});
