/** Sending one-time codes: by SMS to a phone or by e-mail, through the message outbox. */
import type { Kysely } from "kysely";
import type { Database, OneTimeCodePurpose } from "../../db/schema.ts";
import {
  type CodeCheck,
  type CodeSubject,
  issueCode,
} from "../../db/repositories/one_time_codes.ts";
import type { FieldError } from "../../domain/validation.ts";
import { sendMessage } from "../messaging.ts";
import { config } from "../config.ts";
import type { Tenant } from "../state.ts";

const SMS_TEXT: Record<OneTimeCodePurpose, string> = {
  verify_phone: "Ověřovací kód pro registraci na Portálu občana {town}: {code}. Platí 10 minut.",
  login_sms:
    "Kód pro přihlášení na Portál občana {town}: {code}. Platí 10 minut. Nikomu ho nesdělujte.",
  pairing: "Kód pro propojení identity na Portálu občana {town}: {code}. Platí 10 minut.",
  verify_email: "",
  password_reset: "",
};

export async function sendSmsCode(
  db: Kysely<Database>,
  tenant: Tenant,
  purpose: OneTimeCodePurpose,
  subject: CodeSubject,
  phone: string,
): Promise<void> {
  const { id, code } = await issueCode(db, config().sessionSecret, tenant.id, purpose, subject);
  await sendMessage(db, tenant.id, {
    idempotencyKey: `code:${id}`,
    channel: "sms",
    recipient: phone,
    subject: null,
    body: SMS_TEXT[purpose].replace("{town}", tenant.name).replace("{code}", code),
  });
}

export async function sendEmailCode(
  db: Kysely<Database>,
  tenant: Tenant,
  purpose: "verify_email" | "password_reset",
  subject: CodeSubject,
  email: string,
  link: (code: string, codeId: string) => string,
): Promise<void> {
  const { id, code } = await issueCode(db, config().sessionSecret, tenant.id, purpose, subject);
  const body = purpose === "verify_email"
    ? [
      `Dobrý den,`,
      ``,
      `pro dokončení registrace na Portálu občana obce ${tenant.name} zadejte ověřovací kód:`,
      ``,
      `    ${code}`,
      ``,
      `nebo otevřete odkaz: ${link(code, id)}`,
      ``,
      `Kód platí 10 minut. Pokud jste se neregistrovali, zprávu prosím ignorujte.`,
      ``,
      tenant.officialName,
    ]
    : [
      `Dobrý den,`,
      ``,
      `někdo (nejspíš vy) požádal o obnovu hesla k Portálu občana obce ${tenant.name}.`,
      `Nové heslo nastavíte na této adrese: ${link(code, id)}`,
      ``,
      `Odkaz platí 10 minut a lze ho použít jednou. Pokud jste o obnovu nežádali, zprávu ignorujte;`,
      `vaše heslo zůstává beze změny.`,
      ``,
      tenant.officialName,
    ];
  await sendMessage(db, tenant.id, {
    idempotencyKey: `code:${id}`,
    channel: "email",
    recipient: email,
    subject: purpose === "verify_email"
      ? `Ověření e-mailu – Portál občana ${tenant.name}`
      : `Obnova hesla – Portál občana ${tenant.name}`,
    body: body.join("\n"),
  });
}

/** The field error for a code that did not pass: missing, wrong, or no longer valid. */
export function codeError(field: string, result: CodeCheck | "missing"): FieldError {
  return {
    field,
    code: result === "missing" ? "required" : result === "expired" ? "codeExpired" : "invalidCode",
  };
}
