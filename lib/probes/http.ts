import "server-only";
import type http from "node:http";
import { roundMs, withDeadline, type Outcome, type ProbeScope } from "./deadline";
import { failureOf, ProbeFailure } from "./errors";
import { readBody, sendRequest, type HttpInit } from "./http-request";
import { createProbeResolver } from "./resolve";
import { clientTls } from "./tls-options";
import { PLAIN_REQUEST_HEADERS } from "./secrets";
import { MAX_BODY_BYTES, SCRUB_MARGIN_BYTES } from "./trim";
import type { ProbeContext, ProbeFn } from "./types";

type HttpProbe = Parameters<ProbeFn<"http">>[0];

const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Response headers never kept, even when a condition names one: a target's session is not evidence.
const NEVER_KEPT = new Set(["set-cookie"]);
const USER_AGENT = "handback-probe";

/** The response headers in `keep` as a lower-cased name → value map; repeated headers are joined with ", ". */
function headerMap(headers: http.IncomingHttpHeaders, keep: readonly string[] = []): Record<string, string> {
  const wanted = new Set(keep.map((name) => name.toLowerCase()).filter((name) => !NEVER_KEPT.has(name)));
  const entries = Object.entries(headers).filter(
    (entry): entry is [string, string | string[]] => entry[1] !== undefined && wanted.has(entry[0].toLowerCase()),
  );
  return Object.fromEntries(entries.map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]));
}

/**
 * The next hop's request, as fetch does it: 303 (and 301/302 after POST) become GET without a body. On the
 * way to another origin only the plain request headers (PLAIN_REQUEST_HEADERS) follow: browsers and undici
 * drop Authorization, Cookie and Proxy-Authorization, and a probe's config also holds custom credential
 * headers (X-Api-Key, X-Auth-Token…), which stay with the origin they were written for.
 */
function redirectInit(init: HttpInit, status: number, from: URL, to: URL): HttpInit {
  const toGet = status === 303 || ((status === 301 || status === 302) && init.method === "POST");
  const sameOrigin = from.origin === to.origin;
  const headers = Object.fromEntries(
    Object.entries(init.headers).filter(([name]) => sameOrigin || PLAIN_REQUEST_HEADERS.has(name.toLowerCase())),
  );
  return toGet ? { ...init, method: init.method === "HEAD" ? "HEAD" : "GET", headers, body: undefined } : { ...init, headers };
}

/** Sends the request, following redirects when configured; resolves with the final response. */
async function fetchFinal(probe: HttpProbe, scope: ProbeScope, context: ProbeContext): Promise<http.IncomingMessage> {
  let url = new URL(probe.url);
  const { lookup } = createProbeResolver(scope, context.dnsServers);
  let init: HttpInit = { method: probe.method, headers: { "user-agent": USER_AGENT, ...probe.headers }, body: probe.body, tls: clientTls(probe.tls, context.ca), lookup };
  for (let hop = 0; ; hop += 1) {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ProbeFailure("HTTP_PROTOCOL", `only http and https URLs can be probed, not ${url.protocol}`);
    }
    const response = await sendRequest(url, init, scope);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (!probe.followRedirects || !REDIRECT_STATUSES.has(status) || location === undefined) return response;
    response.destroy();
    if (hop >= MAX_REDIRECTS) throw new ProbeFailure("HTTP_PROTOCOL", `more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, url);
    init = redirectInit(init, status, url, next);
    url = next;
  }
}

/** The outcome for a fully read response: ok, with informational errors for a 4xx/5xx or a cut body. */
function responseOutcome(status: number, truncated: boolean): Outcome {
  if (truncated) return { ok: true, error: { code: "BODY_TOO_LARGE", message: `body larger than ${MAX_BODY_BYTES} bytes; BODY keeps the first ${MAX_BODY_BYTES}` } };
  if (status >= 400) return { ok: true, error: { code: "HTTP_STATUS", message: `HTTP ${status}` } };
  return { ok: true };
}

/** Performs the exchange and records STATUS, HEADER (the kept ones), BODY, RESPONSE_TIME and CONNECTED. */
async function exchange(probe: HttpProbe, scope: ProbeScope, context: ProbeContext): Promise<Outcome> {
  scope.observations.CONNECTED = false;
  try {
    const response = await fetchFinal(probe, scope, context);
    const status = response.statusCode ?? 0;
    scope.observations.STATUS = status;
    scope.observations.HEADER = headerMap(response.headers, context.keepHeaders);
    // Read past the cap so a secret straddling it is scrubbed whole; runProbe cuts BODY to the cap after.
    const body = await readBody(response, MAX_BODY_BYTES, SCRUB_MARGIN_BYTES);
    scope.observations.BODY = body.text;
    scope.observations.BODY_TRUNCATED = body.truncated;
    scope.observations.RESPONSE_TIME = roundMs(scope.elapsed());
    return responseOutcome(status, body.truncated);
  } catch (error) {
    return failureOf(error);
  }
}

/** Sends one HTTP request: STATUS, RESPONSE_TIME (ms, whole exchange), BODY, HEADER, CONNECTED. */
export const probeHttp: ProbeFn<"http"> = (probe, context) =>
  withDeadline(context, (scope) => exchange(probe, scope, context));
