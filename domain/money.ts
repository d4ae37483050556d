/** Money is integer haléře; shown in Czech crowns. */

/** 150000 → "1 500,00 Kč" (Czech grouping, no-break spaces). */
export function formatCzk(halere: number): string {
  return new Intl.NumberFormat("cs-CZ", { style: "currency", currency: "CZK" })
    .format(halere / 100);
}
