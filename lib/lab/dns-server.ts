import "server-only";
import dgram from "node:dgram";
import {
  DNS_RCODES, DNS_TYPES, encodeDnsResponse, encodeRecordData, normalizeDnsName, parseDnsQuery,
  type DnsAnswer, type DnsRecordSet,
} from "./dns-wire";
import { LOOPBACK } from "./loopback";

/** `ok`: answer from the records; `servfail`/`refused`: that rcode for every query; `silent`: never answer. */
export type DnsMode = "ok" | "servfail" | "refused" | "silent";

/** Records by name (case-insensitive, trailing dot optional). Names not in the map get NXDOMAIN. */
export type DnsRecords = Record<string, DnsRecordSet>;

/** A running DNS server; `server` is the `host:port` form that dns.Resolver#setServers accepts. */
export interface DnsServer {
  port: number;
  server: string;
  setMode(mode: DnsMode): void;
  setRecords(records: DnsRecords): void;
  queryCount(): number;
  close(): Promise<void>;
}

/** Options for startDnsServer; `ttl` applies to every answer (default 60 s). */
export interface DnsServerOptions {
  port?: number;
  records: DnsRecords;
  ttl?: number;
  /** Names never answered, whatever the mode: one name's outage while the others resolve. */
  silentNames?: string[];
}

// Longest CNAME chain followed before giving up (a loop in the records must not hang the server).
const MAX_CNAME_HOPS = 8;

/** Starts a UDP DNS server on 127.0.0.1 that answers from `records` and fails on command (see DnsMode). */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  let mode: DnsMode = "ok";
  let records = normalizeRecords(options.records);
  let queries = 0;
  const ttl = options.ttl ?? 60;
  const silentNames = new Set((options.silentNames ?? []).map(normalizeDnsName));
  const socket = dgram.createSocket("udp4");
  socket.on("message", (message, remote) => {
    queries += 1;
    const query = parseDnsQuery(message);
    if (mode === "silent" || query === null || silentNames.has(normalizeDnsName(query.name))) return;
    let response: Buffer;
    if (mode === "servfail") response = encodeDnsResponse(query, DNS_RCODES.SERVFAIL, []);
    else if (mode === "refused") response = encodeDnsResponse(query, DNS_RCODES.REFUSED, []);
    else {
      const { rcode, answers } = resolveAnswers(records, query.name, query.type, ttl);
      response = encodeDnsResponse(query, rcode, answers);
    }
    socket.send(response, remote.port, remote.address);
  });
  const port = await new Promise<number>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ port: options.port ?? 0, address: LOOPBACK }, () => {
      socket.off("error", reject);
      resolve(socket.address().port);
    });
  });
  socket.on("error", () => {}); // e.g. ICMP unreachable after a client gave up
  return {
    port,
    server: `${LOOPBACK}:${port}`,
    setMode: (next) => void (mode = next),
    setRecords: (next) => void (records = normalizeRecords(next)),
    queryCount: () => queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** Re-keys the records by normalized name, encoding each once to fail fast on a bad address. */
function normalizeRecords(records: DnsRecords): Map<string, DnsRecordSet> {
  const map = new Map<string, DnsRecordSet>();
  for (const [name, set] of Object.entries(records)) {
    for (const type of Object.values(DNS_TYPES)) encodeRecordData(set, type);
    map.set(normalizeDnsName(name), set);
  }
  return map;
}

/** Answers one question, following CNAMEs inside the records; NXDOMAIN names the last name (RFC 6604). */
function resolveAnswers(
  records: Map<string, DnsRecordSet>,
  name: string,
  type: number,
  ttl: number,
): { rcode: number; answers: DnsAnswer[] } {
  const answers: DnsAnswer[] = [];
  let current = normalizeDnsName(name);
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop += 1) {
    const set = records.get(current);
    if (set === undefined) return { rcode: DNS_RCODES.NXDOMAIN, answers };
    if (set.CNAME !== undefined && type !== DNS_TYPES.CNAME) {
      answers.push({ name: current, type: DNS_TYPES.CNAME, ttl, data: encodeRecordData(set, DNS_TYPES.CNAME)[0] as Buffer });
      current = normalizeDnsName(set.CNAME);
      continue;
    }
    const data = encodeRecordData(set, type);
    return { rcode: DNS_RCODES.NOERROR, answers: [...answers, ...data.map((bytes) => ({ name: current, type, ttl, data: bytes }))] };
  }
  return { rcode: DNS_RCODES.SERVFAIL, answers: [] };
}
