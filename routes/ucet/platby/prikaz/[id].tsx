/**
 * `/ucet/platby/prikaz/<id>`: a payment order of the reader — its own variable symbol, the
 * total, the account, the due date, one QR Platba code for all of it, the obligations it pays
 * and its state (derived: paid when the money received under its symbol covers it, or every
 * obligation in it is paid). Only the payer who made it sees it; anyone else: 404.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { defaultDeps } from "../../../../app/deps.ts";
import { paymentOrderView } from "../../../../app/payment_orders.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { obligationName } from "../../../../domain/ledger_view.ts";
import { formatCzechDate } from "../../../../domain/forms/validators.ts";
import { formatDateTime } from "../../../../lib/http/format.ts";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../../../components/layout/Breadcrumbs.tsx";
import { Notice } from "../../../../components/layout/Notice.tsx";
import { TableRegion } from "../../../../components/layout/TableRegion.tsx";
import { QrPlatba } from "../../../../components/payments/QrPlatba.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const view = await paymentOrderView(defaultDeps(), personActor(ctx.state), ctx.params.id);
    if (!view) throw new HttpError(404);
    return page(view);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { order } = data;
  const title = t("payments.order.title", { vs: order.variable_symbol });
  const account = data.account.czech ?? data.account.ibanPrinted;
  return (
    <div>
      <PageTitle title={title} state={state} />
      <Breadcrumbs
        t={t}
        items={[
          { label: t("account.title"), href: "/ucet#platby" },
          { label: t("payments.title"), href: "/ucet/platby" },
          { label: title },
        ]}
      />
      <h1>{title}</h1>
      {data.state === "paid"
        ? <Notice type="success" t={t} title={t("payments.order.paidNotice")} />
        : (
          <>
            <p class="lead">{t("payments.order.lead")}</p>
            <p>
              {t("payments.order.how", {
                amount: formatCzk(data.left),
                account,
                vs: order.variable_symbol,
                due: formatCzechDate(order.due_date),
              })}
            </p>
            {data.spayd && (
              <QrPlatba
                spayd={data.spayd}
                t={t}
                label={t("payments.order.qrLabel", {
                  vs: order.variable_symbol,
                  amount: formatCzk(data.left),
                })}
              />
            )}
          </>
        )}
      <dl class="facts">
        <dt>{t("payments.order.vs")}</dt>
        <dd>
          <strong>{order.variable_symbol}</strong>
        </dd>
        <dt>{t("payments.order.amount")}</dt>
        <dd>
          <strong>{formatCzk(order.amount_halere)}</strong>
        </dd>
        {data.account.czech && (
          <>
            <dt>{t("payments.order.account")}</dt>
            <dd>{data.account.czech}</dd>
          </>
        )}
        <dt>{t("payments.order.iban")}</dt>
        <dd>{data.account.ibanPrinted}</dd>
        <dt>{t("payments.order.due")}</dt>
        <dd>{formatCzechDate(order.due_date)}</dd>
        <dt>{t("payments.order.state")}</dt>
        <dd>{t(`payments.order.states.${data.state}`)}</dd>
        <dt>{t("payments.order.received")}</dt>
        <dd>{formatCzk(data.received)}</dd>
        <dt>{t("payments.order.created")}</dt>
        <dd>{formatDateTime(order.created_at, locale)}</dd>
      </dl>

      <h2>{t("payments.order.itemsHeading")}</h2>
      <TableRegion label={t("payments.order.itemsCaption")}>
        <table class="gov-table ledger-table">
          <caption>{t("payments.order.itemsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("ledger.col.what")}</th>
              <th scope="col">{t("ledger.col.person")}</th>
              <th scope="col">{t("ledger.col.vs")}</th>
              <th scope="col" class="num">{t("ledger.col.amount")}</th>
              <th scope="col">{t("ledger.col.state")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr>
                {i.obligation
                  ? (
                    <>
                      <th scope="row">
                        <a href={`/ucet/predpisy/${i.obligationId}`}>
                          {obligationName(i.obligation, t)}
                        </a>
                      </th>
                      <td>{i.obligation.personName}</td>
                      <td>{i.obligation.variable_symbol}</td>
                    </>
                  )
                  : (
                    <>
                      <th scope="row">{t("payments.order.notVisible")}</th>
                      <td></td>
                      <td></td>
                    </>
                  )}
                <td class="num">{formatCzk(i.amount)}</td>
                <td>{i.obligation ? t(`obligations.states.${i.obligation.state}`) : ""}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("ledger.total")}</th>
              <td></td>
              <td></td>
              <td class="num">
                <strong>{formatCzk(order.amount_halere)}</strong>
              </td>
              <td></td>
            </tr>
          </tfoot>
        </table>
      </TableRegion>

      {data.payments.length > 0 && (
        <>
          <h2>{t("payments.order.paymentsHeading")}</h2>
          <TableRegion label={t("payments.order.paymentsCaption")}>
            <table class="gov-table ledger-table">
              <caption>{t("payments.order.paymentsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("payments.col.date")}</th>
                  <th scope="col">{t("payments.col.method")}</th>
                  <th scope="col" class="num">{t("payments.col.amount")}</th>
                  <th scope="col">{t("payments.col.receipt")}</th>
                </tr>
              </thead>
              <tbody>
                {data.payments.map((p) => (
                  <tr>
                    <td>{formatCzechDate(p.receivedOn)}</td>
                    <td>{t(`payments.method.${p.kind}`)}</td>
                    <td class="num">{formatCzk(p.amount)}</td>
                    <td>
                      <a href={`/ucet/platby/${p.id}/potvrzeni.pdf`}>{t("payments.receipt")}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
      <p>
        <a href="/ucet#platby">{t("payments.back")}</a>
      </p>
    </div>
  );
});
