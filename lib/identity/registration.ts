/**
 * Registration as a use case: a pending person with unverified contacts, and codes sent to
 * both. The account becomes active (basic level) once the e-mail and the phone are verified.
 */
import { hash } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import {
  activatePerson,
  addContact,
  contactTaken,
  insertPerson,
  isUniqueViolation,
  listContacts,
  verifyContact,
} from "../../db/repositories/persons.ts";
import { checkCode } from "../../db/repositories/one_time_codes.ts";
import { generateUsername, type Registration } from "../../domain/identity.ts";
import type { FieldError } from "../../domain/validation.ts";
import { config } from "../config.ts";
import type { Tenant, Translate } from "../state.ts";
import { codeError, sendEmailCode, sendSmsCode } from "./codes.ts";

export async function register(
  db: Kysely<Database>,
  tenant: Tenant,
  r: Registration,
  origin: string,
  t: Translate,
): Promise<{ ok: true; personId: string } | { ok: false; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  if (await contactTaken(db, tenant.id, "email", r.email)) {
    errors.push({ field: "email", code: "alreadyRegistered" });
  }
  if (await contactTaken(db, tenant.id, "phone", r.phone)) {
    errors.push({ field: "phone", code: "alreadyRegistered" });
  }
  if (errors.length) return { ok: false, errors };
  const passwordHash = await hash(r.password, { algorithm: 2 });
  let created: { personId: string; emailId: string; phoneId: string } | undefined;
  for (let attempt = 0; !created; attempt++) {
    try {
      created = await db.transaction().execute(async (trx) => {
        const personId = await insertPerson(trx, tenant.id, {
          username: generateUsername(r.givenName, r.familyName, Math.random),
          givenName: r.givenName,
          familyName: r.familyName,
          passwordHash,
          status: "pending",
        });
        const emailId = await addContact(trx, tenant.id, personId, "email", r.email);
        const phoneId = await addContact(trx, tenant.id, personId, "phone", r.phone);
        return { personId, emailId, phoneId };
      });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 5) throw err; // a user-name clash: new suffix
    }
  }
  await sendEmailCode(
    db,
    tenant,
    "verify_email",
    { personId: created.personId, contactId: created.emailId },
    r.email,
    (code) => `${origin}/registrace/overeni?email=${code}`,
    t,
  );
  await sendSmsCode(
    db,
    tenant,
    "verify_phone",
    {
      personId: created.personId,
      contactId: created.phoneId,
    },
    r.phone,
    t,
  );
  return { ok: true, personId: created.personId };
}

export interface VerificationState {
  email: { id: string; value: string; verified: boolean } | null;
  phone: { id: string; value: string; verified: boolean } | null;
}

export async function verificationState(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
): Promise<VerificationState> {
  const contacts = await listContacts(db, tenantId, personId);
  const pick = (kind: "email" | "phone") => {
    const c = contacts.find((x) => x.kind === kind);
    return c ? { id: c.id, value: c.value, verified: c.verified_at !== null } : null;
  };
  return { email: pick("email"), phone: pick("phone") };
}

/** Checks the submitted codes; activates the person once both contacts are verified. */
export async function verifyRegistration(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  codes: { email: string; phone: string },
): Promise<{ errors: FieldError[]; active: boolean }> {
  const secret = config().sessionSecret;
  const state = await verificationState(db, tenantId, personId);
  const errors: FieldError[] = [];
  for (const kind of ["email", "phone"] as const) {
    const contact = state[kind];
    if (!contact || contact.verified) continue;
    const field = kind === "email" ? "emailCode" : "phoneCode";
    const code = codes[kind];
    if (!code) {
      errors.push({ field, code: "required" });
      continue;
    }
    const purpose = kind === "email" ? "verify_email" : "verify_phone";
    const result = await checkCode(db, secret, tenantId, purpose, {
      personId,
      contactId: contact.id,
    }, code);
    if (result !== "ok") {
      errors.push(codeError(field, result));
    } else if (!(await verifyContact(db, tenantId, contact.id))) {
      errors.push({
        field: kind === "email" ? "emailCode" : "phoneCode",
        code: "alreadyRegistered",
      });
    }
  }
  const after = await verificationState(db, tenantId, personId);
  const active = Boolean(after.email?.verified && after.phone?.verified);
  if (active) await activatePerson(db, tenantId, personId);
  return { errors, active };
}

/** Sends fresh codes for the contacts still unverified. */
export async function resendRegistrationCodes(
  db: Kysely<Database>,
  tenant: Tenant,
  personId: string,
  origin: string,
  t: Translate,
): Promise<void> {
  const state = await verificationState(db, tenant.id, personId);
  if (state.email && !state.email.verified) {
    await sendEmailCode(
      db,
      tenant,
      "verify_email",
      { personId, contactId: state.email.id },
      state.email.value,
      (code) => `${origin}/registrace/overeni?email=${code}`,
      t,
    );
  }
  if (state.phone && !state.phone.verified) {
    await sendSmsCode(
      db,
      tenant,
      "verify_phone",
      { personId, contactId: state.phone.id },
      state.phone.value,
      t,
    );
  }
}
