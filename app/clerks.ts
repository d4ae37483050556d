/**
 * The town's clerk accounts, as the administrator manages them: a new account, its roles,
 * deactivation (which also ends the clerk's sessions) and reactivation. Nobody locks
 * themselves out, and the town keeps an active administrator: the administrators are locked
 * while a change is checked. Each change and its audit entry are written in one transaction.
 */
import { appendAudit } from "../db/repositories/audit.ts";
import {
  findClerkAccount,
  insertClerk,
  lockActiveAdmins,
  setClerkActive,
  setClerkRoles,
  usernameInUse,
} from "../db/repositories/clerks_admin.ts";
import { revokeAllSessions } from "../db/repositories/sessions.ts";
import {
  checkClerkChange,
  type ClerkChangeProblem,
  type ClerkRole,
  type OfficeFieldError,
  parseRoles,
  validateNewClerk,
} from "../domain/clerks.ts";
import { checkText, cleanText } from "../domain/validation.ts";
import { AUDIT_REASON_MAX, auditReason } from "../domain/history.ts";
import { hashPassword, verifyPassword } from "../lib/password.ts";
import { sendMessage } from "../lib/messaging.ts";
import type { Tenant, Translate } from "../lib/state.ts";
import { maskPhone, readNewPassword } from "../domain/identity.ts";
import type { FieldError } from "../domain/validation.ts";
import { findClerkCredentials, setOwnClerkPassword } from "../db/repositories/clerks.ts";
import { type ClerkActor, clerkAudit, type Deps } from "./deps.ts";

const audit = (actor: ClerkActor, targetId: string, action: string, details = {}) => ({
  ...clerkAudit(actor),
  action,
  subjectType: "clerk",
  subjectId: targetId,
  details,
});

export type CreateClerkOutcome =
  | { ok: true; id: string }
  | { ok: false; errors: OfficeFieldError[] };

/** What the new clerk's welcome e-mail needs: its language, the town, where to sign in. */
export interface ClerkWelcome {
  t: Translate;
  tenant: Pick<Tenant, "name" | "officialName">;
  /** The town's public origin (lib/http/tenant.ts `tenantOrigin`), for the sign-in link. */
  origin: string;
}

/**
 * A new active clerk from the administrator's form. Submitting twice creates one account:
 * the second finds the user name taken (clerks and citizens share the town's user names).
 * The clerk gets a welcome e-mail in the same transaction (where and how to sign in; never the
 * password), and must change the administrator's password at the first sign-in.
 */
export async function createClerk(
  deps: Deps,
  actor: ClerkActor,
  form: FormData,
  welcome: ClerkWelcome,
): Promise<CreateClerkOutcome> {
  const result = validateNewClerk(form);
  if (!result.ok) return result;
  const c = result.value;
  const taken: CreateClerkOutcome = {
    ok: false,
    errors: [{ field: "username", code: "usernameTaken" }],
  };
  if (await usernameInUse(deps.db, actor.tenantId, c.username)) return taken;
  const passwordHash = await hashPassword(c.password);
  return await deps.db.transaction().execute(async (trx) => {
    const id = await insertClerk(trx, actor.tenantId, {
      username: c.username,
      displayName: c.displayName,
      email: c.email,
      phone: c.phone,
      passwordHash,
      roles: c.roles,
    });
    if (!id) return taken;
    await appendAudit(trx, audit(actor, id, "clerk.created", { roles: c.roles }));
    const params = {
      name: c.displayName,
      username: c.username,
      town: welcome.tenant.name,
      authority: welcome.tenant.officialName,
      login: `${welcome.origin}/prihlaseni`,
      phone: maskPhone(c.phone),
    };
    await sendMessage(trx, actor.tenantId, {
      idempotencyKey: `clerk-welcome:${id}`,
      channel: "email",
      recipient: c.email,
      subject: welcome.t("messages.email.clerk_welcome.subject", params),
      body: welcome.t("messages.email.clerk_welcome.body", params),
      personId: null, // a clerk, not a citizen: no history at /ucet/zpravy
      kind: "account",
      secret: false,
    });
    return { ok: true, id };
  });
}

/**
 * The reason the administrator gives for a change (the account's history shows it): at most
 * `AUDIT_REASON_MAX` characters, no markup; required for a deactivation.
 */
function checkReason(
  errors: OfficeFieldError[],
  field: string,
  raw: FormDataEntryValue | null | undefined,
  required: boolean,
): string | undefined {
  const reason = cleanText(raw);
  checkText(errors, field, reason, { required, max: AUDIT_REASON_MAX });
  return auditReason(reason);
}

export type ClerkChangeOutcome =
  | { ok: true }
  | { ok: false; code: "notFound" }
  | { ok: false; code: "invalid"; errors: OfficeFieldError[]; roles: string[] }
  | { ok: false; code: ClerkChangeProblem; roles?: ClerkRole[] };

/** Sets a clerk's roles (read on every request, so in force at once). */
export async function changeClerkRoles(
  deps: Deps,
  actor: ClerkActor,
  targetId: string,
  submitted: readonly FormDataEntryValue[],
  reasonText?: FormDataEntryValue | null,
): Promise<ClerkChangeOutcome> {
  const errors: OfficeFieldError[] = [];
  const roles = parseRoles(errors, "roles", submitted);
  const reason = checkReason(errors, "rolesReason", reasonText, false);
  if (errors.length) {
    return { ok: false, code: "invalid", errors, roles: submitted.map(String).slice(0, 20) };
  }
  return await deps.db.transaction().execute(async (trx): Promise<ClerkChangeOutcome> => {
    const activeAdminIds = await lockActiveAdmins(trx, actor.tenantId);
    const target = await findClerkAccount(trx, actor.tenantId, targetId);
    if (!target) return { ok: false, code: "notFound" };
    const before = target.roles;
    const problem = checkClerkChange({
      actorId: actor.clerkId,
      targetId: target.id,
      before,
      after: roles,
      activeAdminIds,
    });
    if (problem) return { ok: false, code: problem, roles };
    if (before.join() === roles.join()) return { ok: true };
    await setClerkRoles(trx, actor.tenantId, target.id, roles);
    await appendAudit(
      trx,
      audit(actor, target.id, "clerk.roles_changed", { before, after: roles, reason }),
    );
    return { ok: true };
  });
}

/** Deactivates a clerk and ends every session of theirs; the reason is required. */
export async function deactivateClerk(
  deps: Deps,
  actor: ClerkActor,
  targetId: string,
  reasonText?: FormDataEntryValue | null,
  /** Only check it, for the confirmation page (issue 10): nothing is changed or audited. */
  opts: { dryRun?: boolean } = {},
): Promise<ClerkChangeOutcome> {
  return await deps.db.transaction().execute(async (trx): Promise<ClerkChangeOutcome> => {
    const activeAdminIds = await lockActiveAdmins(trx, actor.tenantId);
    const target = await findClerkAccount(trx, actor.tenantId, targetId);
    if (!target) return { ok: false, code: "notFound" };
    const problem = checkClerkChange({
      actorId: actor.clerkId,
      targetId: target.id,
      // An inactive account's roles do not count: it is no admin to lose.
      before: target.active ? target.roles : [],
      after: null,
      activeAdminIds,
    });
    if (problem) return { ok: false, code: problem };
    // Checked after the problems above: "you cannot deactivate yourself" says more.
    const errors: OfficeFieldError[] = [];
    const reason = checkReason(errors, "deactivateReason", reasonText, true);
    if (errors.length && target.active) {
      return { ok: false, code: "invalid", errors, roles: target.roles };
    }
    if (opts.dryRun) return { ok: true };
    if (await setClerkActive(trx, actor.tenantId, target.id, false)) {
      const sessions = await revokeAllSessions(trx, actor.tenantId, { clerkId: target.id });
      await appendAudit(
        trx,
        audit(actor, target.id, "clerk.deactivated", { sessionsEnded: sessions, reason }),
      );
    }
    return { ok: true };
  });
}

/** Makes a deactivated clerk active again (with the roles they had); the reason is optional. */
export async function reactivateClerk(
  deps: Deps,
  actor: ClerkActor,
  targetId: string,
  reasonText?: FormDataEntryValue | null,
): Promise<ClerkChangeOutcome> {
  const errors: OfficeFieldError[] = [];
  const reason = checkReason(errors, "reactivateReason", reasonText, false);
  return await deps.db.transaction().execute(async (trx): Promise<ClerkChangeOutcome> => {
    const target = await findClerkAccount(trx, actor.tenantId, targetId);
    if (!target) return { ok: false, code: "notFound" };
    if (errors.length) return { ok: false, code: "invalid", errors, roles: target.roles };
    if (await setClerkActive(trx, actor.tenantId, target.id, true)) {
      await appendAudit(trx, audit(actor, target.id, "clerk.reactivated", { reason }));
    }
    return { ok: true };
  });
}

export type OwnPasswordOutcome =
  | { ok: true }
  | { ok: false; errors: FieldError<string>[] };

/**
 * The signed-in clerk replaces the password the administrator set (or their own): the current
 * password first (a session left open does not let anyone else take the account), then the new
 * one checked by the password rules every new password meets, typed twice alike, and not the same
 * as the one it replaces. The new hash, the end of "must change" and the audit entry are written together.
 */
export async function changeOwnClerkPassword(
  deps: Deps,
  actor: ClerkActor,
  form: FormData,
): Promise<OwnPasswordOutcome> {
  const account = await findClerkCredentials(deps.db, actor.tenantId, actor.clerkId);
  if (!account) return { ok: false, errors: [{ field: "password", code: "required" }] };
  const errors: FieldError<string>[] = [];
  const current = typeof form.get("currentPassword") === "string"
    ? String(form.get("currentPassword"))
    : "";
  if (current === "") errors.push({ field: "currentPassword", code: "required" });
  else if (!await verifyPassword(account.password_hash, current)) {
    errors.push({ field: "currentPassword", code: "currentPasswordWrong" });
  }
  const password = readNewPassword(errors, form, [
    account.username,
    ...account.display_name.split(/\s+/),
    account.email.split("@")[0],
  ]);
  if (!errors.length && await verifyPassword(account.password_hash, password)) {
    errors.push({ field: "password", code: "passwordUnchanged" });
  }
  if (errors.length) return { ok: false, errors };
  const passwordHash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    if (!await setOwnClerkPassword(trx, actor.tenantId, actor.clerkId, passwordHash)) return;
    await appendAudit(
      trx,
      audit(actor, actor.clerkId, "clerk.password_changed", {
        wasSetByAdmin: account.must_change_password,
      }),
    );
  });
  return { ok: true };
}
