/**
 * `/rezervace`: what a citizen can book a visit for, by department (issue 15). Public and
 * cacheable (tag `appointments`: a change of the services drops the page).
 */
import { define } from "../../lib/http/define.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { publicServices } from "../../app/appointments.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const groups = await publicServices(getDb(), ctx.state.tenant.id);
    return publicPage(ctx, { groups }, { tags: ["appointments"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div class="appointments">
      <PageTitle title={t("appointments.title")} state={state} />
      <h1>{t("appointments.title")}</h1>
      <p>{t("appointments.lead")}</p>
      {data.groups.length === 0 && <p>{t("appointments.none")}</p>}
      {data.groups.map((g) => (
        <section key={g.department}>
          <h2>{g.department}</h2>
          <ul>
            {g.services.map((s) => (
              <li key={s.id}>
                <a href={`/rezervace/${s.slug}`}>
                  {state.locale === "en" && s.name_en ? s.name_en : s.name}
                </a>
                {" — "}
                {t("appointments.duration", { minutes: s.duration_minutes })}
                {s.description && <p>{s.description}</p>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
});
