/**
 * Identity as use cases: registration and its verification, the password sign-in and its SMS
 * step, signing out, and the SMS second factor. Every action that issues a session writes the
 * session row and its audit entry in one transaction; codes are queued (message and delivery
 * command) in the same transaction as what they belong to. The route keeps what is the web's:
 * rate limits, the step cookie and the session cookie.
 */
import { queueBackchannelLogouts } from "../db/repositories/oidc.ts";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findClerkByUsername, recordClerkLogin } from "../db/repositories/clerks.ts";
import { checkCode } from "../db/repositories/one_time_codes.ts";
import {
  activatePerson,
  addContact,
  contactTaken,
  findPerson,
  findPersonByLogin,
  insertPerson,
  isUniqueViolation,
  listContacts,
  setBirthDateIfUnknown,
  setCaseNotifications,
  setSmsSecondFactor,
  verifiedContactHolder,
  verifiedPhone,
  verifyContact,
} from "../db/repositories/persons.ts";
import { revokeAllSessions, revokeSession } from "../db/repositories/sessions.ts";
import { grantAuthorization } from "../db/repositories/authorizations.ts";
import { linkExternalIdentity } from "../db/repositories/external_identities.ts";
import { identityMismatches } from "../domain/pairing.ts";
import { isCaseNotificationChoice } from "../domain/notifications.ts";
import type { ExternalIdentityClaims } from "../lib/oidc.ts";
import {
  AGENDA_LOA,
  AGENDAS,
  generateCode,
  generateUsername,
  loaAtLeast,
  loginRateKey,
  normalizeEmail,
  normalizePhone,
  type Registration,
} from "../domain/identity.ts";
import type { FieldError } from "../domain/validation.ts";
import { codeError, sendEmailCode, sendSmsCode } from "./codes.ts";
import { sendMessage } from "../lib/messaging.ts";
import { hashPassword, verifyPassword } from "../lib/password.ts";
import { type IssuedSession, issueSession } from "../lib/session.ts";
import type { Deps, PersonActor, RequestContext } from "./deps.ts";

/** A sign-in's request: the town, the request id, the reader's language, the browser. */
export interface SignInContext extends RequestContext {
  userAgent: string | null;
}

/** Whose sign-in is half done: a clerk's or a person's account. */
export interface AccountRef {
  kind: "clerk" | "person";
  id: string;
}

// --- password sign-in ---------------------------------------------------------------------

export type Account =
  | { kind: "clerk"; id: string; phone: string | null }
  | {
    kind: "person";
    id: string;
    phone: string | null;
    smsSecondFactor: boolean;
    pending: boolean;
  };

export type Credentials =
  | { ok: true; account: Account }
  | { ok: false; accountId: string | null };

/**
 * A per-account limit on password tries, kept by the web (lib/http): `take` refuses (throws)
 * when the key's tries are used up, `reset` gives them back after a right password.
 */
export interface LoginThrottle {
  take(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

type ClerkRow = Awaited<ReturnType<typeof findClerkByUsername>>;
type PersonRow = Awaited<ReturnType<typeof findPersonByLogin>>;

/**
 * The account an identifier names: a clerk (by user name) or a person (by user name, verified
 * e-mail or verified phone, however the phone is spelled).
 */
async function resolveLogin(
  db: Kysely<Database>,
  tenantId: string,
  identifier: string,
): Promise<{ clerk: ClerkRow; person: PersonRow }> {
  const clerk = identifier.includes("@")
    ? undefined
    : await findClerkByUsername(db, tenantId, identifier);
  const person = clerk ? undefined : await findPersonByLogin(db, tenantId, {
    username: identifier.toLowerCase(),
    email: identifier.includes("@") ? normalizeEmail(identifier) : undefined,
    phone: normalizePhone(identifier) ?? undefined,
  });
  return { clerk, person };
}

/**
 * Is this the password of a clerk (by user name) or of a person (by user name, verified
 * e-mail or verified phone)? An unknown account takes as long as a known one. With a
 * throttle, a try is taken from the account's bucket (`loginRateKey`) before the password is
 * checked: every name of one account counts against the same limit.
 */
export async function verifyCredentials(
  db: Kysely<Database>,
  tenantId: string,
  identifier: string,
  password: string,
  throttle?: LoginThrottle,
): Promise<Credentials & { rateKey: string }> {
  const { clerk, person } = await resolveLogin(db, tenantId, identifier);
  const found = clerk
    ? { kind: "clerk" as const, id: clerk.id }
    : person
    ? { kind: "person" as const, id: person.id }
    : null;
  const rateKey = loginRateKey(found, identifier);
  await throttle?.take(rateKey);
  const ok = await verifyPassword(clerk?.password_hash ?? person?.password_hash, password);
  if (!ok || !found) return { ok: false, accountId: found?.id ?? null, rateKey };
  if (clerk) {
    return { ok: true, account: { kind: "clerk", id: clerk.id, phone: clerk.phone }, rateKey };
  }
  return {
    ok: true,
    account: {
      kind: "person",
      id: person!.id,
      phone: await verifiedPhone(db, tenantId, person!.id),
      smsSecondFactor: person!.sms_second_factor,
      pending: person!.status === "pending",
    },
    rateKey,
  };
}

export type PasswordSignIn =
  /** Signed in: the person's new session. */
  | { ok: true; step: "session"; session: IssuedSession }
  /** The password was right; an SMS code was sent to the account's phone. */
  | { ok: true; step: "code"; account: AccountRef }
  | { ok: false; code: "failed" | "pending" | "noPhone" };

/**
 * The password step of a sign-in, for clerks and persons alike: a session at once, or an SMS
 * code first (always for clerks, for persons who turned it on). A failed attempt is audited.
 * The throttle limits tries per account (whatever name, e-mail or phone spelling was typed)
 * and is reset by a right password.
 */
export async function signInWithPassword(
  deps: Deps,
  ctx: SignInContext,
  identifier: string,
  password: string,
  throttle?: LoginThrottle,
): Promise<PasswordSignIn> {
  const { db } = deps;
  const tenantId = ctx.tenant.id;
  const outcome = await verifyCredentials(db, tenantId, identifier, password, throttle);
  if (!outcome.ok) {
    await appendAudit(db, {
      tenantId,
      actorType: "anonymous",
      actorId: outcome.accountId,
      action: "auth.login_failed",
      requestId: ctx.requestId,
    });
    return { ok: false, code: "failed" };
  }
  await throttle?.reset(outcome.rateKey);
  const { account } = outcome;
  if (account.kind === "person" && account.pending) return { ok: false, code: "pending" };
  if (account.kind === "clerk" || account.smsSecondFactor) {
    if (!account.phone) return { ok: false, code: "noPhone" };
    const phone = account.phone;
    await db.transaction().execute((trx) =>
      sendSmsCode(trx, ctx.tenant, "login_sms", codeSubject(account), phone, ctx.t)
    );
    return { ok: true, step: "code", account: { kind: account.kind, id: account.id } };
  }
  const session = await db.transaction().execute(async (trx) => {
    const session = await issueSession(
      trx,
      deps.secret,
      tenantId,
      { kind: "person", personId: account.id, levelOfAssurance: "low" },
      "password",
      ctx.userAgent,
    );
    await appendAudit(trx, {
      tenantId,
      actorType: "person",
      actorId: account.id,
      action: "auth.login",
      requestId: ctx.requestId,
      details: { method: "password" },
    });
    return session;
  });
  return { ok: true, step: "session", session };
}

const codeSubject = (a: AccountRef) => a.kind === "clerk" ? { clerkId: a.id } : { personId: a.id };

/** A new SMS code for a sign-in waiting for one (the old code ends). */
export async function resendSignInCode(
  deps: Deps,
  ctx: RequestContext,
  account: AccountRef,
  phone: string,
): Promise<void> {
  await deps.db.transaction().execute((trx) =>
    sendSmsCode(trx, ctx.tenant, "login_sms", codeSubject(account), phone, ctx.t)
  );
}

export type CodeSignIn =
  | { ok: true; session: IssuedSession }
  | { ok: false; errors: FieldError[] };

/**
 * The SMS step of a sign-in. A wrong code counts a try (five end it) and is audited; the right
 * one ends the code and starts a new session, audited with it.
 */
export async function completeSignInWithCode(
  deps: Deps,
  ctx: SignInContext,
  account: AccountRef,
  code: string,
): Promise<CodeSignIn> {
  const tenantId = ctx.tenant.id;
  return await deps.db.transaction().execute(async (trx): Promise<CodeSignIn> => {
    const result = code === ""
      ? "missing"
      : await checkCode(trx, deps.secret, tenantId, "login_sms", codeSubject(account), code);
    if (result !== "ok") {
      await appendAudit(trx, {
        tenantId,
        actorType: "anonymous",
        actorId: account.id,
        action: "auth.code_failed",
        requestId: ctx.requestId,
      });
      return { ok: false, errors: [codeError("code", result)] };
    }
    const session = await issueSession(
      trx,
      deps.secret,
      tenantId,
      account.kind === "clerk"
        ? { kind: "clerk", clerkId: account.id }
        : { kind: "person", personId: account.id, levelOfAssurance: "low" },
      "password+sms",
      ctx.userAgent,
    );
    if (account.kind === "clerk") await recordClerkLogin(trx, tenantId, account.id, deps.now());
    await appendAudit(trx, {
      tenantId,
      actorType: account.kind,
      actorId: account.id,
      action: "auth.login",
      requestId: ctx.requestId,
      details: { method: "password+sms" },
    });
    return { ok: true, session };
  });
}

// --- registration -------------------------------------------------------------------------

export type RegistrationOutcome =
  /** A pending account; codes went to its e-mail and phone. */
  | { ok: true; personId: string }
  /**
   * The e-mail or the phone belongs to another account: no account was made, the owner of
   * that address was told, and the registrant goes on to the same "check your e-mail and
   * phone" step as anyone else (`pending`), which no code will pass.
   */
  | { ok: true; personId: null; pending: { email: string; phone: string } }
  | { ok: false; errors: FieldError[] };

/**
 * Registers a pending person with unverified contacts, and sends codes to both: the person,
 * the contacts, the codes' messages and the audit entry are written together. The account
 * becomes active once the e-mail and the phone are verified. `origin` makes the e-mail's link.
 *
 * An e-mail or phone already verified by another account is not revealed: the answer is the
 * same, the owner of that address is told instead ("someone tried to register with your
 * address; sign in or reset your password"), an address not taken gets a code as usual, and no
 * second account is made.
 */
export async function register(
  deps: Deps,
  ctx: RequestContext,
  r: Registration,
  origin: string,
): Promise<RegistrationOutcome> {
  const { db } = deps;
  const tenant = ctx.tenant;
  const [emailTaken, phoneTaken] = await Promise.all([
    contactTaken(db, tenant.id, "email", r.email),
    contactTaken(db, tenant.id, "phone", r.phone),
  ]);
  // Hashed either way: the answer takes as long whether or not an address is taken.
  const passwordHash = await hashPassword(r.password);
  if (emailTaken || phoneTaken) {
    await registrationAttempt(deps, ctx, r, origin, { email: emailTaken, phone: phoneTaken });
    return { ok: true, personId: null, pending: { email: r.email, phone: r.phone } };
  }
  for (let attempt = 0;; attempt++) {
    try {
      const personId = await db.transaction().execute(async (trx) => {
        const personId = await insertPerson(trx, tenant.id, {
          username: generateUsername(r.givenName, r.familyName, Math.random),
          givenName: r.givenName,
          familyName: r.familyName,
          passwordHash,
          status: "pending",
          language: ctx.locale,
        });
        const emailId = await addContact(trx, tenant.id, personId, "email", r.email);
        const phoneId = await addContact(trx, tenant.id, personId, "phone", r.phone);
        await appendAudit(trx, {
          tenantId: tenant.id,
          actorType: "person",
          actorId: personId,
          action: "identity.registered",
          subjectType: "person",
          subjectId: personId,
          requestId: ctx.requestId,
        });
        await sendEmailCode(
          trx,
          tenant,
          "verify_email",
          { personId, contactId: emailId },
          r.email,
          (code) => `${origin}/registrace/overeni?email=${code}`,
          ctx.t,
        );
        await sendSmsCode(
          trx,
          tenant,
          "verify_phone",
          { personId, contactId: phoneId },
          r.phone,
          ctx.t,
        );
        return personId;
      });
      return { ok: true, personId };
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 5) throw err; // a user-name clash: new suffix
    }
  }
}

/**
 * A registration with an address another account holds: the holder of each taken address is
 * told (e-mail or SMS, in the registrant's language), an address not taken gets a message
 * like any registration's code (one that verifies nothing: there is no account), and the
 * attempt is audited without the addresses. One transaction.
 */
async function registrationAttempt(
  deps: Deps,
  ctx: RequestContext,
  r: Registration,
  origin: string,
  taken: { email: boolean; phone: boolean },
): Promise<void> {
  const { tenant, t } = ctx;
  const attempt = crypto.randomUUID();
  const params = {
    town: tenant.name,
    authority: tenant.officialName,
    login: `${origin}/prihlaseni`,
    reset: `${origin}/zapomenute-heslo`,
  };
  const decoyCode = () => generateCode(crypto.getRandomValues(new Uint8Array(4)));
  await deps.db.transaction().execute(async (trx) => {
    if (taken.email) {
      await sendMessage(trx, tenant.id, {
        idempotencyKey: `registration-attempt:${attempt}:email`,
        channel: "email",
        recipient: r.email,
        subject: t("messages.email.registration_attempt.subject", params),
        body: t("messages.email.registration_attempt.body", params),
        personId: await verifiedContactHolder(trx, tenant.id, "email", r.email),
        kind: "account",
        secret: false,
      });
    } else {
      const code = decoyCode();
      const link = `${origin}/registrace/overeni?email=${code}`;
      await sendMessage(trx, tenant.id, {
        idempotencyKey: `registration-attempt:${attempt}:email`,
        channel: "email",
        recipient: r.email,
        subject: t("messages.email.verify_email.subject", { ...params, code, link }),
        body: t("messages.email.verify_email.body", { ...params, code, link }),
        personId: null,
        kind: "code",
        secret: true,
      });
    }
    await sendMessage(trx, tenant.id, {
      idempotencyKey: `registration-attempt:${attempt}:phone`,
      channel: "sms",
      recipient: r.phone,
      subject: null,
      body: taken.phone
        ? t("messages.sms.registration_attempt", params)
        : t("messages.sms.verify_phone", { town: tenant.name, code: decoyCode() }),
      personId: taken.phone ? await verifiedContactHolder(trx, tenant.id, "phone", r.phone) : null,
      kind: taken.phone ? "account" : "code",
      secret: !taken.phone,
    });
    await appendAudit(trx, {
      tenantId: tenant.id,
      actorType: "anonymous",
      actorId: null,
      action: "identity.registration_address_taken",
      requestId: ctx.requestId,
      details: { emailTaken: taken.email, phoneTaken: taken.phone },
    });
  });
}

/**
 * The check of codes on the "check your e-mail and phone" step of a registration that made no
 * account (`register` answered `personId: null`): as a wrong code is answered.
 */
export function verifyPendingWithoutAccount(
  codes: { email: string; phone: string },
): FieldError[] {
  return (["email", "phone"] as const).map((kind) => ({
    field: kind === "email" ? "emailCode" : "phoneCode",
    code: codes[kind] ? "invalidCode" : "required",
  }));
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

export type VerificationOutcome =
  | { ok: true; session: IssuedSession }
  | { ok: false; errors: FieldError[] };

/**
 * Checks the codes sent at registration. Each right code verifies its contact at once (a
 * contact verified meanwhile by another account is refused); once both are verified the
 * person is activated and signed in, the activation, session and audit entry written together.
 */
export async function verifyRegistration(
  deps: Deps,
  ctx: SignInContext,
  personId: string,
  codes: { email: string; phone: string },
): Promise<VerificationOutcome> {
  const { db } = deps;
  const tenantId = ctx.tenant.id;
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
    const result = await checkCode(db, deps.secret, tenantId, purpose, {
      personId,
      contactId: contact.id,
    }, code);
    if (result !== "ok") errors.push(codeError(field, result));
    // Its own statement: a unique violation (verified meanwhile by another account) ends it.
    else if (!(await verifyContact(db, tenantId, contact.id))) {
      errors.push({ field, code: "alreadyRegistered" });
    }
  }
  const after = await verificationState(db, tenantId, personId);
  if (!after.email?.verified || !after.phone?.verified) return { ok: false, errors };
  const session = await db.transaction().execute(async (trx) => {
    await activatePerson(trx, tenantId, personId);
    const session = await issueSession(
      trx,
      deps.secret,
      tenantId,
      { kind: "person", personId, levelOfAssurance: "low" },
      "password",
      ctx.userAgent,
    );
    await appendAudit(trx, {
      tenantId,
      actorType: "person",
      actorId: personId,
      action: "identity.verified",
      subjectType: "person",
      subjectId: personId,
      requestId: ctx.requestId,
    });
    return session;
  });
  return { ok: true, session };
}

/** Sends fresh codes for the contacts still unverified. */
export async function resendRegistrationCodes(
  deps: Deps,
  ctx: RequestContext,
  personId: string,
  origin: string,
): Promise<void> {
  const tenant = ctx.tenant;
  const state = await verificationState(deps.db, tenant.id, personId);
  await deps.db.transaction().execute(async (trx) => {
    if (state.email && !state.email.verified) {
      await sendEmailCode(
        trx,
        tenant,
        "verify_email",
        { personId, contactId: state.email.id },
        state.email.value,
        (code) => `${origin}/registrace/overeni?email=${code}`,
        ctx.t,
      );
    }
    if (state.phone && !state.phone.verified) {
      await sendSmsCode(
        trx,
        tenant,
        "verify_phone",
        { personId, contactId: state.phone.id },
        state.phone.value,
        ctx.t,
      );
    }
  });
}

// --- signing out, settings ----------------------------------------------------------------

/** Whose session: a clerk's or a person's. */
export interface SignedInRef {
  tenantId: string;
  requestId: string | null;
  kind: "clerk" | "person";
  id: string;
  sessionId: string;
}

/** Ends this session at once (its row is revoked; the token dies with it). */
export async function signOut(deps: Deps, who: SignedInRef): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await revokeSession(trx, who.tenantId, who.sessionId);
    // The agenda systems signed in through the portal end their sessions too (back-channel).
    await queueBackchannelLogouts(trx, who.tenantId, { sessionIds: [who.sessionId] });
    await appendAudit(trx, {
      tenantId: who.tenantId,
      actorType: who.kind,
      actorId: who.id,
      action: "auth.logout",
      requestId: who.requestId,
    });
  });
}

/** "Log out everywhere": every live session of the account, this one too. */
export async function signOutEverywhere(deps: Deps, who: SignedInRef): Promise<number> {
  return await deps.db.transaction().execute(async (trx) => {
    const revoked = await revokeAllSessions(
      trx,
      who.tenantId,
      who.kind === "clerk" ? { clerkId: who.id } : { personId: who.id },
    );
    if (who.kind === "person") {
      await queueBackchannelLogouts(trx, who.tenantId, { personId: who.id });
    }
    await appendAudit(trx, {
      tenantId: who.tenantId,
      actorType: who.kind,
      actorId: who.id,
      action: "auth.logout_everywhere",
      requestId: who.requestId,
      details: { sessions: revoked },
    });
    return revoked;
  });
}

export type SecondFactorOutcome = { ok: true } | { ok: false; code: "noVerifiedPhone" };

/** Turns the SMS second factor on (a verified phone needed) or off. */
export async function setSecondFactor(
  deps: Deps,
  actor: PersonActor,
  on: boolean,
): Promise<SecondFactorOutcome> {
  return await deps.db.transaction().execute(async (trx): Promise<SecondFactorOutcome> => {
    if (on && !(await verifiedPhone(trx, actor.tenantId, actor.personId))) {
      return { ok: false, code: "noVerifiedPhone" };
    }
    await setSmsSecondFactor(trx, actor.tenantId, actor.personId, on);
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      action: on ? "auth.sms_factor_on" : "auth.sms_factor_off",
      requestId: actor.requestId,
    });
    return { ok: true };
  });
}

export type CaseNotificationsOutcome =
  | { ok: true }
  | { ok: false; code: "invalidChoice" | "noVerifiedPhone" };

/**
 * How the person hears about their cases: by e-mail, by SMS or both (domain/notifications.ts).
 * SMS needs a verified phone; the choice is audited.
 */
export async function setCaseNotificationChoice(
  deps: Deps,
  actor: PersonActor,
  choice: string,
): Promise<CaseNotificationsOutcome> {
  if (!isCaseNotificationChoice(choice)) return { ok: false, code: "invalidChoice" };
  return await deps.db.transaction().execute(async (trx): Promise<CaseNotificationsOutcome> => {
    if (choice !== "email" && !(await verifiedPhone(trx, actor.tenantId, actor.personId))) {
      return { ok: false, code: "noVerifiedPhone" };
    }
    await setCaseNotifications(trx, actor.tenantId, actor.personId, choice);
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      action: "person.case_notifications",
      subjectType: "person",
      subjectId: actor.personId,
      requestId: actor.requestId,
      details: { choice },
    });
    return { ok: true };
  });
}

// --- external identity providers ------------------------------------------------------------

export type ExternalSignIn =
  | { ok: true; session: IssuedSession }
  /**
   * `identityMismatch`: the identity is not the account's person (names or birth date differ);
   * `alreadyLinked`: another account holds the identity. Nothing was linked, raised or granted.
   */
  | { ok: false; code: "identityMismatch" | "alreadyLinked" };

export interface ExternalSignInOptions {
  /** Link (provider, subject) to the person in the same transaction (a pairing). */
  link?: boolean;
  /**
   * The person holds an account of their own already (signed in, or confirmed by a code):
   * the identity must be theirs (domain/pairing.ts `identityMismatches`), else it is refused
   * and the refusal audited (`identity.link_refused`).
   */
  requireMatch?: boolean;
  /** A session of the same person this sign-in replaces (revoked in the same transaction). */
  replacesSession?: string;
}

/**
 * The ending of a sign-in through an identity provider (NIA, Bank iD, MojeID): a login at
 * `substantial` or higher authorizes the person for every agenda (as a visit to the office
 * would); the link (when asked), the new session at the identity's level and its audit entry
 * (`action`: a login, a new person, a pairing) are written with those authorizations in one
 * transaction. An identity joining or raising an existing account must be that account's
 * person (`requireMatch`): names folded for case and diacritics, and the birth date where the
 * account has one; a mismatch writes only the audit entry of the refusal.
 */
export async function completeExternalSignIn(
  deps: Deps,
  ctx: SignInContext,
  personId: string,
  claims: ExternalIdentityClaims,
  action: string,
  options: ExternalSignInOptions = {},
): Promise<ExternalSignIn> {
  const tenantId = ctx.tenant.id;
  return await deps.db.transaction().execute(async (trx): Promise<ExternalSignIn> => {
    if (options.requireMatch) {
      const person = await findPerson(trx, tenantId, personId);
      const mismatches = person
        ? identityMismatches({
          givenName: person.given_name,
          familyName: person.family_name,
          birthDate: person.birth_date,
        }, claims)
        : (["givenName", "familyName"] as const);
      if (mismatches.length) {
        await appendAudit(trx, {
          tenantId,
          actorType: "person",
          actorId: personId,
          action: "identity.link_refused",
          subjectType: "person",
          subjectId: personId,
          requestId: ctx.requestId,
          // Which attributes differed, never their values.
          details: {
            provider: claims.provider,
            levelOfAssurance: claims.levelOfAssurance,
            reason: "identityMismatch",
            mismatch: [...mismatches],
          },
        });
        return { ok: false, code: "identityMismatch" };
      }
    }
    if (options.link) {
      const owner = await linkExternalIdentity(trx, tenantId, { personId, ...claims });
      if (owner !== personId) return { ok: false, code: "alreadyLinked" };
    }
    // The account now knows its person's birth date as the identity proved it.
    if (options.requireMatch && claims.birthDate) {
      await setBirthDateIfUnknown(trx, tenantId, personId, claims.birthDate);
    }
    if (loaAtLeast(claims.levelOfAssurance, AGENDA_LOA)) {
      for (const agenda of AGENDAS) {
        await grantAuthorization(trx, tenantId, {
          personId,
          agenda,
          source: "identity",
          evidence: `${claims.provider}:${claims.levelOfAssurance}`,
        });
      }
    }
    if (options.replacesSession) await revokeSession(trx, tenantId, options.replacesSession);
    const session = await issueSession(
      trx,
      deps.secret,
      tenantId,
      { kind: "person", personId, levelOfAssurance: claims.levelOfAssurance },
      `oidc:${claims.provider}`,
      ctx.userAgent,
    );
    await appendAudit(trx, {
      tenantId,
      actorType: "person",
      actorId: personId,
      action,
      subjectType: "person",
      subjectId: personId,
      requestId: ctx.requestId,
      details: { provider: claims.provider, levelOfAssurance: claims.levelOfAssurance },
    });
    return { ok: true, session };
  });
}
