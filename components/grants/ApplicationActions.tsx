/**
 * The applicant's actions on an application in "Moje dotace" (`/ucet/dotace/<id>`): whatever
 * the use case's view offers (app/grant_applications.ts `actions`), a link or a POST form with
 * the CSRF token. Later slices (contract confirmation, settlement report) add actions there;
 * the page renders them here without changing.
 */
import type { GrantApplicationAction } from "../../app/grant_applications.ts";
import type { Translate } from "../../lib/state.ts";
import { CsrfField } from "../form/CsrfField.tsx";
import { SubmitButton } from "../form/SubmitButton.tsx";
import { GovCss } from "../gov/GovCss.tsx";

export function ApplicationActions(
  { actions, csrfToken, t }: {
    actions: readonly GrantApplicationAction[];
    csrfToken: string;
    t: Translate;
  },
) {
  if (!actions.length) return null;
  return (
    <section class="grant-actions" aria-labelledby="grant-actions-heading">
      <GovCss names={["gov-button"]} />
      <h2 id="grant-actions-heading">{t("grantApplications.detail.actions")}</h2>
      <ul class="grant-actions__list">
        {actions.map((a) => (
          <li key={a.href}>
            {a.method === "post"
              ? (
                <form method="post" action={a.href}>
                  <CsrfField token={csrfToken} />
                  <SubmitButton>{t(a.label)}</SubmitButton>
                </form>
              )
              : (
                <a
                  class="gov-button gov-button--primary"
                  data-color="primary"
                  data-type="solid"
                  href={a.href}
                >
                  {t(a.label)}
                </a>
              )}
          </li>
        ))}
      </ul>
    </section>
  );
}
