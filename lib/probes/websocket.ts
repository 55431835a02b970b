import "server-only";
import type net from "node:net";
import WebSocket from "ws";
import { roundMs, withDeadline, type Outcome, type ProbeScope } from "./deadline";
import { failureOf } from "./errors";
import { createProbeResolver } from "./resolve";
import type { ProbeContext, ProbeFn } from "./types";
import { clientTls } from "./tls-options";

type WebsocketProbe = Parameters<ProbeFn<"websocket">>[0];

// ws's handshakeTimeout is a backstop just past the hard deadline, which decides first.
const BACKSTOP_MS = 100;
/** Without `send`, how long to wait after the upgrade for a server greeting before reporting. */
export const GREETING_WAIT_MS = 500;
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** A message as text; ws hands over a Buffer, an ArrayBuffer or the fragments of one message. */
function messageText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString("utf8");
}

/** Opens the socket, optionally sends, and waits for the first message (BODY). */
function converse(probe: WebsocketProbe, scope: ProbeScope, context: ProbeContext): Promise<Outcome> {
  scope.observations.CONNECTED = false;
  // ws hands its options to net/tls.connect, `lookup` included, though its types do not list it.
  const options: WebSocket.ClientOptions & Pick<net.TcpNetConnectOpts, "lookup"> = {
    handshakeTimeout: scope.timeoutMs + BACKSTOP_MS,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    ...clientTls(probe.tls, context.ca),
    lookup: createProbeResolver(scope, context.dnsServers).lookup,
  };
  const socket = new WebSocket(probe.url, options);
  scope.onCleanup(() => socket.terminate());
  return new Promise<Outcome>((resolve) => {
    socket.on("error", (error) => resolve(failureOf(error)));
    socket.once("unexpected-response", (_request, response) => {
      response.resume();
      scope.observations.STATUS = response.statusCode ?? 0;
      resolve({ ok: false, error: { code: "WS_REJECTED", message: `upgrade refused with HTTP ${response.statusCode}` } });
    });
    socket.once("open", () => {
      scope.observations.CONNECTED = true;
      scope.phases.connect = roundMs(scope.elapsed());
      if (probe.send !== undefined) socket.send(probe.send);
      else setTimeout(() => resolve({ ok: true }), GREETING_WAIT_MS).unref();
    });
    socket.once("message", (data: WebSocket.RawData) => {
      scope.observations.BODY = messageText(data);
      resolve({ ok: true });
    });
    socket.once("close", () => resolve(scope.observations.CONNECTED ? { ok: true } : failureOf({ code: "ECONNRESET" })));
  });
}

/** Opens a websocket: CONNECTED, STATUS (of a refused upgrade), BODY (first message). */
export const probeWebsocket: ProbeFn<"websocket"> = (probe, context) =>
  withDeadline(
    context,
    (scope) => converse(probe, scope, context),
    // Connected but no message by the deadline: a measurement (no BODY), not a failure; conditions judge.
    (scope, outcome) => (scope.observations.CONNECTED ? { ok: true } : outcome),
  );
