import net from "node:net";
import tls from "node:tls";

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

/** With `tls`, the gate requires SSL (answers SSLRequest with "S" and this certificate); `ca` requires a client certificate. */
export interface StartupGateOptions {
  tls?: { cert: string; key: string; ca?: string };
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

/** Wraps the client socket in TLS as the server side, as PostgreSQL does after answering "S". */
function upgrade(client: net.Socket, options: NonNullable<StartupGateOptions["tls"]>): tls.TLSSocket {
  const mutual = options.ca ? { requestCert: true, rejectUnauthorized: true, ca: options.ca } : {};
  const secure = new tls.TLSSocket(client, { isServer: true, cert: options.cert, key: options.key, ...mutual });
  secure.on("error", () => client.destroy());
  return secure;
}

/** Reads whole length-prefixed startup packets, answering SSL/GSS requests ("S" with TLS, else "N"). */
function onStartup(client: net.Socket, options: StartupGateOptions, done: (packet: Buffer, socket: net.Socket) => void): void {
  let pending = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 8 && pending.length >= pending.readInt32BE(0)) {
      const packet = pending.subarray(0, pending.readInt32BE(0));
      pending = pending.subarray(packet.length);
      const code = packet.readInt32BE(4);
      if (code === SSL_REQUEST && options.tls) {
        client.off("data", onData);
        client.write("S");
        return onStartup(upgrade(client, options.tls), { ...options, tls: undefined }, done);
      }
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) client.write("N");
      else if (code === PROTOCOL_3) {
        client.off("data", onData);
        if (pending.length > 0) client.unshift(pending);
        return done(packet, client);
      } else return void client.destroy();
    }
  };
  client.on("data", onData);
}

/** Starts the gate on 127.0.0.1 in front of `upstream` (host and port of a real PostgreSQL). */
export async function startStartupGate(upstream: { host: string; port: number }, options: StartupGateOptions = {}): Promise<StartupGate> {
  const startups: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once("close", () => sockets.delete(client));
    client.on("error", () => {});
    onStartup(client, options, (packet, socket) => {
      const names = parameterNames(packet);
      startups.push(names);
      const unknown = names.find((name) => !PGBOUNCER_STARTUP_PARAMETERS.has(name));
      if (unknown !== undefined) return void socket.end(fatal(`unsupported startup parameter: ${unknown}`));
      if (options.tls && !(socket instanceof tls.TLSSocket)) return void socket.end(fatal("SSL required"));
      const server = net.connect(upstream);
      sockets.add(server);
      server.once("close", () => sockets.delete(server));
      server.on("error", () => socket.destroy());
      server.write(packet);
      socket.pipe(server).pipe(socket);
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
