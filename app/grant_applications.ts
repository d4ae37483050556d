/**
 * Applying for a grant (issue 14) and the applicant's "Moje dotace". The application is a case
 * of the kit: the form (domain/situations/grant_application_form.ts, built for the call's
 * programme) goes through the kit's form page logic (`openForm`/`submitForm`: uploads, steps,
 * drafts, corrections) and filing office (`fileCase`: reference, receipt, timeline, the workflow
 * started through the outbox, once per idempotency key); the form's `onFiled` writes the
 * `grant_applications` row and its budget in the filing's transaction. The applicant is the
 * signed-in person, or the party they act for (a company representation: the organisation).
 */
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  findActiveRepresentation,
  findApplicationByCase,
  findCallForApplying,
  findLiveApplicationOf,
  findOwnApplicationByCase,
  findPersonApplication,
  insertGrantApplication,
  listPersonApplications,
} from "../db/repositories/grant_applications.ts";
import { findPerson } from "../db/repositories/persons.ts";
import { findCaseByKey, listCaseEvents } from "../db/repositories/cases.ts";
import {
  budgetLinesOf,
  checkGrantApplication,
  GRANT_AGENDA,
  GRANT_APPLICATION_SLUG,
  grantApplicationForm,
} from "../domain/situations/grant_application_form.ts";
import { type ApplicantKind, callPhase, type GrantApplicationState } from "../domain/grants.ts";
import { validateSubmission } from "../domain/forms/mod.ts";
import type { ParsedSubmission, RawValues } from "../domain/forms/mod.ts";
import { parseSubmission } from "../domain/forms/mod.ts";
import { type CaseReviewInput, WORKFLOW_TYPES } from "../domain/workflows.ts";
import { formatPragueDate } from "../domain/time.ts";
import { type CaseForm, type FiledCase, FilingRefused } from "./case_forms.ts";
import {
  type CaseDeps,
  type CaseRequestContext,
  fileCase,
  type FileCaseResult,
  type FilingActor,
  type Upload,
} from "./cases.ts";
import {
  type FormPageDeps,
  type FormScreen,
  openForm,
  submitForm,
  type SubmitFormResult,
} from "./form_page.ts";
import type { PersonActor } from "./deps.ts";
import { awardLinks } from "./grant_awards.ts";

export type GrantCaseDeps = CaseDeps & {
  /** Tests shorten the workflow's timers here. */
  grantWorkflowInput?: (input: CaseReviewInput) => CaseReviewInput;
};
export type GrantFormDeps = FormPageDeps & GrantCaseDeps;

type Call = NonNullable<Awaited<ReturnType<typeof findCallForApplying>>>;

export interface GrantCallSummary {
  id: string;
  title: string;
  programmeTitle: string;
  closesAt: Date;
}

export type GrantRefusal =
  | "notFound"
  | "notOpen"
  | "closed"
  | "kindNotAllowed"
  | "alreadyApplied";

interface Applicant {
  kinds: ApplicantKind[];
  name: string;
  ico: string | null;
  actingFor: string | null;
  /** Who applies as a person (kind `person`): the signed-in person or the one acted for. */
  personKey: string;
}

/** Who applies: the organisation acted for, else the person (or the person acted for). */
async function applicantOf(
  deps: GrantCaseDeps,
  actor: FilingActor,
  call: Call,
): Promise<Applicant | null> {
  const allowed = call.applicant_kinds as ApplicantKind[];
  if (actor.actingFor) {
    const rep = await findActiveRepresentation(
      deps.db,
      actor.tenantId,
      actor.personId,
      actor.actingFor,
      formatPragueDate(deps.now()),
    );
    if (!rep) return null;
    const personKey = rep.represented_person_id
      ? `person:${rep.represented_person_id}`
      : `representation:${rep.id}`;
    if (rep.kind === "company") {
      return {
        kinds: allowed.filter((k) => k === "organisation"),
        name: rep.represented_name,
        ico: rep.represented_ico,
        actingFor: rep.id,
        personKey,
      };
    }
    return {
      kinds: allowed.filter((k) => k === "person"),
      name: rep.represented_name,
      ico: null,
      actingFor: rep.id,
      personKey,
    };
  }
  const person = await findPerson(deps.db, actor.tenantId, actor.personId);
  if (!person) return null;
  return {
    kinds: allowed.filter((k) => k !== "organisation"),
    name: `${person.given_name} ${person.family_name}`.trim(),
    ico: null,
    actingFor: null,
    personKey: `person:${actor.personId}`,
  };
}

/**
 * The applicant as the one-application rule counts them, when the programme has the rule: an
 * organisation or entrepreneur by IČO (the same subject whoever acts for it), a person by
 * their account (or the representation, for a person the portal does not know).
 */
function exclusiveKeyOf(
  call: Call,
  applicant: Applicant,
  kind: ApplicantKind,
  typedIco: string,
): string | null {
  if (!call.one_application_per_applicant) return null;
  if (kind === "entrepreneur") return `ico:${typedIco}`;
  if (kind === "organisation") {
    return applicant.ico ? `ico:${applicant.ico}` : `representation:${applicant.actingFor}`;
  }
  return applicant.personKey;
}

/**
 * The key known before the form is filled in: the applicant can apply as one kind only and it
 * is not an entrepreneur (whose IČO the form asks for).
 */
function knownExclusiveKey(call: Call, applicant: Applicant): string | null {
  if (applicant.kinds.length !== 1 || applicant.kinds[0] === "entrepreneur") return null;
  return exclusiveKeyOf(call, applicant, applicant.kinds[0], "");
}

/** The filing office's form for this call and applicant. */
function caseFormFor(deps: GrantCaseDeps, call: Call, applicant: Applicant): CaseForm {
  const def = grantApplicationForm({
    applicantKinds: applicant.kinds,
    categories: call.categories,
  });
  const rules = {
    minGrant: Number(call.min_grant_halere),
    maxGrant: Number(call.max_grant_halere),
    cofinancingBp: call.cofinancing_bp,
    total: Number(call.total_halere),
    categories: call.categories,
  };
  return {
    slug: GRANT_APPLICATION_SLUG,
    title: def.title,
    agenda: GRANT_AGENDA,
    definition: def,
    workflowType: WORKFLOW_TYPES.grantApplication,
    workflowInput: deps.grantWorkflowInput,
    validate(raw, ctx) {
      const r = validateSubmission(def, raw as RawValues, ctx);
      if (!r.ok) return r;
      const errors = checkGrantApplication(rules, r.value);
      if (errors.length) return { ok: false, errors };
      return {
        ok: true,
        value: {
          ...r.value,
          callId: call.id,
          applicantName: applicant.name,
          ...(r.value.applicantKind === "organisation"
            ? { applicantIco: applicant.ico ?? "" }
            : {}),
        },
      };
    },
    defaults() {
      const d: Record<string, string> = {
        projectFrom: String(call.project_from).slice(0, 10),
        projectTo: String(call.project_to).slice(0, 10),
      };
      if (applicant.kinds.length === 1) d.applicantKind = applicant.kinds[0];
      return Promise.resolve(d);
    },
    onFiled: (trx, filed) => writeApplication(trx, call, applicant, filed),
  };
}

async function writeApplication(
  trx: Transaction<Database>,
  call: Call,
  applicant: Applicant,
  filed: FiledCase,
): Promise<void> {
  const v = filed.values;
  const byCode = new Map(call.categories.map((c) => [c.code, c.id]));
  const lines = budgetLinesOf(v).map((l) => ({
    categoryId: byCode.get(l.category)!,
    description: l.description,
    amount: l.amount,
    grant: l.grant,
  }));
  const kind = String(v.applicantKind) as ApplicantKind;
  const exclusiveKey = exclusiveKeyOf(call, applicant, kind, String(v.applicantIco ?? ""));
  // The unique index decides between two filings at once; a savepoint keeps the transaction
  // usable to read the application that holds the place.
  if (exclusiveKey) await sql`savepoint grant_exclusive`.execute(trx);
  try {
    await insertApplication();
  } catch (err) {
    if (!exclusiveKey || (err as { code?: string }).code !== "23505") throw err;
    await sql`rollback to savepoint grant_exclusive`.execute(trx);
    const held = await findLiveApplicationOf(trx, filed.tenantId, call.id, exclusiveKey);
    if (!held) throw err;
    throw new FilingRefused([{
      field: kind === "entrepreneur" ? "applicantIco" : "applicantKind",
      code: "grantAlreadyApplied",
      params: { reference: held.reference ?? "" },
    }]);
  }
  if (exclusiveKey) await sql`release savepoint grant_exclusive`.execute(trx);

  async function insertApplication() {
    await insertGrantApplication(trx, filed.tenantId, {
      callId: call.id,
      programmeId: call.programme_id,
      caseId: filed.caseId,
      reference: filed.reference,
      personId: filed.personId,
      actingFor: applicant.actingFor,
      idempotencyKey: filed.idempotencyKey,
      applicantKind: kind,
      applicantName: applicant.name,
      applicantIco: kind === "entrepreneur"
        ? String(v.applicantIco ?? "")
        : kind === "organisation"
        ? applicant.ico
        : null,
      exclusiveKey,
      purpose: String(v.purpose ?? ""),
      projectFrom: String(v.projectFrom),
      projectTo: String(v.projectTo),
      justification: String(v.justification ?? ""),
      values: v,
      totalBudget: lines.reduce((s, l) => s + l.amount, 0),
      asked: lines.reduce((s, l) => s + l.grant, 0),
      workflowId: filed.workflowId,
      submittedAt: filed.filedAt,
      lines,
    });
  }
}

/** The applicant's application that holds their one place in the call. */
export interface HeldApplication {
  reference: string;
  /** Its case, when the person filed it themselves (another representative's is not theirs). */
  caseId: string | null;
}

type Prepared =
  | { ok: true; call: Call; form: CaseForm; summary: GrantCallSummary }
  | { ok: false; code: GrantRefusal; summary?: GrantCallSummary; held?: HeldApplication };

async function prepare(
  deps: GrantCaseDeps,
  actor: FilingActor,
  callId: string,
  fixCaseId: string | null,
  idempotencyKey?: string,
): Promise<Prepared> {
  let id = callId;
  if (fixCaseId) {
    // A correction goes to the call the application was filed in, open or not.
    const own = await findOwnApplicationByCase(deps.db, actor.tenantId, actor.personId, fixCaseId);
    if (!own || own.call_id !== callId) return { ok: false, code: "notFound" };
    id = own.call_id;
  }
  const call = await findCallForApplying(deps.db, actor.tenantId, id);
  if (!call) return { ok: false, code: "notFound" };
  const summary = {
    id: call.id,
    title: call.title,
    programmeTitle: call.programme_title,
    closesAt: call.closes_at,
  };
  if (!fixCaseId) {
    const phase = callPhase({ opensAt: call.opens_at, closesAt: call.closes_at }, deps.now());
    if (call.state !== "open" || phase !== "open") {
      const closed = phase === "closed" || call.state === "closed" || call.state === "decided";
      return { ok: false, code: closed ? "closed" : "notOpen", summary };
    }
  }
  const applicant = await applicantOf(deps, actor, call);
  if (!applicant || !applicant.kinds.length) {
    return { ok: false, code: "kindNotAllowed", summary };
  }
  const key = fixCaseId ? null : knownExclusiveKey(call, applicant);
  const held = key ? await findLiveApplicationOf(deps.db, actor.tenantId, call.id, key) : null;
  // A repeated submit of the filing that holds the place goes on: the kit finds it again.
  if (held && !(held.person_id === actor.personId && held.idempotency_key === idempotencyKey)) {
    return {
      ok: false,
      code: "alreadyApplied",
      summary,
      held: {
        reference: held.reference ?? "",
        caseId: held.person_id === actor.personId ? held.case_id : null,
      },
    };
  }
  return { ok: true, call, form: caseFormFor(deps, call, applicant), summary };
}

/** Whether the town has this call (not a draft): a visitor not signed in is sent to sign in. */
export async function grantCallExists(
  deps: Pick<CaseDeps, "db">,
  tenantId: string,
  callId: string,
): Promise<boolean> {
  return Boolean(await findCallForApplying(deps.db, tenantId, callId));
}

function formsOf(form: CaseForm) {
  return (slug: string) => slug === GRANT_APPLICATION_SLUG ? form : undefined;
}

export type OpenGrantFormResult =
  | { ok: true; screen: FormScreen; call: GrantCallSummary }
  | {
    ok: false;
    code: GrantRefusal | "notReturned";
    call?: GrantCallSummary;
    held?: HeldApplication;
  };

/** The application's form as the person opens it (a draft resumed, or a correction). */
export async function openGrantApplication(
  deps: GrantFormDeps,
  actor: FilingActor,
  input: { callId: string; fixCaseId: string | null },
): Promise<OpenGrantFormResult> {
  const p = await prepare(deps, actor, input.callId, input.fixCaseId);
  if (!p.ok) return { ok: false, code: p.code, call: p.summary, held: p.held };
  const r = await openForm({ db: deps.db, forms: formsOf(p.form) }, actor, {
    slug: GRANT_APPLICATION_SLUG,
    fixCaseId: input.fixCaseId,
  });
  if (!r.ok) return { ok: false, code: r.code === "notReturned" ? "notReturned" : "notFound" };
  return { ok: true, screen: r.screen, call: p.summary };
}

export type SubmitGrantResult =
  | SubmitFormResult
  | {
    ok: false;
    code: GrantRefusal | "tooManyFields" | "tooLarge";
    call?: GrantCallSummary;
    held?: HeldApplication;
  };

/**
 * One POST of the application's form: a step or an add/remove re-renders (the draft saved), the
 * submit files the application (once per idempotency key) or sends the correction.
 */
export async function submitGrantApplication(
  deps: GrantFormDeps,
  actor: FilingActor,
  ctx: CaseRequestContext,
  input: { callId: string; form: FormData; idempotencyKey: string; fixCaseId: string | null },
): Promise<SubmitGrantResult & { call?: GrantCallSummary }> {
  const p = await prepare(deps, actor, input.callId, input.fixCaseId, input.idempotencyKey);
  if (!p.ok) return { ok: false, code: p.code, call: p.summary, held: p.held };
  const parsed: ParsedSubmission = parseSubmission(p.form.definition!, input.form);
  if (!parsed.ok) return { ok: false, code: parsed.code };
  const r = await submitForm({ ...deps, forms: formsOf(p.form) }, actor, ctx, {
    slug: GRANT_APPLICATION_SLUG,
    parsed,
    idempotencyKey: input.idempotencyKey,
    fixCaseId: input.fixCaseId,
  });
  return { ...r, call: p.summary };
}

export type FileGrantResult =
  | FileCaseResult
  | { ok: false; code: GrantRefusal; call?: GrantCallSummary };

/**
 * Files an application from values as typed (no form page: the demo seed, an API), through the
 * same checks and the same filing office, once per idempotency key.
 */
export async function fileGrantApplication(
  deps: GrantCaseDeps,
  actor: FilingActor,
  ctx: CaseRequestContext,
  input: { callId: string; values: RawValues; files: readonly Upload[]; idempotencyKey: string },
): Promise<FileGrantResult> {
  const p = await prepare(deps, actor, input.callId, null, input.idempotencyKey);
  if (!p.ok) {
    // A repeated request after the call closed still finds its filing.
    if (p.code === "closed") {
      const again = await findCaseByKey(
        deps.db,
        actor.tenantId,
        actor.personId,
        input.idempotencyKey,
      );
      if (again) return { ok: true, caseId: again.id, reference: again.reference, created: false };
    }
    return { ok: false, code: p.code, call: p.summary };
  }
  return await fileCase({ ...deps, forms: formsOf(p.form) }, actor, ctx, {
    slug: GRANT_APPLICATION_SLUG,
    values: input.values,
    files: input.files,
    idempotencyKey: input.idempotencyKey,
  });
}

// ---------------------------------------------------------------------------------------------
// "Moje dotace"

/** An action the applicant may take on the detail page (a later slice adds them). */
export interface GrantApplicationAction {
  /** Message key of the button or link. */
  label: string;
  href: string;
  /** A POST form (with the CSRF token) instead of a link. */
  method?: "get" | "post";
}

export interface GrantApplicationSummary {
  id: string;
  caseId: string | null;
  reference: string | null;
  state: GrantApplicationState;
  callId: string;
  callTitle: string;
  applicantName: string;
  applicantKind: ApplicantKind;
  /** Whether the person filed it themself (else a party they act for did, or another representative). */
  own: boolean;
  purpose: string;
  askedHalere: number;
  totalBudgetHalere: number;
  grantedHalere: number | null;
  paidHalere: number;
  settledHalere: number | null;
  returnedHalere: number;
  completionDeadline: Date | null;
  settlementDue: string | null;
  submittedAt: Date | null;
}

function summaryOf(
  a: Awaited<ReturnType<typeof listPersonApplications>>[number],
  personId: string,
): GrantApplicationSummary {
  const n = (v: unknown) => v === null || v === undefined ? null : Number(v);
  return {
    id: a.id,
    caseId: a.case_id,
    reference: a.reference,
    state: a.state as GrantApplicationState,
    callId: a.call_id,
    callTitle: a.call_title,
    applicantName: a.applicant_name,
    applicantKind: a.applicant_kind as ApplicantKind,
    own: a.person_id === personId,
    purpose: a.purpose,
    askedHalere: Number(a.asked_halere),
    totalBudgetHalere: Number(a.total_budget_halere),
    grantedHalere: n(a.granted_halere),
    paidHalere: Number(a.paid_halere),
    settledHalere: n(a.settled_halere),
    returnedHalere: Number(a.returned_halere),
    completionDeadline: a.completion_deadline,
    settlementDue: a.settlement_due ? String(a.settlement_due).slice(0, 10) : null,
    submittedAt: a.submitted_at,
  };
}

/** Every application of the person and of the parties they act for, newest first. */
export async function myGrantApplications(
  deps: Pick<FormPageDeps, "db" | "now">,
  actor: PersonActor,
): Promise<GrantApplicationSummary[]> {
  const rows = await listPersonApplications(
    deps.db,
    actor.tenantId,
    actor.personId,
    formatPragueDate(deps.now()),
  );
  return rows.map((r) => summaryOf(r, actor.personId));
}

export interface GrantApplicationDetail extends GrantApplicationSummary {
  budget: { category: string; description: string; amountHalere: number; grantHalere: number }[];
  /** Documents to download: the receipt (and a later slice's contract). */
  documents: { label: string; href: string }[];
  /** The applicant's actions (empty until a later slice adds contract and settlement). */
  actions: GrantApplicationAction[];
  /** The correction page of a returned application. */
  correctionHref: string | null;
  /** The case's timeline as the citizen sees it. */
  events: Awaited<ReturnType<typeof listCaseEvents>>;
}

/** One application of "Moje dotace"; undefined for another person's or another town's. */
export async function myGrantApplication(
  deps: Pick<FormPageDeps, "db" | "now">,
  actor: PersonActor,
  id: string,
): Promise<GrantApplicationDetail | undefined> {
  const a = await findPersonApplication(
    deps.db,
    actor.tenantId,
    actor.personId,
    id,
    formatPragueDate(deps.now()),
  );
  if (!a) return undefined;
  const s = summaryOf(a, actor.personId);
  const documents: GrantApplicationDetail["documents"] = [];
  if (s.caseId && s.own) {
    documents.push({
      label: "grantApplications.detail.receipt",
      href: `/ucet/podani/${s.caseId}/potvrzeni.pdf`,
    });
  }
  // After the decision: the contract (confirm, download) and the settlement report
  // (app/grant_awards.ts).
  const award = await awardLinks(deps.db, actor.tenantId, s);
  documents.push(...award.documents);
  return {
    ...s,
    budget: a.budget.map((b) => ({
      category: b.name,
      description: b.description,
      amountHalere: Number(b.amount_halere),
      grantHalere: Number(b.grant_halere),
    })),
    documents,
    actions: award.actions,
    events: s.caseId
      ? await listCaseEvents(deps.db, actor.tenantId, s.caseId, { citizen: true })
      : [],
    correctionHref: s.state === "returned" && s.own && s.caseId
      ? `/dotace/${s.callId}/zadost?oprava=${s.caseId}`
      : null,
  };
}

/** The application filed as a case (for the workflow's activities and tests). */
export { findApplicationByCase };
