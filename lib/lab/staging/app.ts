import "server-only";
import http from "node:http";
import { WebSocketServer } from "ws";
import { closeServer, createTimers, listenOnLoopback, LOOPBACK, trackSockets } from "../loopback";
import { CHAT_PAGE, LOGIN_PAGE, TRAP_PAGES } from "./pages";

// The demo's staging app (docs/demo.md "Golden Path"): sign in, ask, and the answer arrives over the
// WebSocket as ANSWER_EVENTS events. It breaks the way the incident did: while auth is down the sign-in
// fails; while Redis is down the answer stops after STALLED_EVENTS events and the socket stays open.

export const ANSWER_EVENTS = 5;
export const STALLED_EVENTS = 2;
const EVENT_GAP_MS = 30;

export interface StagingFaults {
  authDown: boolean;
  redisDown: boolean;
  /** The page never finishes loading (the server holds every request open). */
  hanging: boolean;
}

export interface StagingApp {
  url: string;
  port: number;
  faults: StagingFaults;
  close(): Promise<void>;
}

function send(response: http.ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

export async function startStagingApp(port = 0): Promise<StagingApp> {
  const faults: StagingFaults = { authDown: false, redisDown: false, hanging: false };
  const timers = createTimers();
  const server = http.createServer((request, response) => {
    if (faults.hanging) return; // held open until the client gives up or the app closes
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (path === "/" || path === "/login") return send(response, 200, "text/html", LOGIN_PAGE);
    if (path === "/chat") return send(response, 200, "text/html", CHAT_PAGE);
    if (path === "/api/login" && request.method === "POST") {
      request.resume();
      return faults.authDown ? send(response, 503, "application/json", '{"error":"auth unavailable"}') : send(response, 200, "application/json", '{"ok":true}');
    }
    if (path === "/trap/file") return send(response, 200, "application/octet-stream", "x".repeat(1024));
    const trap = TRAP_PAGES[path.replace("/trap/", "")];
    if (path.startsWith("/trap/") && trap) return send(response, 200, "text/html", trap);
    send(response, 404, "text/plain", "not found");
  });
  const sockets = trackSockets(server);
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (request, socket, head) => {
    if (request.url !== "/ws") return socket.destroy();
    wss.handleUpgrade(request, socket, head, (client) => {
      client.once("message", () => {
        // Events are sent as a stream of tokens; with Redis down the stream stops and nothing closes it.
        const count = faults.redisDown ? STALLED_EVENTS : ANSWER_EVENTS;
        for (let index = 0; index < count; index++) {
          timers.schedule(EVENT_GAP_MS * (index + 1), () => client.send(JSON.stringify({ seq: index + 1, text: `part ${index + 1}. ` })));
        }
      });
    });
  });
  const actual = await listenOnLoopback(server, port);
  return {
    url: `http://${LOOPBACK}:${actual}`,
    port: actual,
    faults,
    async close() {
      timers.clearAll();
      for (const client of wss.clients) client.terminate();
      await closeServer(server, sockets);
    },
  };
}
