/**
 * Bank statements: the clerk uploads a statement file (GPC/ABO or CAMT.053) and sees the town's
 * imported statements with how many of their lines were booked and how many wait in the queue.
 * An upload is read whole or refused with the line where it breaks (422, nothing stored); a
 * statement imported before is reported, not booked again. The list is searched by number,
 * account, file or importing clerk, filtered by source and statement date, 50 a page, and
 * exported as CSV or xlsx with the same rows. For clerks of the fees agenda.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { getDb } from "../../../lib/db.ts";
import {
  importStatementFile,
  STATEMENT_EXTENSIONS,
  STATEMENT_MAX_BYTES,
} from "../../../app/statements.ts";
import { listTownStatementsFiltered } from "../../../app/payment_lists.ts";
import {
  STATEMENT_SOURCES,
  type StatementListRow,
  type StatementSource,
} from "../../../db/repositories/payment_lists.ts";
import { EXPORT_PAGING, pageOf } from "../../../db/repositories/list_sql.ts";
import { exportResponse } from "../../../lib/http/export.ts";
import { type ListQuery, listQueryOrThrow } from "../../../lib/web/list_query.ts";
import type { ClerkActor } from "../../../app/deps.ts";
import type { FieldError } from "../../../domain/validation.ts";
import { withErrorMessages } from "../../../components/form/mod.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ListSearch, StateCounts } from "../../../components/lists/mod.ts";
import { ListResults } from "../../../components/clerk_lists/ListResults.tsx";
import {
  statementColumns,
  statementExport,
} from "../../../components/clerk_lists/PaymentLists.tsx";
import {
  ImportNotice,
  type ImportOutcome,
  StatementUploadForm,
} from "../../../components/statements/StatementUpload.tsx";
import { accountText } from "../../../components/statements/StatementParts.tsx";

const ROLE = "agenda:poplatky";
const MAX_MB = Math.floor(STATEMENT_MAX_BYTES / 1024 / 1024);
const ACCEPT = STATEMENT_EXTENSIONS.join(",");
const PATH = "/urad/vypisy";
const SPEC = { zdroj: STATEMENT_SOURCES, od: "date", do: "date" } as const;

/** This page's own error codes and their messages. */
const MESSAGES = {
  statementParse: "statements.errors.statementParse",
  foreignAccount: "statements.errors.foreignAccount",
};

interface Data {
  query: ListQuery;
  rows: StatementListRow[];
  total: number;
  counts: Record<StatementSource, number>;
  errors: FieldError<string>[];
  outcome: ImportOutcome | null;
}

function filterOf(query: ListQuery<keyof typeof SPEC>) {
  return {
    search: query.q,
    source: query.filters.zdroj as StatementSource | undefined,
    from: query.filters.od,
    to: query.filters.do,
  };
}

/** The list of the page's query: its filter, a page of it. */
async function statementList(actor: ClerkActor, query: ListQuery<keyof typeof SPEC>) {
  const filter = filterOf(query);
  const list = await listTownStatementsFiltered({ db: getDb() }, actor, filter, pageOf(query));
  return { query, rows: list.rows, total: list.total, counts: list.counts! };
}

/** The upload, checked before it is read: present, a statement's file type, not too large. */
function checkFile(value: FormDataEntryValue | null): File | FieldError<string> {
  if (!(value instanceof File) || (value.size === 0 && value.name === "")) {
    return { field: "file", code: "required" };
  }
  const name = value.name.toLowerCase();
  if (!STATEMENT_EXTENSIONS.some((ext) => name.endsWith(ext))) {
    return {
      field: "file",
      code: "fileTypeNotAccepted",
      params: { types: STATEMENT_EXTENSIONS.join(", ") },
    };
  }
  if (value.size === 0) return { field: "file", code: "fileEmpty" };
  if (value.size > STATEMENT_MAX_BYTES) {
    return { field: "file", code: "fileTooLarge", params: { max: MAX_MB } };
  }
  return value;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE);
    const query = listQueryOrThrow(ctx.url, SPEC);
    const actor = clerkActor(ctx.state);
    if (query.format !== "html") {
      const filter = filterOf(query);
      const { rows } = await listTownStatementsFiltered(
        { db: getDb() },
        actor,
        filter,
        EXPORT_PAGING,
        {
          export: query.format,
        },
      );
      return exportResponse(query.format, "vypisy", statementExport(ctx.state.t), rows, {
        sheetName: ctx.state.t("statements.title"),
      });
    }
    return page<Data>({ ...(await statementList(actor, query)), errors: [], outcome: null });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE);
    const actor = clerkActor(ctx.state);
    const deps = { db: getDb() };
    const form = await ctx.formData();
    const file = checkFile(form.get("file"));
    const answer = async (
      errors: FieldError<string>[],
      outcome: ImportOutcome | null,
      status: number,
    ) => {
      const list = await statementList(actor, listQueryOrThrow(new URL(PATH, ctx.url), SPEC));
      return page<Data>({ ...list, errors, outcome }, { status });
    };
    if (!(file instanceof File)) return await answer([file], null, 422);
    const result = await importStatementFile(deps, actor, {
      tenantId: actor.tenantId,
      bytes: new Uint8Array(await file.arrayBuffer()),
      fileName: file.name,
      source: "upload",
    });
    if (result.ok) return await answer([], result, 200);
    switch (result.code) {
      case "parse":
        return await answer(
          [{ field: "file", code: "statementParse", params: { message: result.message } }],
          null,
          422,
        );
      case "foreignAccount":
        return await answer(
          [{
            field: "file",
            code: "foreignAccount",
            params: {
              number: result.number,
              account: accountText(result.account),
              townAccount: result.townAccount,
            },
          }],
          null,
          422,
        );
      case "empty":
        return await answer([{ field: "file", code: "fileEmpty" }], null, 422);
      case "tooLarge":
        return await answer(
          [{ field: "file", code: "fileTooLarge", params: { max: MAX_MB } }],
          null,
          422,
        );
      case "unknownTown":
        throw new HttpError(404);
    }
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { locale } = state;
  const t = withErrorMessages(state.t, MESSAGES);
  const title = t("statements.title");
  const caption = t("statements.list.heading");
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t("statements.lead")}</p>
      {data.outcome && <ImportNotice outcome={data.outcome} t={t} locale={locale} />}
      <p>
        <a href="/urad/platby">{t("statements.detail.unmatchedLink")}</a>
      </p>
      <StatementUploadForm
        errors={data.errors}
        maxMegabytes={MAX_MB}
        accept={ACCEPT}
        csrfToken={state.csrfToken}
        t={t}
      />
      <h2>{caption}</h2>
      <StateCounts
        path={PATH}
        query={data.query}
        name="zdroj"
        total={data.counts.upload + data.counts.drop}
        items={STATEMENT_SOURCES.map((s) => ({
          value: s,
          label: t(`statements.source.${s}`),
          count: data.counts[s],
        }))}
        t={t}
      />
      <ListSearch
        path={PATH}
        query={data.query}
        searchLabel={t("clerkLists.payments.statementSearch")}
        searchHint={t("clerkLists.searchHint")}
        fields={[
          { kind: "date", name: "od", label: t("clerkLists.payments.statementFrom") },
          { kind: "date", name: "do", label: t("clerkLists.payments.statementTo") },
        ]}
        t={t}
      />
      <ListResults
        path={PATH}
        query={data.query}
        total={data.total}
        table={{
          caption,
          captionHidden: true,
          class: "statements",
          columns: statementColumns(t, locale),
          rows: data.rows,
          rowKey: (s) => s.id,
        }}
        t={t}
      />
    </div>
  );
});
