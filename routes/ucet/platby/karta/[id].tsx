/**
 * A card payment attempt, for its payer only (anyone else gets a 404): right after they asked
 * to pay (`?platit=1`) the hand-off to the ČSOB gateway's page; "being processed" (refreshing
 * itself) while the gateway or the workflow has not finished; then the outcome — paid, with the
 * receipt, or declined, cancelled or not completed, with the way to try again.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { cardPaymentView } from "../../../../app/card_payments.ts";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import {
  CardPaymentHandoff,
  CardPaymentStatus,
} from "../../../../components/payments/CardPaymentStatus.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const view = await cardPaymentView(
      { db: getDb(), now: () => new Date() },
      personActor(ctx.state),
      ctx.params.id,
      { handoff: ctx.url.searchParams.get("platit") === "1" },
    );
    if (!view) throw new HttpError(404);
    return page({ view });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { view } = data;
  const url = view.gatewayUrl;
  return (
    <div>
      <PageTitle title={t("cardPayment.title")} state={state} />
      <p>
        <a href="/ucet">{t("cardPayment.back")}</a>
      </p>
      <h1>{t("cardPayment.title")}</h1>
      {url
        ? <CardPaymentHandoff view={{ ...view, gatewayUrl: url }} t={t} />
        : <CardPaymentStatus view={view} t={t} locale={locale} />}
    </div>
  );
});
