/** The town's clerks and their roles, for the town's administrator. */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { listClerks } from "../../../db/repositories/clerks_admin.ts";
import { ROLE_ADMIN } from "../../../domain/clerks.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { roleNames } from "./_roles.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    return page({ clerks: await listClerks(getDb(), ctx.state.tenant.id) });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("officeClerks.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("officeClerks.title")}</h1>
      <p class="lead">{t("officeClerks.lead")}</p>
      <p>
        <a
          class="gov-button gov-button--primary"
          data-color="primary"
          data-type="solid"
          href="/urad/urednici/novy"
        >
          {t("officeClerks.new")}
        </a>
      </p>
      <TableRegion label={t("officeClerks.title")}>
        <table class="data-table">
          <caption class="u-sr-only">{t("officeClerks.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("officeClerks.field.displayName")}</th>
              <th scope="col">{t("officeClerks.field.username")}</th>
              <th scope="col">{t("officeClerks.field.roles")}</th>
              <th scope="col">{t("officeClerks.field.state")}</th>
            </tr>
          </thead>
          <tbody>
            {data.clerks.map((c) => (
              <tr>
                <th scope="row">
                  <a href={`/urad/urednici/${c.id}`}>{c.display_name}</a>
                </th>
                <td>{c.username}</td>
                <td>{roleNames(c.roles, t) || "—"}</td>
                <td>{c.active ? t("officeClerks.active") : t("officeClerks.inactive")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </div>
  );
});
