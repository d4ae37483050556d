/** The office's queue of representation requests waiting to be verified, oldest first. */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { ROLE_IDENTITY } from "../../../domain/clerks.ts";
import { listRequested } from "../../../db/repositories/representations.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    return page({ items: await listRequested(getDb(), ctx.state.tenant.id) });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  return (
    <div>
      <PageTitle title={t("officeRepresentation.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("officeRepresentation.title")}</h1>
      <p class="lead">{t("officeRepresentation.lead")}</p>
      {data.items.length === 0
        ? <p>{t("officeRepresentation.empty")}</p>
        : (
          <TableRegion label={t("officeRepresentation.title")}>
            <table class="data-table">
              <caption class="u-sr-only">{t("officeRepresentation.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("officeRepresentation.table.represented")}</th>
                  <th scope="col">{t("officeRepresentation.table.representative")}</th>
                  <th scope="col">{t("officeRepresentation.table.kind")}</th>
                  <th scope="col">{t("officeRepresentation.table.scope")}</th>
                  <th scope="col">{t("officeRepresentation.table.requestedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <a href={`/urad/zastoupeni/${r.id}`}>{r.represented_name}</a>
                    </th>
                    <td>{`${r.representative_given_name} ${r.representative_family_name}`}</td>
                    <td>{t(`representation.kind.${r.kind}`)}</td>
                    <td>{r.scope.map((a) => t(`agenda.${a}`)).join(", ")}</td>
                    <td>
                      <time dateTime={r.requested_at.toISOString()}>
                        {formatDateTime(r.requested_at, locale)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
    </div>
  );
});
