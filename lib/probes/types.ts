import "server-only";
import type { ProbeConfig, ProbeType } from "../config";
import type { Observations } from "../conditions/types";

// Observations belong to the condition language (lib/conditions/types.ts); probes produce them.
export type { Observations };

// The shape every probe returns. Probes measure; lib/conditions judges. A failing target is a result,
// never an exception: only bugs throw.

/** Stable error codes; never derived by searching an error's message text. */
export type ProbeErrorCode =
  | "TIMEOUT"
  | "ECONNREFUSED"
  | "ECONNRESET"
  | "EHOSTUNREACH"
  | "NXDOMAIN"
  | "SERVFAIL"
  | "DNS_ERROR"
  | "TLS_EXPIRED"
  | "TLS_NOT_YET_VALID"
  | "TLS_HOSTNAME"
  | "TLS_UNTRUSTED"
  | "TLS_ERROR"
  | "HTTP_STATUS"
  | "HTTP_PROTOCOL"
  | "BODY_TOO_LARGE"
  | "AUTH_FAILED"
  | "QUERY_FAILED"
  | "DB_NOT_FOUND"
  | "WS_REJECTED"
  | "EXIT_CODE"
  | "SPAWN_FAILED"
  | "NETWORK_ERROR"
  /** A browser probe step did not do what it says (the message names the step). */
  | "STEP_FAILED"
  /** No Chromium to drive (CHROMIUM_PATH missing or not starting): nothing is known of the target. */
  | "BROWSER_UNAVAILABLE"
  /** The caller aborted the run (context.signal), e.g. at shutdown: not evidence about the target. */
  | "ABORTED";

/** Time spent in each phase of one check, in milliseconds; absent phases did not happen. */
export interface ProbePhases {
  dns?: number;
  connect?: number;
  tls?: number;
  firstByte?: number;
  /** A browser probe's steps, in order: "1 goto", "2 fill", … (lib/probes/browser/steps.ts). */
  [step: `${number} ${string}`]: number;
  total: number;
}


/** What one run of one probe measured (docs/configuration.md, probe types). */
export interface ProbeResult {
  /**
   * True when the probe completed without a transport or protocol error; conditions decide the rest. An
   * `error` may accompany ok: true as information about an answer (HTTP_STATUS for 4xx/5xx, BODY_TOO_LARGE,
   * EXIT_CODE, NXDOMAIN, SERVFAIL): the target answered, and conditions judge the answer.
   */
  ok: boolean;
  latencyMs: number;
  checkedAt: string;
  error?: { code: ProbeErrorCode; message: string };
  observations: Observations;
  phases?: ProbePhases;
  /** A browser probe's PNG of the failing page (or its screenshot step): evidence, stored beside the result. */
  screenshot?: Buffer;
}

/** What a probe gets besides its config: the hard deadline and a signal for shutdown. */
export interface ProbeContext {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM), added to Node's roots for tls/https/wss probes (tests, private CAs). */
  ca?: string[];
  /** DNS servers (IP[:port]) for target names (HANDBACK_DNS_SERVERS); unset: those of /etc/resolv.conf. */
  dnsServers?: string[];
  /** Response headers an http probe keeps in HEADER (names, any case): those conditions read; none when absent. */
  keepHeaders?: readonly string[];
  /** Which Chromium browser probes drive and how many runs share it at once (CHROMIUM_PATH, HANDBACK_BROWSER_CONCURRENCY). */
  browser?: BrowserSettings;
}

/** The process-wide browser settings (lib/probes/browser/pool.ts). */
export interface BrowserSettings {
  chromiumPath: string;
  concurrency: number;
}

/** One probe type's implementation. */
export type ProbeFn<T extends ProbeType> = (
  probe: Extract<ProbeConfig, { type: T }>,
  context: ProbeContext,
) => Promise<ProbeResult>;
