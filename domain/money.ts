/** Money is integer haléře; shown in Czech crowns. */

/** One formatter for the process: building an Intl.NumberFormat costs far more than using it. */
const CZK = new Intl.NumberFormat("cs-CZ", { style: "currency", currency: "CZK" });

/** Amounts already formatted: a ledger shows the same fees again and again. */
const formatted = new Map<number, string>();

/** 150000 → "1 500,00 Kč" (Czech grouping, no-break spaces). */
export function formatCzk(halere: number): string {
  if (halere === 0) halere = 0; // -0 is the same key as 0 in a Map: show both as 0
  let text = formatted.get(halere);
  if (text === undefined) {
    text = CZK.format(halere / 100);
    if (formatted.size < 10_000) formatted.set(halere, text);
  }
  return text;
}
