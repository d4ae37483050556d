/**
 * Representation (zastoupení) as use cases: the person requests, withdraws and switches whom
 * they act for; the office views a request (audited) and decides it once. Each action writes
 * its rows and its audit entry in one transaction: both are stored, or neither.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { subjectHistory } from "./history.ts";
import { auditReason } from "../domain/history.ts";
import { findClerk } from "../db/repositories/clerks.ts";
import { findPerson, listContacts } from "../db/repositories/persons.ts";
import { setActingFor } from "../db/repositories/sessions.ts";
import {
  createRepresentationRequest,
  findActiveRepresentation,
  findForRepresentative,
  findLinkCandidates,
  findRepresentation,
  findRepresentationDocument,
  grantRepresentation,
  lockRepresentation,
  type PersonCandidate,
  refuseRepresentation,
  type RepresentationDocumentRow,
  type RepresentationSummary,
  withdrawRequest,
} from "../db/repositories/representations.ts";
import { formatPhone } from "../domain/identity.ts";
import {
  canDecide,
  canWithdraw,
  isIsoDate,
  onBehalfOfRef,
  REPRESENTATION_LIMITS,
  REPRESENTATION_PROCESSING_DAYS,
  type RepresentationFieldError,
  representationReference,
  representsPerson,
  validateRepresentationRequest,
} from "../domain/representation.ts";
import { formatPragueDate } from "../domain/time.ts";
import { checkText, type FieldError } from "../domain/validation.ts";
import { validateIdDocument } from "../domain/clerks.ts";
import {
  type ClerkActor,
  clerkAudit,
  type Deps,
  type PersonActor,
  personAudit,
  type RequestContext,
} from "./deps.ts";
import { sendMessage } from "../lib/messaging.ts";

// --- the person's side ------------------------------------------------------------------------

export type RequestOutcome =
  | { ok: true; id: string; created: boolean }
  | { ok: false; errors: RepresentationFieldError[] };

/**
 * Files a representation request with its document, once per idempotency key (a double
 * submit files one request, writes one audit entry and sends one e-mail). Given the request's
 * context (the web always gives it), an e-mail to the person's verified addresses confirms the
 * filing with the request's reference number and the expected processing time.
 */
export async function requestRepresentation(
  deps: Deps,
  actor: PersonActor,
  idempotencyKey: string,
  form: FormData,
  ctx?: RequestContext,
): Promise<RequestOutcome> {
  const result = await validateRepresentationRequest(form, formatPragueDate(deps.now()));
  if (!result.ok) return result;
  const draft = result.value;
  return await deps.db.transaction().execute(async (trx) => {
    const filed = await createRepresentationRequest(
      trx,
      actor.tenantId,
      idempotencyKey,
      actor.personId,
      draft,
    );
    if (filed.created) {
      await appendAudit(trx, {
        ...personAudit(actor),
        action: "representation.requested",
        subjectType: "representation",
        subjectId: filed.id,
        details: { kind: draft.kind, scope: draft.scope },
      });
      if (ctx) await confirmFiling(trx, ctx, actor, filed.id, draft.representedName);
    }
    return { ok: true, ...filed };
  });
}

async function confirmFiling(
  trx: Kysely<Database>,
  ctx: RequestContext,
  actor: PersonActor,
  id: string,
  representedName: string,
): Promise<void> {
  const emails = (await listContacts(trx, actor.tenantId, actor.personId))
    .filter((c) => c.kind === "email" && c.verified_at);
  const params = {
    town: ctx.tenant.name,
    authority: ctx.tenant.officialName,
    reference: representationReference(id),
    name: representedName,
    days: REPRESENTATION_PROCESSING_DAYS,
  };
  for (const e of emails) {
    await sendMessage(trx, actor.tenantId, {
      idempotencyKey: `representation-filed:${id}:${e.id}`,
      channel: "email",
      recipient: e.value,
      subject: ctx.t("messages.email.representation_filed.subject", params),
      body: ctx.t("messages.email.representation_filed.body", params),
      personId: actor.personId,
      kind: "case",
      secret: false,
    });
  }
}

export type WithdrawOutcome = { ok: true } | { ok: false; code: "notFound" | "alreadyDecided" };

/** The person's own request, for the confirmation page, while it may still be taken back. */
export async function requestToWithdraw(
  deps: Pick<Deps, "db">,
  actor: PersonActor,
  id: string,
): Promise<
  | { ok: true; request: RepresentationSummary }
  | { ok: false; code: "notFound" | "alreadyDecided" }
> {
  const own = await findForRepresentative(deps.db, actor.tenantId, id, actor.personId);
  if (!own) return { ok: false, code: "notFound" };
  if (!canWithdraw(own.status)) return { ok: false, code: "alreadyDecided" };
  return { ok: true, request: own };
}

/** The representative withdraws a request the office has not decided yet. */
export async function withdrawRepresentation(
  deps: Deps,
  actor: PersonActor,
  id: string,
): Promise<WithdrawOutcome> {
  return await deps.db.transaction().execute(async (trx) => {
    const own = await findForRepresentative(trx, actor.tenantId, id, actor.personId);
    if (!own) return { ok: false, code: "notFound" };
    if (!(await withdrawRequest(trx, actor.tenantId, own.id, actor.personId))) {
      return { ok: false, code: "alreadyDecided" };
    }
    await appendAudit(trx, {
      ...personAudit(actor),
      action: "representation.withdrawn",
      subjectType: "representation",
      subjectId: own.id,
    });
    return { ok: true };
  });
}

export type SwitchOutcome = { ok: true } | { ok: false; code: "notActive" };

/**
 * Switches whom the person acts for in this session: themselves (`"self"`) or the party of one
 * of their granted, unexpired representations. Audited with both persons.
 */
export async function switchActingFor(
  deps: Deps,
  actor: PersonActor & { sessionId: string; actingFor: string | null },
  choice: string,
): Promise<SwitchOutcome> {
  const from = actor.actingFor;
  return await deps.db.transaction().execute(async (trx): Promise<SwitchOutcome> => {
    if (choice === "self") {
      await setActingFor(trx, actor.tenantId, actor.sessionId, null);
      await appendAudit(trx, {
        ...personAudit(actor),
        onBehalfOf: null,
        action: "representation.switched",
        subjectType: from ? "representation" : null,
        subjectId: from,
        details: { from, to: null },
      });
      return { ok: true };
    }
    const representation = await findActiveRepresentation(
      trx,
      actor.tenantId,
      choice,
      actor.personId,
      formatPragueDate(deps.now()),
    );
    // Not granted, expired, withdrawn, or not this person's: nothing changes.
    if (!representation) return { ok: false, code: "notActive" };
    await setActingFor(trx, actor.tenantId, actor.sessionId, representation.id);
    await appendAudit(trx, {
      ...personAudit(actor),
      onBehalfOf: onBehalfOfRef(representation),
      action: "representation.switched",
      subjectType: "representation",
      subjectId: representation.id,
      details: { from, to: representation.id },
    });
    return { ok: true };
  });
}

// --- the office's side ------------------------------------------------------------------------

/** The clerk's search for the represented person among the town's persons. */
export interface LinkSearch {
  name: string;
  birthDate: string;
  /** Whether a search was made (by the clerk, or the automatic one by the requested name). */
  done: boolean;
}

/** Everything the office's page shows about one request; undefined for another town's. */
export async function loadRepresentationRequest(
  deps: Deps,
  tenantId: string,
  id: string,
  searchFor: (r: { represented_name: string }) => LinkSearch,
) {
  const db = deps.db;
  const representation = await findRepresentation(db, tenantId, id);
  if (!representation) return undefined;
  const search = searchFor(representation);
  const [representative, contacts, history, decidedBy] = await Promise.all([
    findPerson(db, tenantId, representation.representative_id),
    listContacts(db, tenantId, representation.representative_id),
    subjectHistory({ db }, tenantId, { type: "representation", id: representation.id }),
    representation.decided_by
      ? findClerk(db, tenantId, representation.decided_by)
      : Promise.resolve(undefined),
  ]);
  if (!representative) return undefined;
  const searching = canDecide(representation.status) && representsPerson(representation.kind) &&
    search.done;
  const candidates: PersonCandidate[] = searching
    ? await findLinkCandidates(db, tenantId, {
      name: search.name,
      birthDate: isIsoDate(search.birthDate) ? search.birthDate : null,
      excludeId: representative.id,
    })
    : [];
  const linked = representation.represented_person_id
    ? await findPerson(db, tenantId, representation.represented_person_id)
    : undefined;
  return {
    representation,
    representative: {
      id: representative.id,
      name: `${representative.given_name} ${representative.family_name}`,
      username: representative.username,
      birthDate: representative.birth_date,
      createdAt: representative.created_at,
      contacts: contacts.filter((c) => c.verified_at).map((c) => ({
        kind: c.kind,
        value: c.kind === "phone" ? formatPhone(c.value) : c.value,
      })),
    },
    linked: linked
      ? { name: `${linked.given_name} ${linked.family_name}`, username: linked.username }
      : null,
    decidedBy: decidedBy?.display_name ?? null,
    history,
    search,
    candidates,
  };
}

export type RepresentationRequestView = NonNullable<
  Awaited<ReturnType<typeof loadRepresentationRequest>>
>;

/**
 * The clerk opens a request: it shows the representative's personal data, so the view is in
 * the audit log. Undefined when the request is not this town's.
 */
export async function viewRepresentationRequest(
  deps: Deps,
  actor: ClerkActor,
  id: string,
  searchFor: (r: { represented_name: string }) => LinkSearch,
): Promise<RepresentationRequestView | undefined> {
  const data = await loadRepresentationRequest(deps, actor.tenantId, id, searchFor);
  if (!data) return undefined;
  await appendAudit(deps.db, {
    ...clerkAudit(actor),
    action: "representation.viewed",
    subjectType: "representation",
    subjectId: data.representation.id,
    details: { representativeId: data.representation.representative_id },
  });
  return data;
}

/** The clerk downloads the attached document; every download is audited. */
export async function openRepresentationDocument(
  deps: Deps,
  actor: ClerkActor,
  id: string,
): Promise<RepresentationDocumentRow | undefined> {
  const doc = await findRepresentationDocument(deps.db, actor.tenantId, id);
  if (!doc) return undefined;
  await appendAudit(deps.db, {
    ...clerkAudit(actor),
    action: "representation.document_viewed",
    subjectType: "representation",
    subjectId: doc.id,
    details: { representativeId: doc.representative_id },
  });
  return doc;
}

/** The clerk's form: `decision` is "grant" or "refuse" (anything else: `unknownDecision`). */
export interface Decision {
  decision: string;
  /** For a refusal. */
  reason: string;
  /** For a grant: the person to link the represented party to, or "" for none. */
  representedPersonId: string;
  /** For a grant: the representative's identity document the clerk checked in person. */
  documentType?: string;
  documentNumber?: string;
}

/** What a grant would do, for its confirmation page (issue 10). */
export interface GrantReview {
  representative: { name: string; username: string };
  representedName: string;
  representedBirthDate: string | null;
  scope: string[];
  validUntil: string | null;
  linked: { name: string; username: string; birthDate: string | null } | null;
  /** The masked evidence ("občanský průkaz …4821"). */
  evidence: string;
}

export type DecisionOutcome =
  | { ok: true; status: "granted" | "refused" }
  | { ok: true; status: "review"; review: GrantReview }
  | { ok: false; code: "notFound" | "unknownDecision" | "alreadyDecided" }
  | { ok: false; code: "invalid"; errors: FieldError[] };

/**
 * The office decides a waiting request, once: grant it (optionally linking the represented
 * party to an active person of the town other than the representative; only a person, not a
 * company) or refuse it with a reason the representative will read. The request is locked,
 * and the decision and its audit entry are written in one transaction.
 */
export async function decideRepresentation(
  deps: Deps,
  actor: ClerkActor,
  id: string,
  input: Decision,
  /** Only check a grant, for the confirmation page: nothing is changed or audited. */
  opts: { dryRun?: boolean } = {},
): Promise<DecisionOutcome> {
  const { tenantId, clerkId } = actor;
  return await deps.db.transaction().execute(async (trx): Promise<DecisionOutcome> => {
    const current = await lockRepresentation(trx, tenantId, id);
    if (!current) return { ok: false, code: "notFound" };
    if (input.decision !== "grant" && input.decision !== "refuse") {
      return { ok: false, code: "unknownDecision" };
    }
    if (!canDecide(current.status)) return { ok: false, code: "alreadyDecided" };

    if (input.decision === "refuse") {
      const errors: FieldError[] = [];
      checkText(errors, "reason", input.reason, {
        required: true,
        max: REPRESENTATION_LIMITS.decisionNote,
      });
      if (errors.length) return { ok: false, code: "invalid", errors };
      if (!(await refuseRepresentation(trx, tenantId, current.id, clerkId, input.reason))) {
        return { ok: false, code: "alreadyDecided" };
      }
      await appendAudit(trx, {
        ...clerkAudit(actor),
        action: "representation.refused",
        subjectType: "representation",
        subjectId: current.id,
        details: {
          representativeId: current.representative_id,
          reason: auditReason(input.reason),
        },
      });
      return { ok: true, status: "refused" };
    }

    const errors: FieldError[] = [];
    const evidence = validateIdDocument(errors, {
      documentType: input.documentType ?? "",
      documentNumber: input.documentNumber ?? "",
    });
    let representedPersonId: string | null = null;
    let linked: GrantReview["linked"] = null;
    if (input.representedPersonId !== "") {
      const person = representsPerson(current.kind)
        ? await findPerson(trx, tenantId, input.representedPersonId)
        : undefined;
      if (!person || person.status !== "active" || person.id === current.representative_id) {
        return {
          ok: false,
          code: "invalid",
          errors: [{ field: "representedPersonId", code: "invalidChoice" }],
        };
      }
      representedPersonId = person.id;
      linked = {
        name: `${person.given_name} ${person.family_name}`,
        username: person.username,
        birthDate: person.birth_date,
      };
    }
    if (!evidence) return { ok: false, code: "invalid", errors };
    if (opts.dryRun) {
      const representative = await findPerson(trx, tenantId, current.representative_id);
      return {
        ok: true,
        status: "review",
        review: {
          representative: {
            name: representative
              ? `${representative.given_name} ${representative.family_name}`
              : "",
            username: representative?.username ?? "",
          },
          representedName: current.represented_name,
          representedBirthDate: current.represented_birth_date,
          scope: current.scope,
          validUntil: current.valid_until,
          linked,
          evidence,
        },
      };
    }
    if (
      !(await grantRepresentation(
        trx,
        tenantId,
        current.id,
        clerkId,
        representedPersonId,
        evidence,
      ))
    ) {
      return { ok: false, code: "alreadyDecided" };
    }
    await appendAudit(trx, {
      ...clerkAudit(actor),
      onBehalfOf: null,
      action: "representation.granted",
      subjectType: "representation",
      subjectId: current.id,
      details: {
        representativeId: current.representative_id,
        representedPersonId,
        kind: current.kind,
        scope: current.scope,
        validUntil: current.valid_until,
        // The document checked, as agenda grants record it (its kind, and the masked number).
        documentType: input.documentType,
        evidence,
      },
    });
    return { ok: true, status: "granted" };
  });
}
