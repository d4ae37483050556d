/**
 * The reporter reopens their resolved defect report within 30 days, with a reason: an Update
 * to the report's workflow through the outbox (one per round; a double submit is the same).
 * Back to the case page on success; the form again with Czech errors (422) when the reason is
 * missing; 409 when the report may no longer be reopened; 404 when it is not theirs.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { getOutcomeWaiter } from "../../../../lib/outcomes.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { reopenDefectReport } from "../../../../app/defect_reports.ts";
import { cleanText, type FieldError } from "../../../../domain/validation.ts";
import { DEFECT_TEXT_MAX } from "../../../../domain/defect_reports.ts";
import { Alert } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { DefectReopenForm } from "../../../../components/cases/DefectReopenForm.tsx";

export const handler = define.handlers({
  GET(ctx) {
    return ctx.redirect(`/ucet/podani/${encodeURIComponent(ctx.params.id)}`);
  },
  async POST(ctx) {
    const id = ctx.params.id;
    const form = await ctx.formData();
    const reason = cleanText(form.get("reason"));
    const r = await reopenDefectReport(
      { db: getDb(), outcomes: getOutcomeWaiter(), now: () => new Date() },
      personActor(ctx.state),
      { caseId: id, reason },
    );
    if (r.ok) {
      return ctx.redirect(
        `/ucet/podani/${id}?${r.status === "done" ? "znovuotevreno" : "zpracovava"}=1`,
      );
    }
    if (r.code === "notFound") throw new HttpError(404);
    const errors: FieldError[] = r.code === "invalid" ? r.errors : [];
    return page(
      { id, reason: reason.slice(0, DEFECT_TEXT_MAX + 100), errors, refused: r.code !== "invalid" },
      { status: r.code === "invalid" ? 422 : 409 },
    );
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  return (
    <div>
      <PageTitle title={t("defectReports.reopen.heading")} state={state} />
      <p>
        <a href={`/ucet/podani/${data.id}`}>{t("cases.detail.back")}</a>
      </p>
      <h1>{t("defectReports.reopen.heading")}</h1>
      {data.refused
        ? <Alert t={t} title={t("defectReports.reopen.notAllowed")} />
        : (
          <DefectReopenForm
            caseId={data.id}
            reason={data.reason}
            errors={data.errors}
            csrfToken={state.csrfToken}
            t={t}
            locale={locale}
          />
        )}
    </div>
  );
});
