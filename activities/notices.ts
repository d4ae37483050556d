/**
 * Side effects of the notice-board workflow. Each is idempotent: the status change happens
 * only from the expected status, and the audit entry is written in the same transaction only
 * when the change happened, so a retry after a crash changes and records nothing twice.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database, NoticeStatus } from "../db/schema.ts";
import { findNotice, transitionNotice } from "../db/repositories/notices.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { statusesLeadingTo } from "../domain/notice.ts";
import { log } from "../lib/log.ts";

export interface NoticeRef {
  tenantId: string;
  noticeId: string;
}

export interface TakeDownInput extends NoticeRef {
  outcome: NoticeStatus;
  reason: string | null;
  clerkId: string | null;
  requestId: string | null;
}

export function createNoticeActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function publishNotice(ref: NoticeRef): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const moved = await transitionNotice(
        trx,
        ref.tenantId,
        ref.noticeId,
        statusesLeadingTo("published"),
        "published",
      );
      if (moved) {
        await appendAudit(trx, {
          tenantId: ref.tenantId,
          actorType: "system",
          actorId: "notice-workflow",
          action: "notice.published",
          subjectType: "notice",
          subjectId: ref.noticeId,
        });
      } else await assertExists(trx, ref);
    });
    log.info("notice published", { tenantId: ref.tenantId, noticeId: ref.noticeId });
  }

  async function takeDownNotice(input: TakeDownInput): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const moved = await transitionNotice(
        trx,
        input.tenantId,
        input.noticeId,
        statusesLeadingTo(input.outcome),
        input.outcome,
        { withdrawnReason: input.reason },
      );
      if (moved) {
        await appendAudit(trx, {
          tenantId: input.tenantId,
          actorType: input.clerkId ? "clerk" : "system",
          actorId: input.clerkId ?? "notice-workflow",
          action: input.outcome === "withdrawn" ? "notice.withdrawn" : "notice.expired",
          subjectType: "notice",
          subjectId: input.noticeId,
          requestId: input.requestId,
        });
      } else await assertExists(trx, input);
    });
    log.info("notice taken down", {
      tenantId: input.tenantId,
      noticeId: input.noticeId,
      outcome: input.outcome,
    });
  }

  return { publishNotice, takeDownNotice };
}

async function assertExists(db: Kysely<Database>, ref: NoticeRef): Promise<void> {
  if (!(await findNotice(db, ref.tenantId, ref.noticeId))) {
    throw ApplicationFailure.nonRetryable(`notice ${ref.noticeId} not found`, "NoticeNotFound");
  }
}

export type NoticeActivities = ReturnType<typeof createNoticeActivities>;
