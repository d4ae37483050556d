/**
 * The public-space occupation permit (zábor veřejného prostranství): the local fee for the use
 * of public space (místní poplatek za užívání veřejného prostranství, Act 565/1990 Sb. § 4), as
 * the town's ordinance sets it — a rate in haléře per m² and day by purpose. As Czech ordinances
 * word it, every started m² and every started day counts ("za každý i započatý m² a den"), and
 * the fee is rounded up to whole crowns (daňový řád § 146). Overlapping occupations of one place
 * are flagged to the clerk (the same street, dates that intersect).
 */
import { foldText } from "./search.ts";

export const PUBLIC_SPACE_SLUG = "zabor-verejneho-prostranstvi";
/** The clerks who decide it: the agenda of local fees. */
export const PUBLIC_SPACE_AGENDA = "poplatky";

export const OCCUPATION_PURPOSES = ["scaffolding", "container", "stall", "event"] as const;
export type OccupationPurpose = (typeof OCCUPATION_PURPOSES)[number];

export function isOccupationPurpose(value: unknown): value is OccupationPurpose {
  return typeof value === "string" && (OCCUPATION_PURPOSES as readonly string[]).includes(value);
}

/** Limits of an application (the form's and the domain's). */
export const AREA_MIN_M2 = 0.1;
export const AREA_MAX_M2 = 10_000;
export const OCCUPATION_MAX_DAYS = 365;

/** A town's rate: haléře per m² and day for a purpose, valid from a date (ISO). */
export interface PublicSpaceRate {
  purpose: OccupationPurpose;
  validFrom: string;
  halerePerM2Day: number;
}

/** The demo town's ordinance (Kč per m² and day): realistic rates of a small Czech town. */
export const DEMO_RATES: readonly PublicSpaceRate[] = [
  { purpose: "scaffolding", validFrom: "2026-01-01", halerePerM2Day: 1_000 },
  { purpose: "container", validFrom: "2026-01-01", halerePerM2Day: 1_000 },
  { purpose: "stall", validFrom: "2026-01-01", halerePerM2Day: 3_000 },
  { purpose: "event", validFrom: "2026-01-01", halerePerM2Day: 500 },
];

/** Days from `from` to `to`, both included (ISO dates). */
export function occupationDays(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000) + 1;
}

/** The rate in force on `on` for a purpose (the latest valid_from not after it). */
export function rateOn(
  rates: readonly PublicSpaceRate[],
  purpose: OccupationPurpose,
  on: string,
): PublicSpaceRate | null {
  let best: PublicSpaceRate | null = null;
  for (const r of rates) {
    if (r.purpose !== purpose || r.validFrom > on) continue;
    if (!best || r.validFrom > best.validFrom) best = r;
  }
  return best;
}

export interface OccupationFee {
  /** Started m² (the area rounded up). */
  chargedM2: number;
  days: number;
  halerePerM2Day: number;
  /** Haléře, rounded up to whole crowns. */
  total: number;
}

export type FeeResult =
  | { ok: true; value: OccupationFee }
  | { ok: false; code: "noRate" | "invalidArea" | "invalidDates" };

/**
 * The fee of an occupation: started m² × started days × the rate in force on its first day,
 * rounded up to whole crowns.
 */
export function occupationFee(
  rates: readonly PublicSpaceRate[],
  o: { purpose: OccupationPurpose; areaM2: number; from: string; to: string },
): FeeResult {
  if (!(o.areaM2 >= AREA_MIN_M2 && o.areaM2 <= AREA_MAX_M2)) {
    return { ok: false, code: "invalidArea" };
  }
  const days = occupationDays(o.from, o.to);
  if (!(days >= 1 && days <= OCCUPATION_MAX_DAYS)) return { ok: false, code: "invalidDates" };
  const rate = rateOn(rates, o.purpose, o.from);
  if (!rate) return { ok: false, code: "noRate" };
  // Tenths of m² as integers, so 2.1 m² is 3 started m², never 2.0000000001.
  const chargedM2 = Math.ceil(Math.round(o.areaM2 * 10) / 10);
  const raw = chargedM2 * days * rate.halerePerM2Day;
  return {
    ok: true,
    value: {
      chargedM2,
      days,
      halerePerM2Day: rate.halerePerM2Day,
      total: Math.ceil(raw / 100) * 100,
    },
  };
}

/** How a place is compared: its street without diacritics, case and extra spaces. */
export function placeKey(street: string): string {
  return foldText(street);
}

/** Do two occupations of one place intersect in time (ISO dates, both ends included)? */
export function occupationsOverlap(
  a: { from: string; to: string },
  b: { from: string; to: string },
): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** The permit's number: the case reference's year and number (`ZAB-2026/000042`). */
export function permitNumber(reference: string): string {
  const m = /(\d{4})\/(\d{1,6})$/.exec(reference);
  return m ? `ZAB-${m[1]}/${m[2].padStart(6, "0")}` : `ZAB-${reference}`;
}
