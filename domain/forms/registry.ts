/** Every form the portal offers, by slug (the page, the API and the worker look them up here). */
import { DOG_FEE_FORM } from "../situations/dog_fee_form.ts";
import { DEFECT_REPORT_FORM } from "../situations/defect_report_form.ts";
import { ORGANISATION_REPORT_FORM } from "../situations/organisation_report_form.ts";
import { PUBLIC_SPACE_FORM } from "../situations/public_space_form.ts";
import { WEDDING_FORM } from "../situations/wedding_form.ts";
import type { FormDefinition } from "./types.ts";

export const FORMS: readonly FormDefinition[] = [
  DOG_FEE_FORM,
  DEFECT_REPORT_FORM,
  ORGANISATION_REPORT_FORM,
  WEDDING_FORM,
  PUBLIC_SPACE_FORM,
];

const BY_SLUG = new Map(FORMS.map((form) => [form.slug, form]));

export function findForm(slug: string): FormDefinition | undefined {
  return BY_SLUG.get(slug);
}
