/**
 * One person, one account, whatever the provider (the rule: domain/account_join.ts). A login
 * through a provider whose identity no account holds yet may be *offered* to join the one
 * account its verified attributes match; the join happens only after the person proves control
 * of that account by signing in to it — through a provider it already uses, or with its password
 * and SMS code — and confirms. Offer, join and refusal are audited (which attributes, never
 * their values). Also: what the personal account shows of the verified identity.
 */
import type { Kysely } from "kysely";
import type { Database, PersonRow } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findPerson } from "../db/repositories/persons.ts";
import { listExternalIdentities } from "../db/repositories/external_identities.ts";
import { decideJoin, type JoinCandidate, type JoinDecision } from "../domain/account_join.ts";
import type { LevelOfAssurance } from "../domain/identity.ts";
import type { ExternalIdentityClaims } from "../lib/oidc.ts";
import { completeExternalSignIn, type ExternalSignIn, type SignInContext } from "./identity.ts";
import type { Deps, RequestContext } from "./deps.ts";

/**
 * Which account, if any, an identity no account holds yet is offered to join: the town's
 * active persons born on the identity's birth date, with their identities, judged by
 * `decideJoin`.
 */
export async function findJoinOffer(
  db: Kysely<Database>,
  tenantId: string,
  claims: ExternalIdentityClaims,
): Promise<JoinDecision> {
  const candidates: JoinCandidate[] = [];
  if (claims.birthDate) {
    const persons = await db.selectFrom("persons")
      .select(["id", "given_name", "family_name", "birth_date", "address"])
      .where("tenant_id", "=", tenantId).where("status", "=", "active")
      .where("birth_date", "=", claims.birthDate).execute();
    const identities = persons.length
      ? await db.selectFrom("external_identities")
        .select(["person_id", "provider", "level_of_assurance"])
        .where("tenant_id", "=", tenantId)
        .where("person_id", "in", persons.map((p) => p.id)).execute()
      : [];
    for (const p of persons) {
      candidates.push({
        personId: p.id,
        givenName: p.given_name,
        familyName: p.family_name,
        birthDate: p.birth_date,
        address: p.address,
        identities: identities.filter((i) => i.person_id === p.id)
          .map((i) => ({ provider: i.provider, levelOfAssurance: i.level_of_assurance })),
      });
    }
  }
  return decideJoin(claims.provider, claims.levelOfAssurance, claims, candidates);
}

/** The offer is audited on the account it concerns (nobody is signed in yet). */
export async function recordJoinOffer(
  deps: Deps,
  ctx: RequestContext,
  personId: string,
  claims: ExternalIdentityClaims,
): Promise<void> {
  await appendAudit(deps.db, {
    tenantId: ctx.tenant.id,
    actorType: "anonymous",
    actorId: null,
    action: "identity.join_offered",
    subjectType: "person",
    subjectId: personId,
    requestId: ctx.requestId,
    details: { provider: claims.provider, levelOfAssurance: claims.levelOfAssurance },
  });
}

/**
 * Does this session prove control of its account for joining an identity of `provider`? A
 * login with the password and the SMS code, or through another provider the account already
 * uses; the password alone does not (it may have leaked), nor the joining provider itself.
 */
export function sessionProvesControl(authMethod: string, provider: string): boolean {
  if (authMethod === "password+sms") return true;
  const m = /^oidc:(.+)$/.exec(authMethod);
  return m !== null && m[1] !== provider;
}

/** The signed-in person confirming a join, as the session says. */
export interface JoinConfirmer {
  personId: string;
  sessionId: string;
  authMethod: string;
}

export type JoinRefusal = "notSignedIn" | "notThisAccount" | "weakSession" | "noLongerMatches";

export type JoinConfirmation = ExternalSignIn | { ok: false; code: JoinRefusal };

/**
 * The person, signed in to the offered account, confirms: the rule is judged again (the
 * account's attributes may have changed meanwhile), then the identity is linked, the confirming
 * session replaced by one at the identity's level, the agendas granted as for any login at that
 * level, and `identity.joined` audited — in one transaction (`completeExternalSignIn`). Any
 * refusal is audited as `identity.join_refused` with its reason.
 */
export async function confirmJoin(
  deps: Deps,
  ctx: SignInContext,
  confirmer: JoinConfirmer | null,
  offeredPersonId: string,
  claims: ExternalIdentityClaims,
): Promise<JoinConfirmation> {
  const refuse = async (code: JoinRefusal) => {
    await appendAudit(deps.db, {
      tenantId: ctx.tenant.id,
      actorType: confirmer ? "person" : "anonymous",
      actorId: confirmer?.personId ?? null,
      action: "identity.join_refused",
      subjectType: "person",
      subjectId: offeredPersonId,
      requestId: ctx.requestId,
      details: { provider: claims.provider, reason: code },
    });
    return { ok: false as const, code };
  };
  if (!confirmer) return await refuse("notSignedIn");
  if (confirmer.personId !== offeredPersonId) return await refuse("notThisAccount");
  if (!sessionProvesControl(confirmer.authMethod, claims.provider)) {
    return await refuse("weakSession");
  }
  const again = await findJoinOffer(deps.db, ctx.tenant.id, claims);
  if (again.kind !== "offer" || again.personId !== offeredPersonId) {
    return await refuse("noLongerMatches");
  }
  return await completeExternalSignIn(deps, ctx, offeredPersonId, claims, "identity.joined", {
    link: true,
    requireMatch: true,
    replacesSession: confirmer.sessionId,
  });
}

/**
 * How the person may prove control of the offered account: the providers it uses (other than
 * the joining one), and whether it has a password with the SMS code.
 */
export async function joinWays(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  provider: string,
): Promise<{ providers: string[]; passwordWithCode: boolean }> {
  const [person, identities] = await Promise.all([
    findPerson(db, tenantId, personId),
    listExternalIdentities(db, tenantId, personId),
  ]);
  return {
    providers: [...new Set(identities.map((i) => i.provider))].filter((p) => p !== provider),
    passwordWithCode: Boolean(person?.password_hash && person.sms_second_factor),
  };
}

/** What the personal account shows of the verified identity. */
export interface VerifiedIdentityView {
  birthDate: string | null;
  address: string | null;
  identities: {
    provider: string;
    levelOfAssurance: LevelOfAssurance;
    linkedAt: Date;
  }[];
}

/** The person's birth date and address (as the providers proved them) and linked providers. */
export async function verifiedIdentity(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  /** The person's row when the caller has read it already (one round trip fewer). */
  known?: Promise<PersonRow | undefined>,
): Promise<VerifiedIdentityView | null> {
  const [person, identities] = await Promise.all([
    known ?? findPerson(db, tenantId, personId),
    listExternalIdentities(db, tenantId, personId),
  ]);
  if (!person) return null;
  return {
    birthDate: person.birth_date,
    address: person.address,
    identities: identities.map((i) => ({
      provider: i.provider,
      levelOfAssurance: i.level_of_assurance,
      linkedAt: i.linked_at,
    })),
  };
}
