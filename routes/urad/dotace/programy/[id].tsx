/**
 * One grant programme for the clerk (issue 14): its calls (and a link to announce a new one),
 * the edit form (its amount rules, cost categories and criteria are locked once someone has
 * applied: the terms applicants applied under), and its history from the audit log.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { openProgramme, updateProgramme } from "../../../../app/grants.ts";
import { subjectHistory } from "../../../../app/history.ts";
import { listCalls } from "../../../../db/repositories/grants.ts";
import {
  type GrantFieldError,
  type ProgrammeFormValues,
  programmeFormValues,
  programmeValuesOf,
  validateProgramme,
} from "../../../../domain/grants.ts";
import { formatPragueDateTime } from "../../../../domain/time.ts";
import { ProgrammeForm } from "../../../../components/grants/ProgrammeForm.tsx";
import { History } from "../../../../components/history/History.tsx";
import { Alert, Notice } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../../components/layout/DataTable.tsx";

type Problem = "inUse" | "belowGranted" | null;

async function load(tenantId: string, id: string) {
  const db = getDb();
  const opened = await openProgramme(db, tenantId, id);
  if (!opened) throw new HttpError(404);
  const [calls, history] = await Promise.all([
    listCalls(db, tenantId, { programmeId: opened.programme.id }, { limit: 200, offset: 0 }),
    subjectHistory({ db }, tenantId, { type: "grant_programme", id: opened.programme.id }),
  ]);
  return { ...opened, calls: calls.rows, history };
}

interface Data extends Awaited<ReturnType<typeof load>> {
  values: ProgrammeFormValues;
  errors: GrantFieldError[];
  problem: Problem;
  notice: "created" | "saved" | null;
}

function when(d: Date): string {
  return formatPragueDateTime(d).slice(0, 16).replace("T", " ");
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    const loaded = await load(ctx.state.tenant.id, ctx.params.id);
    const q = ctx.url.searchParams;
    return page<Data>({
      ...loaded,
      values: programmeValuesOf(loaded.programme, loaded.costs, loaded.criteria),
      errors: [],
      problem: null,
      notice: q.has("zalozeno") ? "created" : q.has("ulozeno") ? "saved" : null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "grants");
    const { tenant, clerk, requestId } = ctx.state;
    const loaded = await load(tenant.id, ctx.params.id);
    const form = await ctx.formData();
    const result = validateProgramme(form);
    const again = (errors: GrantFieldError[], problem: Problem, status: number) =>
      page<Data>({
        ...loaded,
        values: programmeFormValues(form),
        errors,
        problem,
        notice: null,
      }, { status });
    if (!result.ok) return again(result.errors, null, 422);
    const outcome = await updateProgramme(
      { db: getDb() },
      {
        tenantId: tenant.id,
        clerkId: clerk.clerkId,
        requestId,
      },
      loaded.programme.id,
      result.value,
    );
    switch (outcome) {
      case "updated":
        return ctx.redirect(`/urad/dotace/programy/${loaded.programme.id}?ulozeno=1`);
      case "notFound":
        throw new HttpError(404);
      case "titleTaken":
        return again([{ field: "title", code: "titleTaken" }], null, 409);
      default:
        return again([], outcome, 409);
    }
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { programme } = data;
  return (
    <div class="narrow">
      <PageTitle title={programme.title} state={state} />
      <p>
        <a href="/urad/dotace">{t("grants.office.back")}</a>
      </p>
      <h1>{programme.title}</h1>
      {data.notice && <Notice type="success" t={t} title={t(`grants.office.${data.notice}`)} />}
      {data.problem && <Alert t={t} title={t(`grants.office.${data.problem}`)} />}
      <section aria-labelledby="programme-calls-heading">
        <h2 id="programme-calls-heading">{t("grants.office.programmeCalls")}</h2>
        <p>
          <a
            class="gov-button gov-button--primary"
            data-color="primary"
            data-type="solid"
            href={`/urad/dotace/programy/${programme.id}/vyzva`}
          >
            {t("grants.office.newCall")}
          </a>
        </p>
        <DataTable
          caption={t("grants.office.programmeCalls")}
          captionHidden
          rows={data.calls}
          rowKey={(c) => c.id}
          empty={t("grants.office.noCalls")}
          columns={[
            {
              header: t("grants.column.call"),
              rowHeader: true,
              cell: (c) => <a href={`/urad/dotace/vyzvy/${c.id}`}>{c.title}</a>,
            },
            { header: t("grants.column.state"), cell: (c) => t(`grants.callState.${c.state}`) },
            { header: t("grants.column.opens"), cell: (c) => when(c.opens_at) },
            { header: t("grants.column.closes"), cell: (c) => when(c.closes_at) },
          ]}
        />
      </section>
      <section aria-labelledby="programme-edit-heading">
        <h2 id="programme-edit-heading">{t("grants.office.editProgramme")}</h2>
        <ProgrammeForm
          action={`/urad/dotace/programy/${programme.id}`}
          values={data.values}
          errors={data.errors}
          csrfToken={state.csrfToken}
          t={t}
          submit={t("grants.form.save")}
          level={3}
        />
      </section>
      <History entries={data.history} t={t} locale={locale} />
    </div>
  );
});
