import "server-only";
import { promises as dns } from "node:dns";
import { withDeadline, type Outcome, type ProbeScope } from "./deadline";
import { failureOf, rawCodeOf } from "./errors";
import type { ProbeErrorCode, ProbeFn } from "./types";

// dns.lookup cannot be cancelled and blocks libuv's thread pool: a c-ares Resolver with one try is used,
// and cancelled at the deadline.

type DnsProbe = Parameters<ProbeFn<"dns">>[0];
type Resolver = InstanceType<typeof dns.Resolver>;

/** One resolver call per record type, each answer rendered as text. */
const QUERIES: { [R in DnsProbe["record"]]: (resolver: Resolver, name: string) => Promise<string[]> } = {
  A: (resolver, name) => resolver.resolve4(name),
  AAAA: (resolver, name) => resolver.resolve6(name),
  CNAME: (resolver, name) => resolver.resolveCname(name),
  TXT: async (resolver, name) => (await resolver.resolveTxt(name)).map((chunks) => chunks.join("")),
  MX: async (resolver, name) => (await resolver.resolveMx(name)).map((mx) => `${mx.priority} ${mx.exchange}`),
};

/** c-ares codes that mean the server answered: the rcode seen, and the informational error code if any. */
const ANSWERS: Record<string, { rcode: string; code?: ProbeErrorCode }> = {
  ENODATA: { rcode: "NOERROR" },
  ENOTFOUND: { rcode: "NXDOMAIN", code: "NXDOMAIN" },
  ESERVFAIL: { rcode: "SERVFAIL", code: "SERVFAIL" },
  EREFUSED: { rcode: "REFUSED", code: "DNS_ERROR" },
  ETIMEOUT: { rcode: "TIMEOUT", code: "TIMEOUT" },
};

/** Records the rcode for an error and decides the outcome; only a server that answered is ok. */
function answerOutcome(error: unknown, scope: ProbeScope): Outcome {
  const answer = ANSWERS[rawCodeOf(error) ?? ""];
  if (answer === undefined) return failureOf(error, "DNS_ERROR");
  scope.observations.DNS_RCODE = answer.rcode;
  if (answer.rcode === "NOERROR") scope.observations.BODY = "";
  if (answer.code === undefined) return { ok: true };
  return { ...failureOf(error, answer.code), ok: answer.rcode !== "TIMEOUT" };
}

/** Resolves the name and records DNS_RCODE, IP and BODY. */
async function resolve(probe: DnsProbe, scope: ProbeScope, servers?: string[]): Promise<Outcome> {
  const resolver = new dns.Resolver({ timeout: scope.timeoutMs, tries: 1 });
  scope.onCleanup(() => resolver.cancel());
  try {
    const chosen = probe.server ? [probe.server] : servers;
    if (chosen && chosen.length > 0) resolver.setServers(chosen);
    const answers = await QUERIES[probe.record](resolver, probe.name);
    scope.observations.DNS_RCODE = "NOERROR";
    scope.observations.BODY = answers.join(", ");
    if ((probe.record === "A" || probe.record === "AAAA") && answers[0] !== undefined) scope.observations.IP = answers[0];
    return { ok: true };
  } catch (error) {
    return answerOutcome(error, scope);
  }
}

/** Resolves one record: DNS_RCODE (NOERROR, NXDOMAIN, SERVFAIL, TIMEOUT), IP (first A/AAAA), BODY. */
export const probeDns: ProbeFn<"dns"> = (probe, context) =>
  withDeadline(
    context,
    (scope) => resolve(probe, scope, context.dnsServers),
    (scope, outcome) => ((scope.observations.DNS_RCODE = "TIMEOUT"), outcome),
  );
