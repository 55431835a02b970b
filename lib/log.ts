import "server-only";
import { redact } from "./redact";

// Every log line passes through here so that no secret (lib/redact.ts) and no URL password reaches stdout.
const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
type Level = (typeof LEVELS)[number];

// On globalThis, like lib/runtime.ts: Next bundles each route separately, and HANDBACK_LOG is applied once,
// by whichever bundle loads the runtime first; a module variable would leave the other bundles at "info".
const KEY = Symbol.for("handback.logLevel");
type GlobalWithLevel = typeof globalThis & { [KEY]?: Level };
const threshold = (): Level => (globalThis as GlobalWithLevel)[KEY] ?? "info";

/** Sets the lowest level written (from HANDBACK_LOG, read by lib/env.ts). */
export function setLogLevel(level: Level): void {
  (globalThis as GlobalWithLevel)[KEY] = level;
}

function write(level: Exclude<Level, "silent">, message: string): void {
  if (LEVELS.indexOf(level) < LEVELS.indexOf(threshold())) return;
  const line = `${new Date().toISOString()} ${level.padEnd(5)} ${redact(message)}`;
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

/** Minimal levelled logger; messages are redacted before they are written. */
export const log = {
  debug: (message: string) => write("debug", message),
  info: (message: string) => write("info", message),
  warn: (message: string) => write("warn", message),
  error: (message: string) => write("error", message),
};
