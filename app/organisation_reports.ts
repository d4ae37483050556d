/**
 * The founded organisation's financial report (situation `financni-vykaz-organizace`): the
 * filing office's extra checks and the figures' parsing, shared by the filing (the web) and
 * the import after approval (the worker's activity).
 *
 * Who may file: a person with a granted, unexpired representation of kind `company` for the
 * organisation's IČO (the representation kit: requested by the accountant, granted by the
 * office after checking the organisation's authorization). The figures: a FIN 2-12 M or
 * Cityvizor CSV read by the import parsers (domain/finance/) with the organisation's IČO as
 * the reporting unit; a file they refuse is refused at filing with its line.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  findBudgetOrganisation,
  findCompanyRepresentation,
  listRepresentedOrganisations,
} from "../db/repositories/organisation_reports.ts";
import { parseFinanceFile } from "../domain/finance/parse.ts";
import type { FinanceProblem, Parsed } from "../domain/finance/text.ts";
import type { FinanceData } from "../domain/finance/types.ts";
import {
  ORGANISATION_REPORT_FORMATS,
  type OrganisationReportFormat,
} from "../domain/situations/organisation_report_form.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { FieldError } from "../domain/validation.ts";
import type { PersonActor } from "./deps.ts";

/** The filed values the import needs. */
export interface OrganisationReportValues {
  organisationIco: string;
  year: number;
  period: string;
  format: OrganisationReportFormat;
  /** The figures file's attachment id. */
  figuresId: string;
}

export function organisationReportValues(
  values: Record<string, unknown>,
): OrganisationReportValues | null {
  const figures = values.figures;
  const ref = Array.isArray(figures) ? figures[0] as { id?: unknown } | undefined : undefined;
  const format = values.format;
  if (
    typeof values.organisationIco !== "string" || typeof values.year !== "number" ||
    typeof values.period !== "string" || typeof ref?.id !== "string" ||
    !(ORGANISATION_REPORT_FORMATS as readonly unknown[]).includes(format)
  ) return null;
  return {
    organisationIco: values.organisationIco,
    year: values.year,
    period: values.period,
    format: format as OrganisationReportFormat,
    figuresId: ref.id,
  };
}

/**
 * The figures as budget lines of the organisation: the parser of the file's format, the year
 * asked, every line tagged with the organisation's IČO. A file without a budget line is refused.
 */
export function parseOrganisationFigures(
  v: Pick<OrganisationReportValues, "format" | "year" | "organisationIco">,
  bytes: Uint8Array,
): Parsed<FinanceData> {
  const parsed = parseFinanceFile(v.format, bytes, {
    townIco: v.organisationIco,
    year: v.year,
  });
  if (!parsed.ok) return parsed;
  if (parsed.value.lines.length === 0) {
    return {
      ok: false,
      problems: [{ line: 0, message: "Soubor neobsahuje žádný řádek rozpočtu organizace." }],
    };
  }
  const lines = parsed.value.lines.map((l) => ({ ...l, organisationIco: v.organisationIco }));
  return { ok: true, value: { ...parsed.value, lines } };
}

function problemError(p: FinanceProblem): FieldError<string> {
  return p.line > 0
    ? { field: "figures", code: "financeFileLine", params: { line: p.line, message: p.message } }
    : { field: "figures", code: "financeFile", params: { message: p.message } };
}

/** The filing office's hook (`CaseForm.checkFiling`). */
export async function checkOrganisationReport(
  db: Kysely<Database>,
  actor: PersonActor,
  values: Record<string, unknown>,
  bytesOf: (attachmentId: string) => Promise<Uint8Array | null>,
): Promise<FieldError<string>[]> {
  const v = organisationReportValues(values);
  if (!v) return [{ field: "figures", code: "required" }];
  const organisation = await findBudgetOrganisation(db, actor.tenantId, v.organisationIco);
  if (!organisation) return [{ field: "organisationIco", code: "organisationUnknown" }];
  const today = formatPragueDate(new Date());
  const acting = await findCompanyRepresentation(
    db,
    actor.tenantId,
    actor.personId,
    v.organisationIco,
    today,
  );
  if (!acting) {
    return [{
      field: "organisationIco",
      code: "organisationNotRepresented",
      params: { organisation: organisation.name },
    }];
  }
  const bytes = await bytesOf(v.figuresId);
  if (!bytes) return [{ field: "figures", code: "required" }];
  const parsed = parseOrganisationFigures(v, bytes);
  return parsed.ok ? [] : parsed.problems.slice(0, 5).map(problemError);
}

/** A fresh form opens with the organisation the person acts for (the first, by name). */
export async function organisationReportDefaults(
  db: Kysely<Database>,
  actor: PersonActor,
): Promise<Record<string, string>> {
  const [first] = await listRepresentedOrganisations(
    db,
    actor.tenantId,
    actor.personId,
    formatPragueDate(new Date()),
  );
  return first ? { organisationIco: first.ico } : {};
}
