import "server-only";
import { promises as dns, type LookupOptions } from "node:dns";
import type net from "node:net";
import { roundMs, type ProbeScope } from "./deadline";
import { literalAddress, searchCandidates, systemHosts, systemSearchList, type LookupAddress } from "./name-files";

// Probes never call dns.lookup: getaddrinfo runs on libuv's 4-thread pool and cannot be cancelled, so a
// resolver outage would hang lookups there, starving healthy probes and Next's own file and zlib work.
// Names go through a c-ares Resolver per probe run (on the event loop), cancelled at the deadline. Like
// getaddrinfo: IP literals as they are, then /etc/hosts, `localhost`, then DNS with the search list.

type Resolver = InstanceType<typeof dns.Resolver>;

/** Answers that mean "no such address" (NXDOMAIN, or the name exists without that record type). */
const NOT_FOUND = new Set(["ENOTFOUND", "ENODATA"]);
/** Resolver errors kept as they are; anything else (refused, bad response…) is a resolver failure. */
const KEPT = new Set(["ETIMEOUT", "ESERVFAIL", "ECANCELLED"]);

/** A lookup error carrying the code errors.ts maps (ENOTFOUND → NXDOMAIN, ETIMEOUT → TIMEOUT…). */
function lookupError(hostname: string, code: string): NodeJS.ErrnoException {
  const kept = NOT_FOUND.has(code) ? "ENOTFOUND" : KEPT.has(code) ? code : "EAI_AGAIN";
  return Object.assign(new Error(`cannot resolve ${hostname}: ${code}`), { code: kept, hostname });
}

/** RFC 6761: `localhost` and names under it are loopback, whatever DNS says. */
function isLocalhost(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost");
}

const LOOPBACKS: LookupAddress[] = [{ address: "127.0.0.1", family: 4 }, { address: "::1", family: 6 }];

/** A and AAAA for one name (IPv4 first); [] when the name has neither; throws on a resolver failure. */
async function queryAddresses(resolver: Resolver, name: string, family: 0 | 4 | 6): Promise<LookupAddress[]> {
  const asks: Array<Promise<LookupAddress[]>> = [];
  if (family !== 6) asks.push(resolver.resolve4(name).then((found) => found.map((address) => ({ address, family: 4 as const }))));
  if (family !== 4) asks.push(resolver.resolve6(name).then((found) => found.map((address) => ({ address, family: 6 as const }))));
  const settled = await Promise.allSettled(asks);
  const addresses = settled.flatMap((outcome) => (outcome.status === "fulfilled" ? outcome.value : []));
  if (addresses.length > 0) return addresses;
  const failure = settled.find((outcome) => outcome.status === "rejected" && !NOT_FOUND.has(String((outcome.reason as NodeJS.ErrnoException).code)));
  if (failure?.status === "rejected") throw failure.reason;
  return [];
}

/** Resolves `hostname` the way getaddrinfo would, with DNS through `resolver()`. */
async function resolveHost(hostname: string, resolver: () => Resolver, family: 0 | 4 | 6 = 0): Promise<LookupAddress[]> {
  const name = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const literal = literalAddress(name);
  if (literal) return [literal];
  const wanted = (addresses: LookupAddress[]) => addresses.filter((entry) => family === 0 || entry.family === family);
  const listed = wanted(systemHosts().get(name) ?? []);
  if (listed.length > 0) return listed;
  if (isLocalhost(name)) return wanted(LOOPBACKS);
  for (const candidate of searchCandidates(name, systemSearchList())) {
    try {
      const found = await queryAddresses(resolver(), candidate, family);
      if (found.length > 0) return found;
    } catch (error) {
      throw lookupError(hostname, String((error as NodeJS.ErrnoException).code));
    }
  }
  throw lookupError(hostname, "ENOTFOUND");
}

/** The family net asks for: 0 (any), 4 or 6. */
function familyOf(options: LookupOptions): 0 | 4 | 6 {
  const family = options.family;
  if (family === 4 || family === "IPv4") return 4;
  if (family === 6 || family === "IPv6") return 6;
  return 0;
}

/** Name resolution for one probe run: a `lookup` for net/tls/http/ws, and `address()` for clients without one. */
export interface ProbeResolver {
  lookup: net.LookupFunction;
  /** The first address of `hostname` (IPv4 preferred); records the dns phase. */
  address(hostname: string): Promise<LookupAddress>;
}

/**
 * Creates the run's resolver: `servers` (HANDBACK_DNS_SERVERS, a DNS probe's server) or resolv.conf's.
 * Its queries are cancelled when the run ends, so a silent DNS server costs nothing past the deadline.
 */
export function createProbeResolver(scope: ProbeScope, servers?: readonly string[]): ProbeResolver {
  let resolver: Resolver | undefined;
  const get = (): Resolver => {
    if (resolver) return resolver;
    const created = new dns.Resolver({ timeout: Math.max(1, Math.ceil(scope.timeoutMs)), tries: 1 });
    if (servers && servers.length > 0) created.setServers(servers);
    scope.onCleanup(() => created.cancel());
    return (resolver = created);
  };
  const timed = async (hostname: string, family: 0 | 4 | 6): Promise<LookupAddress[]> => {
    const started = scope.elapsed();
    const addresses = await resolveHost(hostname, get, family);
    // The first name resolved is the target's (later ones are redirects); an IP literal has no dns phase.
    if (!literalAddress(hostname.replace(/^\[|\]$/g, ""))) scope.phases.dns ??= roundMs(scope.elapsed() - started);
    return addresses;
  };
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    timed(hostname, familyOf(options)).then(
      (addresses) => {
        const [first] = addresses as [LookupAddress];
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };
  return {
    lookup,
    address: async (hostname) => ((await timed(hostname, 0)) as [LookupAddress])[0],
  };
}
