/**
 * One person, one account, whatever the provider: when may an identity from one provider (Bank
 * iD, MojeID, NIA) be offered to join an account that another provider's identity already
 * proved to be the same person?
 *
 * - The new identity is at `substantial` or higher (`JOIN_MIN_LOA`); below, never.
 * - The account's own attributes are verified too: it holds an identity at `substantial` or
 *   higher, which wrote its names, birth date and address.
 * - Both sides agree on the given and family names, the birth date, and the address where both
 *   have one, after normalisation (`sameJoinAttributes`). Names: Unicode NFC, case and runs of
 *   white space ignored, diacritics kept — "Dvořák" and "Dvorak" are two Czech surnames, and both
 *   sides come from the population register, so they spell them alike. Addresses: case,
 *   diacritics, punctuation and spacing ignored ("Náměstí Míru 1, 391 65" = "NAMESTI MIRU 1
 *   39165"), since providers format an address differently and it only corroborates the names
 *   and the birth date.
 * - Exactly one account matches; none, or several, and the identity gets a new account.
 * - The account holds no identity of the same provider yet (another subject of one provider is
 *   another person, or a case for the office, never an automatic offer).
 *
 * An offer is only an offer: the join happens after the person proves control of that account
 * (app/account_join.ts).
 */
import { type LevelOfAssurance, loaAtLeast } from "./identity.ts";

export const JOIN_MIN_LOA: LevelOfAssurance = "substantial";

/** A name for comparison: NFC, lower case, white space runs as one space, trimmed. */
export function normalizeJoinName(s: string): string {
  return s.normalize("NFC").toLocaleLowerCase("cs").replace(/\s+/g, " ").trim();
}

/**
 * An address for comparison: diacritics and case dropped, punctuation as space, the spaces
 * inside a postal code ("250 82") and runs of white space dropped or folded.
 */
export function normalizeJoinAddress(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[.,;:/\\()"'–—-]+/g, " ")
    .replace(/(\d)\s+(?=\d)/g, "$1")
    .replace(/\s+/g, " ").trim();
}

export interface JoinAttributes {
  givenName: string;
  familyName: string;
  /** ISO date; without one there is no match. */
  birthDate: string | null;
  address: string | null;
}

/** Both sides describe the same person (see the module's rule). */
export function sameJoinAttributes(account: JoinAttributes, identity: JoinAttributes): boolean {
  if (!account.birthDate || !identity.birthDate || account.birthDate !== identity.birthDate) {
    return false;
  }
  if (normalizeJoinName(account.givenName) !== normalizeJoinName(identity.givenName)) return false;
  if (normalizeJoinName(account.familyName) !== normalizeJoinName(identity.familyName)) {
    return false;
  }
  if (account.address && identity.address) {
    return normalizeJoinAddress(account.address) === normalizeJoinAddress(identity.address);
  }
  return true;
}

export interface JoinCandidate extends JoinAttributes {
  personId: string;
  /** The providers of the account's identities, with their levels. */
  identities: { provider: string; levelOfAssurance: LevelOfAssurance }[];
}

export type JoinDecision =
  | { kind: "offer"; personId: string; providers: string[] }
  | {
    kind: "none";
    reason: "lowLoa" | "noBirthDate" | "noMatch" | "ambiguous" | "sameProvider";
  };

/**
 * The decision for an identity of `provider` at `loa` with these verified attributes, among the
 * town's active accounts born on the same day (`candidates`).
 */
export function decideJoin(
  provider: string,
  loa: LevelOfAssurance,
  identity: JoinAttributes,
  candidates: readonly JoinCandidate[],
): JoinDecision {
  if (!loaAtLeast(loa, JOIN_MIN_LOA)) return { kind: "none", reason: "lowLoa" };
  if (!identity.birthDate) return { kind: "none", reason: "noBirthDate" };
  const matches = candidates.filter((c) =>
    c.identities.some((i) => loaAtLeast(i.levelOfAssurance, JOIN_MIN_LOA)) &&
    sameJoinAttributes(c, identity)
  );
  if (matches.length === 0) return { kind: "none", reason: "noMatch" };
  if (matches.length > 1) return { kind: "none", reason: "ambiguous" };
  const [match] = matches;
  if (match.identities.some((i) => i.provider === provider)) {
    return { kind: "none", reason: "sameProvider" };
  }
  return {
    kind: "offer",
    personId: match.personId,
    providers: [...new Set(match.identities.map((i) => i.provider))],
  };
}
