/**
 * The settlement report (vyúčtování) of a grant (issue 14): the application's budget lines with
 * their actual costs and the part paid from the grant, and a narrative report. Filed once; late
 * when after the contract's deadline. Afterwards the page shows what was filed and the clerk's
 * outcome (accepted, or a return to pay, which is also in "Platby a poplatky").
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../../lib/http/tenant.ts";
import { applicantAward, submitSettlement } from "../../../../app/grant_awards.ts";
import {
  AWARD_MESSAGES,
  type AwardFieldError,
  checkSettlementFiles,
  crownsOf,
  REPORT_MAX,
  SETTLEMENT_FILES,
  type SettlementFormValues,
  settlementFormValues,
  validateSettlement,
} from "../../../../domain/grant_awards.ts";
import { czechDate } from "../../../../domain/grants.ts";
import { sha256Hex, sniffMediaType } from "../../../../domain/files.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { AwardFacts } from "../../../../components/grants/AwardFacts.tsx";
import { SettlementSummary } from "../../../../components/grants/SettlementSummary.tsx";
import { Notice } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import {
  CsrfField,
  ErrorSummary,
  FileField,
  SubmitButton,
  TextArea,
  TextField,
  withErrorMessages,
} from "../../../../components/form/mod.ts";

async function load(state: Parameters<typeof personActor>[0], id: string) {
  const d = await applicantAward({ db: getDb() }, personActor(state), id);
  if (!d || !d.contract?.confirmed_at) throw new HttpError(404);
  return d;
}

type Detail = Awaited<ReturnType<typeof load>>;

interface Data {
  d: Detail;
  values: SettlementFormValues;
  errors: AwardFieldError[];
  notice: "filed" | "filedLate" | "wrongState" | null;
}

function emptyValues(d: Detail): SettlementFormValues {
  return {
    lines: d.budget.map((b) => ({ amount: crownsOf(b.plannedAmount), grant: "" })),
    report: "",
  };
}

/** The uploaded files (empty inputs skipped), with their media type judged by content. */
async function filesOf(form: FormData) {
  const files = form.getAll("attachments").filter((f): f is File => f instanceof File && f.size > 0)
    .slice(0, SETTLEMENT_FILES.max + 1);
  return await Promise.all(files.map(async (f) => {
    const bytes = f.size > SETTLEMENT_FILES.maxBytes
      ? new Uint8Array(0)
      : new Uint8Array(await f.arrayBuffer());
    return {
      fileName: f.name.slice(0, 200) || "priloha",
      bytes,
      mediaType: f.size > SETTLEMENT_FILES.maxBytes ? null : sniffMediaType(bytes),
      sha256: await sha256Hex(bytes),
      tooLarge: f.size > SETTLEMENT_FILES.maxBytes,
    };
  }));
}

export const handler = define.handlers({
  async GET(ctx) {
    const d = await load(ctx.state, ctx.params.id);
    const q = ctx.url.searchParams;
    return page<Data>({
      d,
      values: emptyValues(d),
      errors: [],
      notice: q.has("podano") ? (q.get("podano") === "pozde" ? "filedLate" : "filed") : null,
    });
  },
  async POST(ctx) {
    const d = await load(ctx.state, ctx.params.id);
    const form = await ctx.formData();
    const v = validateSettlement(form, d.budget, Number(d.award.paid_halere));
    const uploads = await filesOf(form);
    const fileErrors = checkSettlementFiles(
      uploads.map((f) => ({
        fileName: f.fileName,
        size: f.tooLarge ? SETTLEMENT_FILES.maxBytes + 1 : f.bytes.length,
        mediaType: f.mediaType,
      })),
    );
    if (!v.ok || fileErrors.length) {
      return page<Data>({
        d,
        values: settlementFormValues(form, d.budget.length),
        errors: [...(v.ok ? [] : v.errors), ...fileErrors],
        notice: null,
      }, { status: 422 });
    }
    const r = await submitSettlement({ db: getDb() }, personActor(ctx.state), {
      applicationId: d.award.id,
      draft: v.value,
      files: uploads.map((f) => ({
        fileName: f.fileName,
        bytes: f.bytes,
        sha256: f.sha256,
        mediaType: f.mediaType!,
      })),
      now: new Date(),
      origin: tenantOrigin(ctx.state.tenant),
    });
    if (!r.ok) {
      if (r.code === "notFound") throw new HttpError(404);
      return page<Data>({ d, values: emptyValues(d), errors: [], notice: "wrongState" }, {
        status: 409,
      });
    }
    return ctx.redirect(
      `/ucet/dotace/${d.award.id}/vyuctovani?podano=${r.late ? "pozde" : "vcas"}`,
    );
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { d } = data;
  const te = withErrorMessages(t, AWARD_MESSAGES);
  const labels: Record<string, string> = {
    report: t("grantAwards.settlement.report"),
    attachments: t("grantAwards.settlement.attachments"),
  };
  d.budget.forEach((b, i) => {
    labels[`line${i}Amount`] = t("grantAwards.settlement.lineAmount", { line: b.description });
    labels[`line${i}Grant`] = t("grantAwards.settlement.lineGrant", { line: b.description });
  });
  const base = `/ucet/dotace/${d.award.id}`;
  const open = !d.settlement && (d.award.state === "paid" || d.award.state === "contracted");
  return (
    <div class="narrow">
      <PageTitle
        title={`${d.award.reference} – ${t("grantAwards.settlement.title")}`}
        state={state}
      />
      <p>
        <a href={base}>{t("grantAwards.back")}</a>
      </p>
      <h1>{t("grantAwards.settlement.title")}</h1>
      {data.notice === "filed" && (
        <Notice type="success" t={t} title={t("grantAwards.settlement.filedNotice")} />
      )}
      {data.notice === "filedLate" && (
        <Notice type="warning" t={t} title={t("grantAwards.settlement.filedLateNotice")} />
      )}
      {data.notice === "wrongState" && (
        <Notice type="error" t={t} title={t("grantAwards.errors.wrongState")} />
      )}
      <AwardFacts d={d} t={t} />
      {d.settlement && (
        <SettlementSummary
          d={d}
          t={t}
          locale={state.locale}
          fileHref={(id) => `/ucet/podani/${d.award.case_id}/prilohy/${id}`}
        />
      )}
      {d.obligation && (
        <Notice type="warning" t={t} title={t("grantAwards.settlement.returnHeading")}>
          <p>
            {t("grantAwards.settlement.returnText", {
              amount: formatCzk(d.obligation.amount_halere),
              due: czechDate(d.obligation.due_date),
              vs: d.obligation.variable_symbol,
            })}
          </p>
          <p>
            <a href="/ucet">{t("grantAwards.settlement.returnLink")}</a>
          </p>
        </Notice>
      )}
      {open && (
        <>
          {d.award.settlement_due && (
            <p>{t("grantAwards.settlement.due", { due: czechDate(d.award.settlement_due) })}</p>
          )}
          <ErrorSummary errors={data.errors} t={te} labels={labels} />
          <form
            method="post"
            action={`${base}/vyuctovani`}
            enctype="multipart/form-data"
            novalidate
          >
            <CsrfField token={state.csrfToken} />
            {d.budget.map((b, i) => (
              <fieldset key={b.position} class="gov-fieldset settlement-line">
                <legend>
                  {b.description} ({b.categoryName}
                  {b.eligible ? "" : `, ${t("grantAwards.settlement.ineligible")}`})
                </legend>
                <p class="muted">
                  {t("grantAwards.settlement.planned", {
                    amount: formatCzk(b.plannedAmount),
                    grant: formatCzk(b.plannedGrant),
                  })}
                </p>
                <TextField
                  name={`line${i}Amount`}
                  label={labels[`line${i}Amount`]}
                  value={data.values.lines[i]?.amount}
                  inputMode="decimal"
                  required
                  width="m"
                  errors={data.errors}
                  t={te}
                />
                <TextField
                  name={`line${i}Grant`}
                  label={labels[`line${i}Grant`]}
                  value={data.values.lines[i]?.grant}
                  inputMode="decimal"
                  required
                  width="m"
                  errors={data.errors}
                  t={te}
                />
              </fieldset>
            ))}
            <TextArea
              name="report"
              label={labels.report}
              hint={t("grantAwards.settlement.reportHint")}
              value={data.values.report}
              required
              maxLength={REPORT_MAX}
              errors={data.errors}
              t={te}
            />
            <FileField
              name="attachments"
              label={labels.attachments}
              hint={t("grantAwards.settlement.attachmentsHint")}
              multiple
              accept=".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain"
              errors={data.errors}
              t={te}
            />
            <SubmitButton>{t("grantAwards.settlement.submit")}</SubmitButton>
          </form>
        </>
      )}
    </div>
  );
});
