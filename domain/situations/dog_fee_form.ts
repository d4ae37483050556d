/**
 * The dog-fee registration form (místní poplatek ze psů, Act 565/1990 Sb.): the holder
 * (prefilled from the verified identity — the page passes defaults), the address, the dogs, the
 * reductions claimed with proof, and whether a dog is registered or deregistered.
 */
import type { FormDefinition } from "../forms/types.ts";

const K = "situationForms.dogFee";

/** Reductions and exemptions a holder may claim; all but `none` need proof attached. */
export const DOG_FEE_REDUCTIONS = ["none", "over65", "disabilityPension", "assistanceDog"] as const;
export type DogFeeReduction = (typeof DOG_FEE_REDUCTIONS)[number];

export const DOG_FEE_FORM: FormDefinition = {
  slug: "poplatek-ze-psa",
  title: `${K}.title`,
  intro: `${K}.intro`,
  steps: [
    {
      id: "drzitel",
      title: `${K}.steps.holder`,
      intro: `${K}.steps.holderIntro`,
      fields: [
        {
          type: "text",
          name: "givenName",
          label: `${K}.givenName`,
          required: true,
          format: "personName",
          maxLength: 100,
          autocomplete: "given-name",
        },
        {
          type: "text",
          name: "familyName",
          label: `${K}.familyName`,
          required: true,
          format: "personName",
          maxLength: 100,
          autocomplete: "family-name",
        },
        {
          type: "text",
          name: "birthNumber",
          label: `${K}.birthNumber`,
          hint: `${K}.birthNumberHint`,
          required: true,
          format: "birthNumber",
          maxLength: 11,
          autocomplete: "off",
        },
        {
          type: "address",
          name: "address",
          label: `${K}.address`,
          hint: `${K}.addressHint`,
          required: true,
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
        {
          type: "text",
          name: "phone",
          label: `${K}.phone`,
          hint: `${K}.phoneHint`,
          format: "phone",
          maxLength: 20,
          autocomplete: "tel",
        },
      ],
    },
    {
      id: "psi",
      title: `${K}.steps.dogs`,
      fields: [
        {
          type: "group",
          name: "dogs",
          label: `${K}.dogs`,
          itemLabel: `${K}.dogItem`,
          addLabel: `${K}.addDog`,
          min: 1,
          max: 10,
          required: true,
          fields: [
            { type: "text", name: "name", label: `${K}.dogName`, required: true, maxLength: 60 },
            { type: "text", name: "breed", label: `${K}.breed`, required: true, maxLength: 80 },
            {
              type: "date",
              name: "birthDate",
              label: `${K}.dogBirthDate`,
              required: true,
              max: "today",
            },
            {
              type: "text",
              name: "chipNumber",
              label: `${K}.chipNumber`,
              hint: `${K}.chipNumberHint`,
              required: true,
              format: "microchip",
              maxLength: 20,
            },
            {
              type: "date",
              name: "keptSince",
              label: `${K}.keptSince`,
              hint: `${K}.keptSinceHint`,
              required: true,
              min: { field: "birthDate" },
            },
          ],
        },
      ],
    },
    {
      id: "zadost",
      title: `${K}.steps.request`,
      fields: [
        {
          type: "choice",
          name: "action",
          label: `${K}.action`,
          display: "radio",
          required: true,
          options: [
            { value: "register", label: `${K}.actionRegister` },
            { value: "deregister", label: `${K}.actionDeregister` },
          ],
        },
        {
          type: "date",
          name: "deregistrationDate",
          label: `${K}.deregistrationDate`,
          hint: `${K}.deregistrationDateHint`,
          required: true,
          when: { field: "action", oneOf: ["deregister"] },
          max: "today",
        },
        {
          type: "choice",
          name: "reduction",
          label: `${K}.reduction`,
          display: "radio",
          required: true,
          options: DOG_FEE_REDUCTIONS.map((value) => ({
            value,
            label: `${K}.reductions.${value}`,
          })),
        },
        {
          type: "attachment",
          name: "proof",
          label: `${K}.proof`,
          hint: `${K}.proofHint`,
          required: true,
          when: { field: "reduction", notOneOf: ["none"] },
          maxFiles: 3,
          maxBytes: 10 * 1024 * 1024,
          mediaTypes: ["application/pdf", "image/jpeg", "image/png"],
        },
      ],
    },
  ],
};
