/** Money is integer haléře; shown in Czech crowns. */

/** One formatter for the process: building an Intl.NumberFormat costs far more than using it. */
const CZK = new Intl.NumberFormat("cs-CZ", { style: "currency", currency: "CZK" });

/** 150000 → "1 500,00 Kč" (Czech grouping, no-break spaces). */
export function formatCzk(halere: number): string {
  return CZK.format(halere / 100);
}
