/**
 * The invented people of the local identity providers: the OpenID stand-in for Bank iD and
 * MojeID (scripts/oidc_provider.ts) and the SAML2 NIA stand-in (scripts/nia_provider.ts) offer the
 * same persons, so a demo or a test may log in as the same person through either.
 */
import type { LevelOfAssurance } from "../../domain/identity.ts";

export interface TestPerson {
  /** The stable subject identifier (`sub`). */
  sub: string;
  givenName: string;
  familyName: string;
  birthdate: string;
  address: { street: string; postalCode: string; locality: string };
  email: string;
  loa: LevelOfAssurance;
}

/** Invented people. Marie Procházková is also seeded in the demo town (same name and e-mail). */
export const TEST_PERSONS: readonly TestPerson[] = [
  {
    sub: "test-jan-novak",
    givenName: "Jan",
    familyName: "Novák",
    birthdate: "1978-03-15",
    address: { street: "Hlavní 12", postalCode: "250 82", locality: "Lipnice nad Hájem" },
    email: "jan.novak@example.cz",
    loa: "substantial",
  },
  {
    sub: "test-eva-svobodova",
    givenName: "Eva",
    familyName: "Svobodová",
    birthdate: "1990-11-02",
    address: { street: "Školní 5", postalCode: "250 82", locality: "Lipnice nad Hájem" },
    email: "eva.svobodova@example.cz",
    loa: "high",
  },
  {
    sub: "test-petr-maly",
    givenName: "Petr",
    familyName: "Malý",
    birthdate: "2001-07-23",
    address: { street: "Na Výsluní 48", postalCode: "252 41", locality: "Dubová" },
    email: "petr.maly@example.cz",
    loa: "low",
  },
  {
    sub: "test-marie-prochazkova",
    givenName: "Marie",
    familyName: "Procházková",
    birthdate: "1985-04-12",
    address: { street: "Zahradní 231", postalCode: "250 82", locality: "Lipnice nad Hájem" },
    email: "marie.prochazkova@example.cz",
    loa: "substantial",
  },
  // Each of the following is used by one test file only (the test files share one database):
  // the same person through two providers offers to join the accounts (app/account_join.ts).
  {
    sub: "test-ondrej-kucera",
    givenName: "Ondřej",
    familyName: "Kučera",
    birthdate: "1969-09-30",
    address: { street: "Polní 7", postalCode: "250 82", locality: "Lipnice nad Hájem" },
    email: "ondrej.kucera@example.cz",
    loa: "substantial",
  },
  {
    sub: "test-tereza-vesela",
    givenName: "Tereza",
    familyName: "Veselá",
    birthdate: "1994-01-21",
    address: { street: "Lipová 3", postalCode: "250 82", locality: "Lipnice nad Hájem" },
    email: "tereza.vesela@example.cz",
    loa: "substantial",
  },
  {
    sub: "test-lenka-horakova",
    givenName: "Lenka",
    familyName: "Horáková",
    birthdate: "1982-06-08",
    address: { street: "Nádražní 40", postalCode: "250 82", locality: "Lipnice nad Hájem" },
    email: "lenka.horakova@example.cz",
    loa: "high",
  },
  {
    sub: "test-alena-dvorakova",
    givenName: "Alena",
    familyName: "Dvořáková",
    birthdate: "1975-12-01",
    address: { street: "U Rybníka 9", postalCode: "250 82", locality: "Lipnice nad Hájem" },
    email: "alena.dvorakova@example.cz",
    loa: "substantial",
  },
  {
    sub: "test-karel-cerny",
    givenName: "Karel",
    familyName: "Černý",
    birthdate: "1958-02-14",
    address: { street: "Krátká 2", postalCode: "250 82", locality: "Lipnice nad Hájem" },
    email: "karel.cerny@example.cz",
    loa: "substantial",
  },
];
