/**
 * Budget amounts for people: whole crowns in Czech ("1 234 567 Kč"), shares with one decimal
 * ("12,3 %"). Pure, so the chart island formats the same way as the server's table.
 */
const CROWNS = new Intl.NumberFormat("cs-CZ", {
  style: "currency",
  currency: "CZK",
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});
const PERCENT = new Intl.NumberFormat("cs-CZ", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** 123456789 haléřů → "1 234 568 Kč" (rounded to crowns; no-break spaces). */
export function formatCrowns(halere: number): string {
  return CROWNS.format(Math.round(halere / 100));
}

/** `part` of `whole` as "12,3 %"; "–" when the whole is zero. */
export function formatShare(part: number, whole: number): string {
  return whole === 0 ? "–" : PERCENT.format(part / whole);
}
