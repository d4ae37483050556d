/**
 * One guide: who it is for, what is needed, fees, deadlines, legal basis, the office and the
 * clerk to contact, and — where the town offers it — the way to do it online. Public and
 * cacheable; ships no JavaScript. Another town's guide does not exist here (404).
 */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { findGuide } from "../../db/repositories/guides.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { formatDate } from "../../lib/http/format.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { GovCss } from "../../components/gov/GovCss.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const guide = await findGuide(getDb(), ctx.state.tenant.id, ctx.params.slug);
    if (!guide) throw new HttpError(404);
    return publicPage(ctx, {
      slug: guide.slug,
      topic: guide.topic,
      title: guide.title,
      summary: guide.summary,
      whoFor: guide.who_for,
      requirements: guide.requirements,
      fees: guide.fees,
      deadlines: guide.deadlines,
      legalBasis: guide.legal_basis,
      department: guide.department,
      contactName: guide.contact_name,
      contactEmail: guide.contact_email,
      contactPhone: guide.contact_phone,
      // The form lives at /zivotni-situace/<slug>/formular (the forms engine's route).
      formHref: guide.form_slug ? `/zivotni-situace/${guide.slug}/formular` : null,
      updatedAt: guide.updated_at,
    });
  },
});

export default define.page<typeof handler>(({ data: g, state }) => {
  const { t, locale } = state;
  return (
    <article class="guide-detail">
      <PageTitle title={g.title} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("guides.title"), href: "/zivotni-situace" }, { label: g.title }]}
      />
      <p class="guide-topic-label">{g.topic}</p>
      <h1>{g.title}</h1>
      <p class="lead">{g.summary}</p>
      {g.formHref
        ? (
          <div class="guide-online-box">
            <GovCss names={["gov-button"]} />
            <p>{t("guides.doOnlineText")}</p>
            <p>
              <a
                class="gov-button gov-button--primary"
                data-color="primary"
                data-type="solid"
                href={g.formHref}
              >
                {t("guides.doOnline")}
              </a>
            </p>
          </div>
        )
        : <p class="guide-in-person">{t("guides.inPerson")}</p>}
      {g.slug === "hlaseni-zavady" && (
        <p>
          <a href="/hlaseni-zavad">{t("defectReports.guideLink")}</a>
        </p>
      )}
      <section aria-labelledby="pro-koho">
        <h2 id="pro-koho">{t("guides.whoFor")}</h2>
        <p>{g.whoFor}</p>
      </section>
      {g.requirements.length > 0 && (
        <section aria-labelledby="co-potrebujete">
          <h2 id="co-potrebujete">{t("guides.requirements")}</h2>
          <ul>
            {g.requirements.map((r, i) => <li key={i}>{r}</li>)}
          </ul>
        </section>
      )}
      {g.fees && (
        <section aria-labelledby="poplatky">
          <h2 id="poplatky">{t("guides.fees")}</h2>
          <p>{g.fees}</p>
        </section>
      )}
      {g.deadlines && (
        <section aria-labelledby="lhuty">
          <h2 id="lhuty">{t("guides.deadlines")}</h2>
          <p>{g.deadlines}</p>
        </section>
      )}
      {g.legalBasis && (
        <section aria-labelledby="predpisy">
          <h2 id="predpisy">{t("guides.legalBasis")}</h2>
          <p>{g.legalBasis}</p>
        </section>
      )}
      <section aria-labelledby="kontakt">
        <h2 id="kontakt">{t("guides.contact")}</h2>
        <dl class="guide-contact">
          <div>
            <dt>{t("guides.department")}</dt>
            <dd>{g.department}</dd>
          </div>
          {g.contactName && (
            <div>
              <dt>{t("guides.clerk")}</dt>
              <dd>{g.contactName}</dd>
            </div>
          )}
          {g.contactPhone && (
            <div>
              <dt>{t("guides.phone")}</dt>
              <dd>
                <a href={`tel:${g.contactPhone.replace(/\s+/g, "")}`}>{g.contactPhone}</a>
              </dd>
            </div>
          )}
          {g.contactEmail && (
            <div>
              <dt>{t("guides.email")}</dt>
              <dd>
                <a href={`mailto:${g.contactEmail}`}>{g.contactEmail}</a>
              </dd>
            </div>
          )}
        </dl>
      </section>
      <p class="guide-updated">
        {t("guides.updated", { date: formatDate(new Date(g.updatedAt), locale) })}
      </p>
    </article>
  );
});
