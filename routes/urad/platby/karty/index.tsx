/**
 * The town's card payments, newest first: searched by payer, variable symbol or the gateway's
 * payment id (diacritics ignored), filtered by state (clickable counts) and date, 50 a page, and
 * exported as CSV or xlsx with the same rows; who refunded a payment is shown. Each links to its
 * page where a clerk may refund it. For clerks of the fees agenda.
 */
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { clerkActor } from "../../../../lib/http/identity/actor.ts";
import { getDb } from "../../../../lib/db.ts";
import { exportResponse } from "../../../../lib/http/export.ts";
import { listQueryOrThrow } from "../../../../lib/web/list_query.ts";
import { listTownCards } from "../../../../app/payment_lists.ts";
import { CARD_STATES } from "../../../../db/repositories/payment_lists.ts";
import { EXPORT_PAGING, pageOf } from "../../../../db/repositories/list_sql.ts";
import type { CardPaymentState } from "../../../../db/schema.ts";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { ListSearch, StateCounts } from "../../../../components/lists/mod.ts";
import { ListResults } from "../../../../components/clerk_lists/ListResults.tsx";
import { cardColumns, cardExport } from "../../../../components/clerk_lists/PaymentLists.tsx";

const ROLE = "agenda:poplatky";
const PATH = "/urad/platby/karty";
const SPEC = { stav: CARD_STATES, od: "date", do: "date" } as const;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE);
    const query = listQueryOrThrow(ctx.url, SPEC);
    const filter = {
      search: query.q,
      state: query.filters.stav as CardPaymentState | undefined,
      from: query.filters.od,
      to: query.filters.do,
    };
    const actor = clerkActor(ctx.state);
    if (query.format !== "html") {
      const { rows } = await listTownCards({ db: getDb() }, actor, filter, EXPORT_PAGING, {
        export: query.format,
      });
      return exportResponse(query.format, "platby-kartou", cardExport(ctx.state.t), rows, {
        sheetName: ctx.state.t("cardRefund.list.title"),
      });
    }
    const list = await listTownCards({ db: getDb() }, actor, filter, pageOf(query));
    return page({ query, rows: list.rows, total: list.total, counts: list.counts! });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { query, counts } = data;
  const title = t("cardRefund.list.title");
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad/platby">{t("cardRefund.backToPayments")}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t("cardRefund.list.lead")}</p>
      <StateCounts
        path={PATH}
        query={query}
        name="stav"
        total={CARD_STATES.reduce((n, s) => n + counts[s], 0)}
        items={CARD_STATES.filter((s) => counts[s] > 0 || s === query.filters.stav).map((s) => ({
          value: s,
          label: t(`clerkPayments.cardState.${s}`),
          count: counts[s],
        }))}
        t={t}
      />
      <ListSearch
        path={PATH}
        query={query}
        searchLabel={t("clerkLists.payments.cardSearch")}
        searchHint={t("clerkLists.searchHint")}
        fields={[
          { kind: "date", name: "od", label: t("clerkLists.dateFrom") },
          { kind: "date", name: "do", label: t("clerkLists.dateTo") },
        ]}
        t={t}
      />
      <ListResults
        path={PATH}
        query={query}
        total={data.total}
        table={{
          caption: t("cardRefund.list.caption"),
          class: "card-payments",
          columns: cardColumns(t, locale),
          rows: data.rows,
          rowKey: (c) => c.id,
        }}
        t={t}
      />
    </div>
  );
});
