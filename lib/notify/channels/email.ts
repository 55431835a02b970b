import "server-only";
import nodemailer from "nodemailer";
import type { ChannelConfig } from "../../config";
import type { NotifyMessage } from "../message";
import type { SendOutcome } from "../outcome";
import { emailParts } from "../render";

// E-mail through nodemailer (SMTP). The smtp:// or smtps:// URL carries host, port and credentials; every
// socket phase is bounded by the delivery timeout, and a hard deadline covers the whole exchange.

type EmailChannel = Extract<ChannelConfig, { type: "email" }>;

/** Transport options from the channel's URL (smtps:// is TLS from the first byte; smtp:// may upgrade with STARTTLS). */
function transportOptions(smtp: string, timeoutMs: number) {
  const url = new URL(smtp);
  const secure = url.protocol === "smtps:";
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

/** The outcome of a nodemailer error: a 5xx SMTP reply is permanent, everything else is tried again. */
function outcomeOfError(error: unknown): SendOutcome {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const reply = typeof responseCode === "number" ? responseCode : null;
  const name = reply !== null ? `SMTP_${reply}` : typeof code === "string" ? code : "SMTP_ERROR";
  return { ok: false, code: name, detail: reply !== null ? `the SMTP server answered ${reply}` : "the SMTP exchange failed", permanent: reply !== null && reply >= 500 };
}

/** Sends the message as plain text plus HTML; the delivery id is the Message-ID's left part, stable across retries. */
export async function sendEmail(channel: EmailChannel, deliveryId: string, message: NotifyMessage, timeoutMs: number): Promise<SendOutcome> {
  const transport = nodemailer.createTransport(transportOptions(channel.smtp, timeoutMs));
  const parts = emailParts(message);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<SendOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, code: "TIMEOUT", detail: `no complete SMTP exchange within ${timeoutMs} ms`, permanent: false }), timeoutMs);
  });
  const send = transport
    .sendMail({
      from: channel.from,
      to: channel.to,
      subject: parts.subject,
      text: parts.text,
      html: parts.html,
      messageId: `<${deliveryId}@handback>`,
      headers: { "X-Handback-Event": message.event, "X-Handback-Delivery": deliveryId },
    })
    .then((): SendOutcome => ({ ok: true }), outcomeOfError);
  try {
    return await Promise.race([send, deadline]);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}
