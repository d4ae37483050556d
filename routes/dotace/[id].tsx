/**
 * One grant call, public (issue 14): how long is left, the programme's purpose, who may apply,
 * the amounts and the applicant's co-financing share, eligible and ineligible costs, the
 * evaluation criteria with their weights, the dates, the legal basis, and what an application
 * must contain under § 10a(3) of Act 250/2000 Sb. Cacheable (tag `grants`); a draft or another
 * town's call is a 404.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { publicCall } from "../../app/grants.ts";
import { APPLICATION_CONTENT, callPhase, czechDate, percentText } from "../../domain/grants.ts";
import { formatCzk } from "../../domain/money.ts";
import { formatPragueDate, formatPragueDateTime } from "../../domain/time.ts";
import { CallTiming } from "../../components/grants/CallTiming.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../components/layout/DataTable.tsx";
import { GovCss } from "../../components/gov/GovCss.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const found = await publicCall(getDb(), ctx.state.tenant.id, ctx.params.id);
    if (!found) throw new HttpError(404);
    return publicPage(ctx, { ...found, now: new Date() }, { tags: ["grants"] });
  },
});

function dateTime(d: Date): string {
  return `${czechDate(formatPragueDate(d))} ${formatPragueDateTime(d).slice(11, 16)}`;
}

function Paragraphs({ text }: { text: string }) {
  return <>{text.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>)}</>;
}

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { call, programme, costs, criteria } = data;
  const facts: [string, string][] = [
    [t("grants.public.window"), `${dateTime(call.opens_at)} – ${dateTime(call.closes_at)}`],
    [t("grants.public.decision"), czechDate(call.decision_deadline)],
    [
      t("grants.public.period"),
      `${czechDate(call.project_from)} – ${czechDate(call.project_to)}`,
    ],
    [
      t("grants.public.settlement"),
      call.settlement_deadline
        ? czechDate(call.settlement_deadline)
        : t("grants.public.settlementAfter", { n: programme.settlement_days ?? 0 }),
    ],
  ];
  return (
    <article class="grant-detail">
      <PageTitle title={call.title} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("grants.public.title"), href: "/dotace" }, { label: call.title }]}
      />
      <h1>{call.title}</h1>
      <p class="grant-programme">
        {t("grants.public.programme")}: {programme.title}
      </p>
      <CallTiming t={t} call={call} now={new Date(data.now)} />
      {call.state === "open" &&
        callPhase({ opensAt: call.opens_at, closesAt: call.closes_at }, new Date(data.now)) ===
          "open" &&
        (
          <p class="grant-apply">
            <GovCss names={["gov-button"]} />
            <a
              class="gov-button gov-button--primary"
              data-color="primary"
              data-type="solid"
              href={`/dotace/${call.id}/zadost`}
            >
              {t("grantApplications.public.apply")}
            </a>
          </p>
        )}

      <h2>{t("grants.public.purpose")}</h2>
      <Paragraphs text={programme.purpose} />

      <h2>{t("grants.public.whoMayApply")}</h2>
      <Paragraphs text={programme.eligible_applicants} />
      <ul>
        {programme.applicant_kinds.map((k) => <li key={k}>{t(`grants.kind.${k}`)}</li>)}
      </ul>
      {programme.one_application_per_applicant && <p>{t("grants.public.onePerApplicant")}</p>}

      <h2>{t("grants.public.amounts")}</h2>
      <dl class="facts">
        <div>
          <dt>{t("grants.public.grantRange")}</dt>
          <dd>
            {t("grants.public.amountRange", {
              min: formatCzk(Number(programme.min_grant_halere)),
              max: formatCzk(Number(programme.max_grant_halere)),
            })}
          </dd>
        </div>
        <div>
          <dt>{t("grants.public.total")}</dt>
          <dd>{formatCzk(Number(programme.total_halere))}</dd>
        </div>
        <div>
          <dt>{t("grants.public.cofinancing")}</dt>
          <dd>
            {t("grants.public.cofinancingValue", { pct: percentText(programme.cofinancing_bp) })}
          </dd>
        </div>
      </dl>

      <h2>{t("grants.public.costs")}</h2>
      <h3>{t("grants.public.eligibleCosts")}</h3>
      <Paragraphs text={programme.eligible_costs} />
      <h3>{t("grants.public.ineligibleCosts")}</h3>
      <Paragraphs text={programme.ineligible_costs} />
      <DataTable
        caption={t("grants.public.costCategories")}
        rows={costs}
        rowKey={(c) => c.id}
        empty="—"
        columns={[
          { header: t("grants.public.costCategory"), rowHeader: true, cell: (c) => c.name },
          {
            header: t("grants.public.eligibility"),
            cell: (c) =>
              c.eligible ? t("grants.public.eligibleYes") : t("grants.public.eligibleNo"),
          },
        ]}
      />

      <h2>{t("grants.public.criteria")}</h2>
      <DataTable
        caption={t("grants.public.criteria")}
        captionHidden
        rows={criteria}
        rowKey={(c) => c.id}
        empty="—"
        columns={[
          {
            header: t("grants.public.criterion"),
            rowHeader: true,
            cell: (c) => (
              <>
                {c.name}
                {c.description && <>{" – "}{c.description}</>}
              </>
            ),
          },
          { header: t("grants.public.weight"), num: true, cell: (c) => `${c.weight} %` },
          { header: t("grants.public.maxScore"), num: true, cell: (c) => c.max_score },
        ]}
      />

      <h2>{t("grants.public.dates")}</h2>
      <dl class="facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>

      <h2>{t("grants.public.contentHeading")}</h2>
      <p>{t("grants.public.contentLead")}</p>
      <ol class="grant-content">
        {APPLICATION_CONTENT.map((k) => <li key={k}>{t(`grants.content.${k}`)}</li>)}
      </ol>

      <h2>{t("grants.public.legalBasis")}</h2>
      <p>{programme.legal_basis}</p>
    </article>
  );
});
