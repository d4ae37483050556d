/**
 * The ČSOB gateway's return URL (`returnUrl` of payment/init, returnMethod POST; a GET with the
 * fields in the query is answered the same way). No session is needed: the person's browser
 * comes from the gateway's page (a cross-site form, so without our cookies and CSRF token —
 * exempt in lib/http/csrf.ts for exactly this path), and the gateway's RSA signature over the
 * fields is the proof. A valid return queues a signal to the attempt's workflow (once per signed
 * return) and sends the browser to the attempt's page, which needs the payer's session; the
 * answer itself names nobody. A missing or bad signature: a Czech 400 page and a log line,
 * nothing changed.
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import type { Context } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import type { State } from "../../lib/state.ts";
import { handleGatewayReturn } from "../../app/card_payments.ts";
import { Alert } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

/** The return's fields: the gateway sends at most these, each once and short. */
const FIELDS = [
  "payId",
  "dttm",
  "resultCode",
  "resultMessage",
  "paymentStatus",
  "authCode",
  "merchantData",
  "statusDetail",
  "signature",
];

function fieldsOf(get: (name: string) => unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FIELDS) {
    const v = get(name);
    if (typeof v === "string" && v.length <= 1024) out[name] = v;
  }
  return out;
}

async function answer(ctx: Context<State>, fields: Record<string, string>) {
  const r = await handleGatewayReturn({ db: getDb() }, {
    tenantId: ctx.state.tenant.id,
    requestId: ctx.state.requestId,
    fields,
  });
  if (r.kind === "ok") return ctx.redirect(`/ucet/platby/karta/${r.cardPaymentId}`);
  if (r.kind === "badSignature") return page({ problem: "badSignature" as const }, { status: 400 });
  return page({ problem: "notFound" as const }, { status: 404 });
}

export const handler = define.handlers({
  GET(ctx) {
    return answer(ctx, fieldsOf((name) => ctx.url.searchParams.get(name)));
  },
  async POST(ctx) {
    const form = await ctx.formData();
    return answer(ctx, fieldsOf((name) => form.get(name)));
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const title = t(`cardPayment.return.${data.problem}Title`);
  return (
    <div>
      <PageTitle title={title} state={state} />
      <h1>{t("cardPayment.title")}</h1>
      <Alert t={t} title={title}>
        <p>{t(`cardPayment.return.${data.problem}Text`)}</p>
      </Alert>
      <p>
        <a href="/ucet">{t("cardPayment.return.accountLink")}</a>
      </p>
    </div>
  );
});
