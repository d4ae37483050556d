/**
 * Grant payouts (issue 14) for the grants or finance clerk: the planned instalments due by a
 * date, exported as one batch for the accountant (each payout in one batch only; a double
 * submit makes one batch), and the batches made so far.
 */
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertGrantsOrFinance } from "../../../../lib/http/grant_roles.ts";
import { clerkActor } from "../../../../lib/http/identity/actor.ts";
import { exportPayouts, payoutsOverview } from "../../../../app/grant_awards.ts";
import { addDays } from "../../../../domain/grant_awards.ts";
import { czechDate } from "../../../../domain/grants.ts";
import { parseIsoDate } from "../../../../domain/clerks.ts";
import { formatPragueDate } from "../../../../domain/time.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { cleanText } from "../../../../domain/validation.ts";
import { formatDateTime } from "../../../../lib/http/format.ts";
import { DataTable } from "../../../../components/layout/DataTable.tsx";
import { Notice } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import {
  CsrfField,
  IdempotencyField,
  SubmitButton,
  TextField,
} from "../../../../components/form/mod.ts";

/** Payouts due within this many days are offered by default (the first is due in 30). */
const DEFAULT_HORIZON_DAYS = 30;

function untilOf(text: string | null): { until: string; invalid: boolean } {
  const fallback = addDays(formatPragueDate(new Date()), DEFAULT_HORIZON_DAYS);
  if (!text) return { until: fallback, invalid: false };
  const d = parseIsoDate(text);
  return d && d >= "2000-01-01" && d <= "2200-12-31"
    ? { until: d, invalid: false }
    : { until: fallback, invalid: true };
}

async function load(tenantId: string, until: string) {
  return await payoutsOverview(getDb(), tenantId, until);
}

export const handler = define.handlers({
  async GET(ctx) {
    assertGrantsOrFinance(ctx.state);
    const { until, invalid } = untilOf(ctx.url.searchParams.get("do"));
    const data = await load(ctx.state.tenant.id, until);
    return page({
      ...data,
      until,
      key: crypto.randomUUID(),
      notice: invalid ? "invalidDate" : null,
    }, { status: invalid ? 400 : 200 });
  },
  async POST(ctx) {
    assertGrantsOrFinance(ctx.state);
    const form = await ctx.formData();
    const { until, invalid } = untilOf(cleanText(form.get("until")).slice(0, 20));
    const key = cleanText(form.get("_idem")).slice(0, 80);
    if (invalid || !/^[0-9a-f-]{36}$/.test(key)) {
      const data = await load(ctx.state.tenant.id, until);
      return page({ ...data, until, key: crypto.randomUUID(), notice: "invalidDate" }, {
        status: 400,
      });
    }
    const r = await exportPayouts({ db: getDb() }, clerkActor(ctx.state), {
      until,
      key,
      now: new Date(),
    });
    if (!r.ok) {
      const data = await load(ctx.state.tenant.id, until);
      return page({ ...data, until, key: crypto.randomUUID(), notice: "nothingDue" }, {
        status: 409,
      });
    }
    return ctx.redirect(`/urad/dotace/vyplaty/${r.batchId}?vytvoreno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const total = data.due.reduce((s, p) => s + Number(p.amount_halere), 0);
  return (
    <div>
      <PageTitle title={t("grantAwards.payouts.title")} state={state} />
      <p>
        <a href="/urad/dotace">{t("grants.office.back")}</a>
      </p>
      <h1>{t("grantAwards.payouts.title")}</h1>
      {data.notice === "nothingDue" && (
        <Notice type="warning" t={t} title={t("grantAwards.payouts.nothingDue")} />
      )}
      {data.notice === "invalidDate" && (
        <Notice type="error" t={t} title={t("grantAwards.errors.invalidDate")} />
      )}
      <form method="get" action="/urad/dotace/vyplaty">
        <TextField
          type="date"
          name="do"
          label={t("grantAwards.payouts.until")}
          value={data.until}
          t={t}
          width="m"
        />
        <SubmitButton variant="secondary">{t("grantAwards.payouts.filter")}</SubmitButton>
      </form>
      <h2>{t("grantAwards.payouts.dueHeading", { until: czechDate(data.until) })}</h2>
      <DataTable
        caption={t("grantAwards.payouts.dueCaption", {
          count: data.due.length,
          total: formatCzk(total),
        })}
        rows={data.due}
        rowKey={(p) => p.id}
        empty={t("grantAwards.payouts.noneDue")}
        columns={[
          { header: t("grantAwards.facts.reference"), rowHeader: true, cell: (p) => p.reference },
          { header: t("grantAwards.facts.applicant"), cell: (p) => p.applicant_name },
          {
            header: t("grantAwards.payouts.instalment"),
            cell: (p) => `${p.instalment}/${p.instalments}`,
          },
          {
            header: t("grantAwards.payouts.amount"),
            num: true,
            cell: (p) => formatCzk(Number(p.amount_halere)),
          },
          { header: t("grantAwards.payouts.due"), cell: (p) => czechDate(p.due_on) },
          { header: t("grantAwards.payouts.account"), cell: (p) => p.account },
        ]}
      />
      {data.due.length > 0 && (
        <form method="post" action="/urad/dotace/vyplaty">
          <CsrfField token={state.csrfToken} />
          <IdempotencyField value={data.key} />
          <input type="hidden" name="until" value={data.until} />
          <SubmitButton>{t("grantAwards.payouts.export")}</SubmitButton>
        </form>
      )}
      <h2>{t("grantAwards.payouts.batchesHeading")}</h2>
      <DataTable
        caption={t("grantAwards.payouts.batchesHeading")}
        captionHidden
        rows={data.batches}
        rowKey={(b) => b.id}
        empty={t("grantAwards.payouts.noBatches")}
        columns={[
          {
            header: t("grantAwards.payouts.batch"),
            rowHeader: true,
            cell: (b) => <a href={`/urad/dotace/vyplaty/${b.id}`}>{b.number}</a>,
          },
          {
            header: t("grantAwards.payouts.created"),
            cell: (b) => formatDateTime(b.created_at, locale),
          },
          { header: t("grantAwards.payouts.count"), num: true, cell: (b) => b.payouts },
          {
            header: t("grantAwards.payouts.amount"),
            num: true,
            cell: (b) => formatCzk(Number(b.total_halere)),
          },
          {
            header: t("grantAwards.payouts.state"),
            cell: (b) =>
              b.paid_at ? t("grantAwards.payoutState.paid") : t("grantAwards.payoutState.exported"),
          },
        ]}
      />
    </div>
  );
});
