import net from "node:net";

/** Outcome of requireService: a URL to test against, or the reason the tests that need it are skipped. */
export type ServiceRequirement = { url: string; skipReason: null } | { url: null; skipReason: string };

// Ports assumed when a service URL does not name one.
const DEFAULT_PORTS: Record<string, number> = { "postgres:": 5432, "postgresql:": 5432, "redis:": 6379, "rediss:": 6379 };

/** Opens and closes a TCP connection to the URL's host:port, failing after timeoutMs. */
export async function checkTcp(url: string, timeoutMs = 3_000): Promise<void> {
  const parsed = new URL(url);
  const port = Number(parsed.port) || DEFAULT_PORTS[parsed.protocol];
  if (!port) throw new Error(`no port in ${parsed.protocol} URL`);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: parsed.hostname.replace(/^\[|\]$/g, ""), port, timeout: timeoutMs });
    socket.once("connect", () => (socket.destroy(), resolve()));
    socket.once("timeout", () => (socket.destroy(), reject(new Error(`no answer within ${timeoutMs} ms`))));
    socket.once("error", (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? "connect failed")));
  });
}

/** Describes a service URL without its credentials, for messages. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "(unparseable URL)";
  }
}

/**
 * Resolves a service the tests need from envVar. Unset: the tests are skipped with a visible reason, except
 * when CI=true, where a missing service must fail the run. Set but unreachable: always fails, because
 * someone asked for those tests to run.
 */
export async function requireService(
  name: string,
  envVar: string,
  check: (url: string) => Promise<void> = (url) => checkTcp(url),
): Promise<ServiceRequirement> {
  const url = process.env[envVar];
  if (!url) {
    if (process.env.CI === "true") throw new Error(`${name}: ${envVar} must be set when CI=true (these tests may not be skipped in CI)`);
    const skipReason = `${envVar} is not set, so the ${name} tests are skipped`;
    console.warn(`[services] ${skipReason}`);
    return { url: null, skipReason };
  }
  try {
    await check(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${name} from ${envVar} (${describeUrl(url)}) is unreachable: ${reason}`);
  }
  return { url, skipReason: null };
}
