/** A demo town for component tests. */
import type { Tenant } from "../../lib/state.ts";

export const TENANT: Tenant = {
  id: "00000000-0000-4000-8000-000000000001",
  slug: "lipnice",
  name: "Lipnice nad Ohří",
  officialName: "Obec Lipnice nad Ohří",
  ico: "00123456",
  iban: "CZ6508000000192000145399",
  address: "Náměstí 1, 411 45 Lipnice nad Ohří",
  email: "podatelna@lipnice.example.cz",
  phone: "+420 416 123 456",
  hosts: ["lipnice.localhost"],
  branding: {
    crestSvg:
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 12"><path d="M0 0h10v6L5 12 0 6z"/></svg>',
  },
};
