/**
 * The clerk's queue: cases of the agendas their roles cover, in their town, oldest first,
 * filtered by situation and state; overdue and escalated cases are marked. Claim and release
 * from the list. Every view is audited.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { listQueue } from "../../../db/repositories/cases.ts";
import { appendAudit } from "../../../db/repositories/audit.ts";
import { claimCase } from "../../../app/cases.ts";
import {
  CASE_SITUATIONS,
  CASE_STATES,
  type CaseState,
  clerkAgendas,
  isOverdue,
} from "../../../domain/cases.ts";
import { cleanText } from "../../../domain/validation.ts";
import { formatDate, formatDateTime } from "../../../lib/http/format.ts";
import { CsrfField, Select, SubmitButton } from "../../../components/form/mod.ts";
import { Alert } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { CaseStateTag } from "../../../components/cases/CaseParts.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const { tenant, clerk, requestId } = ctx.state;
    const q = ctx.url.searchParams;
    const slug = q.get("situace") ?? "";
    const stateParam = q.get("stav") ?? "";
    const state = (CASE_STATES as readonly string[]).includes(stateParam)
      ? stateParam as CaseState
      : undefined;
    const agendas = clerkAgendas(clerk.roles);
    const db = getDb();
    const rows = await listQueue(db, tenant.id, {
      agendas,
      slug: slug in CASE_SITUATIONS ? slug : undefined,
      state,
      mine: q.has("moje") ? clerk.clerkId : undefined,
    });
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: "clerk",
      actorId: clerk.clerkId,
      action: "case.queue_viewed",
      subjectType: "case-queue",
      requestId,
      details: { count: rows.length },
    });
    return page({
      rows,
      now: new Date(),
      slug,
      state: stateParam,
      mine: q.has("moje"),
      noAgenda: agendas !== "all" && agendas.length === 0,
      problem: q.get("problem"),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state);
    const { tenant, clerk, requestId } = ctx.state;
    const form = await ctx.formData();
    const caseId = cleanText(form.get("caseId"));
    const result = await claimCase(
      { db: getDb() },
      { tenantId: tenant.id, clerkId: clerk.clerkId, requestId, roles: clerk.roles },
      { caseId, release: form.get("action") === "release" },
    );
    if (!result.ok && result.code === "notFound") throw new HttpError(404);
    return ctx.redirect(result.ok ? "/urad/ukoly" : `/urad/ukoly?problem=${result.code}`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const formName = (slug: string) => {
    const key = `cases.forms.${slug}`;
    return t(key) === key ? slug : t(key);
  };
  const problems = ["taken", "notHolder", "closed"];
  return (
    <div>
      <PageTitle title={t("cases.queue.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("cases.queue.title")}</h1>
      <p>{t("cases.queue.lead")}</p>
      {data.problem && problems.includes(data.problem) && (
        <Alert t={t} title={t(`cases.clerk.problem.${data.problem}`)} />
      )}
      {data.noAgenda && <p>{t("cases.queue.noAgenda")}</p>}
      <form method="get" action="/urad/ukoly" class="case-filters">
        <Select
          name="situace"
          label={t("cases.queue.situation")}
          value={data.slug}
          placeholder={t("cases.queue.all")}
          options={Object.keys(CASE_SITUATIONS).map((s) => ({ value: s, label: formName(s) }))}
          errors={[]}
          t={t}
        />
        <Select
          name="stav"
          label={t("cases.queue.state")}
          value={data.state}
          placeholder={t("cases.queue.open")}
          options={CASE_STATES.map((s) => ({ value: s, label: t(`cases.state.${s}`) }))}
          errors={[]}
          t={t}
        />
        <p class="checkbox">
          <input type="checkbox" id="field-moje" name="moje" checked={data.mine} />{" "}
          <label for="field-moje">{t("cases.queue.mine")}</label>
        </p>
        <SubmitButton variant="secondary">{t("cases.queue.filter")}</SubmitButton>
      </form>
      {data.rows.length === 0
        ? <p>{t("cases.queue.empty")}</p>
        : (
          <TableRegion label={t("cases.queue.title")}>
            <table class="gov-table">
              <thead>
                <tr>
                  <th scope="col">{t("cases.queue.reference")}</th>
                  <th scope="col">{t("cases.queue.situation")}</th>
                  <th scope="col">{t("cases.queue.filedAt")}</th>
                  <th scope="col">{t("cases.queue.due")}</th>
                  <th scope="col">{t("cases.queue.state")}</th>
                  <th scope="col">{t("cases.queue.assignee")}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => {
                  const overdue = isOverdue(r, data.now);
                  return (
                    <tr class={overdue ? "case-row--overdue" : undefined}>
                      <td>
                        <a href={`/urad/ukoly/${r.id}`}>{r.reference}</a>
                      </td>
                      <td>{formName(r.form_slug)}</td>
                      <td>{formatDateTime(r.created_at, locale)}</td>
                      <td>
                        {formatDate(r.due_at, locale)}
                        {overdue && <strong>({t("cases.queue.overdue")})</strong>}
                        {r.escalated_at && <span>· {t("cases.queue.escalated")}</span>}
                      </td>
                      <td>
                        <CaseStateTag
                          state={r.state}
                          assigned={r.assigned_clerk_id !== null}
                          t={t}
                        />
                      </td>
                      <td>
                        {r.assigned_name ?? t("cases.queue.unassigned")}
                        <form method="post" action="/urad/ukoly">
                          <CsrfField token={state.csrfToken} />
                          <input type="hidden" name="caseId" value={r.id} />
                          {r.assigned_clerk_id === state.clerk?.clerkId
                            ? (
                              <>
                                <input type="hidden" name="action" value="release" />
                                <SubmitButton variant="secondary">
                                  {t("cases.queue.release")}
                                </SubmitButton>
                              </>
                            )
                            : r.assigned_clerk_id === null && (
                              <>
                                <input type="hidden" name="action" value="claim" />
                                <SubmitButton variant="secondary">
                                  {t("cases.queue.claim")}
                                </SubmitButton>
                              </>
                            )}
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
        )}
    </div>
  );
});
