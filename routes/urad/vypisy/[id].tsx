/**
 * One bank statement of the town: its facts and every line with what it became — booked to
 * which obligation or payment order (and by whom, when by hand), a card payment's settlement,
 * unmatched (with a link to assign it), dismissed, or an outgoing payment that is not processed.
 * Another town's statement is a 404. The view is audited (payers' names and accounts).
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { getDb } from "../../../lib/db.ts";
import { openStatement } from "../../../app/statements.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { StatementLinesTable } from "../../../components/statements/LineTables.tsx";
import { accountText, isoDate } from "../../../components/statements/StatementParts.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "agenda:poplatky");
    const found = await openStatement({ db: getDb() }, clerkActor(ctx.state), ctx.params.id);
    if (!found) throw new HttpError(404);
    return page(found);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const s = data.statement;
  const title = t("statements.detail.title", {
    number: s.statement_number,
    date: isoDate(s.statement_date, locale),
  });
  const overlap = s.line_count - s.lines;
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad/vypisy">{t("statements.backToList")}</a>
      </p>
      <h1>{title}</h1>
      <dl class="facts">
        <dt>{t("statements.detail.account")}</dt>
        <dd>{accountText(s.account)}</dd>
        <dt>{t("statements.detail.format")}</dt>
        <dd>{t(`statements.format.${s.format}`)}</dd>
        <dt>{t("statements.detail.source")}</dt>
        <dd>{t(`statements.source.${s.source}`)}</dd>
        <dt>{t("statements.detail.fileName")}</dt>
        <dd>{s.file_name}</dd>
        <dt>{t("statements.detail.importedAt")}</dt>
        <dd>{formatDateTime(s.imported_at, locale)}</dd>
        <dt>{t("statements.detail.counts")}</dt>
        <dd>
          {t("statements.detail.countsValue", {
            lines: s.lines,
            booked: s.booked,
            card: s.card,
            unmatched: s.unmatched,
            dismissed: s.dismissed,
            ignored: s.ignored,
          })}
        </dd>
      </dl>
      {overlap > 0 && <p>{t("statements.detail.overlap", { n: overlap })}</p>}
      {s.unmatched > 0 && (
        <p>
          <a href="/urad/platby">{t("statements.detail.unmatchedLink")}</a>
        </p>
      )}
      <h2>{t("statements.detail.linesHeading")}</h2>
      {data.lines.length === 0 ? <p>{t("statements.detail.noLines")}</p> : (
        <StatementLinesTable
          lines={data.lines}
          caption={t("statements.detail.linesHeading")}
          t={t}
          locale={locale}
        />
      )}
    </div>
  );
});
