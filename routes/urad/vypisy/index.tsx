/**
 * Bank statements: the clerk uploads a statement file (GPC/ABO or CAMT.053) and sees the town's
 * imported statements with how many of their lines were booked and how many wait in the queue.
 * An upload is read whole or refused with the line where it breaks (422, nothing stored); a
 * statement imported before is reported, not booked again. For clerks of the fees agenda.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { getDb } from "../../../lib/db.ts";
import {
  importStatementFile,
  listTownStatements,
  STATEMENT_EXTENSIONS,
  STATEMENT_MAX_BYTES,
} from "../../../app/statements.ts";
import type { StatementSummary } from "../../../db/repositories/statements.ts";
import type { FieldError } from "../../../domain/validation.ts";
import { withErrorMessages } from "../../../components/form/mod.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Pagination } from "../../../components/layout/Pagination.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";
import {
  ImportNotice,
  type ImportOutcome,
  StatementUploadForm,
} from "../../../components/statements/StatementUpload.tsx";
import { accountText, isoDate } from "../../../components/statements/StatementParts.tsx";

const ROLE = "agenda:poplatky";
const MAX_MB = Math.floor(STATEMENT_MAX_BYTES / 1024 / 1024);
const ACCEPT = STATEMENT_EXTENSIONS.join(",");

/** This page's own error codes and their messages. */
const MESSAGES = {
  statementParse: "statements.errors.statementParse",
  foreignAccount: "statements.errors.foreignAccount",
};

interface Data {
  items: StatementSummary[];
  total: number;
  page: number;
  pageCount: number;
  errors: FieldError<string>[];
  outcome: ImportOutcome | null;
}

function pageNumber(url: URL): number {
  const n = Number.parseInt(url.searchParams.get("strana") ?? "1", 10);
  return n > 0 && n < 100_000 ? n : 1;
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
    const current = pageNumber(ctx.url);
    const list = await listTownStatements({ db: getDb() }, clerkActor(ctx.state), current);
    return page<Data>({ ...list, page: current, errors: [], outcome: null });
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
      const list = await listTownStatements(deps, actor, 1);
      return page<Data>({ ...list, page: 1, errors, outcome }, { status });
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
      {data.items.length === 0 ? <p>{t("statements.list.empty")}</p> : (
        <TableRegion label={caption}>
          <table class="gov-table statements">
            <caption class="u-sr-only">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t("statements.list.date")}</th>
                <th scope="col">{t("statements.list.number")}</th>
                <th scope="col">{t("statements.list.account")}</th>
                <th scope="col">{t("statements.list.format")}</th>
                <th scope="col">{t("statements.list.source")}</th>
                <th scope="col">{t("statements.list.lines")}</th>
                <th scope="col">{t("statements.list.booked")}</th>
                <th scope="col">{t("statements.list.unmatched")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <tr>
                  <th scope="row">
                    <a
                      href={`/urad/vypisy/${s.id}`}
                      aria-label={t("statements.list.open", {
                        number: s.statement_number,
                        date: isoDate(s.statement_date, locale),
                      })}
                    >
                      {isoDate(s.statement_date, locale)}
                    </a>
                  </th>
                  <td>{s.statement_number}</td>
                  <td>{accountText(s.account)}</td>
                  <td>{t(`statements.format.${s.format}`)}</td>
                  <td>
                    {t(`statements.source.${s.source}`)}
                    <br />
                    <small>{formatDateTime(s.imported_at, locale)}</small>
                  </td>
                  <td>{s.line_count}</td>
                  <td>{s.booked + s.card}</td>
                  <td>{s.unmatched}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        href={(n) => (n > 1 ? `/urad/vypisy?strana=${n}` : "/urad/vypisy")}
        t={t}
      />
    </div>
  );
});
