import "server-only";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { LabConfig } from "../config";
import type { LabNotificationView } from "../notify/types";
import { createPglite } from "../db/pglite";
import { log } from "../log";
import { loadTestCaPem } from "./certificates";
import { DEMO_FAULTS, faultAction, healthyControlPlane, type DemoServers } from "./demo-faults";
import { startFaultProxy } from "./fault-proxy";
import { startHttpTarget } from "./http-target";
import { startNotifySink } from "./notify-sink";
import { LOOPBACK } from "./loopback";
import { startRedisFake } from "./redis-fake";
import { makeJUnitReport } from "./junit-report";
import type { LabClient } from "./human-posts";
import { modesAt, playScenario } from "./scenario";
import { startTlsTarget } from "./tls-target";
import { startStagingApp } from "./staging/app";
import { startWebSocketTarget } from "./websocket-target";

// The demo's stand-in infrastructure on loopback ports basePort+1…+9, its notification sinks on +10 and +11,
// and the staging app of the Golden Path on +12 (the layout documented at the top of examples/issue-1278.yaml).
// Cloud SQL is a real PostgreSQL engine: an embedded PGlite of its own, served over the wire protocol by
// pglite-socket, behind a fault proxy.

const CONNECTOR_PATH = "/v1/projects/netra-staging/locations/us-central1/connectors/staging-connector";
const SECRETS_PATH = "/v1/projects/netra-staging/secrets";

/** A running demo lab. */
export interface DemoLab {
  /** The lab CA: probes trust it, as a team trusts its own private CA. */
  caPem: string;
  /** Sets one named fault (see DEMO_FAULTS) to one of its modes. */
  setFault(fault: string, mode: string): Promise<void>;
  /** The current mode of every fault. */
  faults(): Record<string, string>;
  /** What the notification sinks (basePort+10 HTTP, +11 SMTP) received, newest first. */
  notifications(): LabNotificationView[];
  close(): Promise<void>;
}

async function startCloudSqlEngine(dataDir: string) {
  const db = await createPglite(path.join(dataDir, "lab-cloud-sql"));
  const server = new PGLiteSocketServer({ db, port: 0, host: LOOPBACK, maxConnections: 16 });
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  return { port, close: async () => (await server.stop(), await db.close()) };
}

async function startServers(basePort: number, dataDir: string): Promise<{ servers: DemoServers; closers: (() => Promise<void>)[] }> {
  const closers: (() => Promise<void>)[] = [];
  // Each server joins `closers` as soon as it listens, so a failed start (a port in use) closes the rest.
  const track = async <T extends { close(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
    const server = await starting;
    closers.push(() => server.close());
    return server;
  };
  try {
    const controlPlane = healthyControlPlane();
    // Every port is bound before the Cloud SQL engine opens its store in the data dir: a second process
    // (a lab already running) fails here, on a taken port, without touching that store. The proxy reads
    // its target per connection, so the engine's port is filled in once the engine runs.
    const cloudSqlTarget = { host: LOOPBACK, port: 0 };
    await track(
      startHttpTarget({
        port: basePort + 1,
        routes: { [CONNECTOR_PATH]: () => controlPlane.connector, [SECRETS_PATH]: () => ({ secrets: controlPlane.secrets.map((name) => ({ name })) }) },
      }),
    );
    const servers: DemoServers = {
      controlPlane,
      cloudSql: await track(startFaultProxy({ port: basePort + 2, target: cloudSqlTarget })),
      redis: await track(startRedisFake({ port: basePort + 3 })),
      tlsStaging: await track(startTlsTarget({ port: basePort + 4, hostname: "staging.netrasystems.ai" })),
      tlsApi: await track(startTlsTarget({ port: basePort + 5, hostname: "api-staging.netrasystems.ai" })),
      backend: await track(startHttpTarget({ port: basePort + 6, routes: { "/health": { status: "healthy" }, "/health/infrastructure": { status: "healthy", database: "connected", redis: "connected" } } })),
      auth: await track(startHttpTarget({ port: basePort + 7 })),
      frontend: await track(startHttpTarget({ port: basePort + 8 })),
      websocket: await track(startWebSocketTarget({ port: basePort + 9, path: "/ws", greeting: { type: "connected", service: "chat-events" } })),
      staging: await track(startStagingApp(basePort + 12)),
    };
    cloudSqlTarget.port = (await track(startCloudSqlEngine(dataDir))).port;
    return { servers, closers: closers.reverse() };
  } catch (error) {
    await Promise.allSettled(closers.reverse().map((close) => close()));
    throw error;
  }
}

/** Where the lab leaves its CA certificate, so `handback probe` can trust a lab another process runs. */
export function labCaPath(dataDir: string): string {
  return path.join(dataDir, "lab-ca.pem");
}

/**
 * Starts the demo lab described by the config's `lab:` section, and plays its scenario when it has one;
 * the scenario's posts and CI reports go to `people` (boot sends them through the server's own routes).
 */
export async function startDemoLab(lab: LabConfig, dataDir: string, people?: LabClient, notifySecret?: string | null): Promise<DemoLab> {
  const basePort = lab.basePort ?? 39_100;
  const { servers, closers } = await startServers(basePort, dataDir);
  const sink = await startNotifySink({ httpPort: basePort + 10, smtpPort: basePort + 11, secret: notifySecret }).catch(async (error: unknown) => {
    await Promise.allSettled(closers.map((close) => close()));
    throw error;
  });
  closers.unshift(() => sink.close());
  const current: Record<string, string> = Object.fromEntries(Object.keys(DEMO_FAULTS).map((fault) => [fault, "healthy"]));
  const setFault = async (fault: string, mode: string) => {
    const apply = faultAction(fault, mode);
    if (!apply) throw new Error(`unknown lab fault "${fault}" or mode "${mode}"`);
    await apply(servers);
    current[fault] = mode;
  };
  let stopScenario = () => {};
  const { scenario } = lab;
  if (scenario) {
    for (const [fault, mode] of Object.entries(modesAt(0, scenario))) await setFault(fault, mode);
    stopScenario = playScenario(scenario, async (step) => {
      for (const post of step.posts) log.info(`lab scenario: ${post.team} ${post.type}: ${post.text}`);
      for (const [fault, mode] of Object.entries(step.faults)) await setFault(fault, mode);
      // Reports and posts are queued, not awaited (the client never rejects): the first step plays during
      // boot, before the server answers, and the next step's faults keep their time meanwhile.
      for (const [suite, run] of Object.entries(step.reports)) void people?.report(suite, makeJUnitReport(suite, run));
      for (const post of step.posts) void people?.post(post);
    });
  }
  const caPem = await loadTestCaPem();
  await writeFile(labCaPath(dataDir), caPem);
  log.info(`fault lab listening on ${LOOPBACK}:${basePort + 1}-${basePort + 12} (notification sinks on +10 HTTP, +11 SMTP; staging app on +12)${scenario ? `, playing its ${scenario.steps.length}-step scenario` : ""}`);
  return {
    caPem,
    setFault,
    faults: () => ({ ...current }),
    notifications: () => sink.messages(),
    async close() {
      stopScenario();
      await Promise.allSettled(closers.map((close) => close()));
    },
  };
}
