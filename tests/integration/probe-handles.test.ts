import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProbeConfig } from "@/lib/config";
import {
  startDnsServer, startHttpTarget, startTcpBlackhole, startTlsTarget, startWebSocketTarget,
  type DnsServer, type HttpTarget, type TcpBlackhole, type TlsTarget, type WebSocketTarget,
} from "@/lib/lab";
import { runProbe } from "@/lib/probes";
import { startSynBlackhole, type SynBlackhole } from "@/tests/support/probes";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Active resources by kind (timers, child processes, DNS channels…), as Node reports them. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = { clientSockets: clientSockets().length };
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind !== "TCPSocketWrap") counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * Open client-side sockets. The lab's accepted sockets are left out: a lab server that never reads does not
 * notice the probe hanging up, and closing those is the lab's business (it destroys them on close()).
 */
function clientSockets(): net.Socket[] {
  // process._getActiveHandles is undocumented but the only way to tell client from server sockets.
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle): handle is net.Socket => handle instanceof net.Socket && !(handle as { server?: unknown }).server);
}

// Every probe that hit its deadline must have destroyed what it opened: no socket, timer or child is left.
describe("probes leave no handles behind after a deadline", () => {
  let silent: TcpBlackhole;
  let syn: SynBlackhole;
  let http: HttpTarget;
  let dns: DnsServer;
  let tls: TlsTarget;
  let ws: WebSocketTarget;
  beforeAll(async () => {
    [silent, syn, http, dns, tls, ws] = await Promise.all([
      startTcpBlackhole(), startSynBlackhole(), startHttpTarget(), startDnsServer({ records: {} }),
      startTlsTarget({ hostname: "api.lab.test" }), startWebSocketTarget(),
    ]);
    http.setMode("hang");
    dns.setMode("silent");
    tls.setMode("hang");
    ws.setMode("hang");
  });
  afterAll(async () => {
    syn.close();
    await Promise.all([silent.close(), http.close(), dns.close(), tls.close(), ws.close()]);
  });

  it("after hung http, tls, tcp, dns, postgres, redis, websocket and command probes", async () => {
    const probes: ProbeConfig[] = [
      { type: "http", url: http.url("/"), method: "GET", headers: {}, followRedirects: false },
      { type: "tls", host: "127.0.0.1", port: tls.port },
      { type: "tcp", host: "127.0.0.1", port: syn.port },
      { type: "dns", name: "a.lab.test", record: "A", server: dns.server },
      { type: "postgres", url: `postgres://u:p@127.0.0.1:${silent.port}/db`, query: "SELECT 1" },
      { type: "redis", url: `redis://127.0.0.1:${silent.port}` },
      { type: "websocket", url: ws.url },
      { type: "command", command: ["sh", "-c", "sleep 30 & sleep 30"], env: {} },
    ];
    await sleep(100);
    const before = activeResources();
    const results = await Promise.all(probes.map((probe) => runProbe(probe, { timeoutMs: 300 })));
    expect(results.map((result) => result.error?.code)).toEqual(probes.map(() => "TIMEOUT"));
    await sleep(300);
    expect(activeResources()).toEqual(before);
  });
});
