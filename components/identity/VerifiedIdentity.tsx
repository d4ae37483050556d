/**
 * "Ověřené údaje" in the personal account: the birth date and address as an identity provider
 * proved them (NIA's CurrentAddress and DateOfBirth, or another provider's at the same level),
 * and every linked electronic identity with its level of assurance — so the person sees which
 * providers open this one account (domain/account_join.ts). A small DTO from
 * app/account_join.ts `verifiedIdentity`.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import { formatDate } from "../../lib/http/format.ts";
import type { VerifiedIdentityView } from "../../app/account_join.ts";

export interface VerifiedIdentityProps {
  view: VerifiedIdentityView;
  /** Provider id → the name on its sign-in button. */
  names: Record<string, string>;
  t: Translate;
  locale: Locale;
}

export function VerifiedIdentity({ view, names, t, locale }: VerifiedIdentityProps) {
  const verified = view.identities.length > 0;
  return (
    <section aria-labelledby="verified-identity-heading">
      <h2 id="verified-identity-heading">{t("verifiedIdentity.heading")}</h2>
      {verified
        ? (
          <>
            <p>{t("verifiedIdentity.lead")}</p>
            <dl class="notice-facts">
              {view.birthDate && (
                <div>
                  <dt>{t("verifiedIdentity.birthDate")}</dt>
                  <dd>{formatDate(new Date(`${view.birthDate}T12:00:00Z`), locale)}</dd>
                </div>
              )}
              {view.address && (
                <div>
                  <dt>{t("verifiedIdentity.address")}</dt>
                  <dd>{view.address}</dd>
                </div>
              )}
            </dl>
            <h3>{t("verifiedIdentity.providers")}</h3>
            <ul>
              {view.identities.map((i) => (
                <li key={i.provider}>
                  {t("verifiedIdentity.provider", {
                    name: names[i.provider] ?? i.provider,
                    level: t(`verifiedIdentity.loa.${i.levelOfAssurance}`),
                    date: formatDate(i.linkedAt, locale),
                  })}
                </li>
              ))}
            </ul>
          </>
        )
        : <p>{t("verifiedIdentity.none")}</p>}
    </section>
  );
}
