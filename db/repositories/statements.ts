/**
 * Bank statements and their lines, as the town received them: each statement once (its
 * identity), each line once (the account and the bank's reference), whichever file or
 * overlapping statement brings it again. Lines are written in one statement per bank statement
 * (arrays unnested), never one query per line. The reads serve the clerk's pages: the
 * statements with their counts, a statement's lines with what each became, and the queue of
 * credit lines that matched nothing.
 *
 * A line's result is derived, never stored: booked (a payment names the line), a card
 * settlement (a card payment names it), dismissed by a clerk, ignored (a debit), else unmatched.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import type { ParsedStatement } from "../../domain/statements/types.ts";
import { isUuid } from "./ledger.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type LineResult = "booked" | "card" | "dismissed" | "ignored" | "unmatched";

export interface StoredStatement {
  id: string;
  /** False when the town had this statement already (nothing was written). */
  inserted: boolean;
  /** Lines written now (a line another statement brought already is not written again). */
  newLines: number;
}

export interface StatementMeta {
  fileName: string;
  fileSha256: string;
  source: "upload" | "drop";
  importedBy: string | null;
}

/**
 * Stores one parsed statement and its lines, once. Run under `lockTownStatements` (the import
 * does): a second import of the same statement finds it and writes nothing.
 */
export async function storeStatement(
  trx: Transaction<Database>,
  tenantId: string,
  s: ParsedStatement,
  meta: StatementMeta,
): Promise<StoredStatement> {
  const row = await trx.insertInto("bank_statements").values({
    tenant_id: tenantId,
    identity: s.identity,
    format: s.format,
    account: s.account,
    statement_number: s.statementNumber,
    statement_date: s.statementDate,
    file_name: meta.fileName,
    file_sha256: meta.fileSha256,
    source: meta.source,
    imported_by: meta.importedBy,
    line_count: s.lines.length,
  }).onConflict((oc) => oc.columns(["tenant_id", "identity"]).doNothing())
    .returning("id").executeTakeFirst();
  if (!row) {
    const existing = await trx.selectFrom("bank_statements").select("id")
      .where("tenant_id", "=", tenantId).where("identity", "=", s.identity)
      .executeTakeFirstOrThrow();
    return { id: existing.id, inserted: false, newLines: 0 };
  }
  if (s.lines.length === 0) return { id: row.id, inserted: true, newLines: 0 };
  // The lines are sorted by their reference before the insert: a large statement's sort stays
  // in memory (the reconciliation in the same transaction asks the same).
  if (s.lines.length >= 2_000) await sql`set local work_mem = '64MB'`.execute(trx);
  const lines = s.lines;
  const col = <T>(f: (l: ParsedStatement["lines"][number]) => T) => sql.val(lines.map(f));
  const result = await sql`
    insert into statement_lines (tenant_id, statement_id, line_no, account, bank_ref,
      booking_date, amount_halere, counter_account, counter_name, variable_symbol,
      constant_symbol, specific_symbol, message)
    select ${tenantId}, ${row.id}, u.line_no, ${s.account}, u.bank_ref, u.booking_date, u.amount,
      u.counter_account, u.counter_name, u.vs, u.ks, u.ss, u.message
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
    on conflict (tenant_id, account, bank_ref) do nothing
  `.execute(trx);
  return { id: row.id, inserted: true, newLines: Number(result.numAffectedRows ?? 0n) };
}

/** The line's result, from its payment (p), card payment (c) and itself (l). */
const RESULT = sql<LineResult>`case
  when l.amount_halere <= 0 then 'ignored'
  when p.id is not null then 'booked'
  when c.id is not null then 'card'
  when l.dismissed_at is not null then 'dismissed'
  else 'unmatched' end`;

export interface StatementSummary {
  id: string;
  format: "gpc" | "camt053";
  account: string;
  statement_number: string;
  statement_date: string;
  file_name: string;
  source: "upload" | "drop";
  imported_at: Date;
  /** Lines the statement had in its file. */
  line_count: number;
  /** Lines stored with this statement (less when an earlier statement brought some). */
  lines: number;
  booked: number;
  card: number;
  unmatched: number;
  dismissed: number;
  ignored: number;
}

interface SummaryRow extends Omit<StatementSummary, "lines" | LineResult> {
  lines: string;
  booked: string;
  card: string;
  unmatched: string;
  dismissed: string;
  ignored: string;
}

/** Statements of the town where `where` holds (on `s`), counted; `tail` orders or pages them. */
export function summaries(
  db: Db,
  tenantId: string,
  where: ReturnType<typeof sql>,
  tail = sql``,
) {
  return sql<SummaryRow>`
    select s.id, s.format, s.account, s.statement_number, s.statement_date, s.file_name,
      s.source, s.imported_at, s.line_count,
      count(r.result) as lines,
      count(*) filter (where r.result = 'booked') as booked,
      count(*) filter (where r.result = 'card') as card,
      count(*) filter (where r.result = 'unmatched') as unmatched,
      count(*) filter (where r.result = 'dismissed') as dismissed,
      count(*) filter (where r.result = 'ignored') as ignored
    from bank_statements s
    left join lateral (
      select ${RESULT} as result
      from statement_lines l
      left join payments p on p.statement_line_id = l.id
      left join card_payments c on c.settled_line_id = l.id
      where l.statement_id = s.id
    ) r on true
    where s.tenant_id = ${tenantId} and ${where}
    group by s.id
    order by s.statement_date desc, s.imported_at desc, s.id
    ${tail}
  `.execute(db).then((r) => r.rows.map(toSummary));
}

function toSummary(r: SummaryRow): StatementSummary {
  return {
    ...r,
    line_count: Number(r.line_count),
    lines: Number(r.lines),
    booked: Number(r.booked),
    card: Number(r.card),
    unmatched: Number(r.unmatched),
    dismissed: Number(r.dismissed),
    ignored: Number(r.ignored),
  };
}

/** The town's statements, newest first, a page at a time, with their lines' results counted. */
export async function listStatements(
  db: Db,
  tenantId: string,
  opts: { page: number; pageSize: number },
): Promise<{ items: StatementSummary[]; total: number }> {
  const [items, total] = await Promise.all([
    summaries(
      db,
      tenantId,
      sql`true`,
      sql`limit ${opts.pageSize} offset ${(opts.page - 1) * opts.pageSize}`,
    ),
    db.selectFrom("bank_statements").select((eb) => eb.fn.countAll<string>().as("n"))
      .where("tenant_id", "=", tenantId).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One statement of the town, with its counts. */
export async function findStatement(
  db: Db,
  tenantId: string,
  id: string,
): Promise<StatementSummary | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await summaries(db, tenantId, sql`s.id = ${id}`);
  return row;
}

export interface StatementLineView {
  id: string;
  statement_id: string;
  statement_number: string;
  statement_date: string;
  line_no: number;
  account: string;
  bank_ref: string;
  booking_date: string;
  amount_halere: number;
  counter_account: string | null;
  counter_name: string | null;
  variable_symbol: string | null;
  constant_symbol: string | null;
  specific_symbol: string | null;
  message: string | null;
  result: LineResult;
  payment_id: string | null;
  /** Set when a clerk assigned the line by hand. */
  assigned_by_name: string | null;
  obligation_id: string | null;
  obligation_kind: string | null;
  obligation_title: string | null;
  obligation_year: number | null;
  obligation_vs: string | null;
  order_id: string | null;
  order_vs: string | null;
  /** The payer the payment was booked to (the obligation's person or the order's payer). */
  payer_name: string | null;
  card_payment_id: string | null;
  dismissed_at: Date | null;
  dismiss_reason: string | null;
  dismissed_by_name: string | null;
}

/** Lines of the town where `where` holds (on `l`, `s`), with what each became. */
export function lineViews(
  db: Db,
  tenantId: string,
  where: ReturnType<typeof sql>,
  tail = sql``,
) {
  return sql<StatementLineView & { amount_halere: string }>`
    select l.id, l.statement_id, s.statement_number, s.statement_date, l.line_no, l.account,
      l.bank_ref, l.booking_date, l.amount_halere, l.counter_account, l.counter_name,
      l.variable_symbol, l.constant_symbol, l.specific_symbol, l.message,
      ${RESULT} as result,
      p.id as payment_id, ac.display_name as assigned_by_name,
      o.id as obligation_id, o.kind as obligation_kind, o.title as obligation_title,
      o.year as obligation_year, o.variable_symbol as obligation_vs,
      po.id as order_id, po.variable_symbol as order_vs,
      case when pr.id is null then null else pr.given_name || ' ' || pr.family_name end
        as payer_name,
      c.id as card_payment_id,
      l.dismissed_at, l.dismiss_reason, dc.display_name as dismissed_by_name
    from statement_lines l
    join bank_statements s on s.id = l.statement_id
    left join payments p on p.statement_line_id = l.id
    left join clerks ac on ac.id = p.assigned_by
    left join obligations o on o.id = p.obligation_id
    left join payment_orders po on po.id = p.payment_order_id
    left join persons pr on pr.id = p.payer_person_id
    left join card_payments c on c.settled_line_id = l.id
    left join clerks dc on dc.id = l.dismissed_by
    where l.tenant_id = ${tenantId} and ${where}
    ${tail}
  `.execute(db).then((r) =>
    r.rows.map((row) => ({ ...row, amount_halere: Number(row.amount_halere) }))
  );
}

/** A statement's lines in file order, each with what it became. */
export function listStatementLines(
  db: Db,
  tenantId: string,
  statementId: string,
): Promise<StatementLineView[]> {
  if (!isUuid(statementId)) return Promise.resolve([]);
  return lineViews(db, tenantId, sql`l.statement_id = ${statementId}`, sql`order by l.line_no`);
}

/** One line of the town. */
export async function findStatementLine(
  db: Db,
  tenantId: string,
  lineId: string,
): Promise<StatementLineView | undefined> {
  if (!isUuid(lineId)) return undefined;
  const [row] = await lineViews(db, tenantId, sql`l.id = ${lineId}`);
  return row;
}

/** The unmatched credit lines (the clerk's queue): not booked, not dismissed, no card settlement. */
export const UNMATCHED = sql`l.amount_halere > 0 and l.dismissed_at is null
  and not exists (select 1 from payments p2 where p2.statement_line_id = l.id)
  and not exists (select 1 from card_payments c2 where c2.settled_line_id = l.id)`;

/** The queue, oldest booking first (what waits longest comes first). */
export function listUnmatchedLines(
  db: Db,
  tenantId: string,
  opts: { limit: number; offset?: number },
): Promise<StatementLineView[]> {
  return lineViews(
    db,
    tenantId,
    UNMATCHED,
    sql`order by l.booking_date, s.statement_date, l.line_no, l.id
      limit ${opts.limit} offset ${opts.offset ?? 0}`,
  );
}

/** How many lines wait in the queue. */
export async function countUnmatchedLines(db: Db, tenantId: string): Promise<number> {
  const r = await sql<{ n: string }>`
    select count(*) as n from statement_lines l where l.tenant_id = ${tenantId} and ${UNMATCHED}
  `.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Marks an unmatched line as dismissed (not a payment of anything the town keeps: a refund, a
 * transfer between the town's accounts) with the clerk's reason. Returns false when the line is
 * not open (already dismissed, booked, a card settlement or a debit): nothing changes.
 */
export async function dismissStatementLine(
  trx: Transaction<Database>,
  tenantId: string,
  lineId: string,
  clerkId: string,
  reason: string,
): Promise<boolean> {
  if (!isUuid(lineId)) return false;
  const r = await sql`
    update statement_lines l set dismissed_at = now(), dismissed_by = ${clerkId},
      dismiss_reason = ${reason}
    where l.tenant_id = ${tenantId} and l.id = ${lineId} and ${UNMATCHED}
  `.execute(trx);
  return Number(r.numAffectedRows ?? 0n) === 1;
}

export interface FlaggedCardPayment {
  id: string;
  amount_halere: number;
  state: string;
  flagged_at: Date;
  flag_reason: string | null;
  variable_symbol: string;
  payer_name: string;
  created_at: Date;
}

/** Card payments the card workflow flagged for a clerk's look (read-only here). */
export async function listFlaggedCardPayments(
  db: Db,
  tenantId: string,
  limit = 200,
): Promise<FlaggedCardPayment[]> {
  const rows = await db.selectFrom("card_payments as c")
    .innerJoin("payment_orders as o", "o.id", "c.payment_order_id")
    .innerJoin("persons as p", "p.id", "c.person_id")
    .select([
      "c.id",
      "c.amount_halere",
      "c.state",
      "c.flagged_at",
      "c.flag_reason",
      "c.created_at",
      "o.variable_symbol",
    ])
    .select(sql<string>`p.given_name || ' ' || p.family_name`.as("payer_name"))
    .where("c.tenant_id", "=", tenantId).where("o.tenant_id", "=", tenantId)
    .where("c.flagged_at", "is not", null)
    .orderBy("c.flagged_at", "desc").limit(limit).execute();
  return rows.map((r) => ({
    ...r,
    amount_halere: Number(r.amount_halere),
    flagged_at: r.flagged_at!,
  }));
}
