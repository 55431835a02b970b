import "server-only";
import { z } from "zod";
import { parseDuration } from "./config/duration";
import { DEFAULT_LOCATION, LOCATION_PATTERN, LOCATION_RULE } from "./locations";

// The only reader of process.env (STYLE.md habit 4): every variable Handback understands, parsed once.
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
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
    }
    return z.NEVER;
  }),
  /** Next.js's own switch: set, Next leaves SIGTERM/SIGINT to us (graceful stop in lib/shutdown.ts). */
  NEXT_MANUAL_SIG_HANDLE: z.string().optional().transform((value) => Boolean(value)),
  HANDBACK_LOG: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Open `GET /api/events` streams one instance serves (beyond: 503 with Retry-After). */
  HANDBACK_SSE_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** Open streams per token name, or per client address for anonymous readers behind a proxy (beyond: 429). */
  HANDBACK_SSE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(100),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the process environment; throws a readable error naming each bad variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`invalid environment:\n  ${lines.join("\n  ")}`);
}

/** The raw environment, for `${VAR}` interpolation in the incident config. */
export function rawEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
