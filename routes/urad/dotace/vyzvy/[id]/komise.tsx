/**
 * A grant call's evaluation committee (issue 14), for a clerk with the `grants` role: who sits
 * on it (the chair first), a form to seat a clerk of the town as a member or the chair, and a
 * button to unseat one (their scores no longer count). Links to the ranking, the council's
 * decision and the papers for the council.
 */
import { define } from "../../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../lib/db.ts";
import { assertClerk } from "../../../../../lib/http/auth.ts";
import {
  openCommittee,
  seatCommitteeMember,
  unseatCommitteeMember,
} from "../../../../../app/grant_committee.ts";
import { cleanText, type FieldError } from "../../../../../domain/validation.ts";
import { COMMITTEE_ROLES, type CommitteeRole } from "../../../../../domain/grant_committee.ts";
import { PageTitle } from "../../../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../../../components/layout/DataTable.tsx";
import { Alert, Notice } from "../../../../../components/layout/Notice.tsx";
import {
  CsrfField,
  ErrorSummary,
  Select,
  SubmitButton,
} from "../../../../../components/form/mod.ts";
import { CommitteeLinks } from "../../../../../components/grants/CommitteeLinks.tsx";

type Loaded = NonNullable<Awaited<ReturnType<typeof openCommittee>>>;

interface Data extends Loaded {
  errors: FieldError[];
  problem: "unknownClerk" | "chairTaken" | null;
  notice: "seated" | "unseated" | null;
  values: { clerk: string; role: string };
}

async function load(tenantId: string, id: string): Promise<Loaded> {
  const loaded = await openCommittee(getDb(), tenantId, id);
  if (!loaded) throw new HttpError(404);
  return loaded;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    const loaded = await load(ctx.state.tenant.id, ctx.params.id);
    const q = ctx.url.searchParams;
    return page<Data>({
      ...loaded,
      errors: [],
      problem: null,
      notice: q.has("pridano") ? "seated" : q.has("odebrano") ? "unseated" : null,
      values: { clerk: "", role: "member" },
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "grants");
    const { tenant, clerk, requestId } = ctx.state;
    const loaded = await load(tenant.id, ctx.params.id);
    const form = await ctx.formData();
    const actor = { tenantId: tenant.id, clerkId: clerk.clerkId, roles: clerk.roles, requestId };
    const path = `/urad/dotace/vyzvy/${loaded.call.id}/komise`;
    if (form.get("action") === "remove") {
      const r = await unseatCommitteeMember({ db: getDb() }, actor, {
        callId: loaded.call.id,
        memberId: cleanText(form.get("member")).slice(0, 40),
      });
      if (!r.ok) throw new HttpError(404);
      return ctx.redirect(`${path}?odebrano=1`);
    }
    const values = {
      clerk: cleanText(form.get("clerk")).slice(0, 40),
      role: cleanText(form.get("role")).slice(0, 20),
    };
    const errors: FieldError[] = [];
    if (values.clerk === "") errors.push({ field: "clerk", code: "required" });
    if (!(COMMITTEE_ROLES as readonly string[]).includes(values.role)) {
      errors.push({ field: "role", code: "invalidChoice" });
    }
    const again = (problem: Data["problem"], status: number) =>
      page<Data>({ ...loaded, errors, problem, notice: null, values }, { status });
    if (errors.length) return again(null, 422);
    const r = await seatCommitteeMember({ db: getDb() }, actor, {
      callId: loaded.call.id,
      clerkId: values.clerk,
      role: values.role as CommitteeRole,
    });
    if (r.ok) return ctx.redirect(`${path}?pridano=1`);
    if (r.code === "notFound") throw new HttpError(404);
    return again(r.code, r.code === "unknownClerk" ? 422 : 409);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { call, members, clerks } = data;
  const seated = new Set(members.map((m) => m.clerk_id));
  const labels = {
    clerk: t("grantCommittee.committee.clerk"),
    role: t("grantCommittee.committee.role"),
  };
  return (
    <div class="narrow">
      <PageTitle title={t("grantCommittee.committee.title", { call: call.title })} state={state} />
      <p>
        <a href={`/urad/dotace/vyzvy/${call.id}`}>{t("grantCommittee.backToCall")}</a>
      </p>
      <h1>{t("grantCommittee.committee.title", { call: call.title })}</h1>
      {data.notice && (
        <Notice type="success" t={t} title={t(`grantCommittee.committee.${data.notice}`)} />
      )}
      {data.problem && <Alert t={t} title={t(`grantCommittee.committee.${data.problem}`)} />}
      <p>{t("grantCommittee.committee.lead")}</p>
      <CommitteeLinks callId={call.id} t={t} grants />
      <DataTable
        caption={t("grantCommittee.committee.members")}
        rows={members}
        rowKey={(m) => m.id}
        empty={t("grantCommittee.committee.empty")}
        columns={[
          {
            header: t("grantCommittee.committee.clerk"),
            rowHeader: true,
            cell: (m) => m.display_name,
          },
          {
            header: t("grantCommittee.committee.role"),
            cell: (m) => t(`grantCommittee.role.${m.role}`),
          },
          {
            header: t("grantCommittee.committee.actions"),
            cell: (m) => (
              <form method="post" action={`/urad/dotace/vyzvy/${call.id}/komise`}>
                <CsrfField token={state.csrfToken} />
                <input type="hidden" name="action" value="remove" />
                <input type="hidden" name="member" value={m.id} />
                <SubmitButton variant="secondary">
                  {t("grantCommittee.committee.remove", { name: m.display_name })}
                </SubmitButton>
              </form>
            ),
          },
        ]}
      />
      <section aria-labelledby="committee-add-heading">
        <h2 id="committee-add-heading">{t("grantCommittee.committee.add")}</h2>
        <ErrorSummary errors={data.errors} t={t} labels={labels} />
        <form method="post" action={`/urad/dotace/vyzvy/${call.id}/komise`} novalidate>
          <CsrfField token={state.csrfToken} />
          <input type="hidden" name="action" value="add" />
          <Select
            name="clerk"
            label={labels.clerk}
            required
            placeholder={t("grantCommittee.committee.choose")}
            value={data.values.clerk}
            options={clerks.filter((c) => !seated.has(c.id) || c.id === data.values.clerk).map((
              c,
            ) => ({
              value: c.id,
              label: c.display_name,
            }))}
            errors={data.errors}
            t={t}
          />
          <Select
            name="role"
            label={labels.role}
            required
            value={data.values.role}
            options={COMMITTEE_ROLES.map((r) => ({
              value: r,
              label: t(`grantCommittee.role.${r}`),
            }))}
            errors={data.errors}
            t={t}
          />
          <SubmitButton>{t("grantCommittee.committee.addButton")}</SubmitButton>
        </form>
      </section>
    </div>
  );
});
