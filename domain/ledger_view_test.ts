import { assertEquals } from "../tests/assert.ts";
import {
  addDays,
  consumptionThousandths,
  isOverdue,
  type LedgerItem,
  ledgerOverview,
  obligationName,
  orderDueDate,
  paymentMessage,
  selectionKey,
} from "./ledger_view.ts";
import { translator } from "../lib/i18n.ts";

function item(over: Partial<LedgerItem> & Pick<LedgerItem, "id" | "person_id">): LedgerItem {
  return {
    kind: "waste_fee",
    year: 2026,
    title: null,
    amount_halere: 80_000,
    paid_halere: 0,
    outstanding_halere: 80_000,
    state: "unpaid",
    due_date: "2026-05-31",
    ...over,
  };
}

Deno.test("[ledger view] unpaid first, grouped by person with totals; history latest first", () => {
  const payees = [
    { personId: "me", name: "Tomáš Horák", self: true },
    { personId: "kid", name: "Eva Horáková", self: false },
  ];
  const overview = ledgerOverview(
    payees,
    [
      item({ id: "a", person_id: "me", due_date: "2026-06-30" }),
      item({
        id: "b",
        person_id: "me",
        due_date: "2026-03-31",
        paid_halere: 30_000,
        outstanding_halere: 50_000,
        state: "partly_paid",
      }),
      item({ id: "c", person_id: "kid", kind: "dog_fee", amount_halere: 50_000 }),
      item({
        id: "d",
        person_id: "me",
        due_date: "2025-05-31",
        paid_halere: 80_000,
        outstanding_halere: 0,
        state: "paid",
      }),
      item({
        id: "e",
        person_id: "kid",
        due_date: "2025-09-30",
        outstanding_halere: 0,
        state: "written_off",
      }),
      // Not a payee's: never shown, whatever loaded it.
      item({ id: "x", person_id: "stranger" }),
    ],
    new Map([["kid", 12_000], ["me", -5]]),
    "2026-04-15",
  );
  assertEquals(overview.groups.map((g) => g.unpaid.map((o) => o.id)), [["b", "a"], ["c"]]);
  assertEquals(overview.groups[0].totals, {
    count: 2,
    amount: 160_000,
    paid: 30_000,
    outstanding: 130_000,
    overdue: 1,
  });
  assertEquals(overview.groups.map((g) => g.credit), [0, 12_000]);
  assertEquals(overview.totals.outstanding, 130_000 + 80_000);
  assertEquals(overview.totals.count, 3);
  assertEquals(overview.history.map((o) => o.id), ["e", "d"]);
});

Deno.test("[ledger view] overdue only when still to pay and past the due date", () => {
  assertEquals(isOverdue({ state: "unpaid", due_date: "2026-04-14" }, "2026-04-15"), true);
  assertEquals(isOverdue({ state: "unpaid", due_date: "2026-04-15" }, "2026-04-15"), false);
  assertEquals(isOverdue({ state: "partly_paid", due_date: "2026-01-01" }, "2026-04-15"), true);
  assertEquals(isOverdue({ state: "paid", due_date: "2026-01-01" }, "2026-04-15"), false);
});

Deno.test("[ledger view] a payment order is due at the earliest due date, at least in 14 days", () => {
  assertEquals(orderDueDate(["2026-12-31", "2026-06-30"], "2026-04-15"), "2026-06-30");
  assertEquals(orderDueDate(["2026-04-20", "2026-12-31"], "2026-04-15"), "2026-04-29");
  assertEquals(orderDueDate(["2025-01-01"], "2026-12-25"), "2027-01-08");
  assertEquals(orderDueDate([], "2026-02-20"), "2026-03-06");
  assertEquals(addDays("2028-02-28", 1), "2028-02-29");
});

Deno.test("[ledger view] water consumption is exact in thousandths of m³", () => {
  assertEquals(consumptionThousandths("101.500", "118.250"), 16_750);
  assertEquals(consumptionThousandths("0.1", "0.3"), 200);
  assertEquals(consumptionThousandths(null, "1"), null);
  assertEquals(consumptionThousandths("x", "1"), null);
});

Deno.test("[ledger view] names, QR message and the selection's key", () => {
  const t = translator("cs");
  assertEquals(
    obligationName({ kind: "dog_fee", year: 2026, title: null }, t),
    "Poplatek ze psů 2026",
  );
  assertEquals(
    obligationName({ kind: "rent", year: 2026, title: " Nájemné – byt 3, leden 2026 " }, t),
    "Nájemné – byt 3, leden 2026",
  );
  assertEquals(
    paymentMessage("Poplatek ze psů 2026", "Jana Malá"),
    "Poplatek ze psů 2026 – Jana Malá",
  );
  assertEquals(selectionKey(["B", "a", "b"]), "a,b");
});
