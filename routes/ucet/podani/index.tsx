/** `/ucet/podani`: the person's unfinished forms (drafts) and filed cases with their state. */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { deleteDraft, listSubmissions } from "../../../app/drafts.ts";
import { cleanText } from "../../../domain/validation.ts";
import { formatDate, formatDateTime } from "../../../lib/http/format.ts";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { CaseStateTag } from "../../../components/cases/CaseParts.tsx";

import { TableRegion } from "../../../components/layout/TableRegion.tsx";
export const handler = define.handlers({
  async GET(ctx) {
    const data = await listSubmissions({ db: getDb() }, personActor(ctx.state));
    return page({ ...data, deleted: ctx.url.searchParams.has("smazano") });
  },
  /** Deletes the draft of one form. */
  async POST(ctx) {
    const slug = cleanText((await ctx.formData()).get("slug")).slice(0, 100);
    await deleteDraft({ db: getDb() }, personActor(ctx.state), slug);
    return ctx.redirect("/ucet/podani?smazano=1");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const formName = (slug: string) => {
    const key = `cases.forms.${slug}`;
    const name = t(key);
    return name === key ? slug : name;
  };
  return (
    <div>
      <PageTitle title={t("cases.list.title")} state={state} />
      <h1>{t("cases.list.title")}</h1>
      {data.deleted && <Notice type="success" t={t} title={t("cases.list.deleted")} />}
      <h2>{t("cases.list.draftsHeading")}</h2>
      {data.drafts.length === 0 ? <p>{t("cases.list.noDrafts")}</p> : (
        <ul class="case-drafts">
          {data.drafts.map((d) => (
            <li>
              <a href={`/zivotni-situace/${d.form_slug}/formular`}>
                {formName(d.form_slug)} – {t("cases.list.continue")}
              </a>
              <br />
              <small>
                {t("cases.list.updated")}: {formatDateTime(d.updated_at, locale)} ·{" "}
                {t("cases.list.expires")}: {formatDate(d.expires_at, locale)}
              </small>
              <form method="post" action="/ucet/podani">
                <CsrfField token={state.csrfToken} />
                <input type="hidden" name="slug" value={d.form_slug} />
                <SubmitButton variant="secondary">{t("cases.list.delete")}</SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("cases.list.casesHeading")}</h2>
      {data.cases.length === 0
        ? <p>{t("cases.list.noCases")}</p>
        : (
          <TableRegion label={t("cases.list.casesHeading")}>
            <table class="gov-table">
              <caption class="u-sr-only">{t("cases.list.casesHeading")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("cases.list.reference")}</th>
                  <th scope="col">{t("cases.list.form")}</th>
                  <th scope="col">{t("cases.list.filedAt")}</th>
                  <th scope="col">{t("cases.list.state")}</th>
                </tr>
              </thead>
              <tbody>
                {data.cases.map((c) => (
                  <tr>
                    <td>
                      <a href={`/ucet/podani/${c.id}`}>{c.reference}</a>
                    </td>
                    <td>{formName(c.form_slug)}</td>
                    <td>{formatDateTime(c.created_at, locale)}</td>
                    <td>
                      <CaseStateTag state={c.state} assigned={c.assigned_clerk_id !== null} t={t} />
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
