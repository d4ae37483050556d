/**
 * The town's public finance imports (issue 12), for clerks of the finance role: upload a file
 * (the Cityvizor accounting CSV or its events file, FIN 2-12 M, the register of contracts' XML
 * dump, orders CSV) for a year, replacing that year's earlier import of the kind or adding to
 * it. A file is imported whole or refused (422) with its problems and their lines, nothing
 * written. Below, the town's past imports, newest first, 50 a page, exported as CSV or xlsx.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { getDb } from "../../../lib/db.ts";
import {
  FINANCE_MAX_BYTES,
  FINANCE_MODES,
  type FinanceImportSummary,
  type FinanceMode,
  importFinanceFile,
} from "../../../app/finance_imports.ts";
import { isFinanceKind } from "../../../domain/finance/parse.ts";
import type { FinanceProblem } from "../../../domain/finance/text.ts";
import { ROLE_FINANCE } from "../../../domain/clerks.ts";
import {
  type FinanceImportRow,
  listFinanceImports,
} from "../../../db/repositories/finance_imports.ts";
import { EXPORT_PAGING, pageOf } from "../../../db/repositories/list_sql.ts";
import { exportResponse } from "../../../lib/http/export.ts";
import { type ListQuery, listQueryOrThrow } from "../../../lib/web/list_query.ts";
import type { FieldError } from "../../../domain/validation.ts";
import { withErrorMessages } from "../../../components/form/mod.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ListResults } from "../../../components/clerk_lists/ListResults.tsx";
import {
  type FinanceFormValues,
  FinanceUploadForm,
  importColumns,
  ImportedNotice,
  importExport,
  ProblemList,
} from "../../../components/finance_imports/FinanceImport.tsx";

const PATH = "/urad/rozpocet";
const MAX_MB = Math.floor(FINANCE_MAX_BYTES / 1024 / 1024);
const EXTENSIONS = [".csv", ".txt", ".xml"] as const;
const SPEC = {} as const;

/** This page's own error codes and their messages. */
const MESSAGES = {
  financeYear: "financeImports.errors.year",
  financeProblems: "financeImports.errors.problems",
};

interface Data {
  query: ListQuery;
  rows: FinanceImportRow[];
  total: number;
  errors: FieldError<string>[];
  values: FinanceFormValues;
  problems: FinanceProblem[];
  outcome: FinanceImportSummary | null;
}

const EMPTY_VALUES: FinanceFormValues = { kind: "cityvizor", year: "", mode: "replace" };

async function importList(tenantId: string, query: ListQuery) {
  const list = await listFinanceImports(getDb(), tenantId, pageOf(query));
  return { query, rows: list.rows, total: list.total };
}

/** The upload, checked before it is read: present, a CSV or XML file, not too large. */
function checkFile(value: FormDataEntryValue | null): File | FieldError<string> {
  if (!(value instanceof File) || (value.size === 0 && value.name === "")) {
    return { field: "file", code: "required" };
  }
  const name = value.name.toLowerCase();
  if (!EXTENSIONS.some((ext) => name.endsWith(ext))) {
    return { field: "file", code: "fileTypeNotAccepted", params: { types: EXTENSIONS.join(", ") } };
  }
  if (value.size === 0) return { field: "file", code: "fileEmpty" };
  if (value.size > FINANCE_MAX_BYTES) {
    return { field: "file", code: "fileTooLarge", params: { max: MAX_MB } };
  }
  return value;
}

function text(value: FormDataEntryValue | null): string {
  return typeof value === "string" ? value.trim().slice(0, 40) : "";
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_FINANCE);
    const query = listQueryOrThrow(ctx.url, SPEC);
    const tenantId = ctx.state.tenant.id;
    if (query.format !== "html") {
      const { rows } = await listFinanceImports(getDb(), tenantId, EXPORT_PAGING);
      return exportResponse(query.format, "importy-rozpoctu", importExport(ctx.state.t), rows, {
        sheetName: ctx.state.t("financeImports.list.heading"),
      });
    }
    return page<Data>({
      ...(await importList(tenantId, query)),
      errors: [],
      values: EMPTY_VALUES,
      problems: [],
      outcome: null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_FINANCE);
    const actor = clerkActor(ctx.state);
    const form = await ctx.formData();
    const values: FinanceFormValues = {
      kind: text(form.get("kind")),
      year: text(form.get("year")),
      mode: text(form.get("mode")),
    };
    const answer = async (
      status: number,
      more: { errors?: FieldError<string>[]; problems?: FinanceProblem[] } & {
        outcome?: FinanceImportSummary;
      },
    ) => {
      const list = await importList(actor.tenantId, listQueryOrThrow(new URL(PATH, ctx.url), SPEC));
      return page<Data>({
        ...list,
        errors: more.errors ?? [],
        values: more.outcome ? EMPTY_VALUES : values,
        problems: more.problems ?? [],
        outcome: more.outcome ?? null,
      }, { status });
    };
    const errors: FieldError<string>[] = [];
    if (!isFinanceKind(values.kind)) errors.push({ field: "kind", code: "invalidChoice" });
    const year = values.year === "" ? undefined : Number(values.year);
    if (year !== undefined && !(/^\d{4}$/.test(values.year) && year >= 1990 && year <= 2100)) {
      errors.push({ field: "year", code: "financeYear" });
    }
    if (!(FINANCE_MODES as readonly string[]).includes(values.mode)) {
      errors.push({ field: "mode", code: "invalidChoice" });
    }
    const file = checkFile(form.get("file"));
    if (!(file instanceof File)) errors.push(file);
    if (errors.length > 0 || !(file instanceof File) || !isFinanceKind(values.kind)) {
      return await answer(422, { errors });
    }
    const result = await importFinanceFile({ db: getDb() }, actor, {
      kind: values.kind,
      year,
      mode: values.mode as FinanceMode,
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      source: "upload",
    });
    if (result.ok) return await answer(200, { outcome: result });
    return await answer(422, {
      errors: [{ field: "file", code: "financeProblems", params: { n: result.problems.length } }],
      problems: result.problems,
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { locale } = state;
  const t = withErrorMessages(state.t, MESSAGES);
  const title = t("financeImports.title");
  const caption = t("financeImports.list.heading");
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t("financeImports.lead")}</p>
      {data.outcome && <ImportedNotice summary={data.outcome} t={t} />}
      {data.problems.length > 0 && <ProblemList problems={data.problems} t={t} />}
      <FinanceUploadForm
        errors={data.errors}
        values={data.values}
        maxMegabytes={MAX_MB}
        accept={EXTENSIONS.join(",")}
        csrfToken={state.csrfToken}
        t={t}
      />
      <h2>{caption}</h2>
      <ListResults
        path={PATH}
        query={data.query}
        total={data.total}
        table={{
          caption,
          captionHidden: true,
          columns: importColumns(t, locale),
          rows: data.rows,
          rowKey: (r) => r.id,
        }}
        empty={t("financeImports.list.empty")}
        t={t}
      />
    </div>
  );
});
