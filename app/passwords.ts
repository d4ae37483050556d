/**
 * Forgotten passwords, as use cases: a one-time link by e-mail, or by SMS when the person named
 * their phone number or has no verified e-mail (the request is answered at once and alike
 * whether or not the account exists; a workflow looks the account up and sends it), what a
 * link opened again says (still valid, used, expired), and setting a new password from it,
 * which ends every session of the account. The code, the new password, the ended sessions and
 * the audit entry are written together.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  checkCode,
  type CodeStatus,
  codeStatus,
  issueCode,
} from "../db/repositories/one_time_codes.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { messageQueued } from "../db/repositories/outbox.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import {
  findPerson,
  findPersonByLogin,
  listContacts,
  setPassword,
} from "../db/repositories/persons.ts";
import { queueBackchannelLogouts } from "../db/repositories/oidc.ts";
import { revokeAllSessions } from "../db/repositories/sessions.ts";
import { isUuid } from "../db/repositories/notices.ts";
import { normalizeEmail, normalizePhone, readNewPassword } from "../domain/identity.ts";
import type { FieldError } from "../domain/validation.ts";
import { type PasswordResetRequest, startPasswordResetRequest } from "../domain/workflows.ts";
import { sendMessage } from "../lib/messaging.ts";
import { translator } from "../lib/i18n.ts";
import type { Locale } from "../lib/state.ts";
import { hashPassword } from "../lib/password.ts";
import type { Deps, RequestContext } from "./deps.ts";
import { notifySecurityChange } from "./account.ts";

/**
 * Asks for a reset link: queues the start of a `passwordResetRequest` workflow and nothing
 * else, so the answer takes the same time and says the same whether or not the account exists
 * (the workflow's activity, `sendPasswordResetLink`, looks it up). `origin` is the town's own
 * address, for the link; `locale` the reader's language.
 */
export async function requestPasswordReset(
  deps: Deps,
  ctx: RequestContext,
  identifier: string,
  origin: string,
  locale: Locale,
): Promise<void> {
  const tenantId = ctx.tenant.id;
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto("password_reset_requests").values({
      tenant_id: tenantId,
      identifier: identifier.trim(),
      origin,
      locale,
      http_request_id: ctx.requestId,
    }).returning("id").executeTakeFirstOrThrow();
    await enqueueCommand(
      trx,
      startPasswordResetRequest({ tenantId, requestId: row.id }, ctx.tenant.slug),
    );
  });
}

/**
 * The work behind a reset request (run by the workflow's activity): when the identifier names
 * a person (user name, e-mail, phone number, or the account's id from an expired link's "send
 * a new link"), a one-time link goes to their verified e-mail, or by SMS to their verified
 * phone when they named the phone or have no verified e-mail; otherwise nothing. The code, the
 * message (keyed by the request: a retry finds it and sends no second one) and the audit entry
 * are written together.
 */
export async function sendPasswordResetLink(
  deps: Deps,
  r: PasswordResetRequest,
): Promise<"sent" | "already-sent" | "no-account"> {
  const { db } = deps;
  const tenant = await findTenantById(db, r.tenantId);
  if (!tenant) return "no-account";
  const request = await db.selectFrom("password_reset_requests").selectAll()
    .where("tenant_id", "=", tenant.id).where("id", "=", r.requestId).executeTakeFirst();
  if (!request || request.identifier === null) return "already-sent";
  const identifier = request.identifier;
  const forget = (trx: Kysely<Database>) =>
    trx.updateTable("password_reset_requests").set({ identifier: null, processed_at: new Date() })
      .where("tenant_id", "=", tenant.id).where("id", "=", request.id).execute();
  const phone = identifier.includes("@") ? null : normalizePhone(identifier);
  const person = isUuid(identifier)
    ? await findPerson(db, tenant.id, identifier)
    : await findPersonByLogin(db, tenant.id, {
      username: identifier.toLowerCase(),
      email: identifier.includes("@") ? normalizeEmail(identifier) : undefined,
      phone: phone ?? undefined,
    });
  const contacts = person ? await listContacts(db, tenant.id, person.id) : [];
  const verified = (kind: "email" | "phone") =>
    contacts.find((c) =>
      c.kind === kind && c.verified_at && (kind === "email" || !phone || c.value === phone)
    );
  const namedPhone = phone !== null &&
    contacts.some((c) => c.kind === "phone" && c.value === phone);
  const to = namedPhone ? verified("phone") : verified("email") ?? verified("phone");
  if (!person || !to || person.status !== "active") {
    await forget(db);
    return "no-account";
  }
  const key = `password-reset:${r.requestId}`;
  const t = translator(request.locale);
  return await db.transaction().execute(async (trx) => {
    if (await messageQueued(trx, tenant.id, key)) return "already-sent" as const;
    await forget(trx);
    const { code } = await issueCode(trx, deps.secret, tenant.id, "password_reset", {
      personId: person.id,
    });
    const params = {
      town: tenant.name,
      authority: tenant.officialName,
      code,
      link: `${request.origin}/obnova-hesla?ucet=${person.id}&kod=${code}`,
    };
    const sms = to.kind === "phone";
    await sendMessage(trx, tenant.id, {
      idempotencyKey: key,
      channel: sms ? "sms" : "email",
      recipient: to.value,
      subject: sms ? null : t("messages.email.password_reset.subject", params),
      body: sms
        ? t("messages.sms.password_reset", params)
        : t("messages.email.password_reset.body", params),
      personId: person.id,
      kind: "code",
      secret: true,
    });
    await appendAudit(trx, {
      tenantId: tenant.id,
      actorType: "anonymous",
      actorId: person.id,
      action: "auth.password_reset_requested",
      requestId: request.http_request_id,
      details: { channel: sms ? "sms" : "email" },
    });
    return "sent" as const;
  });
}

/**
 * What a reset link says when opened: still valid, already used (or replaced by a newer
 * link), or expired. A link that names no account, or a code never issued, reads as invalid;
 * nothing is counted or used up by looking.
 */
export async function resetLinkStatus(
  deps: Pick<Deps, "db" | "secret" | "now">,
  ctx: Pick<RequestContext, "tenant">,
  account: string,
  code: string,
): Promise<CodeStatus> {
  if (!isUuid(account) || !/^\d{6}$/.test(code)) return "invalid";
  return await codeStatus(
    deps.db,
    deps.secret,
    ctx.tenant.id,
    "password_reset",
    {
      personId: account,
    },
    code,
    deps.now(),
  );
}

export type ResetOutcome =
  | { ok: true }
  /** `account` is "" when it named nobody (the form then forgets it). */
  | { ok: false; account: string; errors: FieldError[] };

/**
 * Sets a new password from the link (`account`, `code`) and the form's password pair; every
 * session of the account ends, and a security e-mail tells the person.
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
    await queueBackchannelLogouts(trx, tenantId, { personId: person.id });
    await notifySecurityChange(
      trx,
      ctx,
      person.id,
      "password_changed",
      crypto.randomUUID(),
      deps.now(),
    );
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
