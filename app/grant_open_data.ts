/**
 * The open data of granted grants (issue 14): the rows of `grantedGrants` (app/grant_awards.ts)
 * as a CSV and a JSON document with the same records, so the two always agree. Natural persons
 * as `publishedRecipient` (domain/grants.ts) allows.
 */
import type { GrantedGrant } from "./grant_awards.ts";

export const OPEN_DATA_COLUMNS = [
  "rok",
  "prijemce",
  "ico",
  "obec",
  "program",
  "ucel",
  "castka_kc",
  "datum_rozhodnuti",
] as const;

/** One record as the CSV and the JSON hold it (amount in crowns with two decimals). */
export function openDataRecord(year: number, g: GrantedGrant) {
  return {
    rok: year,
    prijemce: g.recipient,
    ico: g.ico,
    obec: g.municipality,
    program: g.programme,
    ucel: g.purpose,
    castka_kc: (g.amountHalere / 100).toFixed(2),
    datum_rozhodnuti: g.decidedOn,
  };
}

export function openDataDocument(
  provider: { ico: string; nazev: string },
  year: number,
  rows: readonly GrantedGrant[],
) {
  return {
    poskytovatel: provider,
    rok: year,
    pravni_zaklad: "zákon č. 250/2000 Sb., § 10d; fyzické osoby podle zásady minimalizace údajů",
    dotace: rows.map((g) => openDataRecord(year, g)),
  };
}
