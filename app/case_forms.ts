/**
 * What the filing office needs from a form: its agenda and a validator that turns what the
 * person typed (and the attachments stored for them) into the values that are filed. The forms
 * engine (domain/forms/) provides the definitions; `defaultCaseForms` adapts its registry, and
 * tests pass forms of their own.
 */
import type { FieldError } from "../domain/validation.ts";

import type { AttachmentRef, FormDefinition, RawValues } from "../domain/forms/mod.ts";
import { validateSubmission } from "../domain/forms/mod.ts";

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
}

export type CaseForms = (slug: string) => CaseForm | undefined;

const registered = new Map<string, CaseForm>();

/** A situation's module registers its form for filing (until the forms engine's registry). */
export function registerCaseForm(form: CaseForm): void {
  registered.set(form.slug, form);
}

export const defaultCaseForms: CaseForms = (slug) => registered.get(slug);

/** A forms-engine definition as a form the office files (validated by `validateSubmission`). */
export function caseFormOf(def: FormDefinition, agenda?: string): CaseForm {
  return {
    slug: def.slug,
    title: def.title,
    agenda,
    definition: def,
    validate: (raw, ctx) => validateSubmission(def, raw as RawValues, ctx),
  };
}
