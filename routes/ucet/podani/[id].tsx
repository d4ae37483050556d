/**
 * The citizen's case: where it is and everything visible that happened (fed by the workflow's
 * timeline events), what was filed, the files and the receipt. A returned case offers "Opravit
 * podání", which opens the form prefilled; the correction goes back to the same clerk. Until the
 * office decides, the filer may take the filing back ("Vzít podání zpět", confirmed first).
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { citizenCase } from "../../../app/cases.ts";
import { defaultCaseForms } from "../../../app/case_forms.ts";
import { mayWithdrawCase } from "../../../app/case_withdrawal.ts";
import type { CaseState } from "../../../domain/cases.ts";
import { CaseWithdrawForm } from "../../../components/cases/CaseWithdrawForm.tsx";
import { DEFECT_SLUG, defectReportForReporter } from "../../../app/defect_reports.ts";
import { DefectReopenForm } from "../../../components/cases/DefectReopenForm.tsx";
import { GRANT_APPLICATION_SLUG } from "../../../domain/situations/grant_application_form.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import {
  AttachmentList,
  CaseStateTag,
  FiledValues,
  Timeline,
} from "../../../components/cases/CaseParts.tsx";
import { CasePredpis } from "../../../components/cases/CasePredpis.tsx";
import { ProcessingNotice } from "../../../components/layout/ProcessingNotice.tsx";
import { SituationFacts } from "../../../components/cases/SituationFacts.tsx";
import { situationFacts } from "../../../app/case_facts.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const found = await citizenCase({ db: getDb() }, personActor(ctx.state), ctx.params.id);
    if (!found) throw new HttpError(404);
    const form = defaultCaseForms(found.case.form_slug);
    return page({
      ...found,
      definition: form?.definition,
      mayWithdraw: !found.processing && mayWithdrawCase(form, found.case.state as CaseState),
      withdrawn: ctx.url.searchParams.has("vzato-zpet"),
      filed: ctx.url.searchParams.has("podano"),
      resubmitted: ctx.url.searchParams.has("opraveno"),
      reopened: ctx.url.searchParams.has("znovuotevreno"),
      // A defect report: its state and whether the reporter may still reopen it.
      defect: found.case.form_slug === DEFECT_SLUG
        ? await defectReportForReporter(
          { db: getDb(), now: () => new Date() },
          personActor(ctx.state),
          found.case.id,
        )
        : null,
      facts: await situationFacts(getDb(), ctx.state.tenant.id, found.case, "citizen"),
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const c = data.case;
  const formKey = `cases.forms.${c.form_slug}`;
  const formName = t(formKey) === formKey ? c.form_slug : t(formKey);
  const base = `/ucet/podani/${c.id}`;
  return (
    <div>
      <PageTitle title={`${c.reference} – ${formName}`} state={state} />
      <p>
        <a href="/ucet/podani">{t("cases.detail.back")}</a>
      </p>
      <h1>{formName}</h1>
      {data.filed && (
        <Notice
          type="success"
          t={t}
          title={t("cases.detail.filedNotice", { reference: c.reference })}
        />
      )}
      {data.resubmitted && <Notice type="success" t={t} title={t("cases.detail.resubmitted")} />}
      {data.reopened && <Notice type="success" t={t} title={t("defectReports.reopen.done")} />}
      {data.withdrawn && <Notice type="success" t={t} title={t("cases.withdraw.done")} />}
      {data.processing && (
        <ProcessingNotice
          title={t("cases.detail.processing")}
          hint={t("cases.detail.processingHint")}
          t={t}
        />
      )}
      <dl class="notice-facts">
        <div>
          <dt>{t("cases.list.reference")}</dt>
          <dd>{c.reference}</dd>
        </div>
        <div>
          <dt>{t("cases.detail.filedAt")}</dt>
          <dd>{formatDateTime(c.created_at, locale)}</dd>
        </div>
        <div>
          <dt>{t("cases.detail.state")}</dt>
          <dd>
            <CaseStateTag state={c.state} assigned={c.assigned_clerk_id !== null} t={t} />
          </dd>
        </div>
      </dl>
      {c.state === "returned" && c.decision_text && (
        <Notice type="warning" t={t} title={t("cases.detail.returnedMessage")}>
          <p>{c.decision_text}</p>
          {!data.processing && (
            <p>
              <a
                class="gov-button gov-button--primary"
                href={c.form_slug === GRANT_APPLICATION_SLUG &&
                    typeof (c.values as { callId?: unknown }).callId === "string"
                  ? `/dotace/${(c.values as { callId: string }).callId}/zadost?oprava=${c.id}`
                  : `/zivotni-situace/${c.form_slug}/formular?oprava=${c.id}`}
              >
                {t("cases.detail.fix")}
              </a>
            </p>
          )}
        </Notice>
      )}
      <SituationFacts facts={data.facts} t={t} />
      {data.obligation && <CasePredpis o={data.obligation} t={t} />}
      {c.state === "rejected" && c.decision_text && (
        <Notice type="error" t={t} title={t("cases.detail.rejectedReason")}>
          <p>{c.decision_text}</p>
        </Notice>
      )}
      <p>
        <a href={`${base}/potvrzeni.pdf`}>{t("cases.detail.receipt")}</a>
      </p>
      {data.defect?.mayReopen && data.defect.report.reopen_until && !data.processing && (
        <DefectReopenForm
          caseId={c.id}
          until={data.defect.report.reopen_until}
          reason=""
          errors={[]}
          csrfToken={state.csrfToken}
          t={t}
          locale={locale}
        />
      )}
      {data.mayWithdraw && (
        <CaseWithdrawForm caseId={c.id} reason="" errors={[]} csrfToken={state.csrfToken} t={t} />
      )}
      <h2>{t("cases.detail.timeline")}</h2>
      <Timeline events={data.events} t={t} locale={locale} reference={c.reference} />
      <h2>{t("cases.detail.whatFiled")}</h2>
      <FiledValues values={c.values} definition={data.definition} t={t} />
      <h2>{t("cases.detail.attachments")}</h2>
      <AttachmentList
        files={data.attachments}
        href={(id) => `${base}/prilohy/${id}`}
        t={t}
        locale={locale}
      />
    </div>
  );
});
