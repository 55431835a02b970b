import "server-only";
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { roundMs, type ProbeScope } from "./deadline";
import { timeSocketPhases } from "./tcp";
import { sniName, type ClientTls } from "./tls-options";

// One HTTP exchange on node:http/https (rather than fetch) for phase timings from socket events. A request
// timeout in node:http only emits an event, so the request is destroyed by the probe's deadline cleanup.

/** What is sent on one hop. */
export interface HttpInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** CAs, client certificate and verification for https hops. */
  tls?: ClientTls;
  /** Name resolution for every hop (the probe run's cancellable resolver). */
  lookup?: net.LookupFunction;
}

/** A body read up to a cap. */
export interface BodyRead {
  text: string;
  truncated: boolean;
}

/** Records dns/connect/tls phases and CONNECTED; calls `ready` with the time the transport was ready. */
function watchSocket(socket: net.Socket, scope: ProbeScope, secure: boolean, ready: (at: number) => void): void {
  timeSocketPhases(socket, scope);
  const onReady = () => {
    scope.observations.CONNECTED = true;
    ready(scope.elapsed());
  };
  if (!secure) return void socket.once("connect", onReady);
  let connectedAt = scope.elapsed();
  socket.once("connect", () => (connectedAt = scope.elapsed()));
  socket.once("secureConnect", () => {
    scope.phases.tls = roundMs(scope.elapsed() - connectedAt);
    onReady();
  });
}

/** Sends one request and resolves with the response once its headers arrive. */
export function sendRequest(url: URL, init: HttpInit, scope: ProbeScope): Promise<http.IncomingMessage> {
  const secure = url.protocol === "https:";
  const options: https.RequestOptions = {
    method: init.method,
    headers: init.headers,
    agent: false, // a fresh socket every time, so the phases are real and nothing is pooled
    lookup: init.lookup,
    ...(secure ? { ...init.tls, servername: sniName(url.hostname.replace(/^\[|\]$/g, "")) } : {}),
  };
  let readyAt = scope.elapsed();
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(url, options);
    scope.onCleanup(() => request.destroy());
    request.once("socket", (socket) => watchSocket(socket, scope, secure, (at) => (readyAt = at)));
    request.once("response", (response) => {
      response.on("error", () => {}); // reported through readBody
      scope.phases.firstByte = roundMs(scope.elapsed() - readyAt);
      resolve(response);
    });
    request.once("error", reject);
    request.end(init.body);
  });
}

/**
 * Reads a body as UTF-8, keeping up to `cap` + `margin` bytes and stopping past that; `truncated` when more
 * than `cap` bytes came. The margin lets runProbe scrub a secret that straddles the cap before it cuts.
 */
export function readBody(response: http.IncomingMessage, cap: number, margin = 0): Promise<BodyRead> {
  const limit = cap + margin;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const text = () => Buffer.concat(chunks).toString("utf8");
    response.on("data", (chunk: Buffer) => {
      chunks.push(chunk.subarray(0, Math.max(0, limit - size)));
      size += chunk.length;
      if (size <= limit) return;
      response.destroy();
      resolve({ text: text(), truncated: true });
    });
    response.once("end", () => resolve({ text: text(), truncated: size > cap }));
    response.once("error", reject);
    response.once("close", () => {
      if (!response.complete) reject(Object.assign(new Error("connection closed before the body was complete"), { code: "ECONNRESET" }));
    });
  });
}
