/**
 * The council's decision on a grant call's applications (issue 14), recorded by the grants
 * clerk: per application the granted amount (possibly less than asked, within what is left of
 * the programme's total — concurrent decisions cannot overspend it) or a refusal with its
 * reason, with the council's resolution number and date. A confirmation page comes before
 * recording (it cannot be undone); the applicant then gets the decision in their timeline and
 * by message. Decided applications are listed with their resolutions; the decision exports for
 * the council's papers (xlsx, docx).
 */
import { define } from "../../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../lib/db.ts";
import { assertClerk } from "../../../../../lib/http/auth.ts";
import { isConfirmed } from "../../../../../lib/http/confirm.ts";
import { tenantOrigin } from "../../../../../lib/http/tenant.ts";
import { decideGrant, openDecisions, type Ranking } from "../../../../../app/grant_committee.ts";
import {
  type CommitteeFieldError,
  type DecisionFormValues,
  mayDecide,
  validateDecision,
} from "../../../../../domain/grant_committee.ts";
import { cleanText } from "../../../../../domain/validation.ts";
import { formatCzk } from "../../../../../domain/money.ts";
import { formatPragueDate } from "../../../../../domain/time.ts";
import { crownsText, czechDate } from "../../../../../domain/grants.ts";
import { PageTitle } from "../../../../../components/layout/DocumentTitle.tsx";
import { Alert, Notice } from "../../../../../components/layout/Notice.tsx";
import { DataTable } from "../../../../../components/layout/DataTable.tsx";
import { ConfirmAction } from "../../../../../components/layout/ConfirmAction.tsx";
import { CommitteeLinks } from "../../../../../components/grants/CommitteeLinks.tsx";
import { AmountForm } from "../../../../../components/grants/AmountForm.tsx";
import { proposalText, RankingTable } from "../../../../../components/grants/RankingTable.tsx";

type Row = Ranking["ranked"][number]["row"];

interface Data {
  ranking: Ranking;
  failed: { id: string; errors: CommitteeFieldError[]; values: DecisionFormValues } | null;
  problem: { code: "exceedsTotal" | "notReady"; left?: number } | null;
  notice: "granted" | "refused" | null;
  /** The confirmation step: the application and the validated input. */
  confirm: { row: Row; values: DecisionFormValues } | null;
}

async function load(ctx: { state: { tenant: { id: string } } }, clerk: {
  clerkId: string;
  roles: string[];
}, id: string): Promise<Ranking> {
  const ranking = await openDecisions(getDb(), {
    tenantId: ctx.state.tenant.id,
    clerkId: clerk.clerkId,
    roles: clerk.roles,
  }, id);
  if (!ranking) throw new HttpError(404);
  return ranking;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    const ranking = await load(ctx, ctx.state.clerk, ctx.params.id);
    const done = ctx.url.searchParams.get("rozhodnuto");
    return page<Data>({
      ranking,
      failed: null,
      problem: null,
      notice: done === "granted" || done === "refused" ? done : null,
      confirm: null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "grants");
    const { tenant, clerk, requestId } = ctx.state;
    const ranking = await load(ctx, clerk, ctx.params.id);
    const form = await ctx.formData();
    const appId = cleanText(form.get("application")).slice(0, 40);
    const row = ranking.ranked.find((r) => r.row.id === appId)?.row ??
      ranking.decided.find((r) => r.id === appId);
    if (!row) throw new HttpError(404);
    const v = validateDecision(form, {
      minGrant: Number(ranking.programme.min_grant_halere),
      asked: row.asked,
      today: formatPragueDate(new Date()),
    });
    const show = (d: Partial<Data>, status: number) =>
      page<Data>({ ranking, failed: null, problem: null, notice: null, confirm: null, ...d }, {
        status,
      });
    if (!v.ok) return show({ failed: { id: row.id, errors: v.errors, values: v.values } }, 422);
    if (!isConfirmed(form)) return show({ confirm: { row, values: v.values } }, 200);
    const r = await decideGrant({ db: getDb() }, {
      tenantId: tenant.id,
      clerkId: clerk.clerkId,
      roles: clerk.roles,
      requestId,
    }, {
      callId: ranking.call.id,
      applicationId: row.id,
      draft: v.value,
      origin: tenantOrigin(tenant),
    });
    if (r.ok) {
      return ctx.redirect(
        `/urad/dotace/vyzvy/${ranking.call.id}/rozhodnuti?rozhodnuto=${r.outcome}`,
      );
    }
    if (r.code === "notFound" || r.code === "notAllowed") throw new HttpError(404);
    return show({
      failed: { id: row.id, errors: [], values: v.values },
      problem: { code: r.code, left: r.left },
    }, 409);
  },
});

function formValues(r: Row, today: string): DecisionFormValues {
  const refuse = r.proposed === 0;
  return {
    outcome: refuse ? "refuse" : "grant",
    amount: refuse ? "" : crownsText(r.proposed ?? r.asked),
    reason: r.proposal_reason ?? "",
    resolution: "",
    decidedOn: today,
  };
}

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { ranking, failed, confirm } = data;
  const { call } = ranking;
  const base = `/urad/dotace/vyzvy/${call.id}`;
  if (confirm) {
    const v = confirm.values;
    const grant = v.outcome === "grant";
    return (
      <ConfirmAction
        state={state}
        action={`${base}/rozhodnuti`}
        title={t(
          grant ? "grantCommittee.decision.confirmGrant" : "grantCommittee.decision.confirmRefuse",
          {
            reference: confirm.row.reference ?? "",
          },
        )}
        consequence={t("grantCommittee.decision.consequence")}
        summary={[
          { label: t("grantCommittee.column.applicant"), value: confirm.row.applicant_name },
          { label: t("grantCommittee.column.asked"), value: formatCzk(confirm.row.asked) },
          {
            label: t("grantCommittee.amountForm.outcome"),
            value: grant
              ? t("grantCommittee.decision.grantOf", { amount: v.amount })
              : t("grantCommittee.decision.refusal"),
          },
          ...(v.reason ? [{ label: t("grantCommittee.amountForm.reason"), value: v.reason }] : []),
          { label: t("grantCommittee.amountForm.resolution"), value: v.resolution },
          { label: t("grantCommittee.amountForm.decidedOn"), value: czechDate(v.decidedOn) },
        ]}
        hidden={{ application: confirm.row.id, ...v }}
        confirmLabel={t("grantCommittee.decision.confirmButton")}
        backHref={`${base}/rozhodnuti`}
      />
    );
  }
  const title = t("grantCommittee.decision.title", { call: call.title });
  const today = formatPragueDate(new Date());
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href={base}>{t("grantCommittee.backToCall")}</a>
      </p>
      <h1>{title}</h1>
      {data.notice && (
        <Notice type="success" t={t} title={t(`grantCommittee.decision.${data.notice}`)} />
      )}
      {data.problem && (
        <Alert
          t={t}
          title={t(`grantCommittee.decision.problem.${data.problem.code}`, {
            left: formatCzk(data.problem.left ?? 0),
          })}
        />
      )}
      <CommitteeLinks callId={call.id} t={t} grants />
      <p>{t("grantCommittee.decision.lead")}</p>
      <p>
        {t("grantCommittee.ranking.left")}: {formatCzk(ranking.left)}.{" "}
        {t("grantCommittee.ranking.export")}:{" "}
        <a href={`${base}/export?dokument=rozhodnuti&format=xlsx`}>
          {t("grantCommittee.export.xlsx")}
        </a>
        {" · "}
        <a href={`${base}/export?dokument=rozhodnuti&format=docx`}>
          {t("grantCommittee.export.docx")}
        </a>
      </p>
      <RankingTable ranking={ranking} t={t} />
      <h2>{t("grantCommittee.decision.record")}</h2>
      {ranking.ranked.filter((r) => mayDecide(r.row.state)).length === 0 && (
        <p>{t("grantCommittee.decision.nothing")}</p>
      )}
      {ranking.ranked.filter((r) => mayDecide(r.row.state)).map((r) => (
        <AmountForm
          key={r.row.id}
          action={`${base}/rozhodnuti`}
          applicationId={r.row.id}
          heading={`${r.row.reference ?? ""} – ${r.row.applicant_name} (${
            t("grantCommittee.column.proposal")
          }: ${proposalText(t, r.row)})`}
          values={failed?.id === r.row.id ? failed.values : formValues(r.row, today)}
          errors={failed?.id === r.row.id ? failed.errors : []}
          csrfToken={state.csrfToken}
          t={t}
          decision
          submit={t("grantCommittee.decision.submit")}
        />
      ))}
      <h2>{t("grantCommittee.decision.decided")}</h2>
      <DataTable
        caption={t("grantCommittee.decision.decided")}
        captionHidden
        rows={ranking.decided}
        rowKey={(r) => r.id}
        empty={t("grantCommittee.decision.noneDecided")}
        columns={[
          {
            header: t("grantCommittee.column.reference"),
            rowHeader: true,
            cell: (r) => r.reference ?? "",
          },
          { header: t("grantCommittee.column.applicant"), cell: (r) => r.applicant_name },
          { header: t("grantCommittee.column.asked"), num: true, cell: (r) => formatCzk(r.asked) },
          {
            header: t("grantCommittee.column.decision"),
            cell: (r) =>
              r.state === "granted"
                ? formatCzk(r.granted ?? 0)
                : t("grantCommittee.ranking.refuse", { reason: r.decision_reason ?? "" }),
          },
          {
            header: t("grantCommittee.column.resolution"),
            cell: (r) =>
              `${r.resolution ?? ""}${r.decided_on ? `, ${czechDate(r.decided_on)}` : ""}`,
          },
        ]}
      />
    </div>
  );
});
