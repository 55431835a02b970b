import "server-only";
import net from "node:net";
import { closeServer, listenOnLoopback, LOOPBACK, trackSockets } from "./loopback";
import { encodeRespReply, parseRespCommands, type RespReply } from "./resp";

/**
 * `ok`: PONG and the connection handshake; `error`: the handshake still succeeds (so clients connect) but
 * every other command gets the error reply; `hang`: read everything, answer nothing; `reset`: accept each
 * connection and reset it at once (an unreachable network path that fails fast, ECONNRESET).
 */
export type RedisFakeMode = "ok" | "error" | "hang" | "reset";

/** Tuning for a mode. */
export interface RedisFakeModeOptions {
  /** `error`: the reply without its leading `-` (default: Redis's own LOADING reply). */
  message?: string;
}

/** A running fake Redis; `url` is a redis:// URL for it. */
export interface RedisFake {
  port: number;
  url: string;
  setMode(mode: RedisFakeMode, options?: RedisFakeModeOptions): void;
  commandCount(name?: string): number;
  close(): Promise<void>;
}

const DEFAULT_ERROR = "LOADING Redis is loading the dataset in memory";
// Commands a client sends while connecting (ioredis 5: INFO for the ready check, CLIENT SETINFO, SELECT, AUTH).
const HANDSHAKE = new Set(["AUTH", "HELLO", "CLIENT", "SELECT", "INFO", "QUIT", "COMMAND"]);
const INFO = ["# Server", "redis_version:7.2.0", "redis_mode:standalone", "# Persistence", "loading:0", "# Lab", "handback_lab_fake:1", ""].join("\r\n");

/**
 * Starts a minimal RESP server on 127.0.0.1, enough for ioredis to connect and PING, so the demo runs with
 * no Redis installed. It is a lab target, not a Redis: it stores nothing and knows no data commands.
 */
export async function startRedisFake(options: { port?: number } = {}): Promise<RedisFake> {
  let mode: RedisFakeMode = "ok";
  let errorMessage = DEFAULT_ERROR;
  const counts = new Map<string, number>();
  const server = net.createServer((socket) => {
    let pending: Buffer = Buffer.alloc(0);
    socket.on("error", () => {});
    if (mode === "reset") return void socket.resetAndDestroy();
    socket.on("data", (chunk: Buffer) => {
      const { commands, rest } = parseRespCommands(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const [name = "", ...args] of commands) {
        const command = name.toUpperCase();
        counts.set(command, (counts.get(command) ?? 0) + 1);
        if (mode === "hang") continue;
        const reply = mode === "error" && !HANDSHAKE.has(command) ? { error: errorMessage } : answerCommand(command, args);
        socket.write(encodeRespReply(reply));
        if (command === "QUIT") socket.end();
      }
    });
  });
  const sockets = trackSockets(server);
  const port = await listenOnLoopback(server, options.port);
  return {
    port,
    url: `redis://${LOOPBACK}:${port}`,
    setMode(next, modeOptions = {}) {
      mode = next;
      errorMessage = modeOptions.message ?? DEFAULT_ERROR;
    },
    commandCount: (name) =>
      name === undefined ? [...counts.values()].reduce((sum, n) => sum + n, 0) : (counts.get(name.toUpperCase()) ?? 0),
    close: () => closeServer(server, sockets),
  };
}

/** The `ok` reply to one command. */
function answerCommand(command: string, args: string[]): RespReply {
  switch (command) {
    case "PING":
      return args[0] === undefined ? { simple: "PONG" } : { bulk: args[0] };
    case "ECHO":
      return { bulk: args[0] ?? "" };
    case "INFO":
      return { bulk: INFO };
    case "AUTH":
    case "SELECT":
    case "QUIT":
      return { simple: "OK" };
    case "CLIENT":
      return answerClient(args);
    case "HELLO":
      return args[0] === undefined || args[0] === "2" ? helloReply() : { error: "NOPROTO sorry, this protocol version is not supported" };
    case "COMMAND":
      return { array: [] };
    default:
      return { error: `ERR unknown command '${command.toLowerCase()}' (handback lab fake Redis)` };
  }
}

/** CLIENT SETNAME/SETINFO succeed; GETNAME has no name; ID is always 1. */
function answerClient(args: string[]): RespReply {
  const sub = (args[0] ?? "").toUpperCase();
  if (sub === "GETNAME") return { bulk: null };
  if (sub === "ID") return { integer: 1 };
  return { simple: "OK" };
}

/** HELLO 2's reply, as a flat RESP2 array of field/value pairs. */
function helloReply(): RespReply {
  const fields: [string, RespReply][] = [
    ["server", { bulk: "redis" }], ["version", { bulk: "7.2.0" }], ["proto", { integer: 2 }], ["id", { integer: 1 }],
    ["mode", { bulk: "standalone" }], ["role", { bulk: "master" }], ["modules", { array: [] }],
  ];
  return { array: fields.flatMap(([name, value]) => [{ bulk: name }, value]) };
}
