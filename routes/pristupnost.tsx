/**
 * Prohlášení o přístupnosti (Act 99/2019 Sb., § 8), in the structure of the statement template
 * of Implementing Decision (EU) 2018/1523: scope, compliance status, non-accessible content,
 * preparation, feedback and contacts, enforcement. Honest: "částečně v souladu", with the gaps.
 * When the portal changes, review the gaps and move REVIEWED.
 */
import { define } from "../lib/http/define.ts";
import type { Locale } from "../lib/state.ts";
import { DocumentTitle } from "../components/layout/DocumentTitle.tsx";
import { PageHeading } from "../components/layout/PageHeading.tsx";
import { telHref } from "../components/layout/SiteFooter.tsx";

/** When this statement was prepared and last reviewed (ISO dates). */
export const PREPARED = "2026-11-21";
export const REVIEWED = "2026-11-21";

const dateFormat: Record<Locale, Intl.DateTimeFormat> = {
  cs: new Intl.DateTimeFormat("cs-CZ", { dateStyle: "long", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }),
};

export function formatStatementDate(iso: string, locale: Locale): string {
  return dateFormat[locale].format(new Date(`${iso}T00:00:00Z`));
}

export default define.page(function AccessibilityStatement({ state, url }) {
  const { t, tenant, locale } = state;
  const authority = tenant.officialName;
  const title = t("a11y.statement.title");
  return (
    <article class="prose">
      <DocumentTitle title={title} town={tenant.name} portal={t("common.portalName")} />
      <PageHeading title={title} />
      <p>{t("a11y.statement.intro", { authority })}</p>
      <p>{t("a11y.statement.scope", { site: url.origin })}</p>

      <h2>{t("a11y.statement.complianceTitle")}</h2>
      <p>
        <strong>{t("a11y.statement.compliance")}</strong>
      </p>
      <p>{t("a11y.statement.standard")}</p>

      <h2>{t("a11y.statement.gapsTitle")}</h2>
      <p>{t("a11y.statement.gapsIntro")}</p>
      <ul>
        <li>{t("a11y.statement.gapDocuments")}</li>
        <li>{t("a11y.statement.gapDocumentLanguage")}</li>
        <li>{t("a11y.statement.gapTimeout")}</li>
      </ul>

      <h3>{t("a11y.statement.exemptTitle")}</h3>
      <ul>
        <li>{t("a11y.statement.exemptOfficeFiles")}</li>
        <li>{t("a11y.statement.exemptThirdParty")}</li>
      </ul>

      <h2>{t("a11y.statement.preparedTitle")}</h2>
      <p>
        {t("a11y.statement.prepared", {
          prepared: formatStatementDate(PREPARED, locale),
          reviewed: formatStatementDate(REVIEWED, locale),
        })}
      </p>
      <p>{t("a11y.statement.method")}</p>

      <h2>{t("a11y.statement.feedbackTitle")}</h2>
      <p>{t("a11y.statement.feedback")}</p>
      <ul>
        <li>
          {t("a11y.statement.feedbackForm")}{" "}
          <a href="/pristupnost/nahlasit?stranka=%2Fpristupnost">{t("a11y.report.title")}</a>,
        </li>
        <li>
          {t("a11y.statement.feedbackEmail")} <a href={`mailto:${tenant.email}`}>{tenant.email}</a>,
        </li>
        <li>
          {t("a11y.statement.feedbackPhone")} <a href={telHref(tenant.phone)}>{tenant.phone}</a>,
        </li>
        <li>
          {t("a11y.statement.feedbackPost")} {authority}, {tenant.address}.
        </li>
      </ul>
      <p>{t("a11y.statement.feedbackAnswer")}</p>

      <h2>{t("a11y.statement.enforcementTitle")}</h2>
      <p>{t("a11y.statement.enforcement", { authority, address: tenant.address })}</p>
      <p>
        {t("a11y.statement.supervision")}{" "}
        <a href="https://www.dia.gov.cz/" hreflang="cs">{t("a11y.statement.supervisionLink")}</a>
      </p>
    </article>
  );
});
