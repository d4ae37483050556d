/**
 * A founded organisation's financial report (issue 12 item 6): the organisation's accountant —
 * a person with a granted representation of kind `company` for its IČO — files the half-year
 * or year figures as a FIN 2-12 M or Cityvizor CSV; the town's finance clerk approves or returns
 * them (the kit's review), and only approved figures are imported for the budget explorer.
 */
import type { FormDefinition } from "../forms/types.ts";

const K = "situationForms.organisationReport";

export const ORGANISATION_REPORT_SLUG = "financni-vykaz-organizace";
export const ORGANISATION_REPORT_PERIODS = ["pololeti", "rok"] as const;
/** The file formats the figures come in (parsers in domain/finance/). */
export const ORGANISATION_REPORT_FORMATS = ["fin212m", "cityvizor"] as const;
export type OrganisationReportFormat = (typeof ORGANISATION_REPORT_FORMATS)[number];

export const ORGANISATION_REPORT_FORM: FormDefinition = {
  slug: ORGANISATION_REPORT_SLUG,
  title: `${K}.title`,
  intro: `${K}.intro`,
  steps: [
    {
      id: "vykaz",
      title: `${K}.steps.report`,
      intro: `${K}.steps.reportIntro`,
      fields: [
        {
          type: "text",
          name: "organisationIco",
          label: `${K}.organisationIco`,
          hint: `${K}.organisationIcoHint`,
          required: true,
          format: "ico",
          maxLength: 8,
          autocomplete: "off",
        },
        {
          type: "number",
          name: "year",
          label: `${K}.year`,
          required: true,
          integer: true,
          min: 1990,
          max: 2100,
        },
        {
          type: "choice",
          name: "period",
          label: `${K}.period`,
          display: "radio",
          required: true,
          options: ORGANISATION_REPORT_PERIODS.map((value) => ({
            value,
            label: `${K}.periods.${value}`,
          })),
        },
        {
          type: "choice",
          name: "format",
          label: `${K}.format`,
          display: "radio",
          required: true,
          options: ORGANISATION_REPORT_FORMATS.map((value) => ({
            value,
            label: `${K}.formats.${value}`,
          })),
        },
        {
          type: "attachment",
          name: "figures",
          label: `${K}.figures`,
          hint: `${K}.figuresHint`,
          required: true,
          maxFiles: 1,
          maxBytes: 30 * 1024 * 1024,
          mediaTypes: ["text/plain"],
        },
        {
          type: "textarea",
          name: "note",
          label: `${K}.note`,
          maxLength: 2000,
          rows: 4,
        },
      ],
    },
  ],
};
