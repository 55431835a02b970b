import net from "node:net";

// A tiny loopback proxy in front of a real PostgreSQL that treats startup packets as PgBouncer does: a
// parameter outside its list is refused with "unsupported startup parameter" (SQLSTATE 08P01) unless
// listed in ignore_startup_parameters (https://www.pgbouncer.org/config.html#ignore_startup_parameters).

/** The startup parameters PgBouncer accepts without ignore_startup_parameters. */
export const PGBOUNCER_STARTUP_PARAMETERS = new Set([
  "user", "database", "application_name", "client_encoding", "datestyle", "timezone", "standard_conforming_strings", "replication",
]);

const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;

/** A running gate: where to connect, and every startup parameter name each client sent. */
export interface StartupGate {
  port: number;
  startups: string[][];
  close(): Promise<void>;
}

/** The parameter names of a protocol-3 startup packet (key\0value\0 … \0 after length and version). */
function parameterNames(packet: Buffer): string[] {
  const fields = packet.subarray(8).toString("utf8").split("\0");
  const names: string[] = [];
  for (let i = 0; i + 1 < fields.length && fields[i] !== ""; i += 2) names.push(fields[i]!);
  return names;
}

/** An ErrorResponse message as PgBouncer sends it before closing. */
function fatal(message: string): Buffer {
  const body = Buffer.from(`SFATAL\0VFATAL\0C08P01\0M${message}\0\0`, "utf8");
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** Reads whole length-prefixed startup packets, answering SSL/GSS requests with "N" (not supported). */
function onStartup(client: net.Socket, done: (packet: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 8 && pending.length >= pending.readInt32BE(0)) {
      const packet = pending.subarray(0, pending.readInt32BE(0));
      pending = pending.subarray(packet.length);
      const code = packet.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) client.write("N");
      else if (code === PROTOCOL_3) {
        client.off("data", onData);
        if (pending.length > 0) client.unshift(pending);
        return done(packet);
      } else return void client.destroy();
    }
  };
  client.on("data", onData);
}

/** Starts the gate on 127.0.0.1 in front of `upstream` (host and port of a real PostgreSQL). */
export async function startStartupGate(upstream: { host: string; port: number }): Promise<StartupGate> {
  const startups: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once("close", () => sockets.delete(client));
    client.on("error", () => {});
    onStartup(client, (packet) => {
      const names = parameterNames(packet);
      startups.push(names);
      const unknown = names.find((name) => !PGBOUNCER_STARTUP_PARAMETERS.has(name));
      if (unknown !== undefined) return void client.end(fatal(`unsupported startup parameter: ${unknown}`));
      const server = net.connect(upstream);
      sockets.add(server);
      server.once("close", () => sockets.delete(server));
      server.on("error", () => client.destroy());
      server.write(packet);
      client.pipe(server).pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    startups,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
