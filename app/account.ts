/**
 * The account settings a person changes themselves, as use cases: the password (the current
 * one asked first), the e-mail and the phone (the new one takes effect when the code sent to
 * it comes back; the old one is told), and the SMS second factor (turned on only after a code
 * sent to the phone came back). Each change is audited and told to the person by a security e-mail to their
 * verified addresses, queued in the same transaction through the message outbox (never SMTP
 * from the web): someone who took over the session cannot change the account unnoticed.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { checkCode } from "../db/repositories/one_time_codes.ts";
import {
  addContact,
  findPerson,
  listContacts,
  pendingContact,
  replaceContact,
  setPassword,
  setSmsSecondFactor,
  verifiedContactHolder,
  verifiedPhone,
} from "../db/repositories/persons.ts";
import { queueBackchannelLogouts } from "../db/repositories/oidc.ts";
import { revokeAllSessions, revokeOtherSessions } from "../db/repositories/sessions.ts";
import { maskPhone, normalizeEmail, normalizePhone, readNewPassword } from "../domain/identity.ts";
import { isEmail } from "../domain/validation.ts";
import type { FieldError, ValidationCode } from "../domain/validation.ts";
import { sendMessage } from "../lib/messaging.ts";
import { hashPassword, PASSWORD_INPUT_MAX, verifyPassword } from "../lib/password.ts";
import { codeError, sendSmsCode } from "./codes.ts";
import { issueCode } from "../db/repositories/one_time_codes.ts";
import { formatSlot } from "./appointment_texts.ts";
import { type Deps, type PersonActor, personAudit, type RequestContext } from "./deps.ts";

/** What a security e-mail tells of. */
export type SecurityEvent =
  | "password_changed"
  | "sms_factor_on"
  | "sms_factor_off"
  | "email_changed"
  | "phone_changed"
  | "account_deleted";

/**
 * Queues one security e-mail per verified address of the person (none without one), in the
 * caller's transaction. `key` makes a retried request queue it once.
 */
export async function notifySecurityChange(
  trx: Kysely<Database>,
  ctx: RequestContext,
  personId: string,
  event: SecurityEvent,
  key: string,
  when: Date,
): Promise<number> {
  const verified = (await listContacts(trx, ctx.tenant.id, personId)).filter((c) => c.verified_at);
  const emails = verified.filter((c) => c.kind === "email");
  // Without a verified e-mail, the verified phone is told by SMS (a phone change tells the old
  // number itself, see `confirmContactChange`).
  const contacts = emails.length || event === "phone_changed"
    ? emails
    : verified.filter((c) => c.kind === "phone");
  const params = {
    town: ctx.tenant.name,
    authority: ctx.tenant.officialName,
    when: formatSlot(when),
  };
  for (const c of contacts) {
    const subject = ctx.t(`messages.email.security.${event}.subject`, params);
    const sms = c.kind === "phone";
    await sendMessage(trx, ctx.tenant.id, {
      idempotencyKey: `security:${event}:${key}:${c.id}`,
      channel: sms ? "sms" : "email",
      recipient: c.value,
      subject: sms ? null : subject,
      body: sms
        ? ctx.t("messages.sms.security", { what: subject, when: params.when })
        : ctx.t(`messages.email.security.${event}.body`, params),
      personId,
      kind: "account",
      secret: false,
    });
  }
  return contacts.length;
}

type PasswordErrorCode = ValidationCode | "currentPasswordWrong" | "passwordUnchanged";

export type PasswordChange =
  | { ok: true; sessionsEnded: number }
  | { ok: false; errors: FieldError<PasswordErrorCode>[] };

/**
 * Changes the password: the current one must match, the new one passes the password policy
 * (domain/identity.ts) and is typed twice alike. Every other session of the account ends (this
 * one stays); audited; a security e-mail goes out.
 */
export async function changePassword(
  deps: Deps,
  ctx: RequestContext,
  actor: PersonActor & { sessionId: string },
  form: FormData,
): Promise<PasswordChange> {
  const { tenantId, personId } = actor;
  const person = await findPerson(deps.db, tenantId, personId);
  if (!person) {
    return { ok: false, errors: [{ field: "currentPassword", code: "currentPasswordWrong" }] };
  }
  const current = form.get("currentPassword");
  const errors: FieldError<PasswordErrorCode>[] = [];
  if (typeof current !== "string" || current === "") {
    errors.push({ field: "currentPassword", code: "required" });
  } else if (
    !person.password_hash ||
    !(await verifyPassword(person.password_hash, current.slice(0, PASSWORD_INPUT_MAX)))
  ) errors.push({ field: "currentPassword", code: "currentPasswordWrong" });
  const password = readNewPassword(errors, form, [person.given_name, person.family_name]);
  if (!errors.length && password === current) {
    errors.push({ field: "password", code: "passwordUnchanged" });
  }
  if (errors.length) return { ok: false, errors };
  const passwordHash = await hashPassword(password);
  const now = deps.now();
  return await deps.db.transaction().execute(async (trx) => {
    await setPassword(trx, tenantId, personId, passwordHash);
    const endedIds = await revokeOtherSessions(trx, tenantId, personId, actor.sessionId);
    const ended = endedIds.length;
    await queueBackchannelLogouts(trx, tenantId, { sessionIds: endedIds });
    await appendAudit(trx, {
      ...personAudit(actor),
      action: "auth.password_changed",
      subjectType: "person",
      subjectId: personId,
      details: { sessionsRevoked: ended },
    });
    await notifySecurityChange(
      trx,
      ctx,
      personId,
      "password_changed",
      crypto.randomUUID(),
      now,
    );
    return { ok: true as const, sessionsEnded: ended };
  });
}

export type SecondFactorStart =
  | { ok: true; phone: string }
  | { ok: false; code: "noVerifiedPhone" | "alreadyOn" };

/** Step one of turning the SMS second factor on: a code to the verified phone. */
export async function startSmsSecondFactor(
  deps: Deps,
  ctx: RequestContext,
  actor: PersonActor,
): Promise<SecondFactorStart> {
  const person = await findPerson(deps.db, actor.tenantId, actor.personId);
  if (person?.sms_second_factor) return { ok: false, code: "alreadyOn" };
  const phone = await verifiedPhone(deps.db, actor.tenantId, actor.personId);
  if (!phone) return { ok: false, code: "noVerifiedPhone" };
  await sendSmsCode(deps.db, ctx.tenant, "sms_factor", { personId: actor.personId }, phone, ctx.t);
  return { ok: true, phone };
}

export type SecondFactorConfirm =
  | { ok: true }
  | { ok: false; code: "noVerifiedPhone" }
  | { ok: false; code: "invalidCode"; errors: FieldError[] };

/** Step two: the code from the SMS turns the factor on (audited, a security e-mail). */
export async function confirmSmsSecondFactor(
  deps: Deps,
  ctx: RequestContext,
  actor: PersonActor,
  code: string,
): Promise<SecondFactorConfirm> {
  if (!code) return { ok: false, code: "invalidCode", errors: [codeError("code", "missing")] };
  const now = deps.now();
  return await deps.db.transaction().execute(async (trx): Promise<SecondFactorConfirm> => {
    if (!(await verifiedPhone(trx, actor.tenantId, actor.personId))) {
      return { ok: false, code: "noVerifiedPhone" };
    }
    const result = await checkCode(
      trx,
      deps.secret,
      actor.tenantId,
      "sms_factor",
      {
        personId: actor.personId,
      },
      code,
      now,
    );
    if (result !== "ok") {
      return { ok: false, code: "invalidCode", errors: [codeError("code", result)] };
    }
    await setSmsSecondFactor(trx, actor.tenantId, actor.personId, true);
    await appendAudit(trx, { ...personAudit(actor), action: "auth.sms_factor_on" });
    await notifySecurityChange(trx, ctx, actor.personId, "sms_factor_on", crypto.randomUUID(), now);
    return { ok: true };
  });
}

/** Turns the SMS second factor off (audited, a security e-mail); a no-op when it is off. */
export async function turnOffSmsSecondFactor(
  deps: Deps,
  ctx: RequestContext,
  actor: PersonActor,
): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const person = await findPerson(trx, actor.tenantId, actor.personId);
    if (!person?.sms_second_factor) return;
    await setSmsSecondFactor(trx, actor.tenantId, actor.personId, false);
    await appendAudit(trx, { ...personAudit(actor), action: "auth.sms_factor_off" });
    await notifySecurityChange(
      trx,
      ctx,
      actor.personId,
      "sms_factor_off",
      crypto.randomUUID(),
      now,
    );
  });
}

// --- e-mail and phone ---------------------------------------------------------------------------

export type ContactKind = "email" | "phone";

type ContactErrorCode = ValidationCode | "contactUnchanged" | "contactTaken";

export type ContactChangeStart =
  | { ok: true; kind: ContactKind; shown: string }
  | { ok: false; errors: FieldError<ContactErrorCode>[] };

const PURPOSE = { email: "verify_email", phone: "verify_phone" } as const;

/**
 * Step one of a new e-mail or phone: checked (a valid address or Czech/Slovak mobile number,
 * not the one the person has, not another account's), kept as the person's unverified contact,
 * and a code sent to it. Nothing changes until the code comes back. `throttle` runs just
 * before a code would be sent (the route's rate limit on sending: a refused input costs none).
 */
export async function startContactChange(
  deps: Deps,
  ctx: RequestContext,
  actor: PersonActor,
  kind: ContactKind,
  raw: string,
  throttle?: () => Promise<unknown>,
): Promise<ContactChangeStart> {
  const field = kind;
  const value = kind === "email" ? normalizeEmail(raw) : normalizePhone(raw);
  if (raw.trim() === "") return { ok: false, errors: [{ field, code: "required" }] };
  if (!value || (kind === "email" && (!isEmail(value) || value.length > 254))) {
    return {
      ok: false,
      errors: [{ field, code: kind === "email" ? "invalidEmail" : "invalidPhone" }],
    };
  }
  const holder = await verifiedContactHolder(deps.db, actor.tenantId, kind, value);
  if (holder === actor.personId) {
    return { ok: false, errors: [{ field, code: "contactUnchanged" }] };
  }
  if (holder) return { ok: false, errors: [{ field, code: "contactTaken" }] };
  await throttle?.();
  await deps.db.transaction().execute(async (trx) => {
    // One change at a time: an earlier unverified contact of this kind goes.
    await trx.deleteFrom("person_contacts").where("tenant_id", "=", actor.tenantId)
      .where("person_id", "=", actor.personId).where("kind", "=", kind)
      .where("verified_at", "is", null).where("value", "!=", value).execute();
    const contactId = await addContact(trx, actor.tenantId, actor.personId, kind, value);
    const subject = { personId: actor.personId, contactId };
    if (kind === "phone") {
      await sendSmsCode(trx, ctx.tenant, "verify_phone", subject, value, ctx.t);
      return;
    }
    const { id, code } = await issueCode(trx, deps.secret, actor.tenantId, "verify_email", subject);
    const params = { town: ctx.tenant.name, authority: ctx.tenant.officialName, code };
    await sendMessage(trx, actor.tenantId, {
      idempotencyKey: `code:${id}`,
      channel: "email",
      recipient: value,
      subject: ctx.t("messages.email.contact_change.subject", params),
      body: ctx.t("messages.email.contact_change.body", params),
      personId: actor.personId,
      kind: "code",
      secret: true,
    });
  });
  return { ok: true, kind, shown: kind === "phone" ? maskPhone(value) : value };
}

/** The change waiting for its code, if any: what to show on the code step. */
export async function pendingContactChange(
  deps: Pick<Deps, "db">,
  actor: PersonActor,
  kind: ContactKind,
): Promise<string | null> {
  const row = await pendingContact(deps.db, actor.tenantId, actor.personId, kind);
  if (!row) return null;
  return kind === "phone" ? maskPhone(row.value) : row.value;
}

export type ContactChangeConfirm =
  | { ok: true }
  | { ok: false; code: "nothingPending" }
  | { ok: false; code: "invalid"; errors: FieldError<ContactErrorCode>[] };

/**
 * Step two: the code from the new e-mail or phone makes it the person's (the old one goes).
 * The old address or number is told of the change, and the security e-mail goes to the
 * verified addresses as they are now; audited.
 */
export async function confirmContactChange(
  deps: Deps,
  ctx: RequestContext,
  actor: PersonActor,
  kind: ContactKind,
  code: string,
): Promise<ContactChangeConfirm> {
  if (!code) return { ok: false, code: "invalid", errors: [codeError("code", "missing")] };
  const now = deps.now();
  return await deps.db.transaction().execute(async (trx): Promise<ContactChangeConfirm> => {
    const pending = await pendingContact(trx, actor.tenantId, actor.personId, kind);
    if (!pending) return { ok: false, code: "nothingPending" };
    const result = await checkCode(
      trx,
      deps.secret,
      actor.tenantId,
      PURPOSE[kind],
      {
        personId: actor.personId,
        contactId: pending.id,
      },
      code,
      now,
    );
    if (result !== "ok") {
      return { ok: false, code: "invalid", errors: [codeError("code", result)] };
    }
    const old = await replaceContact(trx, actor.tenantId, actor.personId, pending.id, kind);
    if (old === null) {
      return { ok: false, code: "invalid", errors: [{ field: kind, code: "contactTaken" }] };
    }
    await appendAudit(trx, {
      ...personAudit(actor),
      action: kind === "email" ? "person.email_changed" : "person.phone_changed",
      subjectType: "person",
      subjectId: actor.personId,
    });
    const event = kind === "email" ? "email_changed" : "phone_changed";
    const key = crypto.randomUUID();
    const params = {
      town: ctx.tenant.name,
      authority: ctx.tenant.officialName,
      when: formatSlot(now),
    };
    // The old address or number hears of it (it no longer gets anything else).
    for (const [i, value] of old.entries()) {
      await sendMessage(trx, actor.tenantId, {
        idempotencyKey: `security:${event}:${key}:old:${i}`,
        channel: kind === "email" ? "email" : "sms",
        recipient: value,
        subject: kind === "email"
          ? ctx.t(`messages.email.security.${event}.subject`, params)
          : null,
        body: kind === "email"
          ? ctx.t(`messages.email.security.${event}.body`, params)
          : ctx.t("messages.sms.phone_changed", params),
        personId: actor.personId,
        kind: "account",
        secret: false,
      });
    }
    await notifySecurityChange(trx, ctx, actor.personId, event, key, now);
    return { ok: true };
  });
}

// --- deleting the account -----------------------------------------------------------------------

export type AccountDeletion =
  | { ok: true }
  | { ok: false; errors: FieldError<PasswordErrorCode>[] };

/**
 * The person deletes their account. What the law makes the town keep stays: the person row
 * with the name (filed cases, obligations, payments, card payments, grant files and the filing
 * office's records point at it) and those records themselves. What may go goes, in one
 * transaction: e-mails and phones, the password and the second factor, address and birth
 * date, links to identity providers and the agenda authorizations they gave, drafts and
 * attachments never filed, calendar links, news subscriptions, live codes; waiting
 * representation requests are taken back and granted ones end; every session ends. The
 * account can no longer sign in (status `deleted`). A last e-mail says so; audited.
 * An account with a password confirms with it.
 */
export async function deleteAccount(
  deps: Deps,
  ctx: RequestContext,
  actor: PersonActor,
  form: FormData,
): Promise<AccountDeletion> {
  const { tenantId, personId } = actor;
  const person = await findPerson(deps.db, tenantId, personId);
  if (!person || person.status === "deleted") return { ok: true };
  const password = form.get("currentPassword");
  if (person.password_hash) {
    if (typeof password !== "string" || password === "") {
      return { ok: false, errors: [{ field: "currentPassword", code: "required" }] };
    }
    if (!(await verifyPassword(person.password_hash, password.slice(0, PASSWORD_INPUT_MAX)))) {
      return { ok: false, errors: [{ field: "currentPassword", code: "currentPasswordWrong" }] };
    }
  }
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    // The goodbye goes to the addresses the account has now, before they are erased.
    await notifySecurityChange(trx, ctx, personId, "account_deleted", personId, now);
    const counts: Record<string, number> = {};
    const count = (name: string, r: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) => {
      counts[name] = Number(r.numDeletedRows ?? r.numUpdatedRows ?? 0n);
    };
    count(
      "contacts",
      await trx.deleteFrom("person_contacts").where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId).executeTakeFirst(),
    );
    count(
      "identities",
      await trx.deleteFrom("external_identities").where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId).executeTakeFirst(),
    );
    count(
      "authorizations",
      await trx.updateTable("agenda_authorizations").set({ revoked_at: now })
        .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
        .where("revoked_at", "is", null).executeTakeFirst(),
    );
    count(
      "drafts",
      await trx.deleteFrom("drafts").where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId).executeTakeFirst(),
    );
    count(
      "attachments",
      await trx.deleteFrom("attachments").where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId).where("case_id", "is", null).executeTakeFirst(),
    );
    await trx.deleteFrom("calendar_tokens").where("tenant_id", "=", tenantId)
      .where("person_id", "=", personId).execute();
    await trx.deleteFrom("one_time_codes").where("tenant_id", "=", tenantId)
      .where("person_id", "=", personId).execute();
    count(
      "subscriptions",
      await trx.updateTable("subscribers").set({ status: "unsubscribed" })
        .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
        .where("status", "!=", "unsubscribed").executeTakeFirst(),
    );
    count(
      "representations",
      await trx.updateTable("representations").set({ status: "revoked", decided_at: now })
        .where("tenant_id", "=", tenantId).where("representative_id", "=", personId)
        .where("status", "in", ["requested", "granted"]).executeTakeFirst(),
    );
    await trx.updateTable("representations").set({ document: null })
      .where("tenant_id", "=", tenantId).where("representative_id", "=", personId)
      .where("status", "=", "revoked").execute();
    await trx.updateTable("persons").set({
      status: "deleted",
      deleted_at: now,
      password_hash: null,
      sms_second_factor: false,
      address: null,
      birth_date: null,
      quiet_hours_from: null,
      quiet_hours_to: null,
      updated_at: now,
    }).where("tenant_id", "=", tenantId).where("id", "=", personId).execute();
    counts.sessions = await revokeAllSessions(trx, tenantId, { personId });
    await queueBackchannelLogouts(trx, tenantId, { personId });
    await appendAudit(trx, {
      ...personAudit(actor),
      action: "person.account_deleted",
      subjectType: "person",
      subjectId: personId,
      details: counts,
    });
  });
  return { ok: true };
}
