/**
 * Forgotten passwords, as use cases: a one-time link by e-mail (the answer is the same whether
 * or not the account exists), and setting a new password from it, which ends every session of
 * the account. The code, the new password, the ended sessions and the audit entry are written
 * together.
 */
import { appendAudit } from "../db/repositories/audit.ts";
import { checkCode } from "../db/repositories/one_time_codes.ts";
import {
  findPerson,
  findPersonByLogin,
  listContacts,
  setPassword,
} from "../db/repositories/persons.ts";
import { revokeAllSessions } from "../db/repositories/sessions.ts";
import { isUuid } from "../db/repositories/notices.ts";
import { normalizeEmail, readNewPassword } from "../domain/identity.ts";
import type { FieldError } from "../domain/validation.ts";
import { sendEmailCode } from "./codes.ts";
import { hashPassword } from "../lib/password.ts";
import type { Deps, RequestContext } from "./deps.ts";

/**
 * Sends a reset link to the account's verified e-mail, when there is such an account (by user
 * name or e-mail); otherwise nothing. `origin` is the town's own address, for the link.
 */
export async function requestPasswordReset(
  deps: Deps,
  ctx: RequestContext,
  identifier: string,
  origin: string,
): Promise<void> {
  const { db } = deps;
  const tenant = ctx.tenant;
  const person = await findPersonByLogin(db, tenant.id, {
    username: identifier.toLowerCase(),
    email: identifier.includes("@") ? normalizeEmail(identifier) : undefined,
  });
  const email = person &&
    (await listContacts(db, tenant.id, person.id)).find((c) => c.kind === "email" && c.verified_at);
  if (!person || !email) return;
  await db.transaction().execute(async (trx) => {
    await sendEmailCode(
      trx,
      tenant,
      "password_reset",
      { personId: person.id },
      email.value,
      (code) => `${origin}/obnova-hesla?ucet=${person.id}&kod=${code}`,
      ctx.t,
    );
    await appendAudit(trx, {
      tenantId: tenant.id,
      actorType: "anonymous",
      actorId: person.id,
      action: "auth.password_reset_requested",
      requestId: ctx.requestId,
    });
  });
}

export type ResetOutcome =
  | { ok: true }
  /** `account` is "" when it named nobody (the form then forgets it). */
  | { ok: false; account: string; errors: FieldError[] };

/**
 * Sets a new password from the e-mailed link (`account`, `code`) and the form's password
 * pair; every session of the account ends.
 */
export async function resetPassword(
  deps: Deps,
  ctx: RequestContext,
  account: string,
  code: string,
  form: FormData,
): Promise<ResetOutcome> {
  const tenantId = ctx.tenant.id;
  const person = isUuid(account) ? await findPerson(deps.db, tenantId, account) : undefined;
  const errors: FieldError[] = [];
  const password = readNewPassword(
    errors,
    form,
    person ? [person.given_name, person.family_name] : [],
  );
  const known = person ? account : "";
  if (errors.length) return { ok: false, account: known, errors };
  const expired: ResetOutcome = {
    ok: false,
    account: known,
    errors: [{ field: "password", code: "codeExpired" }],
  };
  if (!person) return expired;
  const passwordHash = await hashPassword(password);
  return await deps.db.transaction().execute(async (trx): Promise<ResetOutcome> => {
    const result = await checkCode(trx, deps.secret, tenantId, "password_reset", {
      personId: person.id,
    }, code);
    if (result !== "ok") return expired;
    await setPassword(trx, tenantId, person.id, passwordHash);
    const revoked = await revokeAllSessions(trx, tenantId, { personId: person.id });
    await appendAudit(trx, {
      tenantId,
      actorType: "person",
      actorId: person.id,
      action: "auth.password_reset",
      requestId: ctx.requestId,
      details: { sessionsRevoked: revoked },
    });
    return { ok: true };
  });
}
