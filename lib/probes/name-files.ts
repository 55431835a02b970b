import "server-only";
import { readFileSync } from "node:fs";
import net from "node:net";

// The system files a name lookup consults before DNS: hosts(5) and resolv.conf(5)'s search list. Read
// synchronously on the event loop (a small local file, never the thread pool) and at most every 30 s.

/** One address for a name, as net's `lookup` hands it back. */
export interface LookupAddress {
  address: string;
  family: 4 | 6;
}

/** The parts of resolv.conf that change which names are asked: search domains and ndots. */
export interface SearchList {
  search: string[];
  ndots: number;
}

const REFRESH_MS = 30_000;

/** An IP literal as a lookup address; undefined for anything else. */
export function literalAddress(value: string): LookupAddress | undefined {
  const family = net.isIP(value);
  return family === 4 || family === 6 ? { address: value, family } : undefined;
}

/** Parses hosts(5): each name (lower-cased) → its addresses in file order; comments and bad lines skipped. */
export function parseHosts(text: string): Map<string, LookupAddress[]> {
  const hosts = new Map<string, LookupAddress[]>();
  for (const line of text.split("\n")) {
    const [address = "", ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
    const entry = literalAddress(address);
    if (!entry) continue;
    for (const name of names) {
      const key = name.toLowerCase();
      hosts.set(key, [...(hosts.get(key) ?? []), entry]);
    }
  }
  return hosts;
}

/** Parses resolv.conf(5)'s `search` (or `domain`) and `options ndots:N`; the last line of each wins. */
export function parseResolvConf(text: string): SearchList {
  const list: SearchList = { search: [], ndots: 1 };
  for (const line of text.split("\n")) {
    const [keyword, ...values] = line.replace(/[#;].*/, "").trim().split(/\s+/);
    if (keyword === "search" || keyword === "domain") list.search = values.filter(Boolean);
    if (keyword !== "options") continue;
    const ndots = values.find((option) => option.startsWith("ndots:"));
    if (ndots) list.ndots = Math.min(Math.max(Number(ndots.slice(6)) || 0, 0), 15);
  }
  return list;
}

/** A parsed system file, re-read at most every REFRESH_MS; a missing or unreadable file parses as empty. */
function cachedFile<T>(file: string, parse: (text: string) => T): () => T {
  let value: T | undefined;
  let readAt = -Infinity;
  return () => {
    if (value === undefined || performance.now() - readAt > REFRESH_MS) {
      let text = "";
      try {
        text = readFileSync(file, "utf8");
      } catch {
        // No such file (a minimal container): nothing to consult.
      }
      value = parse(text);
      readAt = performance.now();
    }
    return value;
  };
}

/** The machine's /etc/hosts. */
export const systemHosts = cachedFile("/etc/hosts", parseHosts);
/** The machine's /etc/resolv.conf search list. */
export const systemSearchList = cachedFile("/etc/resolv.conf", parseResolvConf);

/** The names to ask for `name`, in resolv.conf order: as is first when it has ndots dots, else the search list first. */
export function searchCandidates(name: string, list: SearchList): string[] {
  if (name.endsWith(".")) return [name.slice(0, -1)];
  const searched = list.search.map((domain) => `${name}.${domain.replace(/\.$/, "")}`);
  const dots = name.split(".").length - 1;
  return dots >= list.ndots ? [name, ...searched] : [...searched, name];
}
