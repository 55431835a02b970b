import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// Real receivers on loopback for the notification tests: an HTTP endpoint that checks the HMAC signature and
// fails on command, and an SMTP server (smtp-server) that keeps every message it accepts.

/** How the HTTP receiver treats one request. */
export type HookBehaviour = "ok" | "500" | "400" | "429" | "hang" | "reset" | "drip";

/** One request the receiver saw. */
export interface HookRequest {
  headers: IncomingMessage["headers"];
  body: string;
  signatureValid: boolean | null;
  answered: HookBehaviour;
}

/** A running receiver; `behave` picks the answer for the n-th request (0-based). */
export interface HookReceiver {
  url: string;
  port: number;
  requests: HookRequest[];
  /** Requests answered 2xx, i.e. deliveries the receiver accepted. */
  accepted(): HookRequest[];
  behave: (n: number) => HookBehaviour;
  close(): Promise<void>;
}

function verify(secret: string | undefined, body: string, header: string | string[] | undefined): boolean | null {
  if (!secret) return null;
  if (typeof header !== "string") return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Starts the HTTP receiver on 127.0.0.1 (port 0 unless given: a restart test reuses a port). */
export async function startHookReceiver(options: { secret?: string; behave?: (n: number) => HookBehaviour; port?: number } = {}): Promise<HookReceiver> {
  const requests: HookRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const receiver: HookReceiver = {
    url: "",
    port: 0,
    requests,
    accepted: () => requests.filter((request) => request.answered === "ok" && request.signatureValid !== false),
    behave: options.behave ?? (() => "ok"),
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const answered = receiver.behave(requests.length);
      const signatureValid = verify(options.secret, body, request.headers["x-handback-signature"]);
      requests.push({ headers: request.headers, body, signatureValid, answered });
      if (answered === "hang") return;
      if (answered === "reset") return request.socket.destroy();
      if (answered === "drip") {
        response.writeHead(200, { "content-type": "text/plain" });
        const drip = setInterval(() => (response.destroyed ? clearInterval(drip) : response.write(".")), 100);
        return;
      }
      if (answered === "ok" && signatureValid === false) return response.writeHead(401).end("bad signature");
      response.writeHead(answered === "ok" ? 200 : Number(answered)).end(answered);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", () => resolve()));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  return receiver;
}

/** One message the SMTP server accepted: envelope and raw RFC 5322 text. */
export interface SmtpMessage {
  from: string;
  to: string[];
  raw: string;
  user: string | null;
}

/** A running SMTP server that requires the given login and keeps what it receives. */
export interface SmtpSink {
  port: number;
  messages: SmtpMessage[];
  close(): Promise<void>;
}

/** Starts smtp-server on 127.0.0.1:0 without TLS, accepting only user/pass. */
export async function startSmtpSink(login: { user: string; pass: string }): Promise<SmtpSink> {
  const messages: SmtpMessage[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.pass) return callback(null, { user: auth.username });
      return callback(new Error("invalid login"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: typeof session.user === "string" ? session.user : null,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
