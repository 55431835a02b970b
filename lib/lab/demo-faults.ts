import "server-only";
import type { FaultProxy } from "./fault-proxy";
import type { HttpTarget } from "./http-target";
import type { RedisFake } from "./redis-fake";
import type { StagingApp } from "./staging/app";
import type { TlsTarget } from "./tls-target";
import type { WebSocketTarget } from "./websocket-target";

// The demo's faults by name: each maps a mode word to what it does to the lab's servers. The scenario
// and the tests flip them; the probes only ever see the servers.

/** The mock control plane's view of the world, served as JSON by the control-plane target. */
export interface ControlPlane {
  connector: { state: string; recentErrors: number; instances: number };
  secrets: string[];
}

/** The running servers a demo fault can act on. */
export interface DemoServers {
  controlPlane: ControlPlane;
  cloudSql: FaultProxy;
  redis: RedisFake;
  tlsStaging: TlsTarget;
  tlsApi: TlsTarget;
  backend: HttpTarget;
  auth: HttpTarget;
  frontend: HttpTarget;
  websocket: WebSocketTarget;
  /** The staging app the Golden Path browser probe walks: it breaks with auth and Redis (lib/lab/staging/app.ts). */
  staging: StagingApp;
}

type Apply = (servers: DemoServers) => void | Promise<void>;

const REQUIRED_SECRETS = [
  "jwt-secret-staging", "database-password-staging", "redis-password-staging", "oauth-client-id-staging",
  "oauth-client-secret-staging", "anthropic-api-key-staging", "openai-api-key-staging", "clickhouse-password-staging",
  "service-secret-staging", "fernet-key-staging",
];

const httpModes = (pick: (servers: DemoServers) => HttpTarget): Record<string, Apply> => ({
  healthy: (servers) => pick(servers).setMode("ok"),
  failing: (servers) => pick(servers).setMode("error", { status: 503 }),
  slow: (servers) => pick(servers).setMode("slow", { delayMs: 1_500 }),
  hanging: (servers) => pick(servers).setMode("hang"),
});

/** Sets one of the staging app's faults: it breaks with the lab's auth and Redis faults. */
function stagingFault(servers: DemoServers, fault: "authDown" | "redisDown", down: boolean): void {
  servers.staging.faults[fault] = down;
}

/** Each mode also sets the staging app's faults that `faultsOf(mode)` gives. */
function withStaging(modes: Record<string, Apply>, faultsOf: (mode: string) => { authDown: boolean }): Record<string, Apply> {
  return Object.fromEntries(
    Object.entries(modes).map(([mode, apply]) => [mode, (servers: DemoServers) => (stagingFault(servers, "authDown", faultsOf(mode).authDown), apply(servers))]),
  );
}

/** Every demo fault and its modes; `healthy` is always one of them. */
export const DEMO_FAULTS: Record<string, Record<string, Apply>> = {
  "vpc-connector": {
    healthy: ({ controlPlane }) => void (controlPlane.connector = { state: "READY", recentErrors: 0, instances: 3 }),
    failing: ({ controlPlane }) => void (controlPlane.connector = { state: "ERROR", recentErrors: 37, instances: 0 }),
  },
  "cloud-sql": {
    healthy: ({ cloudSql }) => cloudSql.setMode("pass"),
    slow: ({ cloudSql }) => cloudSql.setMode("latency", { delayMs: 800 }),
    hanging: ({ cloudSql }) => cloudSql.setMode("blackhole"),
    refusing: ({ cloudSql }) => cloudSql.setMode("refuse"),
  },
  redis: {
    healthy: (servers) => (servers.redis.setMode("ok"), stagingFault(servers, "redisDown", false)),
    failing: (servers) => (servers.redis.setMode("error"), stagingFault(servers, "redisDown", true)),
    hanging: (servers) => (servers.redis.setMode("hang"), stagingFault(servers, "redisDown", true)),
    unreachable: (servers) => (servers.redis.setMode("reset"), stagingFault(servers, "redisDown", true)),
  },
  "secret-manager": {
    healthy: ({ controlPlane }) => void (controlPlane.secrets = [...REQUIRED_SECRETS]),
    failing: ({ controlPlane }) => void (controlPlane.secrets = REQUIRED_SECRETS.slice(0, 7)),
  },
  "tls-staging": {
    healthy: ({ tlsStaging }) => tlsStaging.setCertificate("valid"),
    expired: ({ tlsStaging }) => tlsStaging.setCertificate("expired"),
    "wrong-host": ({ tlsStaging }) => tlsStaging.setCertificate("wrong-host"),
  },
  "tls-api": {
    healthy: ({ tlsApi }) => tlsApi.setCertificate("valid"),
    expired: ({ tlsApi }) => tlsApi.setCertificate("expired"),
    "wrong-host": ({ tlsApi }) => tlsApi.setCertificate("wrong-host"),
  },
  backend: httpModes((servers) => servers.backend),
  // While auth is failing or hanging, the staging app's sign-in fails too; slow still signs in.
  auth: withStaging(httpModes((servers) => servers.auth), (mode) => ({ authDown: mode === "failing" || mode === "hanging" })),
  frontend: httpModes((servers) => servers.frontend),
  websocket: {
    healthy: ({ websocket }) => websocket.setMode("accept"),
    failing: ({ websocket }) => websocket.setMode("deny", { status: 503 }),
    hanging: ({ websocket }) => websocket.setMode("hang"),
  },
};

/** A fault's modes, by own property only: "__proto__" or "toString" from a request is no fault. */
export function faultModes(fault: string): Record<string, Apply> | undefined {
  return Object.hasOwn(DEMO_FAULTS, fault) ? DEMO_FAULTS[fault] : undefined;
}

/** What one mode of one fault does, by own properties only (see faultModes). */
export function faultAction(fault: string, mode: string): Apply | undefined {
  const modes = faultModes(fault);
  return modes && Object.hasOwn(modes, mode) ? modes[mode] : undefined;
}

/** The control plane's state with every fault healthy. */
export function healthyControlPlane(): ControlPlane {
  return { connector: { state: "READY", recentErrors: 0, instances: 3 }, secrets: [...REQUIRED_SECRETS] };
}
