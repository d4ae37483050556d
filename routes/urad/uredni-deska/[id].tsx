/**
 * One notice as the office sees it: state, dates, documents, its audit trail, and early
 * withdrawal. Withdrawal is queued for the notice's workflow (a validated Update) and the page
 * waits a few seconds for the notice to be really down; if the workflow has not answered by
 * then, the page says the withdrawal is being processed and refreshes itself until it has.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { getOutcomeWaiter } from "../../../lib/outcomes.ts";
import { findNotice, listDocuments } from "../../../db/repositories/notices.ts";
import { subjectHistory } from "../../../app/history.ts";
import { WITHDRAW_REASON_MAX, withdrawalState, withdrawNotice } from "../../../app/notices.ts";
import { isTakenDown } from "../../../domain/notice.ts";
import { checkText, cleanText, type FieldError } from "../../../domain/validation.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import { WithdrawConfirm } from "../../../components/notices/NoticeConfirm.tsx";
import { formatBytes } from "../../../lib/http/format.ts";
import { NoticeDates } from "../../../components/notices/NoticeDates.tsx";
import { History } from "../../../components/history/History.tsx";
import { CsrfField, ErrorSummary, SubmitButton, TextArea } from "../../../components/form/mod.ts";
import { Alert, Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ProcessingNotice } from "../../../components/layout/ProcessingNotice.tsx";
import { WorkflowFact } from "../../../components/operators/WorkflowFact.tsx";
import { temporalUiLinkFor } from "../../../lib/http/operators.ts";

type Problem = "alreadyTakenDown" | "failed" | null;

async function load(tenantId: string, id: string) {
  const db = getDb();
  const notice = await findNotice(db, tenantId, id);
  if (!notice) throw new HttpError(404);
  const [documents, history, withdrawal] = await Promise.all([
    listDocuments(db, tenantId, notice.id),
    subjectHistory({ db }, tenantId, { type: "notice", id: notice.id }),
    withdrawalState(db, tenantId, notice.id),
  ]);
  return {
    notice,
    documents,
    history,
    processing: !isTakenDown(notice.status) && withdrawal.state === "processing",
    failed: !isTakenDown(notice.status) && withdrawal.state === "failed",
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "notices");
    const data = await load(ctx.state.tenant.id, ctx.params.id);
    return page({
      ...data,
      reason: "",
      errors: [] as FieldError[],
      problem: (data.failed ? "failed" : null) as Problem,
      posted: ctx.url.searchParams.has("vyveseno"),
      // After "being processed" the page refreshed itself until the notice came down.
      withdrawn: (ctx.url.searchParams.has("stazeno") || ctx.url.searchParams.has("zpracovava")) &&
        data.notice.status === "withdrawn",
      confirm: false,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "notices");
    const { tenant, clerk, requestId } = ctx.state;
    const form = await ctx.formData();
    const reason = cleanText(form.get("reason"));
    if (!isConfirmed(form)) {
      // The confirmation page first (issue 10): nothing is queued or audited until it is sent.
      const data = await load(tenant.id, ctx.params.id);
      const errors: FieldError[] = [];
      checkText(errors, "reason", reason, { required: true, max: WITHDRAW_REASON_MAX });
      const gone = isTakenDown(data.notice.status);
      if (gone || errors.length || data.processing) {
        return page({
          ...data,
          reason: reason.slice(0, WITHDRAW_REASON_MAX + 100),
          errors,
          problem: (gone ? "alreadyTakenDown" : null) as Problem,
          posted: false,
          withdrawn: false,
          confirm: false,
        }, { status: gone || data.processing ? 409 : 422 });
      }
      return page({
        ...data,
        reason,
        errors,
        problem: null,
        posted: false,
        withdrawn: false,
        confirm: true,
      });
    }
    const result = await withdrawNotice(
      { db: getDb(), outcomes: getOutcomeWaiter() },
      { tenantId: tenant.id, clerkId: clerk.clerkId, requestId },
      { noticeId: ctx.params.id, reason },
    );
    if (result.ok) {
      return ctx.redirect(
        `/urad/uredni-deska/${ctx.params.id}?${
          result.status === "withdrawn" ? "stazeno=1" : "zpracovava=1"
        }`,
      );
    }
    if (result.code === "notFound") throw new HttpError(404);
    const data = await load(tenant.id, ctx.params.id);
    const [problem, status]: [Problem, number] = result.code === "invalid"
      ? [null, 422]
      : result.code === "alreadyTakenDown"
      ? ["alreadyTakenDown", 409]
      : ["failed", 409];
    return page({
      ...data,
      reason: reason.slice(0, WITHDRAW_REASON_MAX + 100),
      errors: result.code === "invalid" ? result.errors : [],
      problem,
      posted: false,
      withdrawn: false,
      confirm: false,
    }, { status });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { notice, documents, history, errors } = data;
  if (data.confirm) return <WithdrawConfirm state={state} notice={notice} reason={data.reason} />;
  return (
    <div>
      <PageTitle title={notice.title} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{notice.title}</h1>
      {data.posted && <Notice type="success" t={t} title={t("office.posted")} />}
      {data.withdrawn && <Notice type="success" t={t} title={t("office.withdrawn")} />}
      {data.problem && <Alert t={t} title={t(`office.problem.${data.problem}`)} />}
      {data.processing && (
        <ProcessingNotice
          title={t("office.withdrawProcessing")}
          hint={t("office.withdrawProcessingHint")}
          t={t}
        />
      )}
      <p>
        {t("office.table.status")}:{" "}
        <strong class={`status status--${notice.status}`}>
          {t(`noticeBoard.status.${notice.status}`)}
        </strong>
        {notice.status !== "scheduled" && (
          <>
            {" · "}
            <a href={`/uredni-deska/${notice.id}`}>{t("office.publicPage")}</a>
          </>
        )}
      </p>
      <dl class="notice-facts">
        <div>
          <dt>{t("noticeBoard.referenceNumber")}</dt>
          <dd>{notice.reference_number ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("noticeBoard.agenda")}</dt>
          <dd>{notice.agenda ?? "—"}</dd>
        </div>
        {notice.withdrawn_reason && (
          <div>
            <dt>{t("office.form.reason")}</dt>
            <dd>{notice.withdrawn_reason}</dd>
          </div>
        )}
        <WorkflowFact
          workflowId={notice.workflow_id}
          uiLink={temporalUiLinkFor(state.clerk, notice.workflow_id)}
          t={t}
        />
      </dl>
      {notice.description && <p>{notice.description}</p>}
      <NoticeDates
        postedFrom={notice.posted_from}
        relevantUntil={notice.relevant_until}
        takenDownAt={notice.taken_down_at}
        posted={notice.status !== "scheduled"}
        t={t}
        locale={locale}
      />
      <h2>{t("noticeBoard.documentsHeading")}</h2>
      {documents.length === 0 ? <p>{t("noticeBoard.noDocuments")}</p> : (
        <ul>
          {documents.map((d) => (
            <li>
              <a href={`/uredni-deska/${notice.id}/dokumenty/${d.id}`}>{d.file_name}</a>{" "}
              ({formatBytes(d.size_bytes, locale)})
            </li>
          ))}
        </ul>
      )}
      {!isTakenDown(notice.status) && !data.processing && (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">{t("office.withdrawHeading")}</h2>
          <ErrorSummary errors={errors} t={t} labels={{ reason: t("office.form.reason") }} />
          <form method="post" novalidate>
            <CsrfField token={state.csrfToken} />
            <TextArea
              name="reason"
              label={t("office.form.reason")}
              hint={t("office.form.reasonHint")}
              value={data.reason}
              required
              rows={3}
              maxLength={500}
              errors={errors}
              t={t}
            />
            <SubmitButton variant="secondary">{t("office.withdrawSubmit")}</SubmitButton>
          </form>
        </section>
      )}
      <History entries={history} t={t} locale={locale} />
    </div>
  );
});
