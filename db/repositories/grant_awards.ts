/**
 * Grants after the decision (issue 14): contracts, payouts and their export batches, settlement
 * reports, and the open data of granted grants. Every function takes the tenant; the
 * applicant's reads take the person too (an id of another town or person finds nothing).
 */
import { sql, type Transaction } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { isGrantId } from "./grants.ts";
import type { Instalment, SettlementLine } from "../../domain/grant_awards.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** The application with what the steps after the decision need of its call and programme. */
function awardQuery(db: Db, tenantId: string) {
  return db.selectFrom("grant_applications as a")
    .innerJoin("grant_calls as c", "c.id", "a.call_id")
    .innerJoin("grant_programmes as p", "p.id", "a.programme_id")
    .leftJoin("grant_decisions as d", "d.application_id", "a.id")
    .selectAll("a")
    .select([
      "c.title as call_title",
      "c.settlement_deadline as call_settlement_deadline",
      "p.title as programme_title",
      "p.settlement_rule",
      "p.settlement_days",
      "p.max_instalments",
      "p.legal_basis",
      "d.decided_on",
      "d.resolution",
    ])
    .where("a.tenant_id", "=", tenantId);
}

export type AwardRow = NonNullable<Awaited<ReturnType<typeof findAward>>>;

/** One application of the town (for the clerk), or of the person (`personId`). */
export async function findAward(
  db: Db,
  tenantId: string,
  id: string,
  opts: { personId?: string; lock?: boolean } = {},
) {
  if (!isGrantId(id)) return undefined;
  let q = awardQuery(db, tenantId).where("a.id", "=", id);
  if (opts.personId) q = q.where("a.person_id", "=", opts.personId);
  if (opts.lock) q = q.forUpdate("a");
  return await q.executeTakeFirst();
}

/** Granted applications without a contract yet: the clerk's "prepare the contract" list. */
export async function listContractCandidates(db: Db, tenantId: string) {
  return await awardQuery(db, tenantId)
    .leftJoin("grant_contracts as k", "k.application_id", "a.id")
    .where("a.state", "=", "granted").where("k.id", "is", null)
    .orderBy("a.reference").limit(200).execute();
}

/** The contract's facts without its files. */
export async function findContract(db: Db, tenantId: string, applicationId: string) {
  return await db.selectFrom("grant_contracts")
    .select([
      "id",
      "number",
      "granted_halere",
      "instalments",
      "settlement_due",
      "template_version",
      "sha256",
      "confirmed_at",
      "confirmed_by",
      "created_at",
    ])
    .where("tenant_id", "=", tenantId).where("application_id", "=", applicationId)
    .executeTakeFirst();
}

/** The contract's pdf or docx. */
export async function contractFile(
  db: Db,
  tenantId: string,
  applicationId: string,
  format: "pdf" | "docx",
) {
  return await db.selectFrom("grant_contracts").select(["number", format])
    .where("tenant_id", "=", tenantId).where("application_id", "=", applicationId)
    .executeTakeFirst();
}

export interface NewContract {
  applicationId: string;
  number: string;
  granted: number;
  instalments: number;
  settlementDue: string;
  templateVersion: string;
  docx: Uint8Array;
  pdf: Uint8Array;
  sha256: string;
}

/** Stores the contract once per application; false when it existed. */
export async function insertContract(
  trx: Transaction<Database>,
  tenantId: string,
  c: NewContract,
): Promise<boolean> {
  const r = await trx.insertInto("grant_contracts").values({
    tenant_id: tenantId,
    application_id: c.applicationId,
    number: c.number,
    granted_halere: c.granted,
    instalments: c.instalments,
    settlement_due: c.settlementDue,
    template_version: c.templateVersion,
    docx: c.docx,
    pdf: c.pdf,
    sha256: c.sha256,
  }).onConflict((oc) => oc.column("application_id").doNothing()).executeTakeFirst();
  return (r.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Marks the contract confirmed (once); false when it already was. */
export async function confirmContractRow(
  trx: Transaction<Database>,
  tenantId: string,
  contractId: string,
  personId: string,
): Promise<boolean> {
  const r = await trx.updateTable("grant_contracts")
    .set({ confirmed_at: new Date(), confirmed_by: personId })
    .where("tenant_id", "=", tenantId).where("id", "=", contractId)
    .where("confirmed_at", "is", null).executeTakeFirst();
  return (r.numUpdatedRows ?? 0n) > 0n;
}

export async function setApplication(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  set: {
    state?: import("../../domain/grants.ts").GrantApplicationState;
    settlement_due?: string;
    paid_halere?: number;
    settled_halere?: number;
    returned_halere?: number;
    closed_at?: Date;
  },
): Promise<void> {
  await trx.updateTable("grant_applications").set({ ...set, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}

export async function insertPayouts(
  trx: Transaction<Database>,
  tenantId: string,
  p: {
    applicationId: string;
    contractId: string;
    account: string;
    variableSymbol: string;
    plan: Instalment[];
  },
): Promise<void> {
  await trx.insertInto("grant_payouts").values(p.plan.map((i) => ({
    tenant_id: tenantId,
    application_id: p.applicationId,
    contract_id: p.contractId,
    instalment: i.instalment,
    amount_halere: i.amount,
    due_on: i.dueOn,
    account: p.account,
    variable_symbol: p.variableSymbol,
  }))).onConflict((oc) => oc.columns(["contract_id", "instalment"]).doNothing()).execute();
}

export async function applicationPayouts(db: Db, tenantId: string, applicationId: string) {
  return await db.selectFrom("grant_payouts")
    .select(["id", "instalment", "amount_halere", "due_on", "state", "paid_at", "account"])
    .where("tenant_id", "=", tenantId).where("application_id", "=", applicationId)
    .orderBy("instalment").execute();
}

// ---------------------------------------------------------------------------------------------
// Payout batches

function payoutRows(db: Db, tenantId: string) {
  return db.selectFrom("grant_payouts as o")
    .innerJoin("grant_applications as a", "a.id", "o.application_id")
    .innerJoin("grant_contracts as k", "k.id", "o.contract_id")
    .select([
      "o.id",
      "o.application_id",
      "o.instalment",
      "o.amount_halere",
      "o.due_on",
      "o.account",
      "o.variable_symbol",
      "o.state",
      "a.reference",
      "a.applicant_name",
      "a.applicant_ico",
      "k.number as contract_number",
      "k.instalments",
    ])
    .where("o.tenant_id", "=", tenantId);
}

export type PayoutRow = Awaited<ReturnType<typeof listPlannedPayouts>>[number];

/** Planned payouts due on or before `until`, the earliest first. */
export async function listPlannedPayouts(db: Db, tenantId: string, until: string) {
  return await payoutRows(db, tenantId).where("o.state", "=", "planned")
    .where("o.due_on", "<=", until).orderBy("o.due_on").orderBy("a.reference")
    .orderBy("o.instalment").limit(1000).execute();
}

/** The batch's payouts in a fixed order (the same file every time). */
export async function batchPayouts(db: Db, tenantId: string, batchId: string) {
  return await payoutRows(db, tenantId).where("o.export_batch", "=", batchId)
    .orderBy("a.reference").orderBy("o.instalment").execute();
}

export async function findBatch(db: Db, tenantId: string, id: string, lock = false) {
  if (!isGrantId(id)) return undefined;
  let q = db.selectFrom("grant_payout_batches").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id);
  if (lock) q = q.forUpdate();
  return await q.executeTakeFirst();
}

export async function findBatchByKey(db: Db, tenantId: string, key: string) {
  return await db.selectFrom("grant_payout_batches").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", key).executeTakeFirst();
}

export async function listBatches(db: Db, tenantId: string) {
  return await db.selectFrom("grant_payout_batches").selectAll()
    .where("tenant_id", "=", tenantId).orderBy("created_at", "desc").limit(50).execute();
}

/**
 * Takes the planned payouts due by `until` into a new batch (each payout once: the update is
 * guarded by its state), numbered in the town's sequence of the year under a transaction lock.
 * Null when nothing was due.
 */
export async function createBatch(
  trx: Transaction<Database>,
  tenantId: string,
  b: { key: string; until: string; year: number; clerkId: string },
): Promise<{ id: string; number: string; payouts: number; total: number } | null> {
  await sql`select pg_advisory_xact_lock(hashtext(${`grant-payout-batch:${tenantId}`}))`
    .execute(trx);
  const id = crypto.randomUUID();
  const taken = await trx.updateTable("grant_payouts")
    .set({ state: "exported", export_batch: id, exported_at: new Date() })
    .where("tenant_id", "=", tenantId).where("state", "=", "planned")
    .where("due_on", "<=", b.until)
    .returning(["amount_halere"]).execute();
  if (taken.length === 0) return null;
  const total = taken.reduce((s, r) => s + Number(r.amount_halere), 0);
  const count = await trx.selectFrom("grant_payout_batches")
    .select(sql<string>`count(*)`.as("n"))
    .where("tenant_id", "=", tenantId).where("number", "like", `${b.year}-%`)
    .executeTakeFirstOrThrow();
  const number = `${b.year}-${String(Number(count.n) + 1).padStart(4, "0")}`;
  await trx.insertInto("grant_payout_batches").values({
    id,
    tenant_id: tenantId,
    number,
    idempotency_key: b.key,
    payouts: taken.length,
    total_halere: total,
    created_by: b.clerkId,
  }).execute();
  return { id, number, payouts: taken.length, total };
}

/** Marks the batch paid (once) and its payouts; returns the payouts' sums per application. */
export async function markBatchPaidRows(
  trx: Transaction<Database>,
  tenantId: string,
  batchId: string,
  clerkId: string,
): Promise<{ applicationId: string; amount: number }[] | null> {
  const r = await trx.updateTable("grant_payout_batches")
    .set({ paid_at: new Date(), paid_by: clerkId })
    .where("tenant_id", "=", tenantId).where("id", "=", batchId).where("paid_at", "is", null)
    .executeTakeFirst();
  if ((r.numUpdatedRows ?? 0n) === 0n) return null;
  const rows = await trx.updateTable("grant_payouts").set({ state: "paid", paid_at: new Date() })
    .where("tenant_id", "=", tenantId).where("export_batch", "=", batchId)
    .where("state", "=", "exported").returning(["application_id", "amount_halere"]).execute();
  const sums = new Map<string, number>();
  for (const row of rows) {
    sums.set(row.application_id, (sums.get(row.application_id) ?? 0) + Number(row.amount_halere));
  }
  return [...sums].map(([applicationId, amount]) => ({ applicationId, amount }));
}

// ---------------------------------------------------------------------------------------------
// Settlement reports

/** The application's budget lines with their categories (the settlement form's rows). */
export async function applicationBudget(db: Db, tenantId: string, applicationId: string) {
  return await db.selectFrom("grant_budget_items as b")
    .innerJoin("grant_cost_categories as g", "g.id", "b.cost_category_id")
    .select([
      "b.kind",
      "b.position",
      "b.description",
      "b.amount_halere",
      "b.grant_halere",
      "b.cost_category_id",
      "g.name as category_name",
      "g.eligible",
    ])
    .where("b.tenant_id", "=", tenantId).where("b.application_id", "=", applicationId)
    .orderBy("b.kind").orderBy("b.position").execute();
}

export async function findSettlement(db: Db, tenantId: string, applicationId: string) {
  return await db.selectFrom("grant_settlements").selectAll()
    .where("tenant_id", "=", tenantId).where("application_id", "=", applicationId)
    .orderBy("round", "desc").executeTakeFirst();
}

/** Files the settlement report (round 1) once; false when one was filed. */
export async function insertSettlement(
  trx: Transaction<Database>,
  tenantId: string,
  s: {
    applicationId: string;
    personId: string;
    late: boolean;
    spent: number;
    eligible: number;
    report: string;
    lines: SettlementLine[];
  },
): Promise<boolean> {
  const r = await trx.insertInto("grant_settlements").values({
    tenant_id: tenantId,
    application_id: s.applicationId,
    round: 1,
    submitted_by: s.personId,
    late: s.late,
    spent_halere: s.spent,
    eligible_halere: s.eligible,
    report: s.report,
  }).onConflict((oc) => oc.columns(["application_id", "round"]).doNothing())
    .executeTakeFirst();
  if ((r.numInsertedOrUpdatedRows ?? 0n) === 0n) return false;
  if (s.lines.length) {
    await trx.insertInto("grant_budget_items").values(s.lines.map((l) => ({
      tenant_id: tenantId,
      application_id: s.applicationId,
      kind: "settlement" as const,
      round: 1,
      position: l.position,
      cost_category_id: l.categoryId,
      description: l.description,
      amount_halere: l.amount,
      grant_halere: l.grant,
    }))).execute();
  }
  return true;
}

export async function decideSettlement(
  trx: Transaction<Database>,
  tenantId: string,
  settlementId: string,
  d: {
    state: "accepted" | "return_requested";
    clerkId: string;
    returnHalere?: number;
    returnReason?: string;
    obligationId?: string | null;
  },
): Promise<boolean> {
  const r = await trx.updateTable("grant_settlements").set({
    state: d.state,
    decided_by: d.clerkId,
    decided_at: new Date(),
    return_halere: d.returnHalere ?? null,
    return_reason: d.returnReason ?? null,
    obligation_id: d.obligationId ?? null,
  }).where("tenant_id", "=", tenantId).where("id", "=", settlementId)
    .where("state", "=", "submitted").executeTakeFirst();
  return (r.numUpdatedRows ?? 0n) > 0n;
}

/** Settlement reports waiting for the clerk (and returns waiting for their payment). */
export async function listSettlementsToReview(db: Db, tenantId: string) {
  return await db.selectFrom("grant_applications as a")
    .innerJoin("grant_settlements as s", "s.application_id", "a.id")
    .select([
      "a.id",
      "a.reference",
      "a.applicant_name",
      "a.state",
      "a.paid_halere",
      "s.submitted_at",
      "s.late",
      "s.eligible_halere",
    ])
    .where("a.tenant_id", "=", tenantId)
    .where("a.state", "in", ["settlement_submitted", "return_requested"])
    .orderBy("s.submitted_at").limit(200).execute();
}

// ---------------------------------------------------------------------------------------------
// Open data

/** Granted grants decided in `year` (with the applicant's address for the municipality). */
export async function listGrantedGrants(db: Db, tenantId: string, year: number) {
  return await db.selectFrom("grant_decisions as d")
    .innerJoin("grant_applications as a", "a.id", "d.application_id")
    .innerJoin("grant_programmes as p", "p.id", "a.programme_id")
    .innerJoin("persons as o", "o.id", "a.person_id")
    .select([
      "a.id",
      "a.applicant_kind",
      "a.applicant_name",
      "a.applicant_ico",
      "a.purpose",
      "a.values",
      "o.address as person_address",
      "p.title as programme_title",
      "d.granted_halere",
      "d.decided_on",
    ])
    .where("d.tenant_id", "=", tenantId).where("d.outcome", "=", "granted")
    .where("a.state", "not in", ["refused", "withdrawn"])
    .where("d.decided_on", ">=", `${year}-01-01`).where("d.decided_on", "<=", `${year}-12-31`)
    .orderBy("d.decided_on").orderBy("p.title").orderBy("a.applicant_name").orderBy("a.id")
    .limit(5000).execute();
}

/** The years that have a granted grant (the page's year filter). */
export async function grantedYears(db: Db, tenantId: string): Promise<number[]> {
  const rows = await db.selectFrom("grant_decisions")
    .select(sql<number>`distinct extract(year from decided_on)::int`.as("year"))
    .where("tenant_id", "=", tenantId).where("outcome", "=", "granted")
    .orderBy("year", "desc").execute();
  return rows.map((r) => Number(r.year));
}
