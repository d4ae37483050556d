/**
 * Granted grants per year (issue 14): recipient (a natural person only as the law allows:
 * domain/grants.ts `publishedRecipient`), IČO of legal persons, programme, purpose, amount and
 * the decision's date; the same as CSV and JSON. Public and cacheable (tag `grants`).
 */
import { define } from "../../lib/http/define.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { grantedGrants } from "../../app/grant_awards.ts";
import { formatCzk } from "../../domain/money.ts";
import { czechDate } from "../../domain/grants.ts";
import { pragueYear } from "../../domain/cases.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Select, SubmitButton } from "../../components/form/mod.ts";
import { DataTable } from "../../components/layout/DataTable.tsx";
import { grantYear } from "../../lib/http/grant_open_data.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const year = grantYear(ctx.url.searchParams.get("rok"), pragueYear(new Date()));
    const data = await grantedGrants(getDb(), ctx.state.tenant.id, year);
    const rows = data.rows.map((r, i) => ({ ...r, key: String(i) }));
    return publicPage(ctx, { years: data.years, rows, year }, { tags: ["grants"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const total = data.rows.reduce((s, r) => s + r.amountHalere, 0);
  const years = data.years.includes(data.year) ? data.years : [data.year, ...data.years];
  return (
    <div class="grants">
      <PageTitle title={t("grantAwards.open.title", { year: data.year })} state={state} />
      <p>
        <a href="/dotace">{t("grantAwards.open.back")}</a>
      </p>
      <h1>{t("grantAwards.open.title", { year: data.year })}</h1>
      <p>{t("grantAwards.open.lead")}</p>
      <form method="get" action="/dotace/poskytnute">
        <Select
          name="rok"
          label={t("grantAwards.open.year")}
          t={t}
          value={String(data.year)}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <SubmitButton variant="secondary">{t("grantAwards.open.show")}</SubmitButton>
      </form>
      <p>
        <a href={`/dotace/poskytnute.csv?rok=${data.year}`}>{t("grantAwards.open.csv")}</a>
        {" · "}
        <a href={`/dotace/poskytnute.json?rok=${data.year}`}>{t("grantAwards.open.json")}</a>
      </p>
      <DataTable
        caption={t("grantAwards.open.caption", {
          year: data.year,
          count: data.rows.length,
          total: formatCzk(total),
        })}
        rows={data.rows}
        rowKey={(r) => r.key}
        empty={t("grantAwards.open.none")}
        columns={[
          { header: t("grantAwards.open.recipient"), rowHeader: true, cell: (r) => r.recipient },
          { header: t("grantAwards.open.ico"), cell: (r) => r.ico ?? "–" },
          { header: t("grantAwards.open.municipality"), cell: (r) => r.municipality ?? "–" },
          { header: t("grantAwards.open.programme"), cell: (r) => r.programme },
          { header: t("grantAwards.open.purpose"), cell: (r) => r.purpose },
          {
            header: t("grantAwards.open.amount"),
            num: true,
            cell: (r) => formatCzk(r.amountHalere),
          },
          { header: t("grantAwards.open.decided"), cell: (r) => czechDate(r.decidedOn) },
        ]}
      />
      <p class="muted">{t("grantAwards.open.privacy")}</p>
    </div>
  );
});
