/**
 * A committee member's scoring page of one grant application (issue 14): the application as
 * filed (purpose, period, justification, budget, attachments; read-only), a declaration of a
 * conflict of interest (once declared the member never scores it: the database refuses it too),
 * and the member's scores per criterion (0 to the criterion's highest score, with a comment),
 * saved idempotently. The other members' scores show only after the member scored it or
 * declared a conflict. A clerk who does not sit on the call gets 404.
 */
import { define } from "../../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../lib/db.ts";
import { assertClerk } from "../../../../../lib/http/auth.ts";
import {
  declareConflict,
  openScoring,
  scoreApplication,
} from "../../../../../app/grant_committee.ts";
import {
  COMMITTEE_LIMITS,
  COMMITTEE_MESSAGES,
  type CommitteeFieldError,
  validateConflict,
  validateScores,
} from "../../../../../domain/grant_committee.ts";
import { cleanText } from "../../../../../domain/validation.ts";
import { ApplicationContent } from "../../../../../components/grants/ApplicationContent.tsx";
import { PageTitle } from "../../../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../../../components/layout/DataTable.tsx";
import { Alert, Notice } from "../../../../../components/layout/Notice.tsx";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextArea,
  TextField,
  withErrorMessages,
} from "../../../../../components/form/mod.ts";

type Loaded = NonNullable<Awaited<ReturnType<typeof openScoring>>>;

interface Data extends Loaded {
  errors: CommitteeFieldError[];
  values: Record<string, string>;
  problem: "conflict" | "closed" | null;
  notice: "scored" | "declared" | null;
}

async function load(tenantId: string, clerkId: string, id: string): Promise<Loaded> {
  const loaded = await openScoring(getDb(), tenantId, clerkId, id);
  if (!loaded) throw new HttpError(404);
  return loaded;
}

function valuesOf(l: Loaded): Record<string, string> {
  const v: Record<string, string> = { statement: "" };
  l.criteria.forEach((c, i) => {
    const mine = l.mine.find((s) => s.criterion_id === c.id);
    v[`score${i}`] = mine ? String(mine.score) : "";
    v[`comment${i}`] = mine?.comment ?? "";
  });
  return v;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const loaded = await load(ctx.state.tenant.id, ctx.state.clerk.clerkId, ctx.params.id);
    const q = ctx.url.searchParams;
    return page<Data>({
      ...loaded,
      errors: [],
      values: valuesOf(loaded),
      problem: null,
      notice: q.has("obodovano") ? "scored" : q.has("stret") ? "declared" : null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state);
    const { tenant, clerk, requestId } = ctx.state;
    const loaded = await load(tenant.id, clerk.clerkId, ctx.params.id);
    const form = await ctx.formData();
    const actor = { tenantId: tenant.id, clerkId: clerk.clerkId, roles: clerk.roles, requestId };
    const path = `/urad/dotace/hodnoceni/zadost/${loaded.application.id}`;
    const again = (
      errors: CommitteeFieldError[],
      values: Record<string, string>,
      problem: Data["problem"],
      status: number,
    ) => page<Data>({ ...loaded, errors, values, problem, notice: null }, { status });
    if (form.get("action") === "conflict") {
      const v = validateConflict(form);
      const values = {
        ...valuesOf(loaded),
        statement: cleanText(form.get("statement")).slice(0, COMMITTEE_LIMITS.statement + 10),
      };
      if (!v.ok) return again(v.errors, values, null, 422);
      const r = await declareConflict({ db: getDb() }, actor, {
        applicationId: loaded.application.id,
        statement: v.value,
      });
      if (!r.ok) throw new HttpError(404);
      return ctx.redirect(`${path}?stret=1`);
    }
    if (loaded.conflict) return again([], valuesOf(loaded), "conflict", 409);
    if (!loaded.open) return again([], valuesOf(loaded), "closed", 409);
    const criteria = loaded.criteria.map((c) => ({
      id: c.id,
      weight: c.weight,
      maxScore: c.max_score,
    }));
    const v = validateScores(form, criteria);
    if (!v.ok) return again(v.errors, { ...v.values, statement: "" }, null, 422);
    const r = await scoreApplication({ db: getDb() }, actor, {
      applicationId: loaded.application.id,
      scores: v.value,
    });
    if (r.ok) return ctx.redirect(`${path}?obodovano=1`);
    if (r.code === "notFound") throw new HttpError(404);
    return again([], v.values, r.code, 409);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { application: a, criteria, call } = data;
  const t = withErrorMessages(state.t, COMMITTEE_MESSAGES);
  const title = t("grantCommittee.scoring.title", { reference: a.reference ?? "" });
  const labels: Record<string, string> = { statement: t("grantCommittee.scoring.statement") };
  criteria.forEach((c, i) => {
    labels[`score${i}`] = t("grantCommittee.scoring.score", { name: c.name });
    labels[`comment${i}`] = t("grantCommittee.scoring.comment", { name: c.name });
  });
  const criterionName = new Map(criteria.map((c) => [c.id, c.name]));
  return (
    <div class="narrow">
      <PageTitle title={title} state={state} />
      <p>
        <a href={`/urad/dotace/hodnoceni/${call.id}`}>
          {t("grantCommittee.scoring.back", { call: call.title })}
        </a>
      </p>
      <h1>{title}</h1>
      {data.notice && (
        <Notice type="success" t={t} title={t(`grantCommittee.scoring.${data.notice}`)} />
      )}
      {data.problem && <Alert t={t} title={t(`grantCommittee.scoring.problem.${data.problem}`)} />}
      <ApplicationContent
        application={a}
        budget={data.budget}
        attachments={data.attachments}
        attachmentHref={(fileId) => `/urad/dotace/hodnoceni/zadost/${a.id}/prilohy/${fileId}`}
        t={t}
        locale={state.locale}
      />
      {data.conflict
        ? (
          <Notice
            type="warning"
            t={t}
            title={t("grantCommittee.scoring.conflictDeclared")}
            live={false}
          >
            <p>{t("grantCommittee.scoring.yourStatement")}: {data.conflict.statement}</p>
          </Notice>
        )
        : data.open && (
          <>
            <section aria-labelledby="score-heading">
              <h2 id="score-heading">{t("grantCommittee.scoring.scoreHeading")}</h2>
              <p>{t("grantCommittee.scoring.scoreLead")}</p>
              <ErrorSummary errors={data.errors} t={t} labels={labels} />
              <form method="post" action={`/urad/dotace/hodnoceni/zadost/${a.id}`} novalidate>
                <CsrfField token={state.csrfToken} />
                <input type="hidden" name="action" value="score" />
                {criteria.map((c, i) => (
                  <fieldset key={c.id} class="criterion">
                    <legend>
                      {c.name} ({t("grantCommittee.scoring.weight", { weight: c.weight })})
                    </legend>
                    {c.description && <p>{c.description}</p>}
                    <TextField
                      name={`score${i}`}
                      label={labels[`score${i}`]}
                      hint={t("grantCommittee.scoring.scoreHint", { max: c.max_score })}
                      inputMode="numeric"
                      width="s"
                      required
                      value={data.values[`score${i}`]}
                      errors={data.errors}
                      t={t}
                    />
                    <TextArea
                      name={`comment${i}`}
                      label={labels[`comment${i}`]}
                      rows={3}
                      maxLength={COMMITTEE_LIMITS.comment}
                      value={data.values[`comment${i}`]}
                      errors={data.errors}
                      t={t}
                    />
                  </fieldset>
                ))}
                <SubmitButton>{t("grantCommittee.scoring.save")}</SubmitButton>
              </form>
            </section>
            {data.mine.length === 0 && (
              <section aria-labelledby="conflict-heading">
                <h2 id="conflict-heading">{t("grantCommittee.scoring.conflictHeading")}</h2>
                <p>{t("grantCommittee.scoring.conflictLead")}</p>
                <form method="post" action={`/urad/dotace/hodnoceni/zadost/${a.id}`} novalidate>
                  <CsrfField token={state.csrfToken} />
                  <input type="hidden" name="action" value="conflict" />
                  <TextArea
                    name="statement"
                    label={labels.statement}
                    rows={3}
                    required
                    maxLength={COMMITTEE_LIMITS.statement}
                    value={data.values.statement}
                    errors={data.errors}
                    t={t}
                  />
                  <SubmitButton variant="secondary">
                    {t("grantCommittee.scoring.declare")}
                  </SubmitButton>
                </form>
              </section>
            )}
          </>
        )}
      {data.myScore !== null && (
        <p>
          {t("grantCommittee.scoring.myScore", {
            score: data.myScore.toFixed(2).replace(".", ","),
          })}
        </p>
      )}
      <section aria-labelledby="others-heading">
        <h2 id="others-heading">{t("grantCommittee.scoring.othersHeading")}</h2>
        {data.others === null ? <p>{t("grantCommittee.scoring.othersHidden")}</p> : (
          <>
            {data.committeeScore?.score !== null && data.committeeScore !== null && (
              <p>
                {t("grantCommittee.scoring.committeeScore", {
                  score: (data.committeeScore.score ?? 0).toFixed(2).replace(".", ","),
                  n: data.committeeScore.members,
                })}
              </p>
            )}
            <DataTable
              caption={t("grantCommittee.scoring.othersHeading")}
              captionHidden
              rows={data.others}
              rowKey={(s) => `${s.member_id}-${s.criterion_id}`}
              empty={t("grantCommittee.scoring.noOthers")}
              columns={[
                {
                  header: t("grantCommittee.committee.clerk"),
                  rowHeader: true,
                  cell: (s) => s.display_name,
                },
                {
                  header: t("grantCommittee.scoring.criterion"),
                  cell: (s) => criterionName.get(s.criterion_id) ?? "",
                },
                { header: t("grantCommittee.scoring.points"), num: true, cell: (s) => s.score },
                { header: t("grantCommittee.scoring.commentColumn"), cell: (s) => s.comment },
              ]}
            />
            {data.conflicts.length > 0 && (
              <>
                <h3>{t("grantCommittee.scoring.conflictsHeading")}</h3>
                <ul>
                  {data.conflicts.map((c, i) => <li key={i}>{c.display_name}: {c.statement}</li>)}
                </ul>
              </>
            )}
          </>
        )}
      </section>
    </div>
  );
});
