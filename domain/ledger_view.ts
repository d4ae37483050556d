/**
 * How the citizen's ledger is arranged for reading, as pure functions: what is still to pay
 * (unpaid and partly paid) grouped by person with totals, what is overdue, the history (paid,
 * overpaid, written off), a payment order's due date, the consumption of a water bill, and the
 * name of an obligation. The pages, the API and the calendar feed all arrange it through these.
 */
import type { ObligationKind, ObligationState } from "../db/schema.ts";

/** The fields of an obligation these rules read (db/repositories/ledger.ts LedgerObligation). */
export interface LedgerItem {
  id: string;
  person_id: string;
  kind: ObligationKind;
  year: number;
  title: string | null;
  amount_halere: number;
  paid_halere: number;
  outstanding_halere: number;
  state: ObligationState;
  due_date: string;
}

/** A person whose obligations the reader sees (db/repositories/representations.ts Payee). */
export interface PayeeRef {
  personId: string;
  name: string;
  self: boolean;
}

export interface Totals {
  /** How many obligations. */
  count: number;
  amount: number;
  paid: number;
  outstanding: number;
  /** How many of them are past their due date. */
  overdue: number;
}

export interface PersonGroup<T extends LedgerItem> {
  payee: PayeeRef;
  /** Unpaid and partly paid, the earliest due first. */
  unpaid: T[];
  totals: Totals;
  /** What the person paid over what they owed (haléře, ≥ 0). */
  credit: number;
}

export interface LedgerOverview<T extends LedgerItem> {
  /** One group per payee, in the payees' order (the reader first). */
  groups: PersonGroup<T>[];
  /** Over every group. */
  totals: Totals;
  /** Paid, overpaid and written off, the latest due first. */
  history: T[];
}

/** Still to pay: unpaid or partly paid. */
export function isOpen(state: ObligationState): boolean {
  return state === "unpaid" || state === "partly_paid";
}

/** Past its due date (`today` in Europe/Prague, `YYYY-MM-DD`) and still to pay. */
export function isOverdue(o: Pick<LedgerItem, "state" | "due_date">, today: string): boolean {
  return isOpen(o.state) && o.due_date < today;
}

function byDue<T extends LedgerItem>(a: T, b: T): number {
  return a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.id < b.id ? -1 : 1;
}

export function totalsOf(items: readonly LedgerItem[], today: string): Totals {
  return items.reduce<Totals>((t, o) => ({
    count: t.count + 1,
    amount: t.amount + o.amount_halere,
    paid: t.paid + o.paid_halere,
    outstanding: t.outstanding + o.outstanding_halere,
    overdue: t.overdue + (isOverdue(o, today) ? 1 : 0),
  }), { count: 0, amount: 0, paid: 0, outstanding: 0, overdue: 0 });
}

/**
 * The ledger as `/ucet` shows it: unpaid first, grouped by person (each payee gets a group, also
 * with nothing to pay), with totals per person and overall; then the history. Obligations of
 * anyone who is not among `payees` are left out (they should never have been loaded).
 */
export function ledgerOverview<T extends LedgerItem>(
  payees: readonly PayeeRef[],
  obligations: readonly T[],
  credits: ReadonlyMap<string, number>,
  today: string,
): LedgerOverview<T> {
  const known = new Set(payees.map((p) => p.personId));
  const mine = obligations.filter((o) => known.has(o.person_id));
  const groups = payees.map((payee) => {
    const unpaid = mine.filter((o) => o.person_id === payee.personId && isOpen(o.state))
      .sort(byDue);
    return {
      payee,
      unpaid,
      totals: totalsOf(unpaid, today),
      credit: Math.max(0, credits.get(payee.personId) ?? 0),
    };
  });
  const history = mine.filter((o) => !isOpen(o.state)).sort((a, b) => byDue(b, a));
  return {
    groups,
    totals: totalsOf(groups.flatMap((g) => g.unpaid), today),
    history,
  };
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Days a payment order gives at least: its QR code must not be overdue the moment it is made. */
export const ORDER_MIN_DAYS = 14;

/** A payment order's due date: the earliest due date of its obligations or today + 14 days, whichever is later. */
export function orderDueDate(dueDates: readonly string[], today: string): string {
  const floor = addDays(today, ORDER_MIN_DAYS);
  const earliest = [...dueDates].sort()[0];
  return earliest && earliest > floor ? earliest : floor;
}

/** `"118.250"` → 118250 (thousandths of m³, exact: no floating point). */
function thousandths(value: string): number | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,3}))?$/.exec(value.trim());
  if (!m) return null;
  const n = Number(m[2]) * 1000 + Number((m[3] ?? "").padEnd(3, "0"));
  return m[1] ? -n : n;
}

/** Water: the consumption between two meter readings, in thousandths of m³; null when unknown. */
export function consumptionThousandths(
  start: string | number | null,
  end: string | number | null,
): number | null {
  if (start === null || end === null) return null;
  const a = thousandths(String(start));
  const b = thousandths(String(end));
  return a === null || b === null ? null : b - a;
}

/** A message catalog lookup (lib/state.ts Translate). */
type Lookup = (key: string, params?: Record<string, string | number>) => string;

/**
 * What the obligation is, as a person names it: its own title when it has one ("Nájemné – byt 3,
 * leden 2026"), else the kind and the year ("Poplatek ze psů 2026").
 */
export function obligationName(o: Pick<LedgerItem, "kind" | "year" | "title">, t: Lookup): string {
  if (o.title && o.title.trim() !== "") return o.title.trim();
  return t(`obligations.kind.${o.kind}`, { year: o.year });
}

/** The QR Platba message: "Poplatek ze psů 2026 – Jana Malá". */
export function paymentMessage(name: string, personName: string): string {
  return `${name} – ${personName}`;
}

/**
 * The SHA-256 input of a payment request: the distinct obligation ids, sorted, so that the same
 * selection in another order is the same request.
 */
export function selectionKey(obligationIds: readonly string[]): string {
  return [...new Set(obligationIds.map((id) => id.toLowerCase()))].sort().join(",");
}
