/**
 * The ledger's part of `deno task bench` (scripts/bench.ts calls it on its own fresh database):
 *
 * 1. Reconciliation at scale. A town of its own ("bench-ledger", 20 000 persons) gets 100 000
 *    obligations (`--lines`), then a bank statement of as many lines: most pay an obligation
 *    exactly (91 % pay one: in full, in part or too much), some carry a symbol that matches
 *    nothing or none at all, a few are debits. Two things are timed in the same run on the same database:
 *    - the baseline: a plain bulk insert of the same lines into a plain table with the same
 *      columns (no index, no constraint but NOT NULL and the defaults) by the same statement the
 *      import uses (`insert … select from unnest(arrays)`), committed;
 *    - the real path, as `importStatementFile` (app/statements.ts) runs it after parsing: one
 *      transaction that takes the town's statement lock, stores the statement and its lines
 *      (`storeStatement`: unique line references, indexes) and reconciles them (`reconcile`:
 *      card settlements, payments booked per line, allocations), committed.
 *    Printed as `reconcile 100k: X s; bulk insert: Y s; ratio Z (goal ≤ 3)`. Parsing is left out
 *    of both (it is the same work whatever is done with the lines afterwards).
 * 2. `/ucet` of a person with 200 obligations (and their payments), signed in: the person and
 *    the session cookie for scripts/bench.ts, which measures the page beside bare `Deno.serve`
 *    and prints throughput and p99 as ratios (`accountSummary`).
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import type { ParsedLine, ParsedStatement } from "../domain/statements/types.ts";
import { statementIdentity } from "../domain/statements/types.ts";
import { bookPayment, insertLedgerObligation } from "../db/repositories/ledger.ts";
import { storeStatement } from "../db/repositories/statements.ts";
import { lockTownStatements, reconcile } from "../db/repositories/reconciliation.ts";
import { hashPassword } from "../lib/password.ts";

/** The goal: reconciling N lines at most this many times a plain insert of them. */
export const RECONCILE_GOAL = 3;

const BENCH_IBAN = "CZ6508000000192000145399";
const PERSONS_PER_OBLIGATIONS = 5;

export interface ReconcileBench {
  obligations: number;
  lines: number;
  bulkMs: number;
  storeMs: number;
  reconcileMs: number;
  /** Store + reconcile + commit. */
  totalMs: number;
  ratio: number;
  booked: number;
  settledCard: number;
  unmatched: number;
}

/** The bench town: created once per database. */
async function benchTown(db: Kysely<Database>): Promise<string> {
  const row = await db.insertInto("tenants").values({
    slug: "bench-ledger",
    name: "Benchmarkov",
    official_name: "Obec Benchmarkov",
    ico: "00000002",
    iban: BENCH_IBAN,
    address: "Benchmarkov 1",
    email: "podatelna@benchmarkov.invalid",
    phone: "+420000000000",
    hosts: ["benchmarkov.invalid"],
    settings: "{}",
  }).onConflict((oc) => oc.column("slug").doNothing()).returning("id").executeTakeFirst();
  if (row) return row.id;
  return (await db.selectFrom("tenants").select("id").where("slug", "=", "bench-ledger")
    .executeTakeFirstOrThrow()).id;
}

/** The variable symbol of the bench town's g-th obligation (9 digits, never a 9… order's). */
function obligationVs(g: number): string {
  return String(100_000_000 + g);
}

/** Amount of the g-th obligation: a few realistic fee and bill sizes, in haléře. */
const AMOUNT_SQL = sql`(array[90000, 60000, 685000, 231250, 150000, 50000])[1 + (g % 6)]`;
function amountOf(g: number): number {
  return [90000, 60000, 685000, 231250, 150000, 50000][g % 6];
}

/** Persons and obligations, set-based (the trigger fills payment_symbols as it would). */
async function seedObligations(db: Kysely<Database>, tenantId: string, n: number): Promise<void> {
  const persons = Math.ceil(n / PERSONS_PER_OBLIGATIONS);
  await sql`
    insert into persons (tenant_id, username, given_name, family_name, status, updated_at)
    select ${tenantId}, 'bench.' || g, 'Jan', 'Plátce ' || g, 'active', now()
    from generate_series(1, ${persons}) g
  `.execute(db);
  await sql`
    insert into obligations (tenant_id, person_id, kind, agenda, year, title, amount_halere,
      due_date, variable_symbol, specific_symbol, constant_symbol, account, lines, source_key)
    select ${tenantId}, p.id,
      (array['waste_fee', 'dog_fee', 'rent', 'water', 'fine', 'admin_fee'])[1 + (g % 6)],
      'poplatky', 2026, null, ${AMOUNT_SQL},
      date '2026-01-31' + ((g % 11) * 30), (100000000 + g)::text, '1345', '1148',
      ${BENCH_IBAN}, '[]', 'bench:' || g
    from generate_series(1, ${n}) g
    join persons p on p.tenant_id = ${tenantId}
      and p.username = 'bench.' || (1 + (g - 1) / ${PERSONS_PER_OBLIGATIONS})
  `.execute(db);
  await sql`analyze persons`.execute(db);
  await sql`analyze obligations`.execute(db);
  await sql`analyze payment_symbols`.execute(db);
}

/**
 * The statement: line i pays obligation i — exactly (85 %), half (5 %), 100 Kč too much (1 %);
 * or carries a symbol that matches nothing (3 %), none (4 %); or is a debit (2 %).
 */
function statementOf(n: number): ParsedStatement {
  const lines: ParsedLine[] = [];
  for (let i = 1; i <= n; i++) {
    const r = i % 100;
    const amount = amountOf(i);
    const debit = r >= 98;
    const vs = r < 91 ? obligationVs(i) : r < 94 ? `7${String(i).padStart(8, "0")}` : null;
    lines.push({
      lineNo: i + 1,
      bankRef: `BENCH${String(i).padStart(9, "0")}`,
      bookingDate: `2026-04-${String(1 + (i % 28)).padStart(2, "0")}`,
      amountHalere: debit ? -12_345 : r < 85 ? amount : r < 90 ? amount / 2 : amount + 10_000,
      counterAccount: `${100000 + (i % 90000)}/0800`,
      counterName: `PLATCE JAN ${i}`,
      variableSymbol: debit ? null : vs,
      constantSymbol: "0558",
      specificSymbol: debit ? null : "1345",
      message: r >= 91 && r < 94 ? "platba poplatku" : null,
    });
  }
  const base = {
    format: "gpc" as const,
    account: BENCH_IBAN,
    statementNumber: "42",
    statementDate: "2026-04-30",
  };
  return {
    ...base,
    openingBalanceHalere: null,
    closingBalanceHalere: null,
    identity: statementIdentity(base),
    lines,
  };
}

/** The import's own statement, into a table with the same columns and nothing else. */
async function plainBulkInsert(
  db: Kysely<Database>,
  tenantId: string,
  s: ParsedStatement,
): Promise<number> {
  const lines = s.lines;
  const col = <T>(f: (l: ParsedLine) => T) => sql.val(lines.map(f));
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into bench_plain_lines (tenant_id, statement_id, line_no, account, bank_ref,
        booking_date, amount_halere, counter_account, counter_name, variable_symbol,
        constant_symbol, specific_symbol, message)
      select ${tenantId}, gen_random_uuid(), u.line_no, ${s.account}, u.bank_ref, u.booking_date,
        u.amount, u.counter_account, u.counter_name, u.vs, u.ks, u.ss, u.message
      from unnest(
        ${col((l) => l.lineNo)}::int[],
        ${col((l) => l.bankRef)}::text[],
        ${col((l) => l.bookingDate)}::date[],
        ${col((l) => l.amountHalere)}::bigint[],
        ${col((l) => l.counterAccount)}::text[],
        ${col((l) => l.counterName)}::text[],
        ${col((l) => l.variableSymbol)}::text[],
        ${col((l) => l.constantSymbol)}::text[],
        ${col((l) => l.specificSymbol)}::text[],
        ${col((l) => l.message)}::text[]
      ) as u(line_no, bank_ref, booking_date, amount, counter_account, counter_name, vs, ks, ss,
        message)
      order by u.bank_ref
    `.execute(trx);
  });
  return performance.now() - t0;
}

/** Step 1 (see the file's comment). `say` reports progress on stderr. */
export async function benchReconcile(
  db: Kysely<Database>,
  o: { lines: number; say: (text: string) => void },
): Promise<ReconcileBench> {
  const n = o.lines;
  const tenantId = await benchTown(db);
  let t = performance.now();
  await seedObligations(db, tenantId, n);
  o.say(
    `bench: ${n} obligations of ${Math.ceil(n / PERSONS_PER_OBLIGATIONS)} persons in ` +
      `${((performance.now() - t) / 1000).toFixed(1)}s`,
  );
  const statement = statementOf(n);
  await sql`create table bench_plain_lines (like statement_lines including defaults)`
    .execute(db);
  await sql`checkpoint`.execute(db);

  // The baseline is the median of three inserts (emptied and checkpointed between): a single
  // one varied from 0.9 to 2.2 s between runs on this machine's disk.
  const bulkRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (i) await sql`truncate bench_plain_lines`.execute(db);
    bulkRuns.push(await plainBulkInsert(db, tenantId, statement));
    await sql`checkpoint`.execute(db);
  }
  const bulkMs = [...bulkRuns].sort((a, b) => a - b)[1];

  let storeMs = 0;
  let reconcileMs = 0;
  t = performance.now();
  const result = await db.transaction().execute(async (trx) => {
    await lockTownStatements(trx, tenantId);
    const s0 = performance.now();
    const stored = await storeStatement(trx, tenantId, statement, {
      fileName: "vypis_2026-04-30.gpc",
      fileSha256: "0".repeat(64),
      source: "drop",
      importedBy: null,
    });
    storeMs = performance.now() - s0;
    if (stored.newLines !== n) throw new Error(`stored ${stored.newLines} of ${n} lines`);
    const r0 = performance.now();
    const r = await reconcile(trx, tenantId, { statementId: stored.id });
    reconcileMs = performance.now() - r0;
    return r;
  });
  const totalMs = performance.now() - t;
  // What the statement says must have happened: 91 % of the lines pay an obligation.
  const expected = Array.from({ length: n }, (_, i) => (i + 1) % 100).filter((r) => r < 91)
    .length;
  if (result.booked !== expected) {
    throw new Error(`reconcile booked ${result.booked} lines, expected ${expected}`);
  }
  await sql`drop table bench_plain_lines`.execute(db);
  // Settle the tables now, or autovacuum does it while the pages are measured.
  await sql`vacuum analyze`.execute(db);
  return {
    obligations: n,
    lines: n,
    bulkMs,
    storeMs,
    reconcileMs,
    totalMs,
    ratio: totalMs / bulkMs,
    ...result,
  };
}

function thousands(n: number): string {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** The line the issue asks for, and where the time went. */
export function reconcileSummary(r: ReconcileBench): string[] {
  return [
    `reconcile ${thousands(r.lines)}: ${(r.totalMs / 1000).toFixed(2)} s; bulk insert: ${
      (r.bulkMs / 1000).toFixed(2)
    } s; ratio ${r.ratio.toFixed(2)} (goal ≤ ${RECONCILE_GOAL}) — ${
      r.ratio <= RECONCILE_GOAL ? "met" : "NOT met"
    }`,
    `  (${thousands(r.obligations)} obligations; store ${(r.storeMs / 1000).toFixed(2)} s + ` +
    `reconcile ${(r.reconcileMs / 1000).toFixed(2)} s + commit; booked ${r.booked}, ` +
    `card settlements ${r.settledCard}, left for the clerk ${r.unmatched})`,
  ];
}

// ---------------------------------------------------------------------------------------------
// /ucet with 200 obligations

export const ACCOUNT_PERSON = {
  username: "bench.ucet.200",
  password: "Bench-Ucet-200-obligations",
  givenName: "Vlasta",
  familyName: "Dvěstěpoložková",
} as const;

const KINDS = ["waste_fee", "dog_fee", "rent", "water", "fine", "admin_fee"] as const;

/**
 * A citizen of the town with 200 obligations over 2019–2026 — three in four paid (one payment
 * each, some in two), the rest open — and a password to sign in with.
 */
export async function seedAccountPerson(
  db: Kysely<Database>,
  tenantId: string,
  count = 200,
): Promise<void> {
  const person = await db.insertInto("persons").values({
    tenant_id: tenantId,
    username: ACCOUNT_PERSON.username,
    given_name: ACCOUNT_PERSON.givenName,
    family_name: ACCOUNT_PERSON.familyName,
    password_hash: await hashPassword(ACCOUNT_PERSON.password),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  const tenant = await db.selectFrom("tenants").select("iban").where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      const year = 2019 + Math.floor((i * 8) / count);
      const month = 1 + (i % 12);
      const kind = KINDS[i % KINDS.length];
      const amount = [90_000, 60_000, 685_000, 231_250, 150_000, 50_000][i % 6];
      const due = `${year}-${String(month).padStart(2, "0")}-15`;
      const id = await insertLedgerObligation(trx, tenantId, {
        personId: person.id,
        sourceKey: `bench-ucet:${i}`,
        kind,
        agenda: kind === "water" ? "voda" : "poplatky",
        year,
        title: `Položka ${i + 1} (${kind}) ${month}/${year}`,
        amountHalere: amount,
        dueDate: due,
        variableSymbol: `7${String(i + 1).padStart(8, "0")}`,
        specificSymbol: "1345",
        constantSymbol: "1148",
        account: tenant.iban,
      });
      if (!id || i % 4 === 3) continue; // every fourth is open
      const parts = i % 10 === 0 ? [amount / 2, amount / 2] : [amount];
      for (const [n, part] of parts.entries()) {
        await bookPayment(trx, tenantId, {
          kind: n === 0 ? "bank" : "card",
          amountHalere: part,
          receivedOn: due,
          variableSymbol: `7${String(i + 1).padStart(8, "0")}`,
          payerPersonId: person.id,
          obligationId: id,
          sourceKey: `bench-ucet:${i}:${n}`,
        });
      }
    }
  });
  await sql`analyze`.execute(db);
}

/** Signs the person in (password only) and returns the Cookie header of the session. */
export async function signInCookie(
  base: string,
  who: { username: string; password: string } = ACCOUNT_PERSON,
): Promise<string> {
  const form = await fetch(`${base}/prihlaseni`);
  const jar = form.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const res = await fetch(`${base}/prihlaseni`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.join("; "), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, identifier: who.username, password: who.password }),
  });
  await res.body?.cancel();
  if (res.status !== 303) throw new Error(`signing ${who.username} in answered ${res.status}`);
  const cookies = new Map(
    [...jar, ...res.headers.getSetCookie().map((c) => c.split(";")[0])].map((c) => {
      const eq = c.indexOf("=");
      return [c.slice(0, eq), c] as const;
    }),
  );
  return [...cookies.values()].join("; ");
}

/** `/ucet` must be the person's page with their obligations before it is timed. */
export function checkAccountPage(status: number, html: string): string | null {
  if (status !== 200) return `GET /ucet answered ${status}`;
  if (!html.includes(ACCOUNT_PERSON.familyName)) return "GET /ucet is not the bench person's page";
  if (!html.includes("Položka")) return "GET /ucet shows none of the person's obligations";
  return null;
}

/** The `/ucet` line: throughput and p99 against the bare server's, as ratios. */
export function accountSummary(
  account: { rps: number[]; p99: number[] },
  bare: { rps: number[]; p99: number[] },
  who = "200 obligations",
): string {
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const rpsRatio = median(account.rps.map((r, i) => r / bare.rps[i]));
  const p99Ratio = median(account.p99.map((p, i) => p / bare.p99[i]));
  return `/ucet (signed in, ${who}): ${Math.round(median(account.rps))} rps = ` +
    `${Math.round(rpsRatio * 100)}% of bare Deno.serve; p99 ${median(account.p99).toFixed(2)} ms ` +
    `= ${p99Ratio.toFixed(1)}× bare's ${median(bare.p99).toFixed(2)} ms`;
}
