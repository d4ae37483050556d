/**
 * The applicant's grant contract (issue 14): its facts, the pdf and docx, and the confirmation
 * (the payout account and "I agree"), which concludes it: contracted, payouts planned, the
 * settlement deadline set. A second confirmation changes nothing.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../../lib/http/tenant.ts";
import { applicantAward, confirmContract } from "../../../../app/grant_awards.ts";
import {
  AWARD_MESSAGES,
  type AwardFieldError,
  validateConfirmation,
} from "../../../../domain/grant_awards.ts";
import { czechDate } from "../../../../domain/grants.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { formatDateTime } from "../../../../lib/http/format.ts";
import { AwardFacts, PayoutTable } from "../../../../components/grants/AwardFacts.tsx";
import { Notice } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { ChoiceControl } from "../../../../components/form/ChoiceControl.tsx";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../../../../components/form/mod.ts";

async function load(state: Parameters<typeof personActor>[0], id: string) {
  const d = await applicantAward({ db: getDb() }, personActor(state), id);
  if (!d || !d.contract) throw new HttpError(404);
  return d;
}

type Detail = Awaited<ReturnType<typeof load>>;

interface Data {
  d: Detail;
  account: string;
  agree: boolean;
  errors: AwardFieldError[];
  notice: "confirmed" | "wrongState" | null;
}

function filedAccount(values: unknown): string {
  const v = (values ?? {}) as Record<string, unknown>;
  const a = v.bankAccount ?? v.account;
  return typeof a === "string" ? a : "";
}

export const handler = define.handlers({
  async GET(ctx) {
    const d = await load(ctx.state, ctx.params.id);
    return page<Data>({
      d,
      account: filedAccount(d.award.values),
      agree: false,
      errors: [],
      notice: ctx.url.searchParams.has("potvrzeno") ? "confirmed" : null,
    });
  },
  async POST(ctx) {
    const d = await load(ctx.state, ctx.params.id);
    const form = await ctx.formData();
    const v = validateConfirmation(form);
    if (!v.ok) {
      return page<Data>({
        d,
        account: String(form.get("account") ?? "").slice(0, 60),
        agree: form.get("agree") === "on",
        errors: v.errors,
        notice: null,
      }, { status: 422 });
    }
    const r = await confirmContract({ db: getDb() }, personActor(ctx.state), {
      applicationId: d.award.id,
      account: v.value.account,
      now: new Date(),
      origin: tenantOrigin(ctx.state.tenant),
    });
    if (!r.ok) {
      if (r.code === "wrongState") {
        return page<Data>({ d, account: "", agree: false, errors: [], notice: "wrongState" }, {
          status: 409,
        });
      }
      throw new HttpError(404);
    }
    return ctx.redirect(`/ucet/dotace/${d.award.id}/smlouva?potvrzeno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { d } = data;
  const c = d.contract!;
  const te = withErrorMessages(t, AWARD_MESSAGES);
  const labels = {
    account: t("grantAwards.contract.account"),
    agree: t("grantAwards.contract.agree"),
  };
  const base = `/ucet/dotace/${d.award.id}`;
  return (
    <div class="narrow">
      <PageTitle title={`${c.number} – ${t("grantAwards.contract.title")}`} state={state} />
      <p>
        <a href={base}>{t("grantAwards.back")}</a>
      </p>
      <h1>{t("grantAwards.contract.title")}</h1>
      {data.notice === "confirmed" && (
        <Notice type="success" t={t} title={t("grantAwards.contract.confirmedNotice")} />
      )}
      {data.notice === "wrongState" && (
        <Notice type="error" t={t} title={t("grantAwards.errors.wrongState")} />
      )}
      <AwardFacts d={d} t={t} />
      <p>
        {t("grantAwards.contract.summary", {
          number: c.number,
          amount: formatCzk(Number(c.granted_halere)),
          instalments: c.instalments,
          due: czechDate(c.settlement_due),
        })}
      </p>
      <ul>
        <li>
          <a href={`${base}/smlouva.pdf`}>{t("grantAwards.contract.pdf")}</a>
        </li>
        <li>
          <a href={`${base}/smlouva.docx`}>{t("grantAwards.contract.docx")}</a>
        </li>
      </ul>
      <p class="muted">{t("grantAwards.contract.sha", { sha: c.sha256 ?? "" })}</p>
      {c.confirmed_at
        ? (
          <>
            <p>
              {t("grantAwards.contract.confirmedAt", {
                at: formatDateTime(c.confirmed_at, locale),
              })}
            </p>
            <h2>{t("grantAwards.payouts.heading")}</h2>
            <PayoutTable d={d} t={t} />
          </>
        )
        : d.award.state === "granted" && (
          <>
            <h2>{t("grantAwards.contract.confirmHeading")}</h2>
            <ErrorSummary errors={data.errors} t={te} labels={labels} />
            <form method="post" action={`${base}/smlouva`} novalidate>
              <CsrfField token={state.csrfToken} />
              <TextField
                name="account"
                label={labels.account}
                hint={t("grantAwards.contract.accountHint")}
                value={data.account}
                required
                maxLength={60}
                errors={data.errors}
                t={te}
              />
              <ChoiceControl
                type="checkbox"
                id="field-agree"
                name="agree"
                value="on"
                checked={data.agree}
                invalid={data.errors.some((e) => e.field === "agree")}
                describedBy={data.errors.some((e) => e.field === "agree")
                  ? "field-agree-error"
                  : undefined}
                required
              >
                {labels.agree}
              </ChoiceControl>
              {data.errors.some((e) => e.field === "agree") && (
                <p
                  class="gov-form-message form-field__error"
                  data-color="error"
                  data-size="m"
                  id="field-agree-error"
                >
                  {te("grantAwards.errors.mustConfirm")}
                </p>
              )}
              <SubmitButton>{t("grantAwards.contract.confirm")}</SubmitButton>
            </form>
          </>
        )}
    </div>
  );
});
