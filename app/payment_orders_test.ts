/**
 * Payment orders as the use case makes them, on the test runner's database: a burst of requests
 * with one key (a double click, a retried request) makes one order, the symbols stay gap-free,
 * the due date gives at least 14 days, and a selection over two of the town's accounts is
 * refused. Needs the services (`npm test -- app/payment_orders_test.ts`).
 */
import { assert, assertEquals } from "../tests/assert.ts";
import { hasServices, shared } from "../tests/support/app.ts";
import { ledgerWorld, uniqueVs } from "../tests/support/ledger_fixture.ts";
import { getDb } from "../lib/db.ts";
import { insertLedgerObligation } from "../db/repositories/ledger.ts";
import { addDays } from "../domain/ledger_view.ts";
import { createPaymentOrderFor, paymentOrderView } from "./payment_orders.ts";
import type { PersonActor } from "./deps.ts";

const opts = { ...shared, ignore: !hasServices };

Deno.test({
  name: "[payment orders] ten requests with one key at once make one order; the next VS follows",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const deps = { db, now: () => new Date() };
    const actor: PersonActor = {
      tenantId: w.lipnice.id,
      personId: w.payer.id,
      onBehalfOf: null,
      requestId: null,
    };
    const key = crypto.randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        createPaymentOrderFor(deps, actor, {
          obligationIds: [w.o.dog, w.o.water],
          idempotencyKey: key,
        })),
    );
    const ids = new Set(outcomes.map((o) => o.kind === "ok" ? o.order.id : o.kind));
    assertEquals(ids.size, 1, JSON.stringify(outcomes.map((o) => o.kind)));
    assertEquals(outcomes.filter((o) => o.kind === "ok" && o.created).length, 1, "created once");
    const first = outcomes[0];
    assert(first.kind === "ok");
    // The overdue dog fee would make the order overdue at once: it is due in 14 days.
    assertEquals(first.order.due_date, addDays(w.today, 14));
    const audits = await db.selectFrom("audit_log").select("id")
      .where("subject_id", "=", first.order.id).execute();
    assertEquals(audits.length, 1, "audited once");

    const next = await createPaymentOrderFor(deps, actor, {
      obligationIds: [w.o.waste],
      idempotencyKey: crypto.randomUUID(),
    });
    assert(next.kind === "ok");
    assertEquals(Number(next.order.variable_symbol), Number(first.order.variable_symbol) + 1);
    // The waste fee is due in 30 days: that is the order's due date.
    assertEquals(next.order.due_date, addDays(w.today, 30));

    // Its view: waiting, one QR code of the sum.
    const view = await paymentOrderView(deps, actor, first.order.id);
    assertEquals(view?.state, "waiting");
    assertEquals(view?.left, 95_050);
    assert(view?.spayd?.includes(`X-VS:${first.order.variable_symbol}`));
    assertEquals(
      await paymentOrderView(deps, { ...actor, personId: w.stranger.id }, first.order.id),
      null,
    );
  },
});

Deno.test({
  name: "[payment orders] obligations paid to two different accounts cannot share one QR code",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const rent = (await insertLedgerObligation(db, w.lipnice.id, {
      personId: w.payer.id,
      kind: "rent",
      agenda: "poplatky",
      year: 2026,
      title: "Nájemné – byt 3, prosinec 2026",
      amountHalere: 550_000,
      dueDate: addDays(w.today, 5),
      variableSymbol: uniqueVs(),
      // The town's other account (Česká spořitelna).
      account: "CZ6508000000192000145399",
    }))!;
    const outcome = await createPaymentOrderFor({ db, now: () => new Date() }, {
      tenantId: w.lipnice.id,
      personId: w.payer.id,
      onBehalfOf: null,
      requestId: null,
    }, { obligationIds: [w.o.waste, rent], idempotencyKey: crypto.randomUUID() });
    assertEquals(outcome, { kind: "invalid", code: "mixedAccounts" });
  },
});
