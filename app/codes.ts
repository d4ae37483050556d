/** Sending one-time codes: by SMS to a phone or by e-mail, through the message outbox. */
import type { Kysely } from "kysely";
import type { Database, OneTimeCodePurpose } from "../db/schema.ts";
import { type CodeCheck, type CodeSubject, issueCode } from "../db/repositories/one_time_codes.ts";
import type { FieldError } from "../domain/validation.ts";
import { sendMessage } from "../lib/messaging.ts";
import { config } from "../lib/config.ts";
import type { Tenant, Translate } from "../lib/state.ts";
import { translator } from "../lib/i18n.ts";

export async function sendSmsCode(
  db: Kysely<Database>,
  tenant: Tenant,
  purpose: OneTimeCodePurpose,
  subject: CodeSubject,
  phone: string,
  /** The reader's language (the request's); Czech by default. */
  t: Translate = translator("cs"),
): Promise<void> {
  const { id, code } = await issueCode(db, config().sessionSecret, tenant.id, purpose, subject);
  await sendMessage(db, tenant.id, {
    idempotencyKey: `code:${id}`,
    channel: "sms",
    recipient: phone,
    subject: null,
    body: t(`messages.sms.${purpose}`, { town: tenant.name, code }),
    personId: subject.personId ?? null,
    kind: "code",
    secret: true,
  });
}

export async function sendEmailCode(
  db: Kysely<Database>,
  tenant: Tenant,
  purpose: "verify_email" | "password_reset",
  subject: CodeSubject,
  email: string,
  link: (code: string, codeId: string) => string,
  /** The reader's language (the request's); Czech by default. */
  t: Translate = translator("cs"),
): Promise<void> {
  const { id, code } = await issueCode(db, config().sessionSecret, tenant.id, purpose, subject);
  const params = { town: tenant.name, authority: tenant.officialName, code, link: link(code, id) };
  await sendMessage(db, tenant.id, {
    idempotencyKey: `code:${id}`,
    channel: "email",
    recipient: email,
    subject: t(`messages.email.${purpose}.subject`, params),
    body: t(`messages.email.${purpose}.body`, params),
    personId: subject.personId ?? null,
    kind: "code",
    secret: true,
  });
}

/** The field error for a code that did not pass: missing, wrong, or no longer valid. */
export function codeError(field: string, result: CodeCheck | "missing"): FieldError {
  return {
    field,
    code: result === "missing" ? "required" : result === "expired" ? "codeExpired" : "invalidCode",
  };
}
