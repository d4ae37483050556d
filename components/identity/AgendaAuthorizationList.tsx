/**
 * A person's agenda authorizations as the office sees them: the live ones, and those revoked,
 * each with who granted it and on what evidence (a clerk after an ID check, or a login at a
 * sufficient level of assurance), and for a revoked one who revoked it and why.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { PersonRecord } from "../../app/persons.ts";
import { formatDateTime } from "../../lib/http/format.ts";

type Authorization = PersonRecord["authorizations"][number];

function source(a: Authorization, t: Translate): string {
  return a.source === "clerk"
    ? t("officePersons.authorizations.byClerk", {
      name: a.granted_by_name ?? "—",
      evidence: a.evidence ?? "—",
    })
    : t("officePersons.authorizations.byIdentity");
}

export function LiveAuthorizations(
  { live, t, locale }: { live: Authorization[]; t: Translate; locale: Locale },
) {
  return (
    <>
      <h2>{t("officePersons.authorizations.heading")}</h2>
      {live.length === 0 ? <p>{t("officePersons.authorizations.none")}</p> : (
        <ul>
          {live.map((a) => (
            <li>
              <strong>{t(`agenda.${a.agenda}`)}</strong>: {t("officePersons.authorizations.since", {
                date: formatDateTime(a.granted_at, locale),
              })}, {source(a, t)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function PastAuthorizations(
  { past, t, locale }: { past: Authorization[]; t: Translate; locale: Locale },
) {
  if (past.length === 0) return null;
  return (
    <section aria-labelledby="past-heading">
      <h2 id="past-heading">{t("officePersons.authorizations.pastHeading")}</h2>
      <ul>
        {past.map((a) => (
          <li>
            <strong>{t(`agenda.${a.agenda}`)}</strong>: {t("officePersons.authorizations.period", {
              from: formatDateTime(a.granted_at, locale),
              to: formatDateTime(a.revoked_at!, locale),
            })}, {source(a, t)};{" "}
            {t("history.revokedBy", { name: a.revoked_by_name ?? t("history.unknownClerk") })}
            {a.revoked_reason && (
              <>
                <br />
                {t("history.reason", { reason: a.revoked_reason })}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
