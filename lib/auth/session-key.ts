import "server-only";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hkdfSync, randomBytes } from "node:crypto";
import { log } from "../log";

// The key that signs session cookies. HANDBACK_SESSION_SECRET wins (set it when several instances
// serve behind one address); otherwise a random key is created once in the data directory, so that
// sessions survive a restart. Deleting session.key signs everybody out.

const KEY_FILE = "session.key";
const KEY_HEX = /^[0-9a-f]{64}$/;

/** Derives the 32-byte HMAC key from a secret, so the raw secret is never used as a key elsewhere. */
export function deriveSessionKey(secret: string | Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "handback", "handback session cookie v1", 32));
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (!KEY_HEX.test(text)) throw new Error(`${file} is not a session key (64 hex digits); delete it to create a new one`);
  if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    log.warn(`${file} was readable by other users; its mode is now 0600`);
  }
  return Buffer.from(text, "hex");
}

/** Creates the key file exclusively; when another process won the race, its key is used instead. */
function createKeyFile(file: string): Buffer {
  const key = randomBytes(32);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readKeyFile(file) ?? key;
  }
  log.info(`created a session signing key in ${file} (set HANDBACK_SESSION_SECRET to share one between instances)`);
  return key;
}

/** The session signing key: from HANDBACK_SESSION_SECRET, else `${dataDir}/session.key` (mode 0600). */
export function loadSessionKey(options: { secret?: string; dataDir: string }): Buffer {
  if (options.secret) return deriveSessionKey(options.secret);
  const file = path.join(path.resolve(options.dataDir), KEY_FILE);
  return deriveSessionKey(readKeyFile(file) ?? createKeyFile(file));
}
