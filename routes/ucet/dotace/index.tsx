/**
 * "Moje dotace" (`/ucet/dotace`, issue 14): every grant application of the signed-in person and
 * of the parties they act for — the call, the state in words, the amounts asked, granted and
 * paid, the next deadline — each linking to its detail. Personal: `private, no-store`.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { myGrantApplications } from "../../../app/grant_applications.ts";
import { formatCzk } from "../../../domain/money.ts";
import { czechDate } from "../../../domain/grants.ts";
import { formatPragueDate } from "../../../domain/time.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const list = await myGrantApplications(
      { db: getDb(), now: () => new Date() },
      personActor(ctx.state),
    );
    return page({ list });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const title = t("grantApplications.list.title");
  return (
    <div class="grant-applications">
      <PageTitle title={title} state={state} />
      <p>
        <a href="/ucet">{t("grantApplications.list.back")}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t("grantApplications.list.lead")}</p>
      {data.list.length === 0
        ? (
          <p>
            {t("grantApplications.list.empty")}{" "}
            <a href="/dotace">{t("grantApplications.list.calls")}</a>
          </p>
        )
        : (
          <TableRegion label={title}>
            <table class="gov-table">
              <caption class="u-sr-only">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("grantApplications.list.reference")}</th>
                  <th scope="col">{t("grantApplications.list.call")}</th>
                  <th scope="col">{t("grantApplications.list.applicant")}</th>
                  <th scope="col">{t("grantApplications.list.state")}</th>
                  <th scope="col" class="num">{t("grantApplications.list.asked")}</th>
                  <th scope="col" class="num">{t("grantApplications.list.granted")}</th>
                  <th scope="col">{t("grantApplications.list.deadline")}</th>
                </tr>
              </thead>
              <tbody>
                {data.list.map((a) => {
                  const deadline = a.state === "returned" && a.completionDeadline
                    ? t("grantApplications.list.completionBy", {
                      date: czechDate(formatPragueDate(a.completionDeadline)),
                    })
                    : a.settlementDue
                    ? t("grantApplications.list.settlementBy", { date: czechDate(a.settlementDue) })
                    : "–";
                  return (
                    <tr key={a.id}>
                      <th scope="row">
                        <a href={`/ucet/dotace/${a.id}`}>
                          {a.reference ?? t("grantApplications.list.noReference")}
                        </a>
                      </th>
                      <td>{a.callTitle}</td>
                      <td>{a.applicantName}</td>
                      <td>{t(`grantApplications.state.${a.state}`)}</td>
                      <td class="num">{formatCzk(a.askedHalere)}</td>
                      <td class="num">
                        {a.grantedHalere === null ? "–" : formatCzk(a.grantedHalere)}
                      </td>
                      <td>{deadline}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
        )}
    </div>
  );
});
