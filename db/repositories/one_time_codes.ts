/**
 * One-time codes: six digits, stored only as an HMAC, valid for 10 minutes, used once, and
 * dead after 5 wrong tries. Issuing a new code for the same purpose and subject voids the old.
 */
import type { Kysely } from "kysely";
import type { Database, OneTimeCodePurpose } from "../schema.ts";
import {
  CODE_MAX_ATTEMPTS,
  CODE_TTL_MS,
  generateCode,
  normalizeCode,
} from "../../domain/identity.ts";
import { hmac, timingSafeEqual } from "../../lib/crypto.ts";
import { inTransaction } from "../../lib/transaction.ts";

export interface CodeSubject {
  personId?: string | null;
  clerkId?: string | null;
  contactId?: string | null;
}

const hashCode = (secret: string, id: string, code: string) => hmac(secret, `otc:${id}:${code}`);

export async function issueCode(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
  purpose: OneTimeCodePurpose,
  subject: CodeSubject,
  now = new Date(),
): Promise<{ id: string; code: string }> {
  const code = generateCode(crypto.getRandomValues(new Uint8Array(4)));
  const id = crypto.randomUUID();
  await inTransaction(db, async (trx) => {
    let voided = trx.updateTable("one_time_codes").set({ used_at: now })
      .where("tenant_id", "=", tenantId).where("purpose", "=", purpose).where(
        "used_at",
        "is",
        null,
      );
    voided = subject.personId
      ? voided.where("person_id", "=", subject.personId)
      : voided.where("clerk_id", "=", subject.clerkId ?? "");
    if (subject.contactId) voided = voided.where("contact_id", "=", subject.contactId);
    await voided.execute();
    await trx.insertInto("one_time_codes").values({
      id,
      tenant_id: tenantId,
      purpose,
      person_id: subject.personId ?? null,
      clerk_id: subject.clerkId ?? null,
      contact_id: subject.contactId ?? null,
      code_hash: hashCode(secret, id, code),
      expires_at: new Date(now.getTime() + CODE_TTL_MS),
    }).execute();
  });
  return { id, code };
}

export type CodeCheck = "ok" | "invalid" | "expired";

/**
 * Checks a code against the live code for (purpose, subject). A wrong code counts a try; the
 * fifth wrong try, expiry or a use ends the code (answer "expired": ask for a new one).
 */
export async function checkCode(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
  purpose: OneTimeCodePurpose,
  subject: CodeSubject,
  code: string,
  now = new Date(),
): Promise<CodeCheck> {
  return await inTransaction(db, async (trx) => {
    let q = trx.selectFrom("one_time_codes").selectAll()
      .where("tenant_id", "=", tenantId).where("purpose", "=", purpose)
      .where("used_at", "is", null).orderBy("created_at", "desc").limit(1).forUpdate();
    q = subject.personId
      ? q.where("person_id", "=", subject.personId)
      : q.where("clerk_id", "=", subject.clerkId ?? "");
    if (subject.contactId) q = q.where("contact_id", "=", subject.contactId);
    const row = await q.executeTakeFirst();
    if (!row || row.expires_at <= now || row.attempts >= CODE_MAX_ATTEMPTS) return "expired";
    const normalized = normalizeCode(code);
    if (
      /^\d{6}$/.test(normalized) &&
      timingSafeEqual(hashCode(secret, row.id, normalized), row.code_hash)
    ) {
      await trx.updateTable("one_time_codes").set({ used_at: now }).where("id", "=", row.id)
        .execute();
      return "ok";
    }
    const attempts = row.attempts + 1;
    await trx.updateTable("one_time_codes")
      .set({ attempts, ...(attempts >= CODE_MAX_ATTEMPTS ? { used_at: now } : {}) })
      .where("id", "=", row.id).execute();
    return attempts >= CODE_MAX_ATTEMPTS ? "expired" : "invalid";
  });
}

export type CodeStatus = "ok" | "used" | "expired" | "invalid";

/**
 * What became of a code, without using it or counting a try (a reset link opened again): the
 * subject's codes of the last day are compared one by one. `used` also covers a code voided by
 * a newer one; `expired` a code past its time or its tries.
 */
export async function codeStatus(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
  purpose: OneTimeCodePurpose,
  subject: CodeSubject,
  code: string,
  now = new Date(),
): Promise<CodeStatus> {
  const normalized = normalizeCode(code);
  if (!/^\d{6}$/.test(normalized)) return "invalid";
  let q = db.selectFrom("one_time_codes").selectAll()
    .where("tenant_id", "=", tenantId).where("purpose", "=", purpose)
    .where("created_at", ">", new Date(now.getTime() - 24 * 60 * 60 * 1000))
    .orderBy("created_at", "desc").limit(50);
  q = subject.personId
    ? q.where("person_id", "=", subject.personId)
    : q.where("clerk_id", "=", subject.clerkId ?? "");
  const row = (await q.execute()).find((r) =>
    timingSafeEqual(hashCode(secret, r.id, normalized), r.code_hash)
  );
  if (!row) return "invalid";
  if (row.attempts >= CODE_MAX_ATTEMPTS || (row.used_at === null && row.expires_at <= now)) {
    return "expired";
  }
  if (row.used_at !== null) return row.used_at >= row.expires_at ? "expired" : "used";
  return "ok";
}
