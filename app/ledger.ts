/**
 * The citizen's ledger: what the reader and everyone they may pay for (their household: the
 * persons they represent in the fees agenda, `listPayees`) owe the town, what they paid, and the
 * reader's actions on it — moving a credit onto what is still to pay. Every read is scoped to
 * the town and to those payees, so an id of another person or another town finds nothing.
 *
 * Whom the reader currently acts for ("Jednat za" in the header) does not narrow this: the payer
 * sees the whole household.
 */
import type { Kysely } from "kysely";
import type { Database, PaymentTable } from "../db/schema.ts";
import {
  applyCredit,
  creditOf,
  findObligation,
  type LedgerObligation,
  listObligations,
  listPayments,
  listUnpaidObligations,
  type PaymentWithAllocations,
} from "../db/repositories/ledger.ts";
import { listPayees, type Payee } from "../db/repositories/representations.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  consumptionThousandths,
  isOverdue,
  type LedgerOverview,
  ledgerOverview,
  obligationName,
  paymentMessage,
} from "../domain/ledger_view.ts";
import { buildSpayd, SpaydError } from "../domain/spayd.ts";
import { formatCzechAccount, formatIban, ibanToCzechAccount } from "../domain/bank_account.ts";
import { formatPragueDate } from "../domain/time.ts";
import { translator } from "../lib/i18n.ts";
import { type PersonActor, personAudit } from "./deps.ts";

export interface LedgerDeps {
  db: Kysely<Database>;
  now: () => Date;
}

/** An obligation as the ledger shows it: its name, whose it is, overdue or not. */
export interface LedgerEntry extends LedgerObligation {
  /** "Poplatek ze psů 2026", or the obligation's own title (Czech: what the QR message says). */
  name: string;
  personName: string;
  overdue: boolean;
}

/** The town's account in both forms a person may type: the IBAN and the Czech number. */
export interface AccountForms {
  iban: string;
  /** `CZ65 0800 0000 1920 0014 5399` */
  ibanPrinted: string;
  /** `19-2000145399/0800`; null for an account that is not Czech. */
  czech: string | null;
}

export function accountForms(iban: string): AccountForms {
  const czech = ibanToCzechAccount(iban);
  return {
    iban: iban.replace(/\s+/g, "").toUpperCase(),
    ibanPrinted: formatIban(iban),
    czech: czech.ok ? formatCzechAccount(czech.value) : null,
  };
}

const cs = translator("cs");

function today(deps: Pick<LedgerDeps, "now">): string {
  return formatPragueDate(deps.now());
}

/** The reader and everyone they may pay for, the reader first. */
export function payeesOf(deps: LedgerDeps, actor: PersonActor): Promise<Payee[]> {
  return listPayees(deps.db, actor.tenantId, actor.personId, today(deps));
}

function entry(o: LedgerObligation, payees: readonly Payee[], day: string): LedgerEntry {
  return {
    ...o,
    name: obligationName(o, cs),
    personName: payees.find((p) => p.personId === o.person_id)?.name ?? "",
    overdue: isOverdue(o, day),
  };
}

/**
 * The QR Platba string of what is still to pay on an obligation, or null when nothing is (or
 * the town's account cannot be written as QR Platba). The due date of an overdue obligation is
 * today: a banking app refuses to schedule a payment in the past.
 */
export function obligationSpayd(o: LedgerEntry, day: string): string | null {
  if (o.outstanding_halere <= 0) return null;
  try {
    return buildSpayd({
      iban: o.account,
      amountHalere: o.outstanding_halere,
      variableSymbol: o.variable_symbol,
      specificSymbol: o.specific_symbol ?? undefined,
      constantSymbol: o.constant_symbol ?? undefined,
      message: paymentMessage(o.name, o.personName),
      dueDate: o.due_date < day ? day : o.due_date,
    });
  } catch (error) {
    if (error instanceof SpaydError) return null;
    throw error;
  }
}

export interface CitizenLedger {
  today: string;
  payees: Payee[];
  overview: LedgerOverview<LedgerEntry>;
}

/** `/ucet`: what is to pay, by person, with totals and credit; then the history. */
export async function citizenLedger(deps: LedgerDeps, actor: PersonActor): Promise<CitizenLedger> {
  const day = today(deps);
  const payees = await payeesOf(deps, actor);
  const ids = payees.map((p) => p.personId);
  const obligations = await listObligations(deps.db, actor.tenantId, ids);
  // Each person's credit from the rows already loaded (the rule of `creditOf`: what was paid
  // over the amount of their overpaid obligations), not one more query per person.
  const credits = new Map<string, number>();
  for (const o of obligations) {
    if (o.state !== "overpaid") continue;
    credits.set(o.person_id, (credits.get(o.person_id) ?? 0) + o.paid_halere - o.amount_halere);
  }
  return {
    today: day,
    payees,
    overview: ledgerOverview(
      payees,
      obligations.map((o) => entry(o, payees, day)),
      credits,
      day,
    ),
  };
}

/** The unpaid obligations of the reader's payees, the earliest due first (the calendar feed, the API). */
export async function openEntries(
  deps: LedgerDeps,
  tenantId: string,
  payees: readonly Payee[],
): Promise<LedgerEntry[]> {
  const day = today(deps);
  const rows = await listUnpaidObligations(deps.db, tenantId, payees.map((p) => p.personId));
  return rows.map((o) => entry(o, payees, day));
}

/** Every obligation of the reader's payees with its QR Platba string (the API). */
export async function allEntries(
  deps: LedgerDeps,
  actor: PersonActor,
): Promise<{ today: string; entries: (LedgerEntry & { spayd: string | null })[] }> {
  const day = today(deps);
  const payees = await payeesOf(deps, actor);
  const rows = await listObligations(deps.db, actor.tenantId, payees.map((p) => p.personId));
  return {
    today: day,
    entries: rows.map((o) => {
      const e = entry(o, payees, day);
      return { ...e, spayd: obligationSpayd(e, day) };
    }),
  };
}

export interface Allocation {
  paymentId: string;
  kind: PaymentTable["kind"];
  receivedOn: string;
  /** What of the payment went to this obligation (negative: a credit moved away). */
  amount: number;
  allocationKind: string;
}

export interface ObligationDetail {
  today: string;
  obligation: LedgerEntry;
  account: AccountForms;
  spayd: string | null;
  /** Water: m³ between the readings, in thousandths. */
  consumption: number | null;
  allocations: Allocation[];
}

/** One obligation of the reader's payees, with what paid it; null for anyone else's. */
export async function obligationDetail(
  deps: LedgerDeps,
  actor: PersonActor,
  id: string,
): Promise<ObligationDetail | null> {
  const day = today(deps);
  const payees = await payeesOf(deps, actor);
  const ids = payees.map((p) => p.personId);
  const found = await findObligation(deps.db, actor.tenantId, ids, id);
  if (!found) return null;
  const o = entry(found, payees, day);
  const payments = await listPayments(deps.db, actor.tenantId, ids);
  const allocations = payments.flatMap((p) =>
    p.allocations.filter((a) => a.obligation_id === o.id).map((a) => ({
      paymentId: p.id,
      kind: p.kind,
      receivedOn: p.received_on,
      amount: a.amount_halere,
      allocationKind: a.kind,
    }))
  );
  return {
    today: day,
    obligation: o,
    account: accountForms(o.account),
    spayd: obligationSpayd(o, day),
    consumption: consumptionThousandths(o.meter_start, o.meter_end),
    allocations,
  };
}

export interface HistoryPayment extends PaymentWithAllocations {
  /** Each allocation with the name of what it paid. */
  paid: {
    obligationId: string;
    kind: LedgerEntry["kind"];
    year: number;
    title: string | null;
    /** The Czech name (the API's). */
    name: string;
    personName: string;
    variableSymbol: string;
    amount: number;
    /** `payment`, or a moved credit (`credit_in`, `credit_out`). */
    allocationKind: string;
  }[];
}

/** `/ucet/platby`: the payments of the reader's payees, newest first, with what each paid. */
export async function paymentHistory(
  deps: LedgerDeps,
  actor: PersonActor,
  opts: { paymentId?: string } = {},
): Promise<{ payees: Payee[]; payments: HistoryPayment[] }> {
  const day = today(deps);
  const payees = await payeesOf(deps, actor);
  const ids = payees.map((p) => p.personId);
  const [payments, obligations] = await Promise.all([
    listPayments(deps.db, actor.tenantId, ids, opts),
    listObligations(deps.db, actor.tenantId, ids),
  ]);
  const byId = new Map(obligations.map((o) => [o.id, entry(o, payees, day)]));
  return {
    payees,
    payments: payments.map((p) => ({
      ...p,
      paid: p.allocations.flatMap((a) => {
        const o = byId.get(a.obligation_id);
        return o
          ? [{
            obligationId: o.id,
            kind: o.kind,
            year: o.year,
            title: o.title,
            name: o.name,
            personName: o.personName,
            variableSymbol: o.variable_symbol,
            amount: a.amount_halere,
            allocationKind: a.kind,
          }]
          : [];
      }),
    })),
  };
}

/** One payment of the reader's payees (its receipt), or null. */
export async function findHistoryPayment(
  deps: LedgerDeps,
  actor: PersonActor,
  paymentId: string,
): Promise<{ payment: HistoryPayment; payees: Payee[] } | null> {
  const { payees, payments } = await paymentHistory(deps, actor, { paymentId });
  return payments[0] ? { payment: payments[0], payees } : null;
}

export type CreditOutcome =
  | { kind: "ok"; moved: number; obligationIds: string[] }
  | { kind: "invalid"; code: "notFound" | "noCredit" | "nothingToPay" };

/**
 * Moves a payee's credit (what they overpaid) onto their obligations still to pay, the earliest
 * due first, until the credit or the debts are used up. One transaction with its audit entry.
 */
export async function applyCreditFor(
  deps: LedgerDeps,
  actor: PersonActor,
  personId: string,
): Promise<CreditOutcome> {
  const payees = await payeesOf(deps, actor);
  if (!payees.some((p) => p.personId === personId)) return { kind: "invalid", code: "notFound" };
  return await deps.db.transaction().execute(async (trx): Promise<CreditOutcome> => {
    const open = await listUnpaidObligations(trx, actor.tenantId, [personId]);
    if (open.length === 0) return { kind: "invalid", code: "nothingToPay" };
    if (await creditOf(trx, actor.tenantId, personId) <= 0) {
      return { kind: "invalid", code: "noCredit" };
    }
    let moved = 0;
    const touched: string[] = [];
    for (const o of open) {
      const n = await applyCredit(trx, actor.tenantId, personId, o.id, actor.personId);
      if (n <= 0) break;
      moved += n;
      touched.push(o.id);
    }
    if (moved === 0) return { kind: "invalid", code: "noCredit" };
    await appendAudit(trx, {
      ...personAudit(actor),
      action: "ledger.credit_applied",
      subjectType: "person",
      subjectId: personId,
      details: { amountHalere: moved, obligations: touched },
    });
    return { kind: "ok", moved, obligationIds: touched };
  });
}
