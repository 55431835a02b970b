import "server-only";
import { isIP } from "node:net";
import { z } from "zod";
import { DNS_SERVER_RULE, isDnsServerAddress } from "./config/dns-server";
import { parseDuration } from "./config/duration";
import { DEFAULT_LOCATION, LOCATION_PATTERN, LOCATION_RULE } from "./locations";
import { messageOf } from "./message-of";

/** A comma-separated list of DNS servers; empty or unset: undefined (resolv.conf's servers). */
const dnsServersSchema = z.string().optional().transform((text, ctx) => {
  const servers = (text ?? "").split(",").map((item) => item.trim()).filter(Boolean);
  const bad = servers.filter((server) => !isDnsServerAddress(server));
  if (bad.length > 0) ctx.addIssue({ code: "custom", message: `${bad.join(", ")}: ${DNS_SERVER_RULE}` });
  return servers.length > 0 ? servers : undefined;
});

// The only reader of process.env (docs/architecture.md "Conventions"): every variable Handback understands, parsed once.
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HANDBACK_CONFIG: z.string().min(1).optional(),
  HANDBACK_DATA_DIR: z.string().min(1).default("./.handback"),
  DATABASE_URL: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
  HANDBACK_TOKENS: z.string().optional(),
  /** Signs session cookies; unset (or empty): a random key kept in HANDBACK_DATA_DIR/session.key. */
  HANDBACK_SESSION_SECRET: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  /** Where this server probes from: results carry it and the matrix shows component × location. */
  HANDBACK_LOCATION: z.string().regex(LOCATION_PATTERN, LOCATION_RULE).default(DEFAULT_LOCATION),
  /** The address people open the dashboard at: notifications link back to it (default http://localhost:PORT). */
  HANDBACK_PUBLIC_URL: z.url().optional(),
  /** "off" keeps this instance from sending notifications (another instance sends them). */
  HANDBACK_NOTIFY: z.enum(["on", "off"]).default("on"),
  HANDBACK_PROBE_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(32),
  /** "off" disables scheduled probing (probes still run on request); tests and the CLI use it. */
  HANDBACK_SCHEDULER: z.enum(["on", "off"]).default("on"),
  /** How long raw probe results are kept (ms, from a duration string, default 7d) before they are rolled up. */
  HANDBACK_RETENTION: z.string().optional().transform((text, ctx) => {
    try {
      const ms = parseDuration(text || "7d");
      if (ms > 0) return ms;
      ctx.addIssue({ code: "custom", message: "must be greater than 0" });
    } catch (error) {
      ctx.addIssue({ code: "custom", message: messageOf(error) });
    }
    return z.NEVER;
  }),
  /** Next.js's own switch: set, Next leaves SIGTERM/SIGINT to us (graceful stop in lib/shutdown.ts). */
  NEXT_MANUAL_SIG_HANDLE: z.string().optional().transform((value) => Boolean(value)),
  /** Reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR ranges; unset trusts none. */
  HANDBACK_TRUSTED_PROXIES: z.string().optional().transform((text, ctx) => {
    const entries = (text ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
    for (const entry of entries) {
      const problem = proxyEntryProblem(entry);
      if (problem) ctx.addIssue({ code: "custom", message: `"${entry}": ${problem}` });
    }
    return entries;
  }),
  HANDBACK_LOG: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** DNS servers (IP[:port], comma-separated) the probes resolve target names with; unset: /etc/resolv.conf's. */
  HANDBACK_DNS_SERVERS: dnsServersSchema,
  /** A PEM file of CA certificates every probe trusts besides Node's roots (a private CA). */
  HANDBACK_CA_FILE: z.string().trim().optional().transform((file) => file || undefined),
  /** Open `GET /api/events` streams one instance serves (beyond: 503 with Retry-After). */
  HANDBACK_SSE_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** Open streams per token name, or per client address for anonymous readers behind a proxy (beyond: 429). */
  HANDBACK_SSE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(100),
  /** The Chromium that browser probes drive (docs/configuration.md "browser"); missing: BROWSER_UNAVAILABLE. */
  CHROMIUM_PATH: z.string().trim().optional().transform((file) => file || "/usr/bin/chromium"),
  /** Browser probe runs at once, each in its own context of the one shared Chromium. */
  HANDBACK_BROWSER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
});

export type Env = z.infer<typeof envSchema>;

/** Why one HANDBACK_TRUSTED_PROXIES entry is not an IP address or CIDR range, or null when it is one. */
function proxyEntryProblem(entry: string): string | null {
  const [address = "", prefix, extra] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return "expected an IP address or a CIDR range such as 10.0.0.0/8";
  if (prefix === undefined) return null;
  const max = version === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max ? null : `prefix must be 0-${max}`;
}

/** The variables that shape how probes reach their targets; the CLI reads only these. */
const probeEnvSchema = envSchema.pick({ HANDBACK_DNS_SERVERS: true, HANDBACK_CA_FILE: true, CHROMIUM_PATH: true, HANDBACK_BROWSER_CONCURRENCY: true });
export type ProbeEnv = z.infer<typeof probeEnvSchema>;

/** Parses `source` with `schema`; throws a readable error naming each bad variable. */
function parseEnv<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`invalid environment:\n  ${lines.join("\n  ")}`);
}

/** Parses the process environment; throws a readable error naming each bad variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv(envSchema, source);
}

/** Parses only the probe variables (CLI commands pass their own environment). */
export function readProbeEnv(source: Record<string, string | undefined>): ProbeEnv {
  return parseEnv(probeEnvSchema, source);
}

/** The raw environment, for `${VAR}` interpolation in the incident config. */
export function rawEnv(): Record<string, string | undefined> {
  return { ...process.env };
}

/** The only variables a command probe inherits from the server; its config `env` adds the rest. */
const COMMAND_PROBE_INHERITS = ["PATH", "HOME", "LANG"] as const;

/** PATH, HOME and LANG of the server: never its tokens, session secret or DATABASE_URL. */
export function commandBaseEnv(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(COMMAND_PROBE_INHERITS.flatMap((name) => (source[name] === undefined ? [] : [[name, source[name]]])));
}
