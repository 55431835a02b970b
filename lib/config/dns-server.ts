import * as z from "zod";

// A DNS server as dns.Resolver#setServers takes it: an IP, optionally with a port. Never a host name:
// finding the resolver must not itself need a resolver.

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();
const WITH_PORT_V4 = /^([^:\]]+):(\d{1,5})$/;
const WITH_PORT_V6 = /^\[([^\]]+)\]:(\d{1,5})$/;

const validPort = (port: string) => Number(port) >= 1 && Number(port) <= 65_535;

/** True for `1.1.1.1`, `fd00::53`, `10.0.0.2:5353` and `[fd00::53]:53`. */
export function isDnsServerAddress(value: string): boolean {
  if (ipv4.safeParse(value).success || ipv6.safeParse(value).success) return true;
  const v4 = WITH_PORT_V4.exec(value);
  if (v4) return ipv4.safeParse(v4[1]).success && validPort(v4[2]!);
  const v6 = WITH_PORT_V6.exec(value);
  return v6 !== null && ipv6.safeParse(v6[1]).success && validPort(v6[2]!);
}

/** The rule, as config and env errors state it. */
export const DNS_SERVER_RULE = "must be an IP address, optionally with a port (10.0.0.2, 10.0.0.2:5353, [fd00::53]:53), not a host name";

/** One DNS server address (config `server`, HANDBACK_DNS_SERVERS items). */
export const dnsServerSchema = z.string().trim().refine(isDnsServerAddress, DNS_SERVER_RULE);
