/** Who asks to represent someone, as the office sees them: name, user name, verified contacts. */
import type { Locale, Translate } from "../../lib/state.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import { formatIsoDate } from "./RepresentationFacts.tsx";

export interface RepresentativeFactsData {
  name: string;
  username: string;
  birthDate: string | null;
  createdAt: Date;
  contacts: readonly { kind: "email" | "phone"; value: string }[];
}

export function RepresentativeFacts(
  { person, t, locale }: { person: RepresentativeFactsData; t: Translate; locale: Locale },
) {
  return (
    <dl class="facts">
      <div>
        <dt>{t("officeRepresentation.person.name")}</dt>
        <dd>{person.name}</dd>
      </div>
      <div>
        <dt>{t("account.username")}</dt>
        <dd>{person.username}</dd>
      </div>
      {person.birthDate && (
        <div>
          <dt>{t("account.birthDate")}</dt>
          <dd>{formatIsoDate(person.birthDate, locale)}</dd>
        </div>
      )}
      {person.contacts.map((c) => (
        <div>
          <dt>{t(`account.contact.${c.kind}`)}</dt>
          <dd>{c.value}</dd>
        </div>
      ))}
      <div>
        <dt>{t("officeRepresentation.person.since")}</dt>
        <dd>{formatDateTime(person.createdAt, locale)}</dd>
      </div>
    </dl>
  );
}
