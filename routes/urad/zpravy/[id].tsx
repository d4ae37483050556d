/**
 * One broadcast's delivery report (issue 13): its state and counts by channel and state
 * (updating live while it sends), the failures (SMS numbers masked) with their reasons, the
 * texts as sent, who created or cancelled it (the history), and while it is scheduled or
 * sending, the cancel form (a reason; a confirmation page first). Cancelling stops at once:
 * what was not sent is marked cancelled in the same transaction and is never sent.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import { broadcastReport, CANCEL_REASON_MAX, cancelBroadcast } from "../../../app/broadcasts.ts";
import { subjectHistory } from "../../../app/history.ts";
import { checkText, cleanText, type FieldError } from "../../../domain/validation.ts";
import { maskPhone } from "../../../domain/identity.ts";
import { formatPragueDateTime } from "../../../domain/time.ts";
import { History } from "../../../components/history/History.tsx";
import { CsrfField, ErrorSummary, SubmitButton, TextArea } from "../../../components/form/mod.ts";
import { Alert, Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../components/layout/DataTable.tsx";
import { ConfirmAction } from "../../../components/layout/ConfirmAction.tsx";
import { WorkflowFact } from "../../../components/operators/WorkflowFact.tsx";
import { temporalUiLinkFor } from "../../../lib/http/operators.ts";
import DeliveryProgress, { DELIVERY_COLUMNS } from "../../../islands/DeliveryProgress.tsx";
import type { Translate } from "../../../lib/state.ts";

type Problem = "alreadyFinished" | null;

async function load(tenantId: string, id: string) {
  const db = getDb();
  const report = await broadcastReport(db, tenantId, id);
  if (!report) throw new HttpError(404);
  const history = await subjectHistory({ db }, tenantId, { type: "broadcast", id });
  return { ...report, history };
}

function when(d: Date | null): string {
  return d ? formatPragueDateTime(d).slice(0, 16).replace("T", " ") : "—";
}

const open = (status: string) => status === "scheduled" || status === "sending";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "messages");
    const data = await load(ctx.state.tenant.id, ctx.params.id);
    return page({
      ...data,
      reason: "",
      errors: [] as FieldError[],
      problem: null as Problem,
      sent: ctx.url.searchParams.has("odeslano"),
      cancelled: ctx.url.searchParams.has("zruseno"),
      confirm: false,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "messages");
    const { tenant, clerk, requestId } = ctx.state;
    const form = await ctx.formData();
    const reason = cleanText(form.get("reason"));
    const data = await load(tenant.id, ctx.params.id);
    const base = { ...data, sent: false, cancelled: false };
    if (!isConfirmed(form)) {
      const errors: FieldError[] = [];
      checkText(errors, "reason", reason, { required: true, max: CANCEL_REASON_MAX });
      const done = !open(data.broadcast.status);
      if (done || errors.length) {
        return page({
          ...base,
          reason: reason.slice(0, CANCEL_REASON_MAX + 100),
          errors,
          problem: (done ? "alreadyFinished" : null) as Problem,
          confirm: false,
        }, { status: done ? 409 : 422 });
      }
      return page({ ...base, reason, errors, problem: null as Problem, confirm: true });
    }
    const r = await cancelBroadcast(
      { db: getDb() },
      { tenantId: tenant.id, clerkId: clerk.clerkId, requestId },
      { broadcastId: ctx.params.id, reason, now: new Date() },
    );
    if (r.ok) return ctx.redirect(`/urad/zpravy/${ctx.params.id}?zruseno=1`);
    if (r.code === "notFound") throw new HttpError(404);
    return page({
      ...base,
      reason: reason.slice(0, CANCEL_REASON_MAX + 100),
      errors: r.code === "invalid" ? r.errors : [],
      problem: (r.code === "alreadyFinished" ? "alreadyFinished" : null) as Problem,
      confirm: false,
    }, { status: r.code === "invalid" ? 422 : 409 });
  },
});

function progressTexts(t: Translate) {
  return {
    caption: t("broadcasts.report.countsCaption"),
    channel: t("broadcasts.report.channel"),
    total: t("broadcasts.report.total"),
    statusLabel: t("broadcasts.column.status"),
    states: Object.fromEntries(DELIVERY_COLUMNS.map((s) => [s, t(`broadcasts.delivery.${s}`)])),
    channels: { email: t("broadcasts.channel.email"), sms: t("broadcasts.channel.sms") },
    statuses: Object.fromEntries(
      ["scheduled", "sending", "sent", "cancelled", "failed"].map((s) => [
        s,
        t(`broadcasts.status.${s}`),
      ]),
    ),
  };
}

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { broadcast: b, counts, failures, errors } = data;
  const action = `/urad/zpravy/${b.id}`;
  if (data.confirm) {
    return (
      <ConfirmAction
        state={state}
        action={action}
        title={t("broadcasts.cancel.confirmTitle")}
        consequence={t("broadcasts.cancel.consequence")}
        summary={[
          { label: t("broadcasts.column.subject"), value: b.subject },
          { label: t("broadcasts.cancel.reason"), value: data.reason },
        ]}
        hidden={{ reason: data.reason }}
        confirmLabel={t("broadcasts.cancel.confirm")}
        backHref={action}
      />
    );
  }
  return (
    <div>
      <PageTitle title={b.subject} state={state} />
      <p>
        <a href="/urad/zpravy">{t("broadcasts.backToList")}</a>
      </p>
      <h1>{b.subject}</h1>
      {data.sent && <Notice type="success" t={t} title={t("broadcasts.report.sentNotice")} />}
      {data.cancelled && (
        <Notice type="success" t={t} title={t("broadcasts.report.cancelledNotice")} />
      )}
      {data.problem && <Alert t={t} title={t(`broadcasts.cancel.${data.problem}`)} />}
      <DeliveryProgress
        id={b.id}
        initial={{ status: b.status, total: b.recipients_total, counts }}
        channels={b.channels}
        texts={progressTexts(t)}
      />
      <p>
        <a href={action}>{t("broadcasts.report.refresh")}</a>
      </p>
      <dl class="facts">
        <div>
          <dt>{t("broadcasts.report.sendAt")}</dt>
          <dd>{when(b.send_at)}</dd>
        </div>
        <div>
          <dt>{t("broadcasts.report.finishedAt")}</dt>
          <dd>{when(b.finished_at)}</dd>
        </div>
        <div>
          <dt>{t("broadcasts.column.recipients")}</dt>
          <dd>{b.recipients_total ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("broadcasts.report.createdBy")}</dt>
          <dd>{b.created_by_name ?? "—"}</dd>
        </div>
        {b.crisis && (
          <div>
            <dt>{t("broadcasts.form.crisis")}</dt>
            <dd>{t("broadcasts.yes")}</dd>
          </div>
        )}
        {b.cancel_reason && (
          <div>
            <dt>{t("broadcasts.cancel.reason")}</dt>
            <dd>{b.cancel_reason}</dd>
          </div>
        )}
        {b.notice_id && (
          <div>
            <dt>{t("broadcasts.confirm.notice")}</dt>
            <dd>
              <a href={`/urad/uredni-deska/${b.notice_id}`}>{t("broadcasts.report.noticeLink")}</a>
            </dd>
          </div>
        )}
        {b.workflow_id && (
          <WorkflowFact
            workflowId={b.workflow_id}
            uiLink={temporalUiLinkFor(state.clerk, b.workflow_id)}
            t={t}
          />
        )}
      </dl>
      <h2>{t("broadcasts.report.failuresHeading")}</h2>
      <DataTable
        caption={t("broadcasts.report.failuresHeading")}
        captionHidden
        rows={failures}
        rowKey={(f) => f.id}
        empty={t("broadcasts.report.noFailures")}
        columns={[
          {
            header: t("broadcasts.report.address"),
            rowHeader: true,
            cell: (f) => f.channel === "sms" ? maskPhone(f.address) : f.address,
          },
          {
            header: t("broadcasts.report.channel"),
            cell: (f) => t(`broadcasts.channel.${f.channel}`),
          },
          { header: t("broadcasts.report.error"), cell: (f) => f.error ?? "—" },
          { header: t("broadcasts.report.failedAt"), cell: (f) => when(f.failed_at) },
        ]}
      />
      <h2>{t("broadcasts.report.textsHeading")}</h2>
      <h3>{t("broadcasts.channel.email")}</h3>
      <pre class="broadcast-text">{b.body}</pre>
      {b.sms_body && (
        <>
          <h3>{t("broadcasts.channel.sms")}</h3>
          <pre class="broadcast-text">{b.sms_body}</pre>
        </>
      )}
      {open(b.status) && (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("broadcasts.cancel.heading")}</h2>
          <ErrorSummary errors={errors} t={t} labels={{ reason: t("broadcasts.cancel.reason") }} />
          <form method="post" action={action} novalidate>
            <CsrfField token={state.csrfToken} />
            <TextArea
              name="reason"
              label={t("broadcasts.cancel.reason")}
              value={data.reason}
              required
              rows={3}
              maxLength={CANCEL_REASON_MAX}
              errors={errors}
              t={t}
            />
            <SubmitButton variant="secondary">{t("broadcasts.cancel.submit")}</SubmitButton>
          </form>
        </section>
      )}
      <History entries={data.history} t={t} locale={locale} />
    </div>
  );
});
