/**
 * Signing in with an external identity (NIA over SAML2; Bank iD, MojeID over OpenID Connect),
 * and pairing it with a local account by the rule in domain/pairing.ts, or offering to join the
 * account another provider's identity of the same person holds (domain/account_join.ts). A
 * login at `substantial` or higher authorizes the person for every agenda (as a visit to the
 * office would). An identity joins or raises an existing account only when it is that
 * account's person (names, birth date), and only after the person proves control of it.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { State } from "../../state.ts";
import { type Context, HttpError } from "../../web/mod.ts";
import type { ExternalIdentityClaims } from "../../oidc.ts";
import { getDb } from "../../db.ts";
import { afterForm, safeNext } from "../auth.ts";
import { setSessionCookie } from "./session_cookie.ts";
import { setStep } from "./step.ts";
import { sendSmsCode } from "../../../app/codes.ts";
import { completeExternalSignIn, type ExternalSignInOptions } from "../../../app/identity.ts";
import { defaultDeps } from "../../../app/deps.ts";
import {
  addContact,
  findPerson,
  findPersonByLogin,
  insertPerson,
  isUniqueViolation,
  listContacts,
} from "../../../db/repositories/persons.ts";
import {
  findExternalIdentity,
  linkExternalIdentity,
  touchExternalIdentity,
} from "../../../db/repositories/external_identities.ts";
import { generateUsername, normalizeEmail } from "../../../domain/identity.ts";
import { canOfferPairing } from "../../../domain/pairing.ts";
import { recordSamlSession, type SamlSessionInfo } from "../../saml/session.ts";
import { findJoinOffer, recordJoinOffer } from "../../../app/account_join.ts";

/** The identity is not the account's person: refused (403), explained, nothing linked. */
export class IdentityMismatchError extends HttpError {
  override name = "IdentityMismatchError";
  constructor() {
    super(403, "oidc.errors.identityMismatch");
  }
}

/**
 * Starts the session of `personId` at the identity's level (a new token: this is a step-up
 * too), through the use case `completeExternalSignIn`, and sends the person on. Throws
 * `IdentityMismatchError` (403) when `requireMatch` finds the identity is somebody else, and
 * a 409 when another account holds the identity (`link`).
 */
export async function finishExternalLogin(
  ctx: Context<State>,
  personId: string,
  claims: ExternalIdentityClaims,
  next: string,
  action: string,
  options: ExternalSignInOptions = {},
  saml?: SamlSessionInfo,
): Promise<Response> {
  const outcome = await completeExternalSignIn(
    defaultDeps(),
    { ...ctx.state, userAgent: ctx.req.headers.get("user-agent") },
    personId,
    claims,
    action,
    options,
  );
  if (!outcome.ok) {
    if (outcome.code === "identityMismatch") throw new IdentityMismatchError();
    throw new HttpError(409, "oidc.errors.alreadyLinked");
  }
  // A login through NIA over SAML: its NameID and SessionIndex, for single logout.
  if (saml) await recordSamlSession(getDb(), ctx.state.tenant.id, outcome.session.sessionId, saml);
  setSessionCookie(ctx.hono, outcome.session);
  return ctx.redirect(afterForm(safeNext(next, "/ucet")));
}

export async function signInWithExternalIdentity(
  ctx: Context<State>,
  claims: ExternalIdentityClaims,
  next: string,
  saml?: SamlSessionInfo,
): Promise<Response> {
  const db = getDb();
  const tenantId = ctx.state.tenant.id;
  const signedIn = ctx.state.person;
  const known = await findExternalIdentity(db, tenantId, claims.provider, claims.subject);
  if (known) {
    const person = await findPerson(db, tenantId, known.person_id);
    if (person && person.status !== "disabled") {
      // The signed-in account stepping up with its own identity: still only as its person.
      const stepUp = signedIn?.personId === person.id;
      const response = await finishExternalLogin(ctx, person.id, claims, next, "auth.login", {
        requireMatch: stepUp,
      }, saml);
      await touchExternalIdentity(db, tenantId, known.id, claims.levelOfAssurance);
      return response;
    }
  }
  // Signed in locally: that proves control of the account, so the identity joins it — if it
  // is the account's person (names and birth date); another person's identity is refused.
  if (signedIn && !known) {
    return finishExternalLogin(ctx, signedIn.personId, claims, next, "identity.paired", {
      link: true,
      requireMatch: true,
    }, saml);
  }
  // A local account with the same verified e-mail and names may be joined after confirmation.
  const candidate = claims.email
    ? await findPersonByLogin(db, tenantId, { email: normalizeEmail(claims.email) })
    : undefined;
  if (candidate && candidate.status === "active") {
    const contacts = await listContacts(db, tenantId, candidate.id);
    const verified = (kind: "email" | "phone") =>
      contacts.find((c) => c.kind === kind && c.verified_at)?.value ?? null;
    const local = {
      givenName: candidate.given_name,
      familyName: candidate.family_name,
      birthDate: candidate.birth_date,
      verifiedEmail: verified("email"),
      verifiedPhone: verified("phone"),
    };
    if (canOfferPairing(local, claims)) {
      await sendSmsCode(
        db,
        ctx.state.tenant,
        "pairing",
        { personId: candidate.id },
        local.verifiedPhone!,
        ctx.state.t,
      );
      await setStep(ctx.hono, tenantId, "pairing", {
        sub: `person:${candidate.id}`,
        next,
        claims,
        ...(saml ? { saml } : {}),
      });
      return ctx.redirect("/prihlaseni/propojeni");
    }
  }
  // The same person known through another provider (verified names, birth date, address):
  // offered to join that account, which they confirm by signing in to it (/prihlaseni/spojeni).
  const offer = await findJoinOffer(db, tenantId, claims);
  if (offer.kind === "offer") {
    await recordJoinOffer(defaultDeps(), ctx.state, offer.personId, claims);
    await setStep(ctx.hono, tenantId, "join", {
      sub: `person:${offer.personId}`,
      next,
      claims,
      ...(saml ? { saml } : {}),
    });
    return ctx.redirect("/prihlaseni/spojeni");
  }
  // A first login: the account is made from the provider's attributes, no registration step.
  const personId = await createPersonFromIdentity(db, tenantId, claims);
  return finishExternalLogin(ctx, personId, claims, next, "identity.created", {}, saml);
}

class IdentityTakenError extends Error {
  override name = "IdentityTakenError";
  constructor(readonly personId: string) {
    super("the identity was linked concurrently");
  }
}

/** A new person known through the provider (no password: they sign in through it). */
export async function createPersonFromIdentity(
  db: Kysely<Database>,
  tenantId: string,
  claims: ExternalIdentityClaims,
): Promise<string> {
  for (let attempt = 0;; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const personId = await insertPerson(trx, tenantId, {
          username: generateUsername(claims.givenName, claims.familyName, Math.random),
          givenName: claims.givenName,
          familyName: claims.familyName,
          passwordHash: null,
          status: "active",
          birthDate: claims.birthDate,
          address: claims.address,
        });
        if (claims.email) {
          await addContact(trx, tenantId, personId, "email", normalizeEmail(claims.email));
        }
        const owner = await linkExternalIdentity(trx, tenantId, { personId, ...claims });
        if (owner !== personId) throw new IdentityTakenError(owner); // rolls the new person back
        return personId;
      });
    } catch (err) {
      // The same identity created by a concurrent callback: it exists now, and we use it.
      if (err instanceof IdentityTakenError) return err.personId;
      if (!isUniqueViolation(err) || attempt >= 5) throw err;
      // Either a user-name clash (retry with a new suffix) or the same identity created by a
      // concurrent callback: then it exists now, and we use it.
      const existing = await findExternalIdentity(db, tenantId, claims.provider, claims.subject);
      if (existing) return existing.person_id;
    }
  }
}
