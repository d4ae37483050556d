/**
 * The public-space occupation permit's form (zábor veřejného prostranství, issue 15): the place
 * (street and area in m²), the purpose and the dates. The area's and the dates' limits are the
 * domain's (domain/public_space.ts); a date in the past, a "to" before "from", an area of 0 m²
 * or 10 000 000 m² are the engine's Czech field errors, nothing filed.
 */
import type { FormDefinition } from "../forms/types.ts";
import {
  AREA_MAX_M2,
  AREA_MIN_M2,
  OCCUPATION_PURPOSES,
  PUBLIC_SPACE_SLUG,
} from "../public_space.ts";

const K = "situationForms.publicSpace";

export const PUBLIC_SPACE_FORM: FormDefinition = {
  slug: PUBLIC_SPACE_SLUG,
  title: `${K}.title`,
  intro: `${K}.intro`,
  steps: [
    {
      id: "misto",
      title: `${K}.steps.place`,
      intro: `${K}.steps.placeIntro`,
      fields: [
        {
          type: "text",
          name: "street",
          label: `${K}.street`,
          hint: `${K}.streetHint`,
          required: true,
          maxLength: 120,
          autocomplete: "off",
        },
        {
          type: "number",
          name: "areaM2",
          label: `${K}.areaM2`,
          hint: `${K}.areaM2Hint`,
          required: true,
          min: AREA_MIN_M2,
          max: AREA_MAX_M2,
          decimals: 1,
        },
        {
          type: "choice",
          name: "purpose",
          label: `${K}.purpose`,
          display: "radio",
          required: true,
          options: OCCUPATION_PURPOSES.map((value) => ({
            value,
            label: `${K}.purposes.${value}`,
          })),
        },
      ],
    },
    {
      id: "doba",
      title: `${K}.steps.dates`,
      fields: [
        {
          type: "date",
          name: "dateFrom",
          label: `${K}.dateFrom`,
          required: true,
          min: "today",
        },
        {
          type: "date",
          name: "dateTo",
          label: `${K}.dateTo`,
          hint: `${K}.dateToHint`,
          required: true,
          min: { field: "dateFrom" },
        },
        {
          type: "textarea",
          name: "note",
          label: `${K}.note`,
          maxLength: 2000,
          rows: 3,
        },
      ],
    },
  ],
};
