/**
 * The broadcast's side effects (issue 13), for workflows/broadcasts.ts.
 *
 * Exactly once per recipient: a row is claimed with `update … set status = 'sending' where
 * status = 'queued'` (and only while its broadcast is sending: a cancelled broadcast's queued
 * rows are already `cancelled`), sent with an id that never changes (the e-mail's Message-ID
 * `<broadcast-<id>@portal-obcana>`, the SMS gateway id `b-<id>`, which the gateway dedupes), then
 * marked `sent`. A row a killed worker left in `sending` is sent again by the retried activity
 * with the SAME id. Temporary failures go back to `queued` with a later `not_before` (per-row
 * attempts); permanent ones (a refused address, a gateway's 4xx) mark the row `failed`.
 *
 * Deferred rows (`not_before`): a non-crisis SMS to a person in their quiet hours (until they
 * end), and an SMS to a number that had SMS_PER_NUMBER_PER_HOUR in the last hour. Sending is
 * paced per channel (BROADCAST_EMAIL_RATE, BROADCAST_SMS_RATE messages a second per worker),
 * and a non-crisis batch waits while a crisis broadcast of the town is sending.
 */
import { sql } from "kysely";
import { Context } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { cancelQueued, publishBroadcastNews } from "../db/repositories/broadcasts.ts";
import { insertAudience } from "../db/repositories/subscribers.ts";
import { postNotice } from "../app/notices.ts";
import {
  broadcastMessageId,
  classifySendError,
  emailWithUnsubscribe,
  MAX_SEND_ATTEMPTS,
  quietHoursEnd,
  retryDelayMs,
  sendErrorText,
  SMS_PER_NUMBER_PER_HOUR,
  smsRateDeferral,
  smsWithUnsubscribe,
} from "../domain/broadcasts.ts";
import { gatewayMessageId, isTopic, unsubscribePath } from "../domain/messaging.ts";
import { readEnv } from "../lib/env.ts";
import { log } from "../lib/log.ts";
import type { Mailer } from "../lib/worker/mail.ts";
import { smsCallbackUrl, type SmsSender } from "../lib/worker/sms.ts";
import { findTenantById } from "../db/repositories/tenants.ts";

export interface BroadcastSettings {
  /** Messages a second per channel (per worker). */
  emailRate: number;
  smsRate: number;
  smsPerNumberPerHour: number;
  /** Recipients per batch. */
  batchSize: number;
  /** Sends in flight at once per batch. */
  concurrency: number;
}

function positive(name: string, fallback: number): number {
  const v = Number(readEnv(name));
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** From the environment, with defaults a small town's SMTP relay and SMS gateway take. */
export function broadcastSettings(): BroadcastSettings {
  return {
    emailRate: positive("BROADCAST_EMAIL_RATE", 50),
    smsRate: positive("BROADCAST_SMS_RATE", 20),
    smsPerNumberPerHour: positive("SMS_PER_NUMBER_PER_HOUR", SMS_PER_NUMBER_PER_HOUR),
    batchSize: Math.floor(positive("BROADCAST_BATCH_SIZE", 500)),
    concurrency: Math.floor(positive("BROADCAST_CONCURRENCY", 8)),
  };
}

export interface StartBroadcastResult {
  status: "sending" | "cancelled" | "sent";
  /** Batches 0 … batches-1. */
  batches: number;
  total: number;
}

export interface BatchInput {
  tenantId: string;
  broadcastId: string;
  /** The batch, or null: any batch (the rows deferred earlier). */
  batch: number | null;
  origin: string;
  crisis: boolean;
}

export interface BatchResult {
  /** The broadcast no longer sends (cancelled). */
  stopped: boolean;
  /** Wait this long and call again (a crisis broadcast of the town goes first). */
  waitMs: number | null;
  sent: number;
  failed: number;
  /** Rows of this scope still to send now (queued or sending, due). */
  dueNow: number;
  /** The earliest deferred row's time, if any. */
  nextAt: string | null;
}

/** Tells Temporal the batch is alive (a killed worker's batch is retried soon); a no-op outside. */
function heartbeat(details: unknown): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return; // called directly (a test), not as an activity
  }
  context.heartbeat(details);
}

/** Spaces sends of one channel `1/rate` seconds apart (across the worker's activities). */
function pacer(rate: () => number) {
  let next = 0;
  return async () => {
    const now = Date.now();
    const slot = Math.max(now, next);
    next = slot + 1000 / rate();
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  };
}

export function createBroadcastActivities(
  deps: { db: Kysely<Database>; mailer: Mailer; sms: SmsSender },
  settings: () => BroadcastSettings = broadcastSettings,
) {
  const { db } = deps;
  const pace = {
    email: pacer(() => settings().emailRate),
    sms: pacer(() => settings().smsRate),
  };

  /**
   * Starts sending: marks the broadcast sending, writes its recipients (batches), publishes its
   * news item and its notice if chosen. Idempotent: a retry finds what the first attempt did.
   */
  async function startBroadcastSending(
    input: { tenantId: string; broadcastId: string },
  ): Promise<StartBroadcastResult> {
    const { batchSize } = settings();
    const r = await db.transaction().execute(async (trx) => {
      const b = await trx.selectFrom("broadcasts").selectAll()
        .where("tenant_id", "=", input.tenantId).where("id", "=", input.broadcastId)
        .forUpdate().executeTakeFirst();
      if (!b) throw new Error("broadcast not found");
      if (b.status === "cancelled" || b.status === "sent" || b.status === "failed") {
        return { status: b.status === "sent" ? "sent" as const : "cancelled" as const, b };
      }
      if (b.status === "scheduled") {
        await trx.updateTable("broadcasts").set({ status: "sending", started_at: new Date() })
          .where("id", "=", b.id).execute();
        await insertAudience(trx, input.tenantId, b.id, {
          topics: b.topics.filter(isTopic),
          streetIds: b.street_ids,
          everyone: b.everyone,
          channels: b.channels,
        }, batchSize);
        const total = await trx.selectFrom("broadcast_recipients")
          .select(sql<string>`count(*)`.as("n")).where("broadcast_id", "=", b.id)
          .executeTakeFirstOrThrow();
        await trx.updateTable("broadcasts").set({ recipients_total: Number(total.n) })
          .where("id", "=", b.id).execute();
        if (b.publish_news) {
          await publishBroadcastNews(trx, input.tenantId, {
            id: b.id,
            subject: b.subject,
            body: b.body,
            topics: b.topics,
            crisis: b.crisis,
          });
        }
        await appendAudit(trx, {
          tenantId: input.tenantId,
          actorType: "system",
          actorId: null,
          action: "broadcast.started",
          subjectType: "broadcast",
          subjectId: b.id,
          details: { recipients: Number(total.n) },
        });
      }
      return { status: "sending" as const, b };
    });
    const b = r.b;
    if (r.status === "sending" && b.publish_notice && !b.notice_id) {
      // The notice board's own use case and workflow, once (its idempotency key).
      const notice = await postNotice(
        { db, taskQueue: Context.current().info.taskQueue },
        { tenantId: input.tenantId, clerkId: b.created_by },
        {
          idempotencyKey: `broadcast-${b.id}`,
          draft: {
            title: b.subject,
            description: b.body,
            referenceNumber: null,
            agenda: null,
            postedFrom: new Date(),
            relevantUntil: null,
            documents: [],
          },
        },
      );
      await db.updateTable("broadcasts").set({ notice_id: notice.id })
        .where("id", "=", b.id).execute();
    }
    const stats = await db.selectFrom("broadcast_recipients")
      .select([sql<string>`count(*)`.as("n"), sql<number | null>`max(batch)`.as("last")])
      .where("broadcast_id", "=", b.id).executeTakeFirstOrThrow();
    return {
      status: r.status,
      batches: stats.last === null ? 0 : Number(stats.last) + 1,
      total: Number(stats.n),
    };
  }

  async function crisisSending(tenantId: string, broadcastId: string): Promise<boolean> {
    const row = await db.selectFrom("broadcasts").select("id")
      .where("tenant_id", "=", tenantId).where("status", "=", "sending")
      .where("crisis", "=", true).where("id", "!=", broadcastId).executeTakeFirst();
    return row !== undefined;
  }

  /** Sends the due rows of one batch (or of any batch); see the file's comment. */
  async function sendBroadcastBatch(input: BatchInput): Promise<BatchResult> {
    const cfg = settings();
    const result: BatchResult = {
      stopped: false,
      waitMs: null,
      sent: 0,
      failed: 0,
      dueNow: 0,
      nextAt: null,
    };
    const b = await db.selectFrom("broadcasts")
      .select(["id", "status", "subject", "body", "sms_body", "crisis"])
      .where("tenant_id", "=", input.tenantId).where("id", "=", input.broadcastId)
      .executeTakeFirst();
    if (!b || b.status !== "sending") return { ...result, stopped: true };
    if (!b.crisis && await crisisSending(input.tenantId, b.id)) {
      return { ...result, waitMs: 2000, dueNow: 1 };
    }
    const now = new Date();
    const tenant = await findTenantById(db, input.tenantId);
    // The gateway's delivery receipts come back to the town's portal (delivered / failed).
    const callbackUrl = tenant ? smsCallbackUrl(tenant) : undefined;
    let q = db.selectFrom("broadcast_recipients as r")
      .leftJoin("subscribers as s", "s.id", "r.subscriber_id")
      .leftJoin("persons as p", "p.id", "r.person_id")
      .select([
        "r.id",
        "r.channel",
        "r.address",
        "r.status",
        "r.attempts",
        "s.unsubscribe_token",
        "p.quiet_hours_from",
        "p.quiet_hours_to",
      ])
      .where("r.broadcast_id", "=", b.id)
      .where("r.status", "in", ["queued", "sending"])
      .where((eb) => eb.or([eb("r.not_before", "is", null), eb("r.not_before", "<=", now)]));
    if (input.batch !== null) q = q.where("r.batch", "=", input.batch);
    const rows = await q.orderBy("r.id").limit(cfg.batchSize).execute();

    const send = async (row: typeof rows[number]) => {
      if (row.status === "queued") {
        let deferUntil: Date | null = null;
        if (row.channel === "sms" && !b.crisis) {
          deferUntil = quietHoursEnd(new Date(), row.quiet_hours_from, row.quiet_hours_to);
        }
        if (!deferUntil && row.channel === "sms") {
          const recent = await db.selectFrom("broadcast_recipients")
            .select("sent_at").where("tenant_id", "=", input.tenantId)
            .where("channel", "=", "sms").where("address", "=", row.address)
            .where("sent_at", ">", new Date(Date.now() - 3600_000)).execute();
          deferUntil = smsRateDeferral(
            new Date(),
            recent.map((r) => r.sent_at!),
            cfg.smsPerNumberPerHour,
          );
        }
        if (deferUntil) {
          await db.updateTable("broadcast_recipients")
            .set({ not_before: deferUntil, updated_at: sql`now()` })
            .where("id", "=", row.id).where("status", "=", "queued").execute();
          return;
        }
        const claimed = await db.updateTable("broadcast_recipients as r")
          .set({ status: "sending", attempts: sql`r.attempts + 1`, updated_at: sql`now()` })
          .where("r.id", "=", row.id).where("r.status", "=", "queued")
          .where((eb) =>
            eb.exists(
              eb.selectFrom("broadcasts as b").select(sql`1`.as("one"))
                .whereRef("b.id", "=", "r.broadcast_id").where("b.status", "=", "sending"),
            )
          )
          .returning("r.attempts").executeTakeFirst();
        if (!claimed) return;
        row.attempts = claimed.attempts;
      }
      const unsubscribe = row.unsubscribe_token
        ? `${input.origin}${unsubscribePath(row.unsubscribe_token)}`
        : `${input.origin}/odber`;
      try {
        await pace[row.channel]();
        if (row.channel === "email") {
          await deps.mailer.send({
            to: row.address,
            subject: b.subject,
            text: emailWithUnsubscribe(b.body, unsubscribe),
            messageId: broadcastMessageId(row.id),
            headers: {
              "List-Unsubscribe": `<${unsubscribe}>`,
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
          });
        } else {
          await deps.sms.send(
            row.address,
            smsWithUnsubscribe(b.sms_body ?? b.subject, unsubscribe),
            gatewayMessageId({ table: "broadcast_recipients", id: row.id }),
            { callbackUrl },
          );
        }
      } catch (err) {
        const kind = classifySendError(err);
        const final = kind === "permanent" || row.attempts >= MAX_SEND_ATTEMPTS;
        log.warn("broadcast send failed", {
          broadcast: b.id,
          recipient: row.id,
          channel: row.channel,
          kind,
          final,
          // The reason without addresses or numbers (an SMTP reply may quote the address).
          error: sendErrorText(err),
        });
        await db.updateTable("broadcast_recipients").set(
          final ? { status: "failed", failed_at: new Date(), error: sendErrorText(err) } : {
            status: "queued",
            not_before: new Date(Date.now() + retryDelayMs(row.attempts)),
            error: sendErrorText(err),
          },
        ).set({ updated_at: sql`now()` })
          .where("id", "=", row.id).where("status", "=", "sending").execute();
        if (final) result.failed++;
        return;
      }
      // A delivery receipt may have come first (the gateway is quick): keep `delivered`.
      await db.updateTable("broadcast_recipients")
        .set({ status: "sent", sent_at: new Date(), error: null, updated_at: sql`now()` })
        .where("id", "=", row.id).where("status", "=", "sending").execute();
      result.sent++;
    };

    // A few in flight at once; the pacer spaces them per channel.
    let next = 0;
    const workers = Array.from({ length: Math.min(cfg.concurrency, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++];
        await send(row);
        heartbeat(next);
      }
    });
    await Promise.all(workers);

    let rest = db.selectFrom("broadcast_recipients")
      .select([
        sql<string>`count(*) filter (where status = 'sending' or not_before is null
          or not_before <= now())`.as("due"),
        sql<Date | null>`min(not_before) filter (where status = 'queued' and not_before > now())`
          .as("next_at"),
      ])
      .where("broadcast_id", "=", b.id).where("status", "in", ["queued", "sending"]);
    if (input.batch !== null) rest = rest.where("batch", "=", input.batch);
    const left = await rest.executeTakeFirstOrThrow();
    result.dueNow = Number(left.due);
    result.nextAt = left.next_at ? new Date(left.next_at).toISOString() : null;
    return result;
  }

  /** Ends the broadcast: sent (or cancelled), its counts stored, audited once. */
  async function finishBroadcast(
    input: { tenantId: string; broadcastId: string },
  ): Promise<{ status: string }> {
    return await db.transaction().execute(async (trx) => {
      const b = await trx.selectFrom("broadcasts").select(["id", "status"])
        .where("tenant_id", "=", input.tenantId).where("id", "=", input.broadcastId)
        .forUpdate().executeTakeFirstOrThrow();
      if (b.status === "cancelled") {
        await cancelQueued(trx, input.tenantId, b.id);
        return { status: b.status };
      }
      if (b.status !== "sending" && b.status !== "scheduled") return { status: b.status };
      const counts = await trx.selectFrom("broadcast_recipients")
        .select(["status", sql<string>`count(*)`.as("n")])
        .where("broadcast_id", "=", b.id).groupBy("status").execute();
      await trx.updateTable("broadcasts").set({ status: "sent", finished_at: new Date() })
        .where("id", "=", b.id).execute();
      await appendAudit(trx, {
        tenantId: input.tenantId,
        actorType: "system",
        actorId: null,
        action: "broadcast.sent",
        subjectType: "broadcast",
        subjectId: b.id,
        details: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
      });
      return { status: "sent" };
    });
  }

  return { startBroadcastSending, sendBroadcastBatch, finishBroadcast };
}

export type BroadcastActivities = ReturnType<typeof createBroadcastActivities>;
