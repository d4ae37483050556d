/**
 * The defect report form (hlášení závady): what is wrong, where (an address or coordinates),
 * up to three photos, and an e-mail for the answer when the reporter is not signed in.
 */
import type { FormDefinition } from "../forms/types.ts";

const K = "situationForms.defectReport";

export const DEFECT_CATEGORIES = [
  "verejneOsvetleni",
  "komunikace",
  "zelen",
  "odpady",
  "mobiliar",
  "jine",
] as const;
export type DefectCategory = (typeof DEFECT_CATEGORIES)[number];

export const DEFECT_REPORT_FORM: FormDefinition = {
  slug: "hlaseni-zavady",
  title: `${K}.title`,
  intro: `${K}.intro`,
  steps: [
    {
      id: "zavada",
      title: `${K}.steps.defect`,
      fields: [
        {
          type: "choice",
          name: "category",
          label: `${K}.category`,
          display: "select",
          required: true,
          options: DEFECT_CATEGORIES.map((value) => ({
            value,
            label: `${K}.categories.${value}`,
          })),
        },
        {
          type: "textarea",
          name: "description",
          label: `${K}.description`,
          hint: `${K}.descriptionHint`,
          required: true,
          maxLength: 2000,
        },
      ],
    },
    {
      id: "misto",
      title: `${K}.steps.place`,
      fields: [
        {
          type: "choice",
          name: "placeKind",
          label: `${K}.placeKind`,
          display: "radio",
          required: true,
          options: [
            { value: "address", label: `${K}.placeAddress` },
            { value: "coordinates", label: `${K}.placeCoordinates` },
          ],
        },
        {
          type: "address",
          name: "address",
          label: `${K}.address`,
          required: true,
          when: { field: "placeKind", oneOf: ["address"] },
        },
        {
          type: "number",
          name: "latitude",
          label: `${K}.latitude`,
          hint: `${K}.latitudeHint`,
          required: true,
          when: { field: "placeKind", oneOf: ["coordinates"] },
          min: 48.5,
          max: 51.1,
          decimals: 7,
        },
        {
          type: "number",
          name: "longitude",
          label: `${K}.longitude`,
          hint: `${K}.longitudeHint`,
          required: true,
          when: { field: "placeKind", oneOf: ["coordinates"] },
          min: 12,
          max: 18.9,
          decimals: 7,
        },
        {
          type: "attachment",
          name: "photos",
          label: `${K}.photos`,
          hint: `${K}.photosHint`,
          maxFiles: 3,
          maxBytes: 10 * 1024 * 1024,
          // Only formats whose metadata the portal can strip (domain/images.ts).
          mediaTypes: ["image/jpeg", "image/png"],
        },
        {
          type: "checkbox",
          name: "shareLocation",
          label: `${K}.shareLocation`,
          hint: `${K}.shareLocationHint`,
        },
      ],
    },
    {
      id: "kontakt",
      title: `${K}.steps.contact`,
      intro: `${K}.steps.contactIntro`,
      fields: [
        {
          type: "text",
          name: "email",
          label: `${K}.email`,
          hint: `${K}.emailHint`,
          required: "anonymous",
          format: "email",
          maxLength: 254,
          autocomplete: "email",
        },
      ],
    },
  ],
};
