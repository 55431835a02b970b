import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { ChannelConfig, IncidentConfig } from "../config";
import { claimDueDeliveries, finishAttempt, type ClaimedDelivery, type Db } from "../db";
import { log } from "../log";
import { messageOf } from "../message-of";
import { redactText, redactUrls, serverSecrets } from "../redact";
import { sendOn } from "./channels";
import type { NotifyMessage } from "./message";
import { nextAttemptAt, type SendOutcome } from "./outcome";
import { digestEvery, queueDueDigest } from "./digest";
import { routeEvents } from "./route";

// The delivery loop (docs/notifications.md "Delivery"): its own timer, apart from the probe engine; every poll
// routes new events, then claims due deliveries up to `concurrency` in flight and sends each once. Storage
// errors only delay: nothing leaves the outbox until an attempt's end is written.

/** A running notifier. */
export interface Notifier {
  /** Polls now instead of at the next interval (after a write that raised events). */
  kick(): void;
  /** Stops polling and waits for the attempts in flight. */
  stop(): Promise<void>;
}

/** What the loop needs: storage, the config, this dashboard's address for links. */
export interface NotifierOptions {
  db: Db;
  config: IncidentConfig;
  baseUrl: string;
  /** Names this instance in a lease (defaults to host, pid and a random part). */
  owner?: string;
}

/** The stored error of a failed attempt: code and detail, scrubbed of every server secret all the same. */
function describeFailure(outcome: Extract<SendOutcome, { ok: false }>): string {
  return redactUrls(redactText(`${outcome.code}: ${outcome.detail}`, serverSecrets()));
}

/** Starts the loop; the first poll runs at once. */
export function startNotifier(options: NotifierOptions): Notifier {
  const { db, config, baseUrl } = options;
  const { delivery } = config.notify;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const channels = new Map<string, ChannelConfig>(config.notify.channels.map((channel) => [channel.id, channel]));
  // A lease outlives an attempt's deadline, so a live sender is never overtaken; a dead one's row comes back.
  const leaseMs = delivery.timeout * 2 + 5_000;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let stopped = false;
  let again = false;
  // The digest check takes a lock: at most every few seconds, not on every poll.
  const digestCheckMs = Math.min(5_000, (digestEvery(config) ?? 0) / 4);
  let nextDigestCheck = 0;

  async function attempt(claimed: ClaimedDelivery): Promise<void> {
    const channel = channels.get(claimed.channel);
    const outcome: SendOutcome = channel
      ? await sendOn(channel, claimed.id, claimed.message as unknown as NotifyMessage, delivery.timeout)
      : { ok: false, code: "UNKNOWN_CHANNEL", detail: `channel "${claimed.channel}" is not in the config`, permanent: true };
    if (outcome.ok) return finishAttempt(db, claimed.id, owner, { state: "sent", error: null });
    const retryAt = outcome.permanent ? null : nextAttemptAt(delivery, claimed.attempts, new Date(claimed.createdAt), new Date());
    await finishAttempt(db, claimed.id, owner, retryAt ? { state: "pending", error: describeFailure(outcome), retryAt } : { state: "failed", error: describeFailure(outcome) });
  }

  function launch(claimed: ClaimedDelivery): void {
    const running = attempt(claimed)
      .catch((error: unknown) => log.warn(`notification ${claimed.id}: the attempt's end was not stored (${messageOf(error)}); it is sent again after its lease`))
      .finally(() => {
        inFlight.delete(running);
        // Half the slots free: claim again now (one claim per freed slot would cost a poll per delivery).
        if (inFlight.size <= delivery.concurrency / 2) schedule(0);
      });
    inFlight.add(running);
  }

  async function poll(): Promise<void> {
    try {
      if (digestCheckMs > 0 && Date.now() >= nextDigestCheck) {
        nextDigestCheck = Date.now() + digestCheckMs;
        await queueDueDigest(db, config);
      }
      while ((await routeEvents(db, config, baseUrl)) > 0 && !stopped);
      const room = delivery.concurrency - inFlight.size;
      if (room > 0 && !stopped) for (const claimed of await claimDueDeliveries(db, config.incident.id, owner, leaseMs, room)) launch(claimed);
    } catch (error) {
      log.warn(`notifications delayed: ${messageOf(error)}`);
    }
  }

  // One poll at a time; a kick during a poll runs the next one right after it instead of a poll interval later.
  function schedule(delayMs: number): void {
    if (stopped) return;
    if (polling) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      again = false;
      polling = poll().finally(() => {
        polling = null;
        schedule(again ? 0 : delivery.poll);
      });
    }, delayMs);
    timer.unref();
  }

  schedule(0);
  return {
    kick: () => schedule(0),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await polling;
      await Promise.all([...inFlight]);
    },
  };
}
