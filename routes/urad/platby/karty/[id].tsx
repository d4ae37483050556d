/**
 * One card payment of the town: its facts and moves, and — while it is captured or settled and
 * no refund was asked — the whole refund: a required reason, then a confirmation page stating
 * the consequence (the shared `ConfirmAction`; both steps plain forms, no JavaScript), then the
 * request (the audit entry and the workflow's start command). Until the workflow has refunded it, the page says it is being
 * processed and refreshes itself. Another town's payment is a 404.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { assertClerk, type ClerkState } from "../../../../lib/http/auth.ts";
import { clerkActor } from "../../../../lib/http/identity/actor.ts";
import { formatDateTime } from "../../../../lib/http/format.ts";
import { tenantOrigin } from "../../../../lib/http/tenant.ts";
import { getDb } from "../../../../lib/db.ts";
import {
  openTownCardPayment,
  parseRefundReason,
  REFUND_REASON_MAX,
  requestCardRefund,
  type TownCardPaymentView,
} from "../../../../app/card_refunds.ts";
import { cleanText, type FieldError } from "../../../../domain/validation.ts";
import { formatCzk } from "../../../../domain/money.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextArea,
} from "../../../../components/form/mod.ts";
import { Alert, Notice } from "../../../../components/layout/Notice.tsx";
import { ProcessingNotice } from "../../../../components/layout/ProcessingNotice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../../components/layout/DataTable.tsx";
import { ConfirmAction } from "../../../../components/layout/ConfirmAction.tsx";

const ROLE = "agenda:poplatky";

interface Data {
  view: TownCardPaymentView;
  reason: string;
  errors: FieldError[];
  /** The reason was given: show the confirmation step. */
  confirm: boolean;
  problem: "notRefundable" | null;
}

async function load(state: ClerkState, id: string): Promise<TownCardPaymentView> {
  const view = await openTownCardPayment({ db: getDb() }, clerkActor(state), id);
  if (!view) throw new HttpError(404);
  return view;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE);
    const view = await load(ctx.state, ctx.params.id);
    return page<Data>({ view, reason: "", errors: [], confirm: false, problem: null });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE);
    const id = ctx.params.id;
    const form = await ctx.formData();
    const view = await load(ctx.state, id);
    const action = form.get("action");
    const { reason, errors } = parseRefundReason(cleanText(form.get("reason")));
    const shown = reason.slice(0, REFUND_REASON_MAX);
    if (action === "review") {
      if (!view.refundable) {
        return page<Data>({ view, reason: "", errors: [], confirm: false, problem: null }, {
          status: view.refund.kind === "none" ? 409 : 200,
        });
      }
      return page<Data>({
        view,
        reason: shown,
        errors,
        confirm: errors.length === 0,
        problem: null,
      }, {
        status: errors.length ? 422 : 200,
      });
    }
    if (action === "refund") {
      const r = await requestCardRefund({ db: getDb() }, clerkActor(ctx.state), {
        cardPaymentId: id,
        reason,
        origin: tenantOrigin(ctx.state.tenant),
      });
      if (r.ok) return ctx.redirect(`/urad/platby/karty/${id}`);
      if (r.code === "notFound") throw new HttpError(404);
      if (r.code === "invalid") {
        return page<Data>(
          { view, reason: shown, errors: r.errors, confirm: false, problem: null },
          {
            status: 422,
          },
        );
      }
      return page<Data>({ view, reason: "", errors: [], confirm: false, problem: r.code }, {
        status: 409,
      });
    }
    throw new HttpError(400);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { view } = data;
  const p = view.payment;
  const title = t("cardRefund.detail.title", {
    amount: formatCzk(p.amount_halere),
    date: formatDateTime(p.created_at, locale),
  });
  const action = `/urad/platby/karty/${p.id}`;
  const movesCaption = t("cardRefund.detail.movesCaption");
  if (data.confirm && view.refundable) {
    // The shared confirmation page (issue 10): the consequence, what will happen, "Ano, …".
    return (
      <ConfirmAction
        state={state}
        action={action}
        title={t("cardRefund.form.confirmTitle", { amount: formatCzk(p.amount_halere) })}
        consequence={t("cardRefund.form.consequence")}
        summary={[
          { label: t("cardRefund.list.payer"), value: view.payerName },
          { label: t("cardRefund.list.amount"), value: formatCzk(p.amount_halere) },
          { label: t("cardRefund.list.vs"), value: view.variableSymbol },
          { label: t("cardRefund.form.label"), value: data.reason },
        ]}
        hidden={{ action: "refund", reason: data.reason }}
        confirmLabel={t("cardRefund.form.confirm")}
        backHref={action}
      />
    );
  }
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad/platby/karty">{t("cardRefund.backToList")}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={data.errors} t={t} labels={{ reason: t("cardRefund.form.label") }} />
      {data.problem && <Alert t={t} title={t(`cardRefund.problem.${data.problem}`)} />}
      {view.refund.kind === "processing" && (
        <ProcessingNotice
          title={t("cardRefund.processing")}
          hint={t("cardRefund.processingHint")}
          t={t}
        />
      )}
      {view.refund.kind === "refunded" && (
        <Notice type="success" t={t} title={t("cardRefund.refunded")} />
      )}
      {view.refund.kind === "failed" && (
        <Alert t={t} title={t("cardRefund.failed")}>
          <p>{view.refund.reason}</p>
        </Alert>
      )}
      <dl class="facts">
        <div>
          <dt>{t("cardRefund.list.payer")}</dt>
          <dd>{view.payerName}</dd>
        </div>
        <div>
          <dt>{t("cardRefund.list.amount")}</dt>
          <dd>{formatCzk(p.amount_halere)}</dd>
        </div>
        <div>
          <dt>{t("cardRefund.list.vs")}</dt>
          <dd class="reference">{view.variableSymbol}</dd>
        </div>
        <div>
          <dt>{t("cardRefund.list.state")}</dt>
          <dd>{t(`clerkPayments.cardState.${p.state}`)}</dd>
        </div>
        {p.flag_reason && (
          <div>
            <dt>{t("cardRefund.detail.flag")}</dt>
            <dd>{p.flag_reason}</dd>
          </div>
        )}
      </dl>
      <h2>{t("cardRefund.detail.moves")}</h2>
      <DataTable
        caption={movesCaption}
        rows={view.transitions}
        rowKey={(m) => `${m.at.valueOf()}-${m.to_state}`}
        columns={[
          {
            header: t("cardRefund.detail.at"),
            rowHeader: true,
            cell: (m) => formatDateTime(m.at, locale),
          },
          {
            header: t("cardRefund.detail.move"),
            cell: (m) => (
              <>
                {t(`clerkPayments.cardState.${m.from_state}`)} →{" "}
                {t(`clerkPayments.cardState.${m.to_state}`)}
              </>
            ),
          },
          { header: t("cardRefund.detail.reason"), cell: (m) => m.reason },
        ]}
      />
      {view.refundable && (
        <section aria-labelledby="vratit-nadpis">
          <h2 id="vratit-nadpis">{t("cardRefund.form.heading")}</h2>
          <form method="post" action={action} novalidate>
            <CsrfField token={state.csrfToken} />
            <p>{t("cardRefund.form.lead")}</p>
            <TextArea
              name="reason"
              label={t("cardRefund.form.label")}
              hint={t("cardRefund.form.hint")}
              value={data.reason}
              rows={3}
              maxLength={REFUND_REASON_MAX}
              required
              errors={data.errors}
              t={t}
            />
            <SubmitButton variant="secondary" name="action" value="review">
              {t("cardRefund.form.submit")}
            </SubmitButton>
          </form>
        </section>
      )}
    </div>
  );
});
