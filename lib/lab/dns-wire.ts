import net from "node:net";

// The small part of the DNS wire format (RFC 1035) the lab needs: one question in, uncompressed answers out.

/** Record types the lab serves, by their wire numbers. */
export const DNS_TYPES = { A: 1, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 } as const;

/** Response codes the lab uses. */
export const DNS_RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** The records of one name. */
export interface DnsRecordSet {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  TXT?: string[];
  MX?: { priority: number; exchange: string }[];
}

/** One answer ready for encoding. */
export interface DnsAnswer {
  name: string;
  type: number;
  ttl: number;
  data: Buffer;
}

/** The parts of a query a server answers from. */
export interface DnsQuery {
  id: number;
  flags: number;
  name: string;
  type: number;
  /** The question section exactly as received, echoed back in the response. */
  question: Buffer;
}

/** The header fields of a DNS message. */
export interface DnsHeader {
  id: number;
  flags: number;
  rcode: number;
  qdcount: number;
  ancount: number;
}

/** Lower-cases a name and drops its trailing dot, the form record maps are keyed by. */
export function normalizeDnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** Encodes a name as uncompressed labels, keeping its case. */
export function encodeDnsName(name: string): Buffer {
  const labels = name.replace(/\.$/, "").split(".").filter(Boolean);
  const parts = labels.map((label) => {
    const bytes = Buffer.from(label, "ascii");
    if (bytes.length > 63) throw new Error(`DNS label longer than 63 bytes: ${label}`);
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  });
  return Buffer.concat([...parts, Buffer.from([0])]);
}

/** Reads the header of any DNS message; null when shorter than a header. */
export function readDnsHeader(message: Buffer): DnsHeader | null {
  if (message.length < 12) return null;
  const flags = message.readUInt16BE(2);
  return { id: message.readUInt16BE(0), flags, rcode: flags & 0x0f, qdcount: message.readUInt16BE(4), ancount: message.readUInt16BE(6) };
}

/** Parses a query with exactly one uncompressed question; null when malformed. */
export function parseDnsQuery(message: Buffer): DnsQuery | null {
  const header = readDnsHeader(message);
  if (header === null || header.qdcount !== 1) return null;
  const labels: string[] = [];
  let offset = 12;
  while (offset < message.length) {
    const length = message[offset] as number;
    if (length === 0) break;
    if (length > 63) return null; // a compression pointer or a reserved label type: not in a sane query
    labels.push(message.toString("ascii", offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  if (offset + 5 > message.length) return null;
  const type = message.readUInt16BE(offset + 1);
  return { id: header.id, flags: header.flags, name: labels.join("."), type, question: message.subarray(12, offset + 5) };
}

/** Builds a query for `name`/`type` with the recursion-desired bit set (for tests and probes). */
export function encodeDnsQuery(id: number, name: string, type: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2);
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2); // class IN
  return Buffer.concat([header, encodeDnsName(name), tail]);
}

/** Encodes the response to `query`: authoritative, recursion available, the question echoed back. */
export function encodeDnsResponse(query: DnsQuery, rcode: number, answers: DnsAnswer[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.id, 0);
  // QR | the query's opcode | AA | the query's RD | RA | rcode
  header.writeUInt16BE(0x8000 | (query.flags & 0x7800) | 0x0400 | (query.flags & 0x0100) | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.question, ...answers.map(encodeAnswer)]);
}

/** Encodes one resource record of class IN. */
function encodeAnswer(answer: DnsAnswer): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(answer.type, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(answer.ttl, 4);
  fixed.writeUInt16BE(answer.data.length, 8);
  return Buffer.concat([encodeDnsName(answer.name), fixed, answer.data]);
}

/** Encodes the data of every record of `type` in `records` for `name`. */
export function encodeRecordData(records: DnsRecordSet, type: number): Buffer[] {
  if (type === DNS_TYPES.A) return (records.A ?? []).map(encodeIpv4);
  if (type === DNS_TYPES.AAAA) return (records.AAAA ?? []).map(encodeIpv6);
  if (type === DNS_TYPES.CNAME) return records.CNAME === undefined ? [] : [encodeDnsName(records.CNAME)];
  if (type === DNS_TYPES.TXT) return (records.TXT ?? []).map(encodeTxt);
  if (type === DNS_TYPES.MX) {
    return (records.MX ?? []).map(({ priority, exchange }) => {
      const preference = Buffer.alloc(2);
      preference.writeUInt16BE(priority, 0);
      return Buffer.concat([preference, encodeDnsName(exchange)]);
    });
  }
  return [];
}

/** Encodes a dotted IPv4 address. */
function encodeIpv4(address: string): Buffer {
  if (!net.isIPv4(address)) throw new Error(`not an IPv4 address: ${address}`);
  return Buffer.from(address.split(".").map(Number));
}

/** Encodes an IPv6 address, expanding `::` (embedded IPv4 forms are not supported). */
function encodeIpv6(address: string): Buffer {
  if (!net.isIPv6(address) || address.includes(".")) throw new Error(`not a plain IPv6 address: ${address}`);
  const [head = "", tail] = address.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  const bytes = Buffer.alloc(16);
  [...headGroups, ...zeros, ...tailGroups].forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

/** Encodes one TXT record as character-strings of at most 255 bytes. */
function encodeTxt(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  for (let offset = 0; offset < bytes.length || parts.length === 0; offset += 255) {
    const piece = bytes.subarray(offset, offset + 255);
    parts.push(Buffer.from([piece.length]), piece);
  }
  return Buffer.concat(parts);
}
