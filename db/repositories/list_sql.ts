/**
 * Pieces the clerk lists' queries share (persons, representation requests, clerk accounts, the
 * task queue, statements and payments): a page as limit/offset, date ranges in Prague days, and
 * the AND of a list's conditions. Each list has ONE query function that the HTML page calls with
 * a page and the export calls without one (`EXPORT_PAGING`), so both see the same rows.
 */
import { type Expression, type RawBuilder, sql, type SqlBool } from "kysely";
import { pragueStartOfDay } from "../../domain/time.ts";

export interface Paging {
  limit: number;
  offset: number;
}

/** The most rows an export reads: one more than it may write, so "too many" can be told. */
export const EXPORT_PAGING: Paging = { limit: 10_001, offset: 0 };

/** The page of a list (`strana`, 1-based) as limit/offset. */
export function pageOf(query: { page: number; pageSize: number }): Paging {
  return { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
}

/** `YYYY-MM-DD` of the next calendar day. */
export function nextDay(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * A timestamp column within the Prague days `from`…`to` (both inclusive, either may be
 * missing): `column >= 00:00 of from` and `column < 00:00 of the day after to`.
 */
export function instantRange(
  column: Expression<unknown>,
  from: string | undefined,
  to: string | undefined,
): RawBuilder<SqlBool>[] {
  const out: RawBuilder<SqlBool>[] = [];
  if (from) out.push(sql<SqlBool>`${column} >= ${pragueStartOfDay(from)}`);
  if (to) out.push(sql<SqlBool>`${column} < ${pragueStartOfDay(nextDay(to))}`);
  return out;
}

/** A `date` column within `from`…`to` (inclusive, either may be missing). */
export function dateRange(
  column: Expression<unknown>,
  from: string | undefined,
  to: string | undefined,
): RawBuilder<SqlBool>[] {
  const out: RawBuilder<SqlBool>[] = [];
  if (from) out.push(sql<SqlBool>`${column} >= ${from}::date`);
  if (to) out.push(sql<SqlBool>`${column} <= ${to}::date`);
  return out;
}

/** Every condition (`true` when there is none). */
export function allOf(
  conditions: readonly (RawBuilder<SqlBool> | undefined)[],
): RawBuilder<SqlBool> {
  const present = conditions.filter((c): c is RawBuilder<SqlBool> => c !== undefined);
  return present.length === 0
    ? sql<SqlBool>`true`
    : sql<SqlBool>`(${sql.join(present, sql` and `)})`;
}
