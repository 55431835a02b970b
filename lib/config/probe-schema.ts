import * as z from "zod";
import { browserStepSchema } from "./browser-steps";
import { dnsServerSchema } from "./dns-server";

// One strict zod object per probe type, joined on `type`; defaults live here, not in the probes.

/** Component, team, criterion… ids: lowercase letters, digits and dashes. */
export const idSchema = z.string().regex(/^[a-z0-9-]+$/, "must match [a-z0-9-]+ (lowercase letters, digits, dashes)");

const nonEmpty = z.string().trim().min(1, "must not be empty");
const portSchema = z.number().int().min(1).max(65_535);

/** A URL string whose scheme is one of `schemes`; the message never echoes the value (it may hold a secret). */
export function urlWithScheme(schemes: readonly string[]) {
  const expected = schemes.map((scheme) => `${scheme}://`).join(" or ");
  return z.string().refine((value) => {
    try {
      const url = new URL(value);
      return schemes.includes(url.protocol.slice(0, -1)) && url.host !== "";
    } catch {
      return false;
    }
  }, `must be a ${expected} URL`);
}

/**
 * TLS settings of a probe: `ca` (extra trusted CAs), `cert` + `key` (a client certificate for mutual TLS),
 * each PEM text or a file path (relative to the config file), read and checked when the config loads.
 * `insecureSkipVerify` accepts any certificate; the tls probe still reports CERTIFICATE_VALID.
 */
const probeTlsSchema = z
  .strictObject({
    ca: nonEmpty.optional(),
    cert: nonEmpty.optional(),
    key: nonEmpty.optional(),
    insecureSkipVerify: z.boolean().default(false),
  })
  .superRefine((tls, ctx) => {
    if (tls.cert !== undefined && tls.key === undefined) ctx.addIssue({ code: "custom", path: ["cert"], message: "needs key as well (a client certificate comes with its private key)" });
    if (tls.key !== undefined && tls.cert === undefined) ctx.addIssue({ code: "custom", path: ["key"], message: "needs cert as well (a private key comes with its client certificate)" });
  });

/** A probe's `tls` only means something for a URL of one of `schemes`. */
function tlsNeedsScheme(schemes: readonly string[]) {
  return (probe: { url: string; tls?: unknown }, ctx: z.RefinementCtx) => {
    if (probe.tls === undefined) return;
    const scheme = URL.canParse(probe.url) ? new URL(probe.url).protocol.slice(0, -1) : "";
    if (!schemes.includes(scheme)) ctx.addIssue({ code: "custom", path: ["tls"], message: `applies to ${schemes.map((s) => `${s}://`).join(" or ")} URLs only` });
  };
}

const httpProbe = z.strictObject({
  type: z.literal("http"),
  url: urlWithScheme(["http", "https"]),
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).default("GET"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  followRedirects: z.boolean().default(false),
  tls: probeTlsSchema.optional(),
}).superRefine(tlsNeedsScheme(["https"]));

const tlsProbe = z.strictObject({
  type: z.literal("tls"),
  host: nonEmpty,
  port: portSchema.default(443),
  servername: nonEmpty.optional(),
  tls: probeTlsSchema.optional(),
});

const tcpProbe = z.strictObject({ type: z.literal("tcp"), host: nonEmpty, port: portSchema });

const dnsProbe = z.strictObject({
  type: z.literal("dns"),
  name: nonEmpty,
  record: z.enum(["A", "AAAA", "CNAME", "TXT", "MX"]).default("A"),
  server: dnsServerSchema.optional(),
});

const postgresProbe = z.strictObject({
  type: z.literal("postgres"),
  url: urlWithScheme(["postgres", "postgresql"]),
  query: nonEmpty.default("SELECT 1"),
  /** Turns SSL on (as sslmode=verify-full, or no-verify with insecureSkipVerify) with these CAs and client certificate. */
  tls: probeTlsSchema.optional(),
});

const redisProbe = z
  .strictObject({ type: z.literal("redis"), url: urlWithScheme(["redis", "rediss"]), tls: probeTlsSchema.optional() })
  .superRefine(tlsNeedsScheme(["rediss"]));

const websocketProbe = z.strictObject({
  type: z.literal("websocket"),
  url: urlWithScheme(["ws", "wss"]),
  send: z.string().optional(),
  tls: probeTlsSchema.optional(),
}).superRefine(tlsNeedsScheme(["wss"]));

const commandProbe = z.strictObject({
  type: z.literal("command"),
  command: z.array(z.string()).min(1, { error: "must list the program and its arguments", abort: true }).refine(
    (argv) => (argv[0] ?? "").trim() !== "",
    "the program (first item) must not be empty",
  ),
  env: z.record(z.string(), z.string()).default({}),
});

const browserProbe = z.strictObject({
  type: z.literal("browser"),
  steps: z.array(browserStepSchema).min(1, "needs at least one step"),
});

/** Every probe type the config accepts, in the order they are documented. */
export const PROBE_TYPES = ["http", "tls", "tcp", "dns", "postgres", "redis", "websocket", "command", "browser"] as const;

/** A component's probe: exactly one of the probe types, chosen by `type`. */
export const probeSchema = z.discriminatedUnion(
  "type",
  [httpProbe, tlsProbe, tcpProbe, dnsProbe, postgresProbe, redisProbe, websocketProbe, commandProbe, browserProbe],
  {
    error: (issue) =>
      issue.code === "invalid_union" ? `unknown or missing probe type: expected one of ${PROBE_TYPES.join(", ")}` : undefined,
  },
);
