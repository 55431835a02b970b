import "server-only";
import net from "node:net";
import { roundMs, withDeadline, type Outcome, type ProbeScope } from "./deadline";
import { failureOf } from "./errors";
import { createProbeResolver } from "./resolve";
import type { ProbeFn } from "./types";

/** Records dns and connect phases of a socket from its lookup/connect events. */
export function timeSocketPhases(socket: net.Socket, scope: ProbeScope): void {
  const started = scope.elapsed();
  let connectFrom = started;
  socket.once("lookup", () => {
    connectFrom = scope.elapsed();
    scope.phases.dns = roundMs(connectFrom - started);
  });
  socket.once("connect", () => {
    scope.phases.connect = roundMs(scope.elapsed() - connectFrom);
  });
}

/** Opens one TCP connection: CONNECTED and RESPONSE_TIME (ms to connect), then closes it. */
export const probeTcp: ProbeFn<"tcp"> = (probe, context) =>
  withDeadline(context, (scope) => {
    scope.observations.CONNECTED = false;
    const { lookup } = createProbeResolver(scope, context.dnsServers);
    const socket = net.connect({ host: probe.host, port: probe.port, lookup });
    scope.onCleanup(() => socket.destroy());
    timeSocketPhases(socket, scope);
    return new Promise<Outcome>((resolve) => {
      socket.once("connect", () => {
        scope.observations.CONNECTED = true;
        scope.observations.RESPONSE_TIME = roundMs(scope.elapsed());
        resolve({ ok: true });
      });
      socket.once("error", (error) => resolve(failureOf(error)));
    });
  });
