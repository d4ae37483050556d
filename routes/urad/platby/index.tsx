/**
 * The clerk's payment queue: credit lines of the town's statements that matched no obligation
 * or payment order, the oldest first, each with a link to assign or dismiss it; "match again"
 * reruns the reconciliation (after obligations were issued); and, read-only, the card payments
 * the card workflow flagged. The queue (or the dismissed lines, with who dismissed them) is
 * searched by counterparty, message or symbols, filtered by booking date, 50 a page, and
 * exported as CSV or xlsx with the same rows. For clerks of the fees agenda; views and exports
 * are audited.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { getDb } from "../../../lib/db.ts";
import { rematchTown } from "../../../app/clerk_payments.ts";
import { openLineQueue } from "../../../app/payment_lists.ts";
import { LINE_STATES, type LineState } from "../../../db/repositories/payment_lists.ts";
import { EXPORT_PAGING, pageOf } from "../../../db/repositories/list_sql.ts";
import { exportResponse } from "../../../lib/http/export.ts";
import { listQueryOrThrow } from "../../../lib/web/list_query.ts";
import { ListSearch, StateCounts } from "../../../components/lists/mod.ts";
import { ListResults } from "../../../components/clerk_lists/ListResults.tsx";
import { lineColumns, lineExport } from "../../../components/clerk_lists/PaymentLists.tsx";
import { formatCzk } from "../../../domain/money.ts";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../components/layout/DataTable.tsx";

const ROLE = "agenda:poplatky";
const DONE = ["assigned", "alreadyBooked", "dismissed"] as const;
const PATH = "/urad/platby";
const SPEC = { stav: LINE_STATES, od: "date", do: "date" } as const;

/** A small count from the query string (after "match again"), or null. */
function count(url: URL, name: string): number | null {
  const v = url.searchParams.get(name);
  return v !== null && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE);
    const query = listQueryOrThrow(ctx.url, SPEC);
    query.filters.stav ??= "unmatched";
    const filter = {
      search: query.q,
      state: query.filters.stav as LineState,
      from: query.filters.od,
      to: query.filters.do,
    };
    const actor = clerkActor(ctx.state);
    if (query.format !== "html") {
      const { rows } = await openLineQueue({ db: getDb() }, actor, filter, EXPORT_PAGING, {
        export: query.format,
      });
      return exportResponse(query.format, "platby", lineExport(ctx.state.t), rows, {
        sheetName: ctx.state.t("clerkPayments.title"),
      });
    }
    const queue = await openLineQueue({ db: getDb() }, actor, filter, pageOf(query));
    const booked = count(ctx.url, "zauctovano");
    const card = count(ctx.url, "karty");
    const left = count(ctx.url, "zbyva");
    const done = ctx.url.searchParams.get("hotovo");
    return page({
      query,
      ...queue,
      counts: queue.counts!,
      rematched: booked !== null && card !== null && left !== null
        ? { booked, card, unmatched: left }
        : null,
      done: (DONE as readonly string[]).includes(done ?? "") ? done : null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE);
    await ctx.formData(); // the CSRF token came with it; the action has no fields
    const r = await rematchTown({ db: getDb() }, clerkActor(ctx.state));
    return ctx.redirect(
      `/urad/platby?zauctovano=${r.booked}&karty=${r.settledCard}&zbyva=${r.unmatched}`,
    );
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const title = t("clerkPayments.title");
  const flaggedCaption = t("clerkPayments.flagged.caption");
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a> ·{" "}
        <a href="/urad/vypisy">{t("clerkPayments.statementsLink")}</a> ·{" "}
        <a href="/urad/platby/karty">{t("cardRefund.paymentsLink")}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t("clerkPayments.lead")}</p>
      {data.done && <Notice type="success" t={t} title={t(`clerkPayments.done.${data.done}`)} />}
      {data.rematched && (
        <Notice
          type="success"
          t={t}
          title={t("clerkPayments.rematch.done", {
            booked: data.rematched.booked,
            card: data.rematched.card,
            unmatched: data.rematched.unmatched,
          })}
        />
      )}
      <StateCounts
        path={PATH}
        query={data.query}
        name="stav"
        items={LINE_STATES.map((s) => ({
          value: s,
          label: t(`clerkLists.payments.lineState.${s}`),
          count: data.counts[s],
        }))}
        t={t}
      />
      <ListSearch
        path={PATH}
        query={data.query}
        searchLabel={t("clerkLists.payments.lineSearch")}
        searchHint={t("clerkLists.searchHint")}
        fields={[
          { kind: "date", name: "od", label: t("clerkLists.payments.bookedFrom") },
          { kind: "date", name: "do", label: t("clerkLists.payments.bookedTo") },
        ]}
        t={t}
      />
      <ListResults
        path={PATH}
        query={data.query}
        total={data.total}
        table={{
          caption: t("clerkPayments.caption"),
          class: "payment-queue",
          columns: lineColumns(t, locale, data.query.filters.stav === "dismissed"),
          rows: data.rows,
          rowKey: (l) => l.id,
        }}
        t={t}
      />
      <h2>{t("clerkPayments.rematch.heading")}</h2>
      <form method="post" action="/urad/platby">
        <CsrfField token={state.csrfToken} />
        <p>{t("clerkPayments.rematch.hint")}</p>
        <SubmitButton variant="secondary">{t("clerkPayments.rematch.submit")}</SubmitButton>
      </form>
      <h2>{t("clerkPayments.flagged.heading")}</h2>
      <p>{t("clerkPayments.flagged.lead")}</p>
      <DataTable
        caption={flaggedCaption}
        class="flagged-card-payments"
        rows={data.flagged}
        rowKey={(c) => c.id}
        empty={t("clerkPayments.flagged.empty")}
        columns={[
          {
            header: t("clerkPayments.flagged.flaggedAt"),
            rowHeader: true,
            cell: (c) => formatDateTime(c.flagged_at, locale),
          },
          {
            header: t("clerkPayments.flagged.amount"),
            num: true,
            cell: (c) => formatCzk(c.amount_halere),
          },
          {
            header: t("clerkPayments.flagged.vs"),
            cell: (c) => <span class="reference">{c.variable_symbol}</span>,
          },
          { header: t("clerkPayments.flagged.payer"), cell: (c) => c.payer_name },
          {
            header: t("clerkPayments.flagged.state"),
            cell: (c) => t(`clerkPayments.cardState.${c.state}`),
          },
          { header: t("clerkPayments.flagged.reason"), cell: (c) => c.flag_reason ?? "—" },
        ]}
      />
    </div>
  );
});
