/**
 * Announcing a call of a programme (issue 14): its window, deadlines and funded period. Saved,
 * audited and its workflow's start queued in one transaction (the workflow opens and closes the
 * call on its dates); once per form token.
 */
import { define } from "../../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../lib/db.ts";
import { assertClerk } from "../../../../../lib/http/auth.ts";
import { createCall } from "../../../../../app/grants.ts";
import { findProgramme } from "../../../../../db/repositories/grants.ts";
import {
  type CallFormValues,
  callFormValues,
  type GrantFieldError,
  type SettlementRule,
  validateCall,
} from "../../../../../domain/grants.ts";
import { CallForm } from "../../../../../components/grants/CallForm.tsx";
import { PageTitle } from "../../../../../components/layout/DocumentTitle.tsx";

const IDEMPOTENCY = /^[0-9a-f-]{36}$/;

interface Data {
  programme: { id: string; title: string; settlement_rule: SettlementRule };
  values: CallFormValues;
  errors: GrantFieldError[];
  idempotencyKey: string;
}

async function programmeOf(tenantId: string, id: string) {
  const p = await findProgramme(getDb(), tenantId, id);
  if (!p) throw new HttpError(404);
  return { id: p.id, title: p.title, settlement_rule: p.settlement_rule };
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    const programme = await programmeOf(ctx.state.tenant.id, ctx.params.id);
    return page<Data>({
      programme,
      values: callFormValues(new FormData()),
      errors: [],
      idempotencyKey: crypto.randomUUID(),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "grants");
    const { tenant, clerk, requestId } = ctx.state;
    const programme = await programmeOf(tenant.id, ctx.params.id);
    const form = await ctx.formData();
    const submitted = form.get("_idem");
    const idempotencyKey = typeof submitted === "string" && IDEMPOTENCY.test(submitted)
      ? submitted
      : crypto.randomUUID();
    const now = new Date();
    const result = validateCall(form, { now, settlementRule: programme.settlement_rule });
    if (!result.ok) {
      return page<Data>({
        programme,
        values: callFormValues(form),
        errors: result.errors,
        idempotencyKey,
      }, { status: 422 });
    }
    const r = await createCall({ db: getDb() }, {
      tenantId: tenant.id,
      clerkId: clerk.clerkId,
      requestId,
    }, { programmeId: programme.id, draft: result.value, idempotencyKey, now });
    if (!r.ok) throw new HttpError(404);
    return ctx.redirect(`/urad/dotace/vyzvy/${r.id}?vyhlaseno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { programme } = data;
  return (
    <div class="narrow">
      <PageTitle title={t("grants.office.newCall")} state={state} />
      <p>
        <a href={`/urad/dotace/programy/${programme.id}`}>{programme.title}</a>
      </p>
      <h1>{t("grants.office.newCall")}</h1>
      <p>{t("grants.office.newCallLead", { programme: programme.title })}</p>
      <CallForm
        action={`/urad/dotace/programy/${programme.id}/vyzva`}
        values={data.values}
        errors={data.errors}
        csrfToken={state.csrfToken}
        idempotencyKey={data.idempotencyKey}
        settlementAfterProject={programme.settlement_rule === "after_project"}
        t={t}
        submit={t("grants.callForm.submit")}
      />
    </div>
  );
});
