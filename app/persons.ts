/**
 * The office's work with the town's persons, as use cases: viewing a person's record (audited:
 * it shows personal data; the list and its search are app/person_list.ts), granting an agenda
 * after checking an ID document in person (only a masked number is kept), and revoking one. Each
 * change and its audit entries are written in one transaction.
 */
import { appendAudit } from "../db/repositories/audit.ts";
import { findPerson, listContacts, setBirthDateIfUnknown } from "../db/repositories/persons.ts";
import { listExternalIdentities } from "../db/repositories/external_identities.ts";
import {
  grantAuthorization,
  listAuthorizationHistory,
  revokeAuthorization,
} from "../db/repositories/authorizations.ts";
import { type OfficeFieldError, validateGrant, validateRevocation } from "../domain/clerks.ts";
import type { Agenda } from "../domain/identity.ts";
import { formatPragueDate } from "../domain/time.ts";
import { cleanText } from "../domain/validation.ts";
import { auditReason } from "../domain/history.ts";
import { subjectHistory } from "./history.ts";
import { type ClerkActor, clerkAudit, type Deps } from "./deps.ts";

/** What the person's page shows of their history: the authorizations and the ID checks. */
const AUTHORIZATION_HISTORY = [
  "authorization.granted",
  "authorization.revoked",
  "person.birth_date_recorded",
] as const;

/**
 * Everything the office's page shows about one person: contacts, linked identities, agenda
 * authorizations with who granted them. The view goes to the audit log. Undefined for a person
 * of another town.
 */
export async function viewPerson(deps: Deps, actor: ClerkActor, personId: string) {
  const { db } = deps;
  const { tenantId } = actor;
  const person = await findPerson(db, tenantId, personId);
  if (!person) return undefined;
  const [contacts, identities, authorizations, history] = await Promise.all([
    listContacts(db, tenantId, person.id),
    listExternalIdentities(db, tenantId, person.id),
    listAuthorizationHistory(db, tenantId, person.id),
    subjectHistory({ db }, tenantId, {
      type: "person",
      id: person.id,
      actions: AUTHORIZATION_HISTORY,
    }),
  ]);
  await appendAudit(db, {
    ...clerkAudit(actor),
    action: "person.viewed",
    subjectType: "person",
    subjectId: person.id,
  });
  return { person, contacts, identities, authorizations, history };
}

export type PersonRecord = NonNullable<Awaited<ReturnType<typeof viewPerson>>>;

export type GrantOutcome =
  | { ok: true; agenda: Agenda; created: boolean }
  | { ok: false; code: "notFound" }
  | { ok: false; code: "invalid"; errors: OfficeFieldError[] };

/**
 * The clerk grants an agenda after checking an ID document in person. When the person's birth
 * date is not known yet it is read from the document and recorded (audited on its own). A live
 * grant of the same agenda is kept: `created` is false then, and nothing is audited.
 */
export async function grantAgenda(
  deps: Deps,
  actor: ClerkActor,
  personId: string,
  form: FormData,
): Promise<GrantOutcome> {
  const { tenantId, clerkId } = actor;
  const person = await findPerson(deps.db, tenantId, personId);
  if (!person) return { ok: false, code: "notFound" };
  const result = validateGrant(form, {
    needBirthDate: person.birth_date === null,
    today: formatPragueDate(deps.now()),
  });
  if (!result.ok) return { ok: false, code: "invalid", errors: result.errors };
  const { agenda, evidence, birthDate } = result.value;
  return await deps.db.transaction().execute(async (trx) => {
    if (birthDate && await setBirthDateIfUnknown(trx, tenantId, person.id, birthDate)) {
      await appendAudit(trx, {
        ...clerkAudit(actor),
        action: "person.birth_date_recorded",
        subjectType: "person",
        subjectId: person.id,
      });
    }
    const created = await grantAuthorization(trx, tenantId, {
      personId: person.id,
      agenda,
      source: "clerk",
      grantedBy: clerkId,
      evidence,
    });
    if (created) {
      await appendAudit(trx, {
        ...clerkAudit(actor),
        action: "authorization.granted",
        subjectType: "person",
        subjectId: person.id,
        // The kind of document checked (its masked number stays with the authorization).
        details: { agenda, documentType: cleanText(form.get("documentType")) },
      });
    }
    return { ok: true, agenda, created };
  });
}

export type RevokeOutcome =
  | { ok: true; agenda: string | null }
  | { ok: false; code: "notFound" }
  | { ok: false; code: "invalid"; errors: OfficeFieldError[] };

/**
 * The clerk revokes one of the person's live authorizations, with a reason (kept with the
 * authorization). `agenda` is null when it was revoked meanwhile (nothing to record).
 */
export async function revokeAgenda(
  deps: Deps,
  actor: ClerkActor,
  personId: string,
  form: FormData,
): Promise<RevokeOutcome> {
  const { tenantId, clerkId } = actor;
  const person = await findPerson(deps.db, tenantId, personId);
  if (!person) return { ok: false, code: "notFound" };
  const live = (await listAuthorizationHistory(deps.db, tenantId, person.id))
    .filter((a) => a.revoked_at === null).map((a) => a.id);
  const result = validateRevocation(form, live);
  if (!result.ok) return { ok: false, code: "invalid", errors: result.errors };
  return await deps.db.transaction().execute(async (trx) => {
    const agenda = await revokeAuthorization(
      trx,
      tenantId,
      person.id,
      result.value.authorizationId,
      clerkId,
      result.value.reason,
    );
    if (agenda) {
      await appendAudit(trx, {
        ...clerkAudit(actor),
        action: "authorization.revoked",
        subjectType: "person",
        subjectId: person.id,
        details: { agenda, reason: auditReason(result.value.reason) },
      });
    }
    return { ok: true, agenda };
  });
}

export type RevocationReview =
  | {
    ok: true;
    person: { id: string; name: string };
    authorizationId: string;
    agenda: string;
    reason: string;
  }
  | { ok: false; code: "notFound" }
  | { ok: false; code: "invalid"; errors: OfficeFieldError[] };

/**
 * What a revocation would do, for its confirmation page (issue 10): validated like
 * `revokeAgenda`, but nothing is changed or audited.
 */
export async function reviewRevocation(
  deps: Deps,
  actor: ClerkActor,
  personId: string,
  form: FormData,
): Promise<RevocationReview> {
  const person = await findPerson(deps.db, actor.tenantId, personId);
  if (!person) return { ok: false, code: "notFound" };
  const live = (await listAuthorizationHistory(deps.db, actor.tenantId, person.id))
    .filter((a) => a.revoked_at === null);
  const result = validateRevocation(form, live.map((a) => a.id));
  if (!result.ok) return { ok: false, code: "invalid", errors: result.errors };
  const agenda = live.find((a) => a.id === result.value.authorizationId)!.agenda;
  return {
    ok: true,
    person: { id: person.id, name: `${person.given_name} ${person.family_name}` },
    ...result.value,
    agenda,
  };
}
