/**
 * One notice as the office sees it: state, dates, documents, its audit trail, and early
 * withdrawal. Withdrawal goes to the notice's workflow as a validated Update and is answered
 * only once the notice is really down.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from "@temporalio/client";
import { define } from "../../../lib/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/auth.ts";
import { getTemporalClient, noticeHandle } from "../../../lib/temporal.ts";
import { describeError, log } from "../../../lib/log.ts";
import { findNotice, listDocuments } from "../../../db/repositories/notices.ts";
import { appendAudit, listAudit } from "../../../db/repositories/audit.ts";
import { withdrawNotice } from "../../../workflows/notice.ts";
import { isTakenDown } from "../../../domain/notice.ts";
import { checkText, cleanText, type FieldError } from "../../../domain/validation.ts";
import { formatBytes, formatDateTime } from "../../../lib/format.ts";
import { NoticeDates } from "../../../components/notices/NoticeDates.tsx";
import { CsrfField, ErrorSummary, SubmitButton, TextArea } from "../../../components/form/mod.ts";
import { Alert, Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

type Problem = "alreadyTakenDown" | "unavailable" | null;

async function load(tenantId: string, id: string) {
  const db = getDb();
  const notice = await findNotice(db, tenantId, id);
  if (!notice) throw new HttpError(404);
  const [documents, history] = await Promise.all([
    listDocuments(db, tenantId, notice.id),
    listAudit(db, tenantId, notice.id),
  ]);
  return { notice, documents, history };
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "notices");
    const data = await load(ctx.state.tenant.id, ctx.params.id);
    return page({
      ...data,
      reason: "",
      errors: [] as FieldError[],
      problem: null as Problem,
      posted: ctx.url.searchParams.has("vyveseno"),
      withdrawn: ctx.url.searchParams.has("stazeno"),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "notices");
    const { tenant, clerk, requestId } = ctx.state;
    const data = await load(tenant.id, ctx.params.id);
    const reason = cleanText((await ctx.formData()).get("reason"));
    const errors: FieldError[] = [];
    checkText(errors, "reason", reason, { required: true, max: 500 });
    const render = (problem: Problem, status: number) =>
      page({
        ...data,
        reason: reason.slice(0, 600),
        errors,
        problem,
        posted: false,
        withdrawn: false,
      }, {
        status,
      });
    if (errors.length) return render(null, 422);
    if (isTakenDown(data.notice.status)) return render("alreadyTakenDown", 409);

    await appendAudit(getDb(), {
      tenantId: tenant.id,
      actorType: "clerk",
      actorId: clerk.clerkId,
      action: "notice.withdraw_requested",
      subjectType: "notice",
      subjectId: data.notice.id,
      requestId,
    });
    try {
      const handle = noticeHandle(await getTemporalClient(), data.notice.workflow_id);
      await handle.executeUpdate(withdrawNotice, {
        args: [{ reason, clerkId: clerk.clerkId, requestId }],
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
        // Rejected by the workflow's validator, or the case has already finished.
        return render("alreadyTakenDown", 409);
      }
      log.warn("notice withdrawal failed", {
        noticeId: data.notice.id,
        requestId,
        ...describeError(err),
      });
      return render("unavailable", 503);
    }
    return ctx.redirect(`/urad/uredni-deska/${data.notice.id}?stazeno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { notice, documents, history, errors } = data;
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
      </dl>
      {notice.description && <p>{notice.description}</p>}
      <NoticeDates
        postedFrom={notice.posted_from}
        relevantUntil={notice.relevant_until}
        takenDownAt={notice.taken_down_at}
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
      {!isTakenDown(notice.status) && (
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
      <h2>{t("office.historyHeading")}</h2>
      <ol class="history">
        {history.map((h) => (
          <li>
            <time dateTime={h.occurred_at.toISOString()}>
              {formatDateTime(h.occurred_at, locale)}
            </time>{" "}
            {t(`office.audit.${h.action.replace(/\./g, "_")}`)}
          </li>
        ))}
      </ol>
    </div>
  );
});
