import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { SMTPServer } from "smtp-server";
import type { LabNotificationView } from "../notify/types";
import { closeServer, listenOnLoopback, LOOPBACK, trackSockets } from "./loopback";

// The demo's notification receivers (docs/notifications.md "Demo"): an HTTP sink for the webhook and Slack
// channels (/hooks, /slack) and an SMTP sink for e-mail, both on loopback, keeping the newest messages so
// GET /api/lab/notifications can show a newcomer what Handback sent, without any account.

const KEEP = 100;
const MAX_BODY = 256 * 1024;

/** The running sinks. */
export interface NotifySink {
  httpPort: number;
  smtpPort: number;
  /** Newest first. */
  messages(): LabNotificationView[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new Error("body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function signatureMatches(secret: string | null, body: string, header: string | string[] | undefined): boolean | null {
  if (!secret) return null;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(typeof header === "string" ? header : "");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The text a receiver would show: the JSON body's `text`, else the raw body. */
function textOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { text?: unknown };
    return typeof parsed.text === "string" ? parsed.text : body;
  } catch {
    return body;
  }
}

/** A header of a raw RFC 5322 message (first occurrence, unfolded). */
function mailHeader(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head);
  return match ? match[1]!.replace(/\r?\n[ \t]+/g, " ").trim() : null;
}

/** Starts both sinks; `secret` is the webhook channel's secret, to show whether signatures verify. */
export async function startNotifySink(options: { httpPort: number; smtpPort: number; secret?: string | null }): Promise<NotifySink> {
  const kept: LabNotificationView[] = [];
  const keep = (message: LabNotificationView) => {
    kept.unshift(message);
    kept.length = Math.min(kept.length, KEEP);
  };
  const http = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const via = request.url?.startsWith("/slack") ? "slack" : "webhook";
        const header = (name: string) => (typeof request.headers[name] === "string" ? (request.headers[name] as string) : null);
        keep({ at: new Date().toISOString(), via, event: header("x-handback-event"), delivery: header("x-handback-delivery"), text: textOf(body), signatureValid: via === "webhook" ? signatureMatches(options.secret ?? null, body, request.headers["x-handback-signature"]) : null });
        response.writeHead(200, { "content-type": "text/plain" }).end("ok");
      },
      () => response.destroy(),
    );
  });
  const sockets = trackSockets(http);
  const httpPort = await listenOnLoopback(http, options.httpPort);
  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: MAX_BODY,
    onAuth: (_auth, _session, callback) => callback(null, { user: "demo" }),
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        keep({ at: new Date().toISOString(), via: "email", event: mailHeader(raw, "X-Handback-Event"), delivery: mailHeader(raw, "X-Handback-Delivery"), text: mailHeader(raw, "Subject") ?? "", signatureValid: null });
        callback();
      });
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      smtp.on("error", reject);
      smtp.listen(options.smtpPort, LOOPBACK, () => resolve());
    });
  } catch (error) {
    await closeServer(http, sockets);
    throw error;
  }
  return {
    httpPort,
    smtpPort: options.smtpPort,
    messages: () => [...kept],
    close: async () => {
      await Promise.allSettled([closeServer(http, sockets), new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}
