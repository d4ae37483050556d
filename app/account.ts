/**
 * The account settings a person changes themselves, as use cases: the password (the current
 * one asked first), and the SMS second factor (turned on only after a code sent to the phone
 * came back). Each change is audited and told to the person by a security e-mail to their
 * verified addresses, queued in the same transaction through the message outbox (never SMTP
 * from the web): someone who took over the session cannot change the account unnoticed.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { checkCode } from "../db/repositories/one_time_codes.ts";
import {
  findPerson,
  listContacts,
  setPassword,
  setSmsSecondFactor,
  verifiedPhone,
} from "../db/repositories/persons.ts";
import { revokeOtherSessions } from "../db/repositories/sessions.ts";
import { readNewPassword } from "../domain/identity.ts";
import type { FieldError, ValidationCode } from "../domain/validation.ts";
import { sendMessage } from "../lib/messaging.ts";
import { hashPassword, PASSWORD_INPUT_MAX, verifyPassword } from "../lib/password.ts";
import { codeError, sendSmsCode } from "./codes.ts";
import { formatSlot } from "./appointment_texts.ts";
import { type Deps, type PersonActor, personAudit, type RequestContext } from "./deps.ts";

/** What a security e-mail tells of. */
export type SecurityEvent = "password_changed" | "sms_factor_on" | "sms_factor_off";

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
  const contacts = (await listContacts(trx, ctx.tenant.id, personId))
    .filter((c) => c.kind === "email" && c.verified_at);
  const params = {
    town: ctx.tenant.name,
    authority: ctx.tenant.officialName,
    when: formatSlot(when),
  };
  for (const c of contacts) {
    await sendMessage(trx, ctx.tenant.id, {
      idempotencyKey: `security:${event}:${key}:${c.id}`,
      channel: "email",
      recipient: c.value,
      subject: ctx.t(`messages.email.security.${event}.subject`, params),
      body: ctx.t(`messages.email.security.${event}.body`, params),
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
    const ended = await revokeOtherSessions(trx, tenantId, personId, actor.sessionId);
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
