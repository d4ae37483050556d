/**
 * The authority's contacts (name, address, IČO, e-mail, phone) and the links the law and the
 * open-data norm ask for: the accessibility statement, a way to report a barrier, and the
 * notice board as open data. Without a tenant (unknown host) only the portal's name.
 */
import type { Tenant, Translate } from "../../lib/state.ts";

export interface SiteFooterProps {
  tenant?: Tenant | null;
  t: Translate;
}

/** `+420 123 456 789` → `tel:+420123456789`. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

export function SiteFooter({ tenant, t }: SiteFooterProps) {
  return (
    <footer class="site-footer">
      <div class="site-width">
        {tenant && (
          <div class="site-footer__grid">
            <section aria-labelledby="footer-contact">
              <h2 class="site-footer__title" id="footer-contact">{tenant.officialName}</h2>
              <dl class="site-footer__contact">
                <dt>{t("layout.footer.address")}</dt>
                <dd>{tenant.address}</dd>
                <dt>{t("layout.footer.ico")}</dt>
                <dd>{tenant.ico}</dd>
                <dt>{t("layout.footer.email")}</dt>
                <dd>
                  <a href={`mailto:${tenant.email}`}>{tenant.email}</a>
                </dd>
                <dt>{t("layout.footer.phone")}</dt>
                <dd>
                  <a href={telHref(tenant.phone)}>{tenant.phone}</a>
                </dd>
              </dl>
            </section>
            <section aria-labelledby="footer-links">
              <h2 class="site-footer__title" id="footer-links">{t("layout.footer.linksTitle")}</h2>
              <ul class="site-footer__list">
                <li>
                  <a href="/hlaseni-zavad">{t("layout.footer.defects")}</a>
                </li>
                <li>
                  <a href="/pristupnost">{t("layout.footer.accessibilityStatement")}</a>
                </li>
                <li>
                  <a href="/pristupnost/nahlasit">{t("layout.footer.reportBarrier")}</a>
                </li>
                <li>
                  <a href="/uredni-deska.jsonld" type="application/ld+json">
                    {t("layout.footer.openData")}
                  </a>
                </li>
                <li>
                  <a href="/opendata">{t("openData.footer")}</a>
                </li>
              </ul>
            </section>
          </div>
        )}
        <p class="site-footer__bottom">
          {tenant
            ? t("layout.footer.operatedBy", { authority: tenant.officialName })
            : t("common.portalName")}
        </p>
      </div>
    </footer>
  );
}
