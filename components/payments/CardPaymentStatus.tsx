/**
 * A card payment attempt as its payer reads it (/ucet/platby/karta/<id>): the hand-off to the
 * gateway (a meta refresh and a link: a redirect answering the form's POST would break the
 * page's CSP `form-action 'self'`, which browsers apply to the whole redirect chain), "being
 * processed" while the gateway or the workflow has not finished (the page refreshes itself),
 * and the outcome — paid with the way to the receipt, or declined, cancelled or not completed
 * with the way to try again. Works without JavaScript.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { CardPaymentView } from "../../app/card_payments.ts";
import { formatCzk } from "../../domain/money.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import { Notice } from "../layout/Notice.tsx";
import { HandoffNotice } from "../layout/Handoff.tsx";
import { ProcessingNotice } from "../layout/ProcessingNotice.tsx";
import { TableRegion } from "../layout/TableRegion.tsx";

function itemName(o: CardPaymentView["obligations"][number], t: Translate): string {
  if (o.title) return o.title;
  const key = `obligations.kind.${o.kind}`;
  const name = t(key, { year: o.year });
  return name === key ? `${o.kind} ${o.year}` : name;
}

/** The hand-off: sends the browser to the gateway's page at once, with a link as a fallback. */
export function CardPaymentHandoff(
  { view, t }: { view: CardPaymentView & { gatewayUrl: string }; t: Translate },
) {
  return (
    <HandoffNotice
      t={t}
      type="info"
      title={t("cardPayment.handoff.title")}
      href={view.gatewayUrl}
      linkLabel={t("cardPayment.handoff.link")}
    >
      <p>{t("cardPayment.handoff.text", { amount: formatCzk(view.amountHalere) })}</p>
    </HandoffNotice>
  );
}

function Outcome({ view, t }: { view: CardPaymentView; t: Translate }) {
  const amount = formatCzk(view.amountHalere);
  switch (view.state) {
    case "created":
      return (
        <ProcessingNotice
          title={t("cardPayment.preparing.title")}
          hint={t("cardPayment.preparing.hint")}
          t={t}
        />
      );
    case "started":
    case "authorised":
      return (
        <>
          <ProcessingNotice
            title={t("cardPayment.processing.title")}
            hint={t("cardPayment.processing.hint")}
            t={t}
          />
          {view.state === "started" && (
            <p>
              <a href={`/ucet/platby/karta/${view.id}?platit=1`}>
                {t("cardPayment.handoff.link")}
              </a>
            </p>
          )}
        </>
      );
    case "captured":
    case "settled":
      return (
        <Notice type="success" t={t} title={t("cardPayment.result.paidTitle")}>
          <p>{t("cardPayment.result.paidText", { amount })}</p>
          {view.paymentId && (
            <p>
              <a href={`/ucet/platby/${view.paymentId}/potvrzeni.pdf`}>
                {t("cardPayment.result.receiptPdf")}
              </a>
            </p>
          )}
          <p>
            <a href="/ucet/platby">{t("cardPayment.result.receiptLink")}</a>
          </p>
        </Notice>
      );
    case "refunded":
      return (
        <Notice type="info" t={t} title={t("cardPayment.result.refundedTitle")}>
          <p>{t("cardPayment.result.refundedText", { amount })}</p>
        </Notice>
      );
    default: {
      const kind = view.state as "failed" | "cancelled" | "expired";
      return (
        <Notice type="warning" t={t} title={t(`cardPayment.result.${kind}Title`)}>
          <p>{t(`cardPayment.result.${kind}Text`)}</p>
          <p>
            <a href="/ucet">{t("cardPayment.result.tryAgain")}</a>
          </p>
        </Notice>
      );
    }
  }
}

/** The attempt's page body: its outcome (or progress) and what it pays. */
export function CardPaymentStatus(
  { view, t, locale }: { view: CardPaymentView; t: Translate; locale: Locale },
) {
  return (
    <>
      <Outcome view={view} t={t} />
      <h2>{t("cardPayment.facts.heading")}</h2>
      <dl class="notice-facts">
        <div>
          <dt>{t("cardPayment.facts.amount")}</dt>
          <dd>
            <strong>{formatCzk(view.amountHalere)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t("cardPayment.facts.state")}</dt>
          <dd>{t(`cardPayment.states.${view.state}`)}</dd>
        </div>
        <div>
          <dt>{t("cardPayment.facts.vs")}</dt>
          <dd>{view.variableSymbol}</dd>
        </div>
        <div>
          <dt>{t("cardPayment.facts.started")}</dt>
          <dd>{formatDateTime(view.createdAt, locale)}</dd>
        </div>
      </dl>
      <h2>{t("cardPayment.facts.what")}</h2>
      <TableRegion label={t("cardPayment.itemsCaption")}>
        <table class="gov-table">
          <caption>{t("cardPayment.itemsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("cardPayment.col.what")}</th>
              <th scope="col">{t("cardPayment.col.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {view.obligations.map((o) => (
              <tr>
                <td>{itemName(o, t)}</td>
                <td>{formatCzk(o.amountHalere)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
