/**
 * The password step of a sign-in, for clerks and persons alike. Answers what comes next:
 * a session right away, or an SMS code first (always for clerks, for persons who turned it on).
 */
import type { Kysely } from "kysely";
import { verify } from "@node-rs/argon2";
import type { Database } from "../../db/schema.ts";
import { findClerkByUsername } from "../../db/repositories/clerks.ts";
import { findPersonByLogin, verifiedPhone } from "../../db/repositories/persons.ts";
import { normalizeEmail, normalizePhone } from "../../domain/identity.ts";

// Compared against when the account is unknown, so both paths take the same time.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$s5pvDWgJ9hjmvZXFfDQ1iw$V1YnPnc4ZeaCvtwH4FVaP91IItsrkBS5LorTBAVKGBQ";

export type Account =
  | { kind: "clerk"; id: string; phone: string | null }
  | {
    kind: "person";
    id: string;
    phone: string | null;
    smsSecondFactor: boolean;
    pending: boolean;
  };

export type PasswordOutcome =
  | { ok: true; account: Account }
  | { ok: false; accountId: string | null };

export async function checkPassword(
  db: Kysely<Database>,
  tenantId: string,
  identifier: string,
  password: string,
): Promise<PasswordOutcome> {
  const clerk = identifier.includes("@")
    ? undefined
    : await findClerkByUsername(db, tenantId, identifier);
  const person = clerk ? undefined : await findPersonByLogin(db, tenantId, {
    username: identifier.toLowerCase(),
    email: identifier.includes("@") ? normalizeEmail(identifier) : undefined,
    phone: normalizePhone(identifier) ?? undefined,
  });
  const hash = clerk?.password_hash ?? person?.password_hash ?? DUMMY_HASH;
  const ok = await verify(hash, password.slice(0, 1024)).catch(() => false);
  if (!ok || (!clerk && !person)) return { ok: false, accountId: clerk?.id ?? person?.id ?? null };
  if (clerk) return { ok: true, account: { kind: "clerk", id: clerk.id, phone: clerk.phone } };
  return {
    ok: true,
    account: {
      kind: "person",
      id: person!.id,
      phone: await verifiedPhone(db, tenantId, person!.id),
      smsSecondFactor: person!.sms_second_factor,
      pending: person!.status === "pending",
    },
  };
}
