/**
 * The clerk reviews a grant's settlement report (issue 14): the actual budget against the
 * application's, the report, late or not. Accept → closed; or request a return of unused or
 * ineligible money (amount and reason, then a confirmation page) → an obligation in the
 * applicant's account; once it is paid in full, close the application.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { clerkActor } from "../../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../../lib/http/tenant.ts";
import { isConfirmed } from "../../../../lib/http/confirm.ts";
import {
  acceptSettlement,
  clerkAward,
  closeAfterReturn,
  requestReturn,
} from "../../../../app/grant_awards.ts";
import {
  AWARD_MESSAGES,
  type AwardFieldError,
  crownsOf,
  type ReturnFormValues,
  returnFormValues,
  suggestedReturn,
  validateReturn,
} from "../../../../domain/grant_awards.ts";
import { czechDate } from "../../../../domain/grants.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { AwardFacts } from "../../../../components/grants/AwardFacts.tsx";
import { SettlementSummary } from "../../../../components/grants/SettlementSummary.tsx";
import { ConfirmAction } from "../../../../components/layout/ConfirmAction.tsx";
import { Notice } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextArea,
  TextField,
  withErrorMessages,
} from "../../../../components/form/mod.ts";

async function load(tenantId: string, id: string) {
  const d = await clerkAward({ db: getDb() }, tenantId, id);
  if (!d || !d.settlement) throw new HttpError(404);
  return d;
}

type Detail = Awaited<ReturnType<typeof load>>;
type Problem = "wrongState" | "returnUnpaid" | null;
type Notice = "accepted" | "returnRequested" | "closed" | null;

interface Data {
  d: Detail;
  values: ReturnFormValues;
  errors: AwardFieldError[];
  confirm: { amount: number; reason: string } | null;
  problem: Problem;
  notice: Notice;
}

function defaults(d: Detail): ReturnFormValues {
  const s = d.settlement!;
  const amount = suggestedReturn(Number(d.award.paid_halere), Number(s.eligible_halere));
  return { amount: amount ? crownsOf(amount) : "", reason: "" };
}

const NOTICES: Record<string, Notice> = {
  prijato: "accepted",
  vratka: "returnRequested",
  uzavreno: "closed",
};

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    const d = await load(ctx.state.tenant.id, ctx.params.id);
    const n = ctx.url.searchParams.get("hotovo");
    return page<Data>({
      d,
      values: defaults(d),
      errors: [],
      confirm: null,
      problem: null,
      notice: (n && NOTICES[n]) || null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "grants");
    const d = await load(ctx.state.tenant.id, ctx.params.id);
    const form = await ctx.formData();
    const action = form.get("action");
    const deps = { db: getDb() };
    const actor = clerkActor(ctx.state);
    const origin = tenantOrigin(ctx.state.tenant);
    const back = `/urad/dotace/vyuctovani/${d.award.id}`;
    const fail = (problem: Problem, status = 409) =>
      page<Data>({ d, values: defaults(d), errors: [], confirm: null, problem, notice: null }, {
        status,
      });
    if (action === "accept") {
      const r = await acceptSettlement(deps, actor, { applicationId: d.award.id, origin });
      return r.ok ? ctx.redirect(`${back}?hotovo=prijato`) : fail("wrongState");
    }
    if (action === "close") {
      const r = await closeAfterReturn(deps, actor, { applicationId: d.award.id, origin });
      if (r.ok) return ctx.redirect(`${back}?hotovo=uzavreno`);
      return fail(!r.ok && r.code === "returnUnpaid" ? "returnUnpaid" : "wrongState");
    }
    if (action !== "return") throw new HttpError(400, "grantAwards.errors.action");
    const v = validateReturn(form, Number(d.award.paid_halere));
    if (!v.ok) {
      return page<Data>({
        d,
        values: returnFormValues(form),
        errors: v.errors,
        confirm: null,
        problem: null,
        notice: null,
      }, { status: 422 });
    }
    if (!isConfirmed(form)) {
      return page<Data>({
        d,
        values: returnFormValues(form),
        errors: [],
        confirm: v.value,
        problem: null,
        notice: null,
      });
    }
    const r = await requestReturn(deps, actor, {
      applicationId: d.award.id,
      amount: v.value.amount,
      reason: v.value.reason,
      now: new Date(),
      origin,
    });
    return r.ok ? ctx.redirect(`${back}?hotovo=vratka`) : fail("wrongState");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { d } = data;
  const a = d.award;
  const s = d.settlement!;
  const action = `/urad/dotace/vyuctovani/${a.id}`;
  const te = withErrorMessages(t, AWARD_MESSAGES);
  if (data.confirm) {
    return (
      <ConfirmAction
        state={state}
        action={action}
        title={t("grantAwards.review.confirmTitle")}
        consequence={t("grantAwards.review.consequence")}
        summary={[
          { label: t("grantAwards.facts.applicant"), value: a.applicant_name },
          {
            label: t("grantAwards.settlement.returnAmount"),
            value: formatCzk(data.confirm.amount),
          },
          { label: t("grantAwards.settlement.returnReason"), value: data.confirm.reason },
        ]}
        hidden={{
          action: "return",
          amount: data.values.amount,
          reason: data.values.reason,
        }}
        confirmLabel={t("grantAwards.review.confirm")}
        backHref={action}
      />
    );
  }
  const labels = {
    amount: t("grantAwards.review.amount"),
    reason: t("grantAwards.review.reason"),
  };
  return (
    <div class="narrow">
      <PageTitle title={`${a.reference} – ${t("grantAwards.review.title")}`} state={state} />
      <p>
        <a href="/urad/dotace/vyuctovani">{t("grantAwards.review.back")}</a>
      </p>
      <h1>{t("grantAwards.review.title")}</h1>
      {data.notice && (
        <Notice type="success" t={t} title={t(`grantAwards.review.done.${data.notice}`)} />
      )}
      {data.problem && (
        <Notice type="error" t={t} title={t(`grantAwards.errors.${data.problem}`)} />
      )}
      <AwardFacts d={d} t={t} />
      <SettlementSummary
        d={d}
        t={t}
        locale={locale}
        fileHref={(id) =>
          `/urad/ukoly/${a.case_id}/prilohy/${id}`}
      />
      <h3>{t("grantAwards.review.planned")}</h3>
      <ul>
        {d.budget.map((b) => (
          <li key={b.position}>
            {b.description} ({b.categoryName}): {formatCzk(b.plannedAmount)},{" "}
            {t("grantAwards.review.fromGrant", { amount: formatCzk(b.plannedGrant) })}
          </li>
        ))}
      </ul>
      {a.state === "settlement_submitted" && s.state === "submitted" && (
        <>
          <h2>{t("grantAwards.review.acceptHeading")}</h2>
          <form method="post" action={action}>
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="action" value="accept" />
            <SubmitButton>{t("grantAwards.review.accept")}</SubmitButton>
          </form>
          <h2>{t("grantAwards.review.returnHeading")}</h2>
          <ErrorSummary errors={data.errors} t={te} labels={labels} />
          <form method="post" action={action} novalidate>
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="action" value="return" />
            <TextField
              name="amount"
              label={labels.amount}
              hint={t("grantAwards.review.amountHint", {
                paid: formatCzk(Number(a.paid_halere)),
              })}
              value={data.values.amount}
              inputMode="decimal"
              required
              width="m"
              errors={data.errors}
              t={te}
            />
            <TextArea
              name="reason"
              label={labels.reason}
              value={data.values.reason}
              required
              maxLength={2000}
              errors={data.errors}
              t={te}
            />
            <SubmitButton variant="secondary">{t("grantAwards.review.requestReturn")}</SubmitButton>
          </form>
        </>
      )}
      {a.state === "return_requested" && d.obligation && (
        <>
          <h2>{t("grantAwards.review.returnState")}</h2>
          <p>
            {t("grantAwards.review.returnFacts", {
              amount: formatCzk(d.obligation.amount_halere),
              paid: formatCzk(d.obligation.paid_halere),
              due: czechDate(d.obligation.due_date),
              vs: d.obligation.variable_symbol,
            })}
          </p>
          <form method="post" action={action}>
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="action" value="close" />
            <SubmitButton variant="secondary">{t("grantAwards.review.close")}</SubmitButton>
          </form>
        </>
      )}
    </div>
  );
});
