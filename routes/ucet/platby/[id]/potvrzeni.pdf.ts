/**
 * `/ucet/platby/<id>/potvrzeni.pdf`: the receipt of a payment of the reader or of someone they
 * pay for (PDF, private); anyone else's payment, or another town's: 404.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { defaultDeps } from "../../../../app/deps.ts";
import { findHistoryPayment } from "../../../../app/ledger.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { pdfDownload, renderPaymentReceiptPdf } from "../../../../lib/http/payment_receipt_pdf.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { obligationName } from "../../../../domain/ledger_view.ts";
import { formatCzechDate } from "../../../../domain/forms/validators.ts";
import { formatDateTime } from "../../../../lib/http/format.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { t, tenant } = ctx.state;
    const found = await findHistoryPayment(defaultDeps(), personActor(ctx.state), ctx.params.id);
    if (!found) throw new HttpError(404);
    const { payment: p, payees } = found;
    const payer = payees.find((x) => x.personId === p.payer_person_id)?.name ?? p.payer_name ??
      [...new Set(p.paid.map((a) => a.personName))].join(", ");
    const facts = [
      { label: t("payments.pdf.number"), value: p.id },
      { label: t("payments.pdf.receivedOn"), value: formatCzechDate(p.received_on) },
      { label: t("payments.pdf.amount"), value: formatCzk(p.amount_halere) },
      { label: t("payments.pdf.method"), value: t(`payments.method.${p.kind}`) },
      ...(p.variable_symbol ? [{ label: t("payments.pdf.vs"), value: p.variable_symbol }] : []),
      ...(payer ? [{ label: t("payments.pdf.payer"), value: payer }] : []),
    ];
    const pdf = await renderPaymentReceiptPdf({
      authority: tenant.officialName,
      address: tenant.address,
      title: t("payments.pdf.title"),
      facts,
      allocationsHeading: t("payments.pdf.allocationsHeading"),
      allocations: p.paid.map((a) =>
        t("payments.pdf.allocation", {
          name: obligationName(a, t),
          person: a.personName,
          vs: a.variableSymbol,
          amount: formatCzk(a.amount),
        })
      ),
      none: t("payments.pdf.none"),
      footer: t("payments.pdf.footer", { date: formatDateTime(new Date(), ctx.state.locale) }),
    });
    return pdfDownload(pdf, `potvrzeni-platby-${p.received_on}-${p.id.slice(0, 8)}.pdf`);
  },
});
