/**
 * The office's decision on a representation request: the grant section (with the search for
 * the represented person among the town's persons, when a person is represented) and the
 * refusal section with its reason.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import {
  REPRESENTATION_LIMITS,
  type RepresentationKind,
  representsPerson,
} from "../../domain/representation.ts";
import { CsrfField, SubmitButton, TextArea, TextField } from "../form/mod.ts";
import { ChoiceGroup } from "./ChoiceGroup.tsx";
import { formatIsoDate } from "./RepresentationFacts.tsx";

export interface RepresentationDecisionProps {
  id: string;
  kind: RepresentationKind;
  search: { name: string; birthDate: string; done: boolean };
  /** Active persons of the town the represented party may be linked to. */
  candidates: readonly {
    id: string;
    username: string;
    given_name: string;
    family_name: string;
    birth_date: string | null;
  }[];
  /** The person picked before an error, "" for none. */
  selected: string;
  reason: string;
  errors: readonly FieldError<string>[];
  labels: { reason: string; representedPersonId: string };
  csrfToken: string;
  t: Translate;
  locale: Locale;
}

export function RepresentationDecision(props: RepresentationDecisionProps) {
  const { id, t, locale, errors, labels, search } = props;
  const person = representsPerson(props.kind);
  return (
    <>
      <section aria-labelledby="grant-heading">
        <h2 id="grant-heading">{t("officeRepresentation.grant.heading")}</h2>
        {person && (
          <>
            <h3>{t("officeRepresentation.grant.searchHeading")}</h3>
            <p>{t("officeRepresentation.grant.searchLead")}</p>
            <form method="get" action={`/urad/zastoupeni/${id}`} class="form" role="search">
              <TextField
                name="jmeno"
                label={t("officeRepresentation.grant.searchName")}
                value={search.name}
                maxLength={100}
                t={t}
              />
              <TextField
                name="narozeni"
                type="date"
                label={t("officeRepresentation.grant.searchBirthDate")}
                value={search.birthDate}
                width="m"
                t={t}
              />
              <SubmitButton variant="secondary">
                {t("officeRepresentation.grant.search")}
              </SubmitButton>
            </form>
          </>
        )}
        <form method="post" action={`/urad/zastoupeni/${id}`} class="form" novalidate>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="decision" value="grant" />
          {person && (
            <>
              <input type="hidden" name="jmeno" value={search.name} />
              <input type="hidden" name="narozeni" value={search.birthDate} />
              {props.candidates.length === 0 && search.done && (
                <p>{t("officeRepresentation.grant.noMatch")}</p>
              )}
              <ChoiceGroup
                type="radio"
                name="representedPersonId"
                legend={labels.representedPersonId}
                options={[
                  { value: "", label: t("officeRepresentation.grant.noLink") },
                  ...props.candidates.map((p) => ({
                    value: p.id,
                    label: `${p.given_name} ${p.family_name} (${p.username}${
                      p.birth_date ? `, ${formatIsoDate(p.birth_date, locale)}` : ""
                    })`,
                  })),
                ]}
                selected={[props.selected]}
                errors={errors}
                t={t}
              />
            </>
          )}
          <SubmitButton>{t("officeRepresentation.grant.submit")}</SubmitButton>
        </form>
      </section>

      <section aria-labelledby="refuse-heading">
        <h2 id="refuse-heading">{t("officeRepresentation.refuse.heading")}</h2>
        <form method="post" action={`/urad/zastoupeni/${id}`} class="form" novalidate>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="decision" value="refuse" />
          <TextArea
            name="reason"
            label={labels.reason}
            hint={t("officeRepresentation.refuse.reasonHint")}
            value={props.reason}
            required
            rows={3}
            maxLength={REPRESENTATION_LIMITS.decisionNote}
            errors={errors}
            t={t}
          />
          <SubmitButton variant="secondary">
            {t("officeRepresentation.refuse.submit")}
          </SubmitButton>
        </form>
      </section>
    </>
  );
}
