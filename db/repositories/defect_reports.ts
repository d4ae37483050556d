/**
 * Defect reports' public projection and the towns' departments. Every function takes the
 * tenant: a report or a department of another town is not found.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, DefectStatus } from "../schema.ts";
import { searchCondition } from "../search.ts";

type Db = Kysely<Database> | Transaction<Database>;

export function listDepartments(db: Db, tenantId: string) {
  return db.selectFrom("departments").select(["id", "name"])
    .where("tenant_id", "=", tenantId).where("active", "=", true)
    .orderBy("position").orderBy("name").execute();
}

export function findDepartment(db: Db, tenantId: string, id: string) {
  return db.selectFrom("departments").select(["id", "name"])
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("active", "=", true)
    .executeTakeFirst();
}

/** Seeds a town's departments (idempotent by name). */
export async function ensureDepartments(db: Db, tenantId: string, names: readonly string[]) {
  for (const [position, name] of names.entries()) {
    await db.insertInto("departments").values({ tenant_id: tenantId, name, position })
      .onConflict((oc) => oc.columns(["tenant_id", "name"]).doNothing()).execute();
  }
}

export interface NewDefectReport {
  caseId: string;
  category: string;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  filedAt: Date;
}

/** The report's projection at filing; a second call (a retried activity) changes nothing. */
export async function insertDefectReport(db: Db, tenantId: string, r: NewDefectReport) {
  await db.insertInto("defect_reports").values({
    case_id: r.caseId,
    tenant_id: tenantId,
    category: r.category,
    place: r.place,
    latitude: r.latitude,
    longitude: r.longitude,
    filed_at: r.filedAt,
    updated_at: r.filedAt,
  }).onConflict((oc) => oc.column("case_id").doNothing()).execute();
}

export interface DefectReportChange {
  status: DefectStatus;
  departmentId?: string | null;
  resolutionNote?: string | null;
  round?: number;
  resolvedAt?: Date | null;
  reopenUntil?: Date | null;
  closedAt?: Date | null;
}

export async function updateDefectReport(
  db: Db,
  tenantId: string,
  caseId: string,
  c: DefectReportChange,
): Promise<void> {
  await db.updateTable("defect_reports").set({
    status: c.status,
    updated_at: new Date(),
    ...(c.departmentId !== undefined ? { department_id: c.departmentId } : {}),
    ...(c.resolutionNote !== undefined ? { resolution_note: c.resolutionNote } : {}),
    ...(c.round !== undefined ? { round: c.round } : {}),
    ...(c.resolvedAt !== undefined ? { resolved_at: c.resolvedAt } : {}),
    ...(c.reopenUntil !== undefined ? { reopen_until: c.reopenUntil } : {}),
    ...(c.closedAt !== undefined ? { closed_at: c.closedAt } : {}),
  }).where("tenant_id", "=", tenantId).where("case_id", "=", caseId).execute();
}

/** A report with its department's name (for the clerk, the reporter and the public page). */
export function findDefectReport(db: Db, tenantId: string, caseId: string) {
  return db.selectFrom("defect_reports as r")
    .leftJoin(
      "departments as d",
      (j) => j.onRef("d.id", "=", "r.department_id").onRef("d.tenant_id", "=", "r.tenant_id"),
    )
    .select([
      "r.case_id",
      "r.status",
      "r.category",
      "r.place",
      "r.latitude",
      "r.longitude",
      "r.department_id",
      "d.name as department",
      "r.resolution_note",
      "r.round",
      "r.filed_at",
      "r.updated_at",
      "r.resolved_at",
      "r.reopen_until",
      "r.closed_at",
    ])
    .where("r.tenant_id", "=", tenantId).where("r.case_id", "=", caseId)
    .executeTakeFirst();
}

export interface PublicDefectFilter {
  search?: string;
  /** Category keys whose labels match the search (the labels live in the locales). */
  categories?: readonly string[];
  status?: DefectStatus;
  page: number;
  pageSize: number;
}

/** The town's reports, newest first, a page at a time; `total` for the pager. */
export async function listPublicDefectReports(db: Db, tenantId: string, f: PublicDefectFilter) {
  let q = db.selectFrom("defect_reports as r")
    .leftJoin(
      "departments as d",
      (j) => j.onRef("d.id", "=", "r.department_id").onRef("d.tenant_id", "=", "r.tenant_id"),
    )
    .where("r.tenant_id", "=", tenantId);
  if (f.status) q = q.where("r.status", "=", f.status);
  const search = f.search
    ? searchCondition(f.search, [sql.ref("r.place"), sql.ref("d.name")])
    : undefined;
  if (search) {
    const cats = f.categories ?? [];
    q = cats.length
      ? q.where((eb) => eb.or([search, eb("r.category", "in", [...cats])]))
      : q.where(search);
  }
  const [{ total }] = await q.select((eb) => eb.fn.countAll<string>().as("total")).execute();
  const rows = await q.select([
    "r.case_id",
    "r.status",
    "r.category",
    "r.place",
    "r.latitude",
    "r.longitude",
    "d.name as department",
    "r.filed_at",
    "r.updated_at",
    "r.resolved_at",
  ]).orderBy("r.filed_at", "desc").orderBy("r.case_id")
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { rows, total: Number(total) };
}
