/**
 * The town's card payments, newest first, 50 a page (date, payer, amount, state, variable
 * symbol), each linking to its page where a clerk may refund it. For clerks of the fees agenda.
 */
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { clerkActor } from "../../../../lib/http/identity/actor.ts";
import { formatDateTime } from "../../../../lib/http/format.ts";
import { getDb } from "../../../../lib/db.ts";
import { listTownCardPayments } from "../../../../app/card_refunds.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { TableRegion } from "../../../../components/layout/TableRegion.tsx";

const ROLE = "agenda:poplatky";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE);
    const raw = ctx.url.searchParams.get("strana");
    const n = raw !== null && /^\d{1,5}$/.test(raw) ? Number(raw) : 1;
    const pageNo = Math.max(1, n);
    const { payments, hasNext } = await listTownCardPayments(
      { db: getDb() },
      clerkActor(ctx.state),
      pageNo,
    );
    return page({ payments, hasNext, page: pageNo });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const title = t("cardRefund.list.title");
  const caption = t("cardRefund.list.caption");
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad/platby">{t("cardRefund.backToPayments")}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t("cardRefund.list.lead")}</p>
      {data.payments.length === 0
        ? <p>{t("cardRefund.list.empty")}</p>
        : (
          <TableRegion label={caption}>
            <table class="gov-table card-payments">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("cardRefund.list.date")}</th>
                  <th scope="col">{t("cardRefund.list.payer")}</th>
                  <th scope="col">{t("cardRefund.list.amount")}</th>
                  <th scope="col">{t("cardRefund.list.state")}</th>
                  <th scope="col">{t("cardRefund.list.vs")}</th>
                </tr>
              </thead>
              <tbody>
                {data.payments.map((c) => (
                  <tr>
                    <th scope="row">
                      <a href={`/urad/platby/karty/${c.id}`}>
                        {formatDateTime(c.created_at, locale)}
                      </a>
                    </th>
                    <td>{c.payer_name}</td>
                    <td>{formatCzk(c.amount_halere)}</td>
                    <td>{t(`clerkPayments.cardState.${c.state}`)}</td>
                    <td class="reference">{c.variable_symbol}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      {(data.page > 1 || data.hasNext) && (
        <nav aria-label={t("cardRefund.list.pages")}>
          <p>
            {data.page > 1 && (
              <a href={`/urad/platby/karty?strana=${data.page - 1}`}>
                {t("cardRefund.list.newer")}
              </a>
            )}
            {data.page > 1 && data.hasNext && " · "}
            {data.hasNext && (
              <a href={`/urad/platby/karty?strana=${data.page + 1}`}>
                {t("cardRefund.list.older")}
              </a>
            )}
          </p>
        </nav>
      )}
    </div>
  );
});
