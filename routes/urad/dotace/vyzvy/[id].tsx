/**
 * One grant call for the clerk (issue 14): its state and dates, its workflow (which opens and
 * closes it by itself), the edit form while it is scheduled or open (an edit of the dates is
 * signalled to the workflow; an open call's opening stays as it was), and its history.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { openCall, updateCall } from "../../../../app/grants.ts";
import { subjectHistory } from "../../../../app/history.ts";
import {
  type CallFormValues,
  callFormValues,
  czechDate,
  type GrantFieldError,
  validateCall,
} from "../../../../domain/grants.ts";
import { formatPragueDateTime, toPragueLocalInput } from "../../../../domain/time.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { CallForm } from "../../../../components/grants/CallForm.tsx";
import { History } from "../../../../components/history/History.tsx";
import { Alert, Notice } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { WorkflowFact } from "../../../../components/operators/WorkflowFact.tsx";
import { CommitteeLinks } from "../../../../components/grants/CommitteeLinks.tsx";
import { temporalUiLinkFor } from "../../../../lib/http/operators.ts";

async function load(tenantId: string, id: string) {
  const db = getDb();
  const opened = await openCall(db, tenantId, id);
  if (!opened) throw new HttpError(404);
  const history = await subjectHistory({ db }, tenantId, {
    type: "grant_call",
    id: opened.call.id,
  });
  return { ...opened, history };
}

type Loaded = Awaited<ReturnType<typeof load>>;

interface Data extends Loaded {
  values: CallFormValues;
  errors: GrantFieldError[];
  problem: "datesLocked" | null;
  notice: "callCreated" | "saved" | null;
}

function valuesOf(c: Loaded["call"]): CallFormValues {
  return {
    title: c.title,
    opensAt: toPragueLocalInput(c.opens_at),
    closesAt: toPragueLocalInput(c.closes_at),
    decisionDeadline: c.decision_deadline,
    settlementDeadline: c.settlement_deadline ?? "",
    projectFrom: c.project_from,
    projectTo: c.project_to,
  };
}

function when(d: Date): string {
  return formatPragueDateTime(d).slice(0, 16).replace("T", " ");
}

const EDITABLE = new Set(["draft", "scheduled", "open"]);

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    const loaded = await load(ctx.state.tenant.id, ctx.params.id);
    const q = ctx.url.searchParams;
    return page<Data>({
      ...loaded,
      values: valuesOf(loaded.call),
      errors: [],
      problem: null,
      notice: q.has("vyhlaseno") ? "callCreated" : q.has("ulozeno") ? "saved" : null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "grants");
    const { tenant, clerk, requestId } = ctx.state;
    const loaded = await load(tenant.id, ctx.params.id);
    const { call, programme } = loaded;
    const form = await ctx.formData();
    const now = new Date();
    const again = (errors: GrantFieldError[], problem: Data["problem"], status: number) =>
      page<Data>({ ...loaded, values: callFormValues(form), errors, problem, notice: null }, {
        status,
      });
    if (!EDITABLE.has(call.state)) return again([], "datesLocked", 409);
    const result = validateCall(form, {
      now,
      settlementRule: programme.settlement_rule,
      alreadyOpen: call.state === "open" ? call.opens_at : null,
    });
    if (!result.ok) return again(result.errors, null, 422);
    const r = await updateCall({ db: getDb() }, {
      tenantId: tenant.id,
      clerkId: clerk.clerkId,
      requestId,
    }, { callId: call.id, draft: result.value, now });
    if (r.ok) return ctx.redirect(`/urad/dotace/vyzvy/${call.id}?ulozeno=1`);
    if (r.code === "notFound") throw new HttpError(404);
    return again([], r.code, 409);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { call, programme } = data;
  const facts: [string, string][] = [
    [t("grants.column.state"), t(`grants.callState.${call.state}`)],
    [t("grants.callForm.opensAt"), when(call.opens_at)],
    [t("grants.callForm.closesAt"), when(call.closes_at)],
    [t("grants.callForm.decisionDeadline"), czechDate(call.decision_deadline)],
    [
      t("grants.callForm.projectFrom") + " – " + t("grants.callForm.projectTo"),
      `${czechDate(call.project_from)} – ${czechDate(call.project_to)}`,
    ],
    [
      t("grants.callForm.settlementDeadline"),
      call.settlement_deadline
        ? czechDate(call.settlement_deadline)
        : t("grants.public.settlementAfter", { n: programme.settlement_days ?? 0 }),
    ],
    [t("grants.column.total"), formatCzk(Number(programme.total_halere))],
  ];
  return (
    <div class="narrow">
      <PageTitle title={call.title} state={state} />
      <p>
        <a href="/urad/dotace">{t("grants.office.back")}</a>
      </p>
      <h1>{call.title}</h1>
      {data.notice && <Notice type="success" t={t} title={t(`grants.office.${data.notice}`)} />}
      {data.problem && <Alert t={t} title={t(`grants.office.${data.problem}`)} />}
      <p>
        {t("grants.column.programme")}:{" "}
        <a href={`/urad/dotace/programy/${programme.id}`}>{programme.title}</a>
      </p>
      <dl class="facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        {call.workflow_id && (
          <WorkflowFact
            workflowId={call.workflow_id}
            uiLink={temporalUiLinkFor(state.clerk, call.workflow_id)}
            t={t}
          />
        )}
      </dl>
      {call.state !== "draft" && (
        <p>
          <a href={`/dotace/${call.id}`}>{t("grants.office.publicLink")}</a>
        </p>
      )}
      <CommitteeLinks callId={call.id} t={t} grants />
      {EDITABLE.has(call.state) && (
        <section aria-labelledby="call-edit-heading">
          <h2 id="call-edit-heading">{t("grants.office.editCall")}</h2>
          <CallForm
            action={`/urad/dotace/vyzvy/${call.id}`}
            values={data.values}
            errors={data.errors}
            csrfToken={state.csrfToken}
            settlementAfterProject={programme.settlement_rule === "after_project"}
            openAlready={call.state === "open"}
            t={t}
            submit={t("grants.callForm.save")}
          />
        </section>
      )}
      <History entries={data.history} t={t} locale={locale} />
    </div>
  );
});
