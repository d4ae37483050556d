/**
 * The person's applications signed in through the portal (/ucet/aplikace): per application its
 * name, whose it is, what it receives, when it last signed the person in, and an "Odebrat
 * přístup" button (a plain form with the CSRF token; the route asks for confirmation).
 */
import type { State } from "../../lib/state.ts";
import type { AllowedApplication } from "../../app/oidc_grants.ts";
import { CsrfField, SubmitButton } from "../form/mod.ts";
import { Notice } from "../layout/Notice.tsx";
import { formatDateTime } from "../../lib/http/format.ts";

export function AllowedApplications(
  { apps, withdrawn, state }: { apps: AllowedApplication[]; withdrawn: boolean; state: State },
) {
  const { t, locale } = state;
  return (
    <>
      {withdrawn && <Notice type="success" t={t} title={t("myApps.withdrawn")} />}
      {apps.length === 0 && <p>{t("myApps.empty")}</p>}
      {apps.map((app) => (
        <section key={app.clientId} class="allowed-app" aria-labelledby={`app-${app.clientId}`}>
          <h2 id={`app-${app.clientId}`}>{app.name}</h2>
          <p>{app.firstParty ? t("myApps.firstParty") : t("myApps.thirdParty")}</p>
          <h3>{t("myApps.receives")}</h3>
          <ul>
            {app.scopes.map((s) => (
              <li key={s}>
                {t(`oidcIdp.consent.scope.${s}`, {
                  agenda: app.agenda ? t(`agenda.${app.agenda}`) : "—",
                })}
              </li>
            ))}
          </ul>
          <p>
            {app.lastUsedAt
              ? t("myApps.lastUsed", { date: formatDateTime(app.lastUsedAt, locale) })
              : t("myApps.neverUsed")}
          </p>
          <form method="post" action="/ucet/aplikace">
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="action" value="withdraw" />
            <input type="hidden" name="clientId" value={app.clientId} />
            <SubmitButton variant="secondary" label={`${t("myApps.withdraw")}: ${app.name}`}>
              {t("myApps.withdraw")}
            </SubmitButton>
          </form>
        </section>
      ))}
    </>
  );
}
