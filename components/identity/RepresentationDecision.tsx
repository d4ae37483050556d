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
import { CsrfField, Select, SubmitButton, TextArea, TextField } from "../form/mod.ts";
import { ID_DOCUMENT_TYPES } from "../../domain/clerks.ts";
import { Notice } from "../layout/Notice.tsx";
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
  /** The birth date the request gives for the represented person (compared with each match). */
  requestedBirthDate: string | null;
  /** The representative's identity document as typed before an error. */
  document: { documentType: string; documentNumber: string };
  reason: string;
  errors: readonly FieldError<string>[];
  labels: {
    reason: string;
    representedPersonId: string;
    documentType: string;
    documentNumber: string;
  };
  csrfToken: string;
  t: Translate;
  locale: Locale;
}

export function RepresentationDecision(props: RepresentationDecisionProps) {
  const { id, t, locale, errors, labels, search } = props;
  const person = representsPerson(props.kind);
  const requested = props.requestedBirthDate;
  // A match whose birth date differs from the request's is said so, in its label and above.
  const differs = (birth: string | null) => requested !== null && birth !== requested;
  const mismatchNote = (birth: string | null) =>
    differs(birth)
      ? ` – ${
        t("officeRepresentation.grant.birthDateMismatch", {
          requested: formatIsoDate(requested!, locale),
        })
      }${birth ? "" : `, ${t("officeRepresentation.grant.birthDateMissing")}`}`
      : "";
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
              {props.candidates.some((p) => differs(p.birth_date)) && (
                <Notice
                  type="warning"
                  t={t}
                  live={false}
                  level={3}
                  title={t("officeRepresentation.grant.mismatchWarning", {
                    requested: formatIsoDate(requested!, locale),
                  })}
                />
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
                    })${mismatchNote(p.birth_date)}`,
                  })),
                ]}
                selected={[props.selected]}
                errors={errors}
                t={t}
              />
            </>
          )}
          <h3>{t("officeRepresentation.grant.documentLegend")}</h3>
          <p>{t("officeRepresentation.grant.documentLead")}</p>
          <Select
            name="documentType"
            label={labels.documentType}
            options={ID_DOCUMENT_TYPES.map((d) => ({
              value: d,
              label: t(`officePersons.document.${d}`),
            }))}
            placeholder={t("officePersons.grant.choose")}
            value={props.document.documentType}
            required
            errors={errors}
            t={t}
          />
          <TextField
            name="documentNumber"
            label={labels.documentNumber}
            hint={t("officePersons.grant.documentNumberHint")}
            value={props.document.documentNumber}
            required
            maxLength={30}
            autocomplete="off"
            spellcheck={false}
            width="m"
            errors={errors}
            t={t}
          />
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
