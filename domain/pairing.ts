/**
 * When may an external identity (NIA, Bank iD, MojeID) join an existing local account?
 * Only when the person proves control of that account: they are signed in to it, or its
 * verified e-mail and both names match what the provider says and they confirm with a code
 * sent to the account's verified phone. Otherwise the identity gets a new person. Never by
 * e-mail alone.
 */

/** Names compare without case and diacritics ("Procházková" = "PROCHAZKOVA"). */
export function sameName(a: string, b: string): boolean {
  const fold = (s: string) =>
    s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
  return fold(a) === fold(b);
}

export interface LocalCandidate {
  givenName: string;
  familyName: string;
  verifiedEmail: string | null;
  verifiedPhone: string | null;
}

export interface ProviderPerson {
  givenName: string;
  familyName: string;
  email: string | null;
}

/** A local account the identity may be paired with after confirmation by SMS code. */
export function canOfferPairing(local: LocalCandidate, external: ProviderPerson): boolean {
  return Boolean(
    external.email && local.verifiedEmail && local.verifiedPhone &&
      local.verifiedEmail === external.email.toLowerCase() &&
      sameName(local.givenName, external.givenName) &&
      sameName(local.familyName, external.familyName),
  );
}
