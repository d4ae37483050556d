/**
 * A person as the office sees them: user name, birth date, address, state, registration,
 * contacts (verified or not) and the identities linked from identity providers.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import { formatDate, formatDateTime } from "../../lib/http/format.ts";

export interface PersonFactsProps {
  person: {
    username: string;
    birth_date: string | null;
    address: string | null;
    status: string;
    created_at: Date;
  };
  contacts: readonly { kind: "email" | "phone"; value: string; verified: boolean }[];
  identities: readonly { provider: string; level: string; linkedAt: Date }[];
  t: Translate;
  locale: Locale;
}

export function PersonFacts({ person, contacts, identities, t, locale }: PersonFactsProps) {
  const date = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), locale);
  return (
    <>
      <h2>{t("officePersons.dataHeading")}</h2>
      <dl class="notice-facts">
        <div>
          <dt>{t("officePersons.field.username")}</dt>
          <dd>{person.username}</dd>
        </div>
        <div>
          <dt>{t("officePersons.field.birthDate")}</dt>
          <dd>{person.birth_date ? date(person.birth_date) : t("officePersons.unknown")}</dd>
        </div>
        {person.address && (
          <div>
            <dt>{t("officePersons.field.address")}</dt>
            <dd>{person.address}</dd>
          </div>
        )}
        <div>
          <dt>{t("officePersons.field.status")}</dt>
          <dd>{t(`officePersons.status.${person.status}`)}</dd>
        </div>
        <div>
          <dt>{t("officePersons.field.registered")}</dt>
          <dd>{formatDateTime(person.created_at, locale)}</dd>
        </div>
        {contacts.map((c) => (
          <div>
            <dt>{t(`officePersons.contact.${c.kind}`)}</dt>
            <dd>
              {c.value}{" "}
              <span class="u-muted">
                ({c.verified ? t("officePersons.verified") : t("officePersons.unverified")})
              </span>
            </dd>
          </div>
        ))}
      </dl>

      <h2>{t("officePersons.identitiesHeading")}</h2>
      {identities.length === 0 ? <p>{t("officePersons.noIdentity")}</p> : (
        <ul>
          {identities.map((i) => (
            <li>
              {t("officePersons.identity", {
                provider: i.provider,
                level: t(`officePersons.loa.${i.level}`),
                date: formatDate(i.linkedAt, locale),
              })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
