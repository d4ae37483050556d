/**
 * Pay by card: the ledger's pages (/ucet, a předpis's page) post the ticked obligations here
 * (`obligation` repeated, `idempotency_key`, `_csrf`). One use case starts the attempt (the
 * payment order, the attempt, the audit entry and its workflow in one transaction); the answer
 * is a 303 to the attempt's page, which sends the browser on to the ČSOB gateway. (Not a 303
 * straight to the gateway: browsers apply the page's CSP `form-action 'self'` to the whole
 * redirect chain of a form's POST and would block it.) The same key again (a double click, a
 * reload) leads to the same attempt; with another selection it is a 409; bad input a 422, with
 * the reason in Czech.
 */
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../../lib/http/tenant.ts";
import { cleanText } from "../../../../domain/validation.ts";
import { MAX_CARD_ITEMS, startCardPayment } from "../../../../app/card_payments.ts";
import { Alert } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";

export const handler = define.handlers({
  GET(ctx) {
    return ctx.redirect("/ucet");
  },
  async POST(ctx) {
    const { tenant, locale } = ctx.state;
    const form = await ctx.formData();
    const result = await startCardPayment(
      { db: getDb(), now: () => new Date(), language: locale },
      personActor(ctx.state),
      {
        obligationIds: form.getAll("obligation").slice(0, MAX_CARD_ITEMS + 1).map(cleanText),
        idempotencyKey: cleanText(form.get("idempotency_key")),
        returnOrigin: tenantOrigin(tenant),
      },
    );
    if (result.kind === "ok") {
      return ctx.redirect(`/ucet/platby/karta/${result.cardPaymentId}?platit=1`);
    }
    const code = result.kind === "conflict" ? "conflict" : result.code;
    return page({ code }, { status: result.kind === "conflict" ? 409 : 422 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("cardPayment.errors.title")} state={state} />
      <p>
        <a href="/ucet">{t("cardPayment.back")}</a>
      </p>
      <h1>{t("cardPayment.title")}</h1>
      <Alert t={t} title={t("cardPayment.errors.title")}>
        <p>{t(`cardPayment.errors.${data.code}`)}</p>
      </Alert>
    </div>
  );
});
