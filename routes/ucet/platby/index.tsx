/**
 * `/ucet/platby`: the payments the town received from the reader and for everyone they pay
 * for, newest first — date, amount, how, what each paid — with a receipt PDF for each.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { paymentHistory } from "../../../app/ledger.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { formatCzk } from "../../../domain/money.ts";
import { obligationName } from "../../../domain/ledger_view.ts";
import { formatCzechDate } from "../../../domain/forms/validators.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../../components/layout/Breadcrumbs.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const { payments } = await paymentHistory(defaultDeps(), personActor(ctx.state));
    return page({ payments });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("payments.title")} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("account.title"), href: "/ucet#platby" }, {
          label: t("payments.title"),
        }]}
      />
      <h1>{t("payments.title")}</h1>
      <p class="lead">{t("payments.lead")}</p>
      {data.payments.length === 0
        ? <p>{t("payments.none")}</p>
        : (
          <TableRegion label={t("payments.caption")}>
            <table class="gov-table ledger-table">
              <caption>{t("payments.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("payments.col.date")}</th>
                  <th scope="col" class="num">{t("payments.col.amount")}</th>
                  <th scope="col">{t("payments.col.method")}</th>
                  <th scope="col">{t("payments.col.paid")}</th>
                  <th scope="col">{t("payments.col.receipt")}</th>
                </tr>
              </thead>
              <tbody>
                {data.payments.map((p) => {
                  const date = formatCzechDate(p.received_on);
                  return (
                    <tr>
                      <th scope="row">{date}</th>
                      <td class="num">
                        <strong>{formatCzk(p.amount_halere)}</strong>
                      </td>
                      <td>
                        {t(`payments.method.${p.kind}`)}
                        {p.variable_symbol && (
                          <>
                            <br />
                            <small>{t("obligations.vs")}: {p.variable_symbol}</small>
                          </>
                        )}
                      </td>
                      <td>
                        {p.paid.length === 0 ? t("payments.unassigned") : (
                          <ul class="ledger-paid">
                            {p.paid.map((a) => (
                              <li>
                                <a href={`/ucet/predpisy/${a.obligationId}`}>
                                  {obligationName(a, t)}
                                </a>{" "}
                                ({a.personName}): {formatCzk(a.amount)}
                                {a.allocationKind !== "payment" &&
                                  ` – ${t(`ledger.detail.allocation.${a.allocationKind}`)}`}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>
                        <a href={`/ucet/platby/${p.id}/potvrzeni.pdf`}>{t("payments.receipt")}</a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
        )}
      <p>
        <a href="/ucet#platby">{t("payments.back")}</a>
      </p>
    </div>
  );
});
