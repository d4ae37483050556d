/**
 * `/ucet/predpisy/<id>`: one obligation of the reader or of someone they pay for — every fact
 * (for water the period, the meter and the consumption), how to pay it with the QR Platba code,
 * "Zaplatit kartou", and the payments that paid it. Anyone else's, or another town's: 404.
 */
import type { ComponentChildren } from "preact";
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { obligationDetail } from "../../../app/ledger.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { formatCzk } from "../../../domain/money.ts";
import { obligationName } from "../../../domain/ledger_view.ts";
import { formatCzechDate } from "../../../domain/forms/validators.ts";
import { formatDate } from "../../../lib/http/format.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../../components/layout/Breadcrumbs.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";
import { QrPlatba } from "../../../components/payments/QrPlatba.tsx";
import { CardPayForm, DueDate, StateText } from "../../../components/obligations/Ledger.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const detail = await obligationDetail(defaultDeps(), personActor(ctx.state), ctx.params.id);
    if (!detail) throw new HttpError(404);
    return page({ detail, cardKey: crypto.randomUUID() });
  },
});

/** m³ with up to three decimals, in the page's language. */
function cubic(m3: number, locale: string): string {
  return new Intl.NumberFormat(locale === "cs" ? "cs-CZ" : "en-GB", {
    maximumFractionDigits: 3,
  }).format(m3);
}

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { detail } = data;
  const o = detail.obligation;
  const name = obligationName(o, t);
  const account = detail.account.czech ?? detail.account.ibanPrinted;
  const fact = (label: string, value: ComponentChildren) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <div>
      <PageTitle title={name} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("account.title"), href: "/ucet#platby" }, { label: name }]}
      />
      <h1>{name}</h1>
      <p class="lead">
        {t("ledger.detail.lead", { name: o.personName })} · <StateText state={o.state} t={t} />
      </p>

      <h2>{t("ledger.detail.howHeading")}</h2>
      {o.state === "written_off"
        ? <p>{t("ledger.detail.writtenOff")}</p>
        : o.outstanding_halere <= 0
        ? <p>{t("ledger.detail.nothingLeft")}</p>
        : (
          <>
            <p>
              {t("ledger.detail.how", {
                amount: formatCzk(o.outstanding_halere),
                account,
                vs: o.variable_symbol,
                due: formatCzechDate(o.due_date),
              })}
            </p>
            {(o.specific_symbol || o.constant_symbol) && (
              <p>
                {t("ledger.detail.howSymbols")} {[
                  o.specific_symbol && `${t("obligations.ss")} ${o.specific_symbol}`,
                  o.constant_symbol && `${t("obligations.ks")} ${o.constant_symbol}`,
                ].filter(Boolean).join(", ")}
              </p>
            )}
            {detail.spayd && (
              <>
                <h3>{t("ledger.detail.qrHeading")}</h3>
                <QrPlatba
                  spayd={detail.spayd}
                  t={t}
                  label={t("ledger.detail.qrLabel", {
                    name,
                    amount: formatCzk(o.outstanding_halere),
                  })}
                />
              </>
            )}
            <h3>{t("ledger.detail.cardHeading")}</h3>
            <p>{t("ledger.detail.cardHint")}</p>
            <CardPayForm
              obligationId={o.id}
              idempotencyKey={data.cardKey}
              csrfToken={state.csrfToken}
              label={t("ledger.detail.cardButton")}
            />
          </>
        )}

      <h2>{t("ledger.detail.factsHeading")}</h2>
      <dl class="facts">
        {fact(t("ledger.detail.kind"), t(`ledger.detail.kinds.${o.kind}`))}
        {fact(t("ledger.detail.year"), String(o.year))}
        {o.title && fact(t("ledger.detail.title"), o.title)}
        {fact(t("ledger.detail.person"), o.personName)}
        {o.billing_from && o.billing_to &&
          fact(
            t("ledger.detail.period"),
            `${formatCzechDate(o.billing_from)} – ${formatCzechDate(o.billing_to)}`,
          )}
        {o.meter_number && fact(t("ledger.detail.meter"), o.meter_number)}
        {o.meter_start !== null &&
          fact(
            t("ledger.detail.meterStart"),
            t("ledger.detail.cubic", { value: cubic(Number(o.meter_start), locale) }),
          )}
        {o.meter_end !== null &&
          fact(
            t("ledger.detail.meterEnd"),
            t("ledger.detail.cubic", { value: cubic(Number(o.meter_end), locale) }),
          )}
        {detail.consumption !== null &&
          fact(
            t("ledger.detail.consumption"),
            t("ledger.detail.cubic", { value: cubic(detail.consumption / 1000, locale) }),
          )}
        {fact(t("obligations.amount"), <strong>{formatCzk(o.amount_halere)}</strong>)}
        {fact(t("ledger.detail.paid"), formatCzk(o.paid_halere))}
        {fact(t("ledger.detail.left"), <strong>{formatCzk(o.outstanding_halere)}</strong>)}
        {fact(t("obligations.state"), <StateText state={o.state} t={t} />)}
        {o.written_off_at &&
          fact(t("ledger.detail.writtenOffOn"), formatDate(o.written_off_at, locale))}
        {fact(t("obligations.due"), <DueDate o={o} t={t} />)}
        {detail.account.czech && fact(t("obligations.account"), detail.account.czech)}
        {fact(t("obligations.iban"), detail.account.ibanPrinted)}
        {fact(t("obligations.vs"), o.variable_symbol)}
        {o.specific_symbol && fact(t("obligations.ss"), o.specific_symbol)}
        {o.constant_symbol && fact(t("obligations.ks"), o.constant_symbol)}
        {o.case_id &&
          fact(
            t("ledger.detail.case"),
            <a href={`/ucet/podani/${o.case_id}`}>{t("ledger.detail.caseLink")}</a>,
          )}
      </dl>

      <h2>{t("ledger.detail.paymentsHeading")}</h2>
      {detail.allocations.length === 0
        ? <p>{t("ledger.detail.paymentsNone")}</p>
        : (
          <TableRegion label={t("ledger.detail.paymentsCaption")}>
            <table class="gov-table ledger-table">
              <caption>{t("ledger.detail.paymentsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("payments.col.date")}</th>
                  <th scope="col">{t("payments.col.method")}</th>
                  <th scope="col" class="num">{t("payments.col.amount")}</th>
                  <th scope="col">{t("payments.col.receipt")}</th>
                </tr>
              </thead>
              <tbody>
                {detail.allocations.map((a) => (
                  <tr>
                    <td>{formatCzechDate(a.receivedOn)}</td>
                    <td>
                      {t(`payments.method.${a.kind}`)}
                      {a.allocationKind !== "payment" && (
                        <>
                          {" "}({t(`ledger.detail.allocation.${a.allocationKind}`)})
                        </>
                      )}
                    </td>
                    <td class="num">{formatCzk(a.amount)}</td>
                    <td>
                      <a href={`/ucet/platby/${a.paymentId}/potvrzeni.pdf`}>
                        {t("payments.receipt")}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      <p>
        <a href="/ucet#platby">{t("ledger.detail.back")}</a>
      </p>
    </div>
  );
});
