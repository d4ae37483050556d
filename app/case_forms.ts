/**
 * What the filing office needs from a form: its agenda and a validator that turns what the
 * person typed (and the attachments stored for them) into the values that are filed. The forms
 * engine (domain/forms/) provides the definitions; `defaultCaseForms` adapts its registry, and
 * tests pass forms of their own.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import type { FieldError } from "../domain/validation.ts";
import type { PersonActor } from "./deps.ts";
import { checkOrganisationReport, organisationReportDefaults } from "./organisation_reports.ts";
import { bookCeremonySlot, checkWeddingFiling, moveCeremonySlot } from "./weddings.ts";
import { checkOccupationFiling, correctOccupation, recordOccupation } from "./public_space.ts";

import type { AttachmentRef, FormDefinition, RawValues } from "../domain/forms/mod.ts";
import { findForm, validateSubmission } from "../domain/forms/mod.ts";
import { CASE_SITUATIONS } from "../domain/cases.ts";
import { prepareDefectPhoto } from "../domain/defect_reports.ts";
import {
  GRANT_AGENDA,
  GRANT_APPLICATION_SLUG,
  grantApplicationForm,
} from "../domain/situations/grant_application_form.ts";
import { APPLICANT_KINDS } from "../domain/grants.ts";
import { type CaseReviewInput, WORKFLOW_TYPES, type WorkflowType } from "../domain/workflows.ts";

export type { AttachmentRef };

export interface CaseFormContext {
  /** ISO date of today in Europe/Prague. */
  today: string;
  signedIn: boolean;
  /** Attachments stored for this person and form (unfiled, plus this request's uploads). */
  attachments: Readonly<Record<string, AttachmentRef>>;
}

export type CaseFormResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; errors: FieldError<string>[] };

export interface CaseForm {
  slug: string;
  /** Message key of the form's title. */
  title: string;
  /** The agenda whose clerks review it, when the definition names one. */
  agenda?: string;
  validate(raw: Record<string, unknown>, ctx: CaseFormContext): CaseFormResult;
  /** The forms engine's definition, when the form has one: it parses posts and renders values. */
  definition?: FormDefinition;
  /** The situation's own workflow when filed (default: the kit's `caseReview`). */
  workflowType?: WorkflowType;
  /**
   * Runs on each uploaded file before it is hashed and stored: may rewrite its bytes (a photo's
   * metadata stripped) and give values that complete the filed ones where those are empty.
   */
  prepareAttachment?(
    file: { field: string; name: string; mediaType: string; bytes: Uint8Array },
    raw: Record<string, unknown>,
  ): PreparedAttachment;
  /**
   * Checks that need the database or the files' bytes, after the form validated (who may file
   * for an organisation, a figures file its parser reads): errors refuse the filing or the
   * correction like the form's own, nothing stored.
   */
  checkFiling?(
    db: Kysely<Database>,
    actor: PersonActor,
    values: Record<string, unknown>,
    bytesOf: (attachmentId: string) => Promise<Uint8Array | null>,
  ): Promise<FieldError<string>[]>;
  /**
   * Writes the situation's own rows in the filing transaction, after the case (a grant
   * application's row and budget): they commit with the case or not at all.
   */
  onFiled?(trx: Transaction<Database>, filed: FiledCase): Promise<void>;
  /**
   * Follows a returned case's correction with the situation's own rows, in the correction's
   * transaction (a wedding's slot moves to the corrected date; a zábor's fee is recomputed); may
   * refuse it with `FilingRefused` like `onFiled`.
   */
  onCorrected?(trx: Transaction<Database>, corrected: FiledCase): Promise<void>;
  /** Values a fresh form opens with beyond the person's identity (the organisation acted for). */
  defaults?(db: Kysely<Database>, actor: PersonActor): Promise<Record<string, string>>;
  /** The start input of the situation's workflow, from the kit's (tests shorten timers here). */
  workflowInput?(input: CaseReviewInput): CaseReviewInput;
  /**
   * The case's public page, for messages to a filer without an account (an anonymous defect
   * report), who cannot open /ucet/podani/<id>.
   */
  publicPath?(caseId: string): string;
}

/** A case just filed, as a form's `onFiled` sees it. */
export interface FiledCase {
  tenantId: string;
  caseId: string;
  reference: string;
  workflowId: string;
  personId: string;
  actingFor: string | null;
  idempotencyKey: string;
  values: Record<string, unknown>;
  filedAt: Date;
}

/**
 * A form's `onFiled` refuses the filing with field errors (a ceremony slot another couple holds:
 * the database's unique index said so): the filing transaction rolls back, nothing is filed, and
 * the person sees the errors like the form's own.
 */
export class FilingRefused extends Error {
  constructor(readonly errors: FieldError<string>[]) {
    super("filing refused");
    this.name = "FilingRefused";
  }
}

export interface PreparedAttachment {
  bytes: Uint8Array;
  values?: Record<string, unknown>;
}

export type CaseForms = (slug: string) => CaseForm | undefined;

const registered = new Map<string, CaseForm>();

/** A situation's module registers its form for filing (until the forms engine's registry). */
export function registerCaseForm(form: CaseForm): void {
  registered.set(form.slug, form);
}

/** Situations whose filed case runs a workflow of their own (it reuses the kit's review). */
const SITUATION_WORKFLOWS: Record<string, WorkflowType> = {
  "poplatek-ze-psa": WORKFLOW_TYPES.dogFee,
  "hlaseni-zavady": WORKFLOW_TYPES.defectReport,
  "financni-vykaz-organizace": WORKFLOW_TYPES.organisationReport,
  "svatba": WORKFLOW_TYPES.wedding,
  "zabor-verejneho-prostranstvi": WORKFLOW_TYPES.publicSpace,
};

/** Situations' hooks on the filing office (a defect report's photos lose their metadata). */
const SITUATION_HOOKS: Record<
  string,
  Pick<
    CaseForm,
    "prepareAttachment" | "publicPath" | "checkFiling" | "defaults" | "onFiled" | "onCorrected"
  >
> = {
  "svatba": {
    checkFiling: checkWeddingFiling,
    onFiled: bookCeremonySlot,
    onCorrected: moveCeremonySlot,
  },
  "zabor-verejneho-prostranstvi": {
    checkFiling: checkOccupationFiling,
    onFiled: recordOccupation,
    onCorrected: correctOccupation,
  },
  "financni-vykaz-organizace": {
    checkFiling: checkOrganisationReport,
    defaults: organisationReportDefaults,
  },
  "hlaseni-zavady": {
    prepareAttachment: prepareDefectPhoto,
    publicPath: (caseId) => `/hlaseni-zavad/${caseId}`,
  },
};

const engineForms = new Map<string, CaseForm>();

/**
 * The filing office's forms: a registered one first, else every form of the engine's registry
 * (`findForm`) with its situation's agenda (`CASE_SITUATIONS`: the dog fee's `poplatky`, the
 * defect report's `zavady`) and workflow.
 */
export const defaultCaseForms: CaseForms = (slug) => {
  const own = registered.get(slug);
  if (own) return own;
  if (slug === GRANT_APPLICATION_SLUG) return GRANT_APPLICATION_DISPLAY;
  let form = engineForms.get(slug);
  if (!form) {
    const def = findForm(slug);
    if (!def) return undefined;
    form = {
      ...caseFormOf(def, CASE_SITUATIONS[slug]?.agenda, SITUATION_WORKFLOWS[slug]),
      ...SITUATION_HOOKS[slug],
    };
    engineForms.set(slug, form);
  }
  return form;
};

/** A forms-engine definition as a form the office files (validated by `validateSubmission`). */
export function caseFormOf(
  def: FormDefinition,
  agenda?: string,
  workflowType?: WorkflowType,
): CaseForm {
  return {
    slug: def.slug,
    title: def.title,
    agenda,
    definition: def,
    validate: (raw, ctx) => validateSubmission(def, raw as RawValues, ctx),
    workflowType,
  };
}

/**
 * A grant application's form is built per call (app/grant_applications.ts files it); the kit's
 * pages (the case, the receipt, the clerk's queue) show its filed values with this definition of
 * no programme, which files nothing (no cost category is valid in it).
 */
const GRANT_APPLICATION_DISPLAY: CaseForm = caseFormOf(
  grantApplicationForm({ applicantKinds: APPLICANT_KINDS, categories: [] }),
  GRANT_AGENDA,
  WORKFLOW_TYPES.grantApplication,
);
