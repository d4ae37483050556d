/**
 * One entry point for a public finance file of a known kind: the parser of that kind, the
 * town's IČO for the formats that carry one. Each parser is pure and refuses a file with Czech
 * problems naming their lines; a parser tripping over input it did not foresee refuses too.
 */
import { parseCityvizor, parseCityvizorEvents } from "./cityvizor.ts";
import { parseFin212m } from "./fin212m.ts";
import { parseContracts } from "./contracts.ts";
import { parseOrders } from "./orders.ts";
import type { Parsed } from "./text.ts";
import type { FinanceData } from "./types.ts";

/** The kinds of file a clerk or an operator imports (budget_imports.kind less `seed`). */
export const FINANCE_KINDS = [
  "cityvizor",
  "cityvizor_events",
  "fin212m",
  "contracts",
  "orders",
] as const;
export type FinanceKind = typeof FINANCE_KINDS[number];

export function isFinanceKind(value: unknown): value is FinanceKind {
  return typeof value === "string" && (FINANCE_KINDS as readonly string[]).includes(value);
}

/** Kinds whose rows belong to one budget year (the others span years; a year is optional). */
export const YEARLY_KINDS: readonly FinanceKind[] = ["cityvizor", "fin212m"];

export function parseFinanceFile(
  kind: FinanceKind,
  bytes: Uint8Array,
  opts: { townIco: string; year?: number },
): Parsed<FinanceData> {
  try {
    switch (kind) {
      case "cityvizor":
        return parseCityvizor(bytes, opts.year);
      case "cityvizor_events":
        return parseCityvizorEvents(bytes);
      case "fin212m":
        return parseFin212m(bytes, opts.townIco, opts.year);
      case "contracts":
        return parseContracts(bytes, opts.townIco);
      case "orders":
        return parseOrders(bytes);
    }
  } catch {
    return {
      ok: false,
      problems: [{ line: 0, message: "Soubor nelze přečíst ve zvoleném formátu." }],
    };
  }
}
