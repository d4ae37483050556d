/**
 * When may an external identity (NIA, Bank iD, MojeID) join an existing local account?
 * Only when the person proves control of that account: they are signed in to it, or its
 * verified e-mail and both names match what the provider says and they confirm with a code
 * sent to the account's verified phone. Otherwise the identity gets a new person. Never by
 * e-mail alone. And never an identity of somebody else: whichever way it joins (and whenever a
 * signed-in account steps up with it), the identity's verified names and birth date must be
 * the account's person's (`identityMismatches`).
 */

/**
 * A name folded for comparison: decomposed (NFD), combining marks dropped, lower case, runs of
 * white space as one space, trimmed ("  PROCHÁZKOVÁ " → "prochazkova").
 */
export function foldName(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Names compare without case and diacritics ("Procházková" = "PROCHAZKOVA"). */
export function sameName(a: string, b: string): boolean {
  return foldName(a) === foldName(b);
}

/** Who a person is, as far as matching an identity goes. Birth date as an ISO date. */
export interface PersonAttributes {
  givenName: string;
  familyName: string;
  birthDate?: string | null;
}

export type AttributeMismatch = "givenName" | "familyName" | "birthDate";

/**
 * Which of the account's person's attributes the identity's verified ones contradict (empty:
 * the identity is this person). Given and family names compare folded (`foldName`); the birth
 * date counts where the account has one, and then an identity without one does not match it.
 */
export function identityMismatches(
  account: PersonAttributes,
  identity: PersonAttributes,
): AttributeMismatch[] {
  const mismatches: AttributeMismatch[] = [];
  if (!sameName(account.givenName, identity.givenName)) mismatches.push("givenName");
  if (!sameName(account.familyName, identity.familyName)) mismatches.push("familyName");
  if (account.birthDate && account.birthDate !== (identity.birthDate ?? null)) {
    mismatches.push("birthDate");
  }
  return mismatches;
}

/** The identity is the account's person (see `identityMismatches`). */
export function identityMatchesPerson(
  account: PersonAttributes,
  identity: PersonAttributes,
): boolean {
  return identityMismatches(account, identity).length === 0;
}

export interface LocalCandidate extends PersonAttributes {
  verifiedEmail: string | null;
  verifiedPhone: string | null;
}

export interface ProviderPerson extends PersonAttributes {
  email: string | null;
}

/** A local account the identity may be paired with after confirmation by SMS code. */
export function canOfferPairing(local: LocalCandidate, external: ProviderPerson): boolean {
  return Boolean(
    external.email && local.verifiedEmail && local.verifiedPhone &&
      local.verifiedEmail === external.email.toLowerCase() &&
      identityMatchesPerson(local, external),
  );
}
