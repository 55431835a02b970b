import "server-only";
import net, { type Socket } from "node:net";
import { closeServer, listenOnLoopback, trackSockets } from "./loopback";

/**
 * `pass`: forward both ways; `latency`: forward, each chunk delayed by `delayMs` in each direction;
 * `blackhole`: accept, never forward, never answer; `reset`: accept, then RST; `refuse`: stop listening
 * (ECONNREFUSED), and listen again on the same port when switched to any other mode.
 *
 * Open connections follow the mode too: `blackhole` freezes them (both sides stop being read, as in a
 * network partition) and `pass`/`latency` thaw them with nothing lost; `reset` and `refuse` reset them.
 * Connections accepted during `blackhole` are connected upstream but frozen, so they too thaw on `pass`.
 */
export type ProxyMode = "pass" | "latency" | "blackhole" | "reset" | "refuse";

/** Tuning for a mode. */
export interface ProxyModeOptions {
  /** `latency`: delay added to each chunk, each way (default 500 ms). */
  delayMs?: number;
}

/** A running fault proxy. */
export interface FaultProxy {
  port: number;
  /** Resolves once the mode is in force (for `refuse`: the port is closed; after it: listening again). */
  setMode(mode: ProxyMode, options?: ProxyModeOptions): Promise<void>;
  connectionCount(): number;
  /**
   * The connections open now go silent for good, as when a NAT or firewall drops their state without a
   * reset: nothing is forwarded either way and nothing is closed. Later connections follow the mode.
   */
  stallOpen(): void;
  close(): Promise<void>;
}

/** Options for startFaultProxy: the real service to stand in front of. */
export interface FaultProxyOptions {
  port?: number;
  /** Read at each connection, so a caller may fill in the port once the real service runs. */
  target: { host: string; port: number };
}

interface Link {
  frozen(): boolean;
  delayMs(): number;
}

interface Pipe {
  client: Socket;
  upstream: Socket;
  freeze(): void;
  thaw(): void;
  cancel(): void;
}

/** Starts a TCP proxy on 127.0.0.1 in front of `target` that fails on command (see ProxyMode). */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let mode: ProxyMode = "pass";
  let delayMs = 0;
  let accepted = 0;
  const pipes = new Set<Pipe>();
  const stalled = new Set<Pipe>();
  const link: Link = { frozen: () => mode === "blackhole", delayMs: () => delayMs };
  const server = net.createServer((client) => {
    accepted += 1;
    client.on("error", () => {});
    if (mode === "reset" || mode === "refuse") return client.resetAndDestroy();
    const pipe = connectPipe(client, options.target, link);
    pipes.add(pipe);
    client.once("close", () => (pipes.delete(pipe), stalled.delete(pipe)));
  });
  const sockets = trackSockets(server);
  const port = await listenOnLoopback(server, options.port);
  let transition = Promise.resolve();

  const applyMode = async (next: ProxyMode, nextOptions: ProxyModeOptions) => {
    mode = next;
    delayMs = next === "latency" ? (nextOptions.delayMs ?? 500) : 0;
    if (next === "reset" || next === "refuse") for (const pipe of pipes) resetPipe(pipe);
    else for (const pipe of pipes) if (next === "blackhole") pipe.freeze(); else pipe.thaw();
    if (next === "refuse") await closeServer(server, sockets);
    else if (!server.listening) await listenOnLoopback(server, port);
  };
  return {
    port,
    setMode(next, nextOptions = {}) {
      // Chained so quick switches apply in order; a failed switch (the port was taken meanwhile) rejects
      // its own caller without blocking later switches.
      transition = transition.catch(() => {}).then(() => applyMode(next, nextOptions));
      return transition;
    },
    connectionCount: () => accepted,
    stallOpen() {
      for (const pipe of pipes) {
        pipe.freeze();
        pipes.delete(pipe); // no later mode thaws it
        stalled.add(pipe);
      }
    },
    async close() {
      await transition.catch(() => {});
      for (const pipe of [...pipes, ...stalled]) resetPipe(pipe);
      await closeServer(server, sockets);
    },
  };
}

/** Resets the client side of a pipe and drops its upstream connection. */
function resetPipe(pipe: Pipe): void {
  pipe.cancel();
  pipe.upstream.destroy();
  if (!pipe.client.destroyed) pipe.client.resetAndDestroy();
}

/** Connects a new upstream socket for `client` and relays both ways under the link's current mode. */
function connectPipe(client: Socket, target: FaultProxyOptions["target"], link: Link): Pipe {
  const upstream = net.connect({ host: target.host, port: target.port });
  upstream.on("error", () => {});
  const toUpstream = relayChunks(client, upstream, link);
  const toClient = relayChunks(upstream, client, link);
  // A refused or reset upstream resets the client, as the real service would have.
  upstream.once("close", (hadError) => {
    if (hadError && !client.destroyed) {
      toClient.cancel();
      client.resetAndDestroy();
    }
  });
  client.once("close", (hadError) => {
    if (hadError) {
      toUpstream.cancel();
      upstream.destroy();
    }
  });
  const relays = [toUpstream, toClient];
  if (link.frozen()) relays.forEach((relay) => relay.freeze());
  return {
    client,
    upstream,
    freeze: () => relays.forEach((relay) => relay.freeze()),
    thaw: () => relays.forEach((relay) => relay.thaw()),
    cancel: () => relays.forEach((relay) => relay.cancel()),
  };
}

type Delivery = { at: number; chunk: Buffer } | { at: number; chunk: "end" | "destroy" };

/** Copies `source` to `destination` in order, each chunk delayed by the link's current delay. */
function relayChunks(source: Socket, destination: Socket, link: Link) {
  const queue: Delivery[] = [];
  let timer: NodeJS.Timeout | undefined;
  let awaitingDrain = false;
  const deliver = ({ chunk }: Delivery) => {
    if (destination.destroyed) return;
    if (chunk === "end") destination.end();
    else if (chunk === "destroy") destination.destroy();
    else if (!destination.write(chunk)) {
      awaitingDrain = true;
      source.pause();
      destination.once("drain", () => {
        awaitingDrain = false;
        if (!link.frozen()) source.resume();
      });
    }
  };
  const flush = () => {
    timer = undefined;
    while (queue[0] !== undefined && queue[0].at <= Date.now()) deliver(queue.shift() as Delivery);
    if (queue[0] !== undefined) timer = setTimeout(flush, Math.max(1, queue[0].at - Date.now()));
  };
  const push = (chunk: Delivery["chunk"]) => {
    const at = Math.max(Date.now() + link.delayMs(), queue.at(-1)?.at ?? 0);
    queue.push({ at, chunk } as Delivery);
    if (timer === undefined) flush();
  };
  source.on("data", (chunk: Buffer) => push(chunk));
  source.once("end", () => push("end"));
  // An abrupt close is handled by the pipe (it resets); a clean one closes the other side after pending data.
  source.once("close", (hadError: boolean) => hadError || push("destroy"));
  return {
    freeze: () => void source.pause(),
    thaw: () => void (awaitingDrain || source.resume()),
    cancel() {
      clearTimeout(timer);
      queue.length = 0;
    },
  };
}
