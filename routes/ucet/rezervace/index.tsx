/** `/ucet/rezervace`: the signed-in person's bookings, upcoming first (issue 15). */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { myAppointments } from "../../../app/appointments.ts";
import { formatSlot } from "../../../app/appointment_texts.ts";
import { HttpError } from "../../../lib/web/mod.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    if (!ctx.state.person) throw new HttpError(401);
    const rows = await myAppointments(getDb(), ctx.state.tenant.id, ctx.state.person.personId);
    return page({ rows });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div class="appointments">
      <PageTitle title={t("appointments.mine.title")} state={state} />
      <h1>{t("appointments.mine.title")}</h1>
      <p>
        <a href="/rezervace">{t("appointments.mine.new")}</a>
      </p>
      {data.rows.length === 0
        ? <p>{t("appointments.mine.none")}</p>
        : (
          <TableRegion label={t("appointments.mine.caption")}>
            <table class="gov-table">
              <caption>{t("appointments.mine.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("appointments.fact.when")}</th>
                  <th scope="col">{t("appointments.fact.service")}</th>
                  <th scope="col">{t("appointments.fact.status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <a href={`/ucet/rezervace/${r.id}`}>{formatSlot(new Date(r.starts_at))}</a>
                    </th>
                    <td>{r.service_name}</td>
                    <td>{t(`appointments.status.${r.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
    </div>
  );
});
