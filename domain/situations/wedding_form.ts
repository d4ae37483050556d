/**
 * The wedding date's form (issue 15): the couple, the date and start time of the ceremony, and
 * the place — the town hall's ceremony room or another place (its address; a fee by the town's
 * rates). Whether the date is a ceremony day and the slot free is the filing's check
 * (app/weddings.ts): a slot another couple holds is refused by the database.
 */
import type { FormDefinition } from "../forms/types.ts";
import { CEREMONY_PLACES, CEREMONY_TIMES, WEDDING_SLUG } from "../wedding.ts";

const K = "situationForms.wedding";

export const WEDDING_FORM: FormDefinition = {
  slug: WEDDING_SLUG,
  title: `${K}.title`,
  intro: `${K}.intro`,
  steps: [
    {
      id: "snoubenci",
      title: `${K}.steps.couple`,
      fields: [
        {
          type: "text",
          name: "partnerOne",
          label: `${K}.partnerOne`,
          required: true,
          format: "personName",
          maxLength: 120,
          autocomplete: "name",
        },
        {
          type: "text",
          name: "partnerTwo",
          label: `${K}.partnerTwo`,
          required: true,
          format: "personName",
          maxLength: 120,
          autocomplete: "off",
        },
        {
          type: "text",
          name: "email",
          label: `${K}.email`,
          required: true,
          format: "email",
          maxLength: 254,
          autocomplete: "email",
        },
      ],
    },
    {
      id: "termin",
      title: `${K}.steps.slot`,
      intro: `${K}.steps.slotIntro`,
      fields: [
        {
          type: "date",
          name: "date",
          label: `${K}.date`,
          hint: `${K}.dateHint`,
          required: true,
          min: "today",
        },
        {
          type: "choice",
          name: "time",
          label: `${K}.time`,
          display: "select",
          required: true,
          options: CEREMONY_TIMES.map((value) => ({ value, label: `${K}.times.${value}` })),
        },
        {
          type: "choice",
          name: "place",
          label: `${K}.place`,
          display: "radio",
          required: true,
          options: CEREMONY_PLACES.map((value) => ({ value, label: `${K}.places.${value}` })),
        },
        {
          type: "text",
          name: "otherPlace",
          label: `${K}.otherPlace`,
          hint: `${K}.otherPlaceHint`,
          required: true,
          when: { field: "place", oneOf: ["jine-misto"] },
          maxLength: 200,
        },
      ],
    },
  ],
};
