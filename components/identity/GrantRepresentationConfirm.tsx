/**
 * The confirmation page before a representation is granted (issue 10): who will act for whom,
 * in which agendas and until when, the account linked (with a warning when its birth date does
 * not match the request's) and the identity document checked.
 */
import type { Locale, State } from "../../lib/state.ts";
import type { GrantReview } from "../../app/representation.ts";
import { ConfirmAction } from "../layout/ConfirmAction.tsx";
import { Notice } from "../layout/Notice.tsx";
import { formatIsoDate } from "./RepresentationFacts.tsx";

export interface GrantConfirmData {
  id: string;
  review: GrantReview;
  /** The grant form's input, carried to the confirmed POST. */
  hidden: Record<string, string>;
}

const withDate = (name: string, date: string | null, locale: Locale) =>
  date ? `${name} (${formatIsoDate(date, locale)})` : name;

export function GrantRepresentationConfirm(
  { state, data }: { state: State; data: GrantConfirmData },
) {
  const { t, locale } = state;
  const { review } = data;
  const action = `/urad/zastoupeni/${data.id}`;
  const mismatch = review.linked && review.representedBirthDate &&
    review.linked.birthDate !== review.representedBirthDate;
  return (
    <ConfirmAction
      state={state}
      action={action}
      title={t("officeRepresentation.grant.confirmTitle")}
      consequence={t("officeRepresentation.grant.confirmConsequence", {
        representative: review.representative.name,
        represented: review.representedName,
      })}
      warning={mismatch && (
        <Notice
          type="warning"
          t={t}
          live={false}
          title={t("officeRepresentation.grant.mismatchConfirm", {
            found: review.linked!.birthDate
              ? formatIsoDate(review.linked!.birthDate, locale)
              : t("officeRepresentation.grant.birthDateMissing"),
            requested: formatIsoDate(review.representedBirthDate!, locale),
          })}
        />
      )}
      summary={[
        {
          label: t("officeRepresentation.grant.confirmRepresentative"),
          value: `${review.representative.name} (${review.representative.username})`,
        },
        {
          label: t("officeRepresentation.grant.confirmRepresented"),
          value: withDate(review.representedName, review.representedBirthDate, locale),
        },
        {
          label: t("officeRepresentation.grant.confirmLinked"),
          value: review.linked
            ? withDate(
              `${review.linked.name}, ${review.linked.username}`,
              review.linked.birthDate,
              locale,
            )
            : t("officeRepresentation.grant.noLink"),
        },
        {
          label: t("representation.fact.scope"),
          value: review.scope.map((a) => t(`agenda.${a}`)).join(", "),
        },
        {
          label: t("representation.fact.validUntil"),
          value: review.validUntil
            ? formatIsoDate(review.validUntil, locale)
            : t("representation.fact.indefinite"),
        },
        { label: t("officeRepresentation.grant.confirmEvidence"), value: review.evidence },
      ]}
      hidden={data.hidden}
      confirmLabel={t("officeRepresentation.grant.confirm")}
      backHref={action}
    />
  );
}
