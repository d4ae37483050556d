/**
 * The database side of the portal's search (`domain/search.ts`): a Kysely expression that
 * matches a query against text columns ignoring diacritics and case, in plain PostgreSQL.
 *
 * Folding is `lower(translate(text, 'ÁáČč…', 'AaCc…'))`: translate first, so the accented
 * capitals become ASCII whatever the database's `LC_CTYPE` (with the C locale `lower('Ú')` is
 * `'Ú'`), then lower-case. `unaccent` would also do, and the embedded PostgreSQL ships it, but it
 * is an extension (a managed database may refuse `CREATE EXTENSION`) and only STABLE, so it could
 * not back an expression index either. Each query word must start a word of the folded text (a
 * regular expression anchored at a word boundary), so an expression B-tree index would not help
 * the infix match; at a town's sizes (thousands of rows) a sequential scan answers in
 * milliseconds.
 */
import { type Expression, type RawBuilder, sql, type SqlBool } from "kysely";
import { foldText, searchTerms } from "../domain/search.ts";

/** Letters with diacritics from Czech, Slovak, German, Polish, Hungarian and the usual loans. */
const ACCENTED = "áàâäãåąćčçďéèêëěęíìîïĺľńňñóòôöõőŕřśšşťúùûüůűýÿźżžłø";

function foldTable(): { from: string; to: string } {
  let from = "";
  let to = "";
  for (const c of ACCENTED + ACCENTED.toUpperCase()) {
    const folded = foldText(c);
    if (folded.length !== 1 || folded === c) continue;
    // Capitals go to ASCII capitals; lower() then lowers them in any locale.
    from += c;
    to += c === c.toUpperCase() ? folded.toUpperCase() : folded;
  }
  return { from, to };
}

const FOLD = foldTable();

/** `value` folded in SQL the way `foldText` folds it in TypeScript (for the letters above). */
export function foldedSql(value: Expression<string | null>): RawBuilder<string> {
  return sql<string>`lower(translate(${value}, ${sql.lit(FOLD.from)}, ${sql.lit(FOLD.to)}))`;
}

/**
 * True where every word of `query` starts a word of one of `columns` (null columns ignored), or
 * `undefined` when the query has nothing to search for (then do not filter at all).
 *
 * `db.selectFrom("notices").where(searchCondition(query, [sql.ref("title")]))`
 */
export function searchCondition(
  query: string,
  columns: readonly Expression<string | null>[],
): RawBuilder<SqlBool> | undefined {
  const terms = searchTerms(query);
  if (terms.length === 0) return undefined;
  const text = foldedSql(sql<string>`concat_ws(' ', ${sql.join(columns)})`);
  // A term is letters and digits only (see tokenize), so nothing in it is a regex operator.
  const conditions = terms.map((term) => sql<SqlBool>`${text} ~ ${"(^|[^[:alnum:]])" + term}`);
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}
