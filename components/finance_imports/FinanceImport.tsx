/**
 * The parts of `/urad/rozpocet`: the upload form (kind, year, replace or append, one file), the
 * notice of what an import wrote, the list of a refused file's problems (with their lines), and
 * the columns of the town's past imports (the page's table and its export).
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { FINANCE_KINDS } from "../../domain/finance/parse.ts";
import { type FinanceProblem, problemText } from "../../domain/finance/text.ts";
import { FINANCE_MODES, type FinanceImportSummary } from "../../app/finance_imports.ts";
import type { FinanceImportRow } from "../../db/repositories/finance_imports.ts";
import { formatCzk } from "../../domain/money.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import type { ExportColumn } from "../../lib/http/export.ts";
import type { DataColumn } from "../layout/DataTable.tsx";
import {
  CsrfField,
  ErrorSummary,
  FileField,
  Select,
  SubmitButton,
  TextField,
} from "../form/mod.ts";
import { Notice } from "../layout/Notice.tsx";

/** What the form shows again after an error. */
export interface FinanceFormValues {
  kind: string;
  year: string;
  mode: string;
}

export function FinanceUploadForm(
  { errors, values, maxMegabytes, accept, csrfToken, t }: {
    errors: readonly FieldError<string>[];
    values: FinanceFormValues;
    maxMegabytes: number;
    accept: string;
    csrfToken: string;
    t: Translate;
  },
) {
  const labels = {
    kind: t("financeImports.upload.kind"),
    year: t("financeImports.upload.year"),
    mode: t("financeImports.upload.mode"),
    file: t("financeImports.upload.file"),
  };
  return (
    <section aria-labelledby="nahrat-data">
      <h2 id="nahrat-data">{t("financeImports.upload.heading")}</h2>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action="/urad/rozpocet" enctype="multipart/form-data" novalidate>
        <CsrfField token={csrfToken} />
        <Select
          name="kind"
          label={labels.kind}
          hint={t("financeImports.upload.kindHint")}
          options={FINANCE_KINDS.map((k) => ({ value: k, label: t(`financeImports.kind.${k}`) }))}
          value={values.kind}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="year"
          label={labels.year}
          hint={t("financeImports.upload.yearHint")}
          value={values.year}
          inputMode="numeric"
          maxLength={4}
          width="s"
          autocomplete="off"
          errors={errors}
          t={t}
        />
        <Select
          name="mode"
          label={labels.mode}
          hint={t("financeImports.upload.modeHint")}
          options={FINANCE_MODES.map((m) => ({ value: m, label: t(`financeImports.mode.${m}`) }))}
          value={values.mode}
          required
          errors={errors}
          t={t}
        />
        <FileField
          name="file"
          label={labels.file}
          hint={t("financeImports.upload.fileHint", { max: maxMegabytes })}
          accept={accept}
          required
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("financeImports.upload.submit")}</SubmitButton>
      </form>
    </section>
  );
}

/** A refused file's problems, each with its line; the file changed nothing. */
export function ProblemList(
  { problems, t }: { problems: readonly FinanceProblem[]; t: Translate },
) {
  return (
    <Notice type="error" t={t} title={t("financeImports.problems.title", { n: problems.length })}>
      <p>{t("financeImports.problems.nothing")}</p>
      <ul>
        {problems.map((p, i) => <li key={i}>{problemText(p)}</li>)}
      </ul>
    </Notice>
  );
}

/** What an import wrote: its counts and the file's total. */
export function ImportedNotice(
  { summary, t }: { summary: FinanceImportSummary; t: Translate },
) {
  const counts = [
    ["lines", summary.lines],
    ["entries", summary.entries],
    ["contracts", summary.contracts],
    ["orders", summary.orders],
    ["projects", summary.projects],
  ] as const;
  return (
    <Notice type="success" t={t} title={t("financeImports.imported.title")}>
      <ul>
        <li>
          {t("financeImports.imported.kind", {
            kind: t(`financeImports.kind.${summary.kind}`),
            year: summary.year ?? "–",
            mode: t(`financeImports.mode.${summary.mode}`),
          })}
        </li>
        <li>{t("financeImports.imported.rows", { n: summary.rowCount })}</li>
        <li>{t("financeImports.imported.total", { total: formatCzk(summary.totalHalere) })}</li>
        {counts.filter(([, n]) => n > 0).map(([key, n]) => (
          <li key={key}>{t(`financeImports.imported.${key}`, { n })}</li>
        ))}
        {summary.skipped > 0 && (
          <li>{t("financeImports.imported.skipped", { n: summary.skipped })}</li>
        )}
        {summary.replaced > 0 && (
          <li>{t("financeImports.imported.replaced", { n: summary.replaced })}</li>
        )}
      </ul>
    </Notice>
  );
}

function sourceText(t: Translate, row: FinanceImportRow): string {
  return row.imported_by_name ?? t(`financeImports.source.${row.source}`);
}

export function importColumns(t: Translate, locale: Locale): DataColumn<FinanceImportRow>[] {
  return [
    {
      header: t("financeImports.list.importedAt"),
      rowHeader: true,
      cell: (r) => formatDateTime(r.imported_at, locale),
    },
    { header: t("financeImports.list.kind"), cell: (r) => t(`financeImports.kind.${r.kind}`) },
    { header: t("financeImports.list.year"), cell: (r) => r.year ?? "–" },
    { header: t("financeImports.list.mode"), cell: (r) => t(`financeImports.mode.${r.mode}`) },
    { header: t("financeImports.list.file"), cell: (r) => r.file_name },
    { header: t("financeImports.list.rows"), num: true, cell: (r) => r.row_count },
    {
      header: t("financeImports.list.total"),
      num: true,
      cell: (r) => formatCzk(Number(r.total_halere)),
    },
    { header: t("financeImports.list.by"), cell: (r) => sourceText(t, r) },
  ];
}

export function importExport(t: Translate): ExportColumn<FinanceImportRow>[] {
  return [
    { header: t("financeImports.list.importedAt"), value: (r) => r.imported_at },
    { header: t("financeImports.list.kind"), value: (r) => t(`financeImports.kind.${r.kind}`) },
    { header: t("financeImports.list.year"), value: (r) => r.year },
    { header: t("financeImports.list.mode"), value: (r) => t(`financeImports.mode.${r.mode}`) },
    { header: t("financeImports.list.file"), value: (r) => r.file_name },
    { header: t("financeImports.list.rows"), value: (r) => r.row_count },
    {
      header: t("financeImports.list.total"),
      value: (r) => Number(r.total_halere) / 100,
      money: true,
    },
    { header: t("financeImports.list.by"), value: (r) => sourceText(t, r) },
  ];
}
