/**
 * A grant call's ranking and the committee's proposals (issue 14), for the grants clerk or the
 * committee's chair: each application's committee score (the average of the members' weighted
 * scores), its rank, and the budget line — the proposals (or the amounts asked, before a
 * proposal) taken in rank order against what is left of the programme's total — then one form
 * per application to propose an amount (possibly less than asked, at least the minimum grant)
 * or a refusal with its reason. Exports for the council's papers (xlsx, docx).
 */
import { define } from "../../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../lib/db.ts";
import { assertClerk } from "../../../../../lib/http/auth.ts";
import { openRanking, proposeGrant, type Ranking } from "../../../../../app/grant_committee.ts";
import {
  type CommitteeFieldError,
  type DecisionFormValues,
  mayPropose,
  validateProposal,
} from "../../../../../domain/grant_committee.ts";
import { hasRole } from "../../../../../domain/clerks.ts";
import { cleanText } from "../../../../../domain/validation.ts";
import { formatCzk } from "../../../../../domain/money.ts";
import { crownsText } from "../../../../../domain/grants.ts";
import { PageTitle } from "../../../../../components/layout/DocumentTitle.tsx";
import { Alert, Notice } from "../../../../../components/layout/Notice.tsx";
import { CommitteeLinks } from "../../../../../components/grants/CommitteeLinks.tsx";
import { AmountForm } from "../../../../../components/grants/AmountForm.tsx";
import { RankingTable } from "../../../../../components/grants/RankingTable.tsx";

interface Data {
  ranking: Ranking;
  grants: boolean;
  /** The application whose form was posted with errors, its errors and values. */
  failed: { id: string; errors: CommitteeFieldError[]; values: DecisionFormValues } | null;
  problem: "notScored" | "decided" | null;
  notice: boolean;
}

async function load(ctx: { state: { tenant: { id: string } } }, clerk: {
  clerkId: string;
  roles: string[];
}, id: string) {
  const ranking = await openRanking(getDb(), {
    tenantId: ctx.state.tenant.id,
    clerkId: clerk.clerkId,
    roles: clerk.roles,
  }, id);
  if (!ranking) throw new HttpError(404);
  return ranking;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const ranking = await load(ctx, ctx.state.clerk, ctx.params.id);
    return page<Data>({
      ranking,
      grants: hasRole(ctx.state.clerk.roles, "grants"),
      failed: null,
      problem: null,
      notice: ctx.url.searchParams.has("navrzeno"),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state);
    const { tenant, clerk, requestId } = ctx.state;
    const ranking = await load(ctx, clerk, ctx.params.id);
    const form = await ctx.formData();
    const appId = cleanText(form.get("application")).slice(0, 40);
    const row = ranking.ranked.find((r) => r.row.id === appId)?.row;
    if (!row) throw new HttpError(404);
    const grants = hasRole(clerk.roles, "grants");
    const v = validateProposal(form, {
      minGrant: Number(ranking.programme.min_grant_halere),
      asked: row.asked,
    });
    const again = (failed: Data["failed"], problem: Data["problem"], status: number) =>
      page<Data>({ ranking, grants, failed, problem, notice: false }, { status });
    const values = { ...v.values, resolution: "", decidedOn: "" };
    if (!v.ok) return again({ id: row.id, errors: v.errors, values }, null, 422);
    const r = await proposeGrant({ db: getDb() }, {
      tenantId: tenant.id,
      clerkId: clerk.clerkId,
      roles: clerk.roles,
      requestId,
    }, { callId: ranking.call.id, applicationId: row.id, draft: v.value });
    if (r.ok) return ctx.redirect(`/urad/dotace/vyzvy/${ranking.call.id}/poradi?navrzeno=1`);
    if (r.code === "notFound" || r.code === "notAllowed") throw new HttpError(404);
    return again({ id: row.id, errors: [], values }, r.code, 409);
  },
});

function formValues(r: Ranking["ranked"][number]["row"]): DecisionFormValues {
  const refuse = r.proposed === 0;
  return {
    outcome: refuse ? "refuse" : "grant",
    amount: refuse ? "" : crownsText(r.proposed ?? r.asked),
    reason: r.proposal_reason ?? "",
    resolution: "",
    decidedOn: "",
  };
}

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { ranking, failed } = data;
  const { call } = ranking;
  const title = t("grantCommittee.ranking.title", { call: call.title });
  const base = `/urad/dotace/vyzvy/${call.id}`;
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href={data.grants ? base : `/urad/dotace/hodnoceni/${call.id}`}>
          {t("grantCommittee.backToCall")}
        </a>
      </p>
      <h1>{title}</h1>
      {data.notice && <Notice type="success" t={t} title={t("grantCommittee.ranking.proposed")} />}
      {data.problem && <Alert t={t} title={t(`grantCommittee.ranking.problem.${data.problem}`)} />}
      <CommitteeLinks callId={call.id} t={t} grants={data.grants} />
      <p>{t("grantCommittee.ranking.lead")}</p>
      <dl class="facts">
        <div>
          <dt>{t("grants.column.total")}</dt>
          <dd>{formatCzk(ranking.total)}</dd>
        </div>
        <div>
          <dt>{t("grantCommittee.ranking.grantedSoFar")}</dt>
          <dd>{formatCzk(ranking.granted)}</dd>
        </div>
        <div>
          <dt>{t("grantCommittee.ranking.left")}</dt>
          <dd>{formatCzk(ranking.left)}</dd>
        </div>
      </dl>
      <p>
        {t("grantCommittee.ranking.export")}:{" "}
        <a href={`${base}/export?dokument=poradi&format=xlsx`}>{t("grantCommittee.export.xlsx")}</a>
        {" · "}
        <a href={`${base}/export?dokument=poradi&format=docx`}>{t("grantCommittee.export.docx")}</a>
      </p>
      <RankingTable ranking={ranking} t={t} />
      <h2>{t("grantCommittee.ranking.proposals")}</h2>
      {ranking.ranked.filter((r) => mayPropose(r.row.state)).map((r) => (
        <AmountForm
          key={r.row.id}
          action={`${base}/poradi`}
          applicationId={r.row.id}
          heading={`${r.row.reference ?? ""} – ${r.row.applicant_name}`}
          values={failed?.id === r.row.id ? failed.values : formValues(r.row)}
          errors={failed?.id === r.row.id ? failed.errors : []}
          csrfToken={state.csrfToken}
          t={t}
          submit={t("grantCommittee.ranking.propose")}
        />
      ))}
    </div>
  );
});
