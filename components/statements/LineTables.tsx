/**
 * The two tables of statement lines: a statement's lines with what each became
 * (`/urad/vypisy/<id>`), and the queue of lines waiting for a clerk (`/urad/platby`). Both
 * scroll inside a named region of their own at 320 px (TableRegion) and have a caption.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { StatementLineView } from "../../db/repositories/statements.ts";
import { formatCzk } from "../../domain/money.ts";
import { TableRegion } from "../layout/TableRegion.tsx";
import { Amount, Counterparty, isoDate, LineResult, Symbols } from "./StatementParts.tsx";

export function StatementLinesTable(
  { lines, caption, t, locale }: {
    lines: readonly StatementLineView[];
    caption: string;
    t: Translate;
    locale: Locale;
  },
) {
  return (
    <TableRegion label={caption}>
      <table class="gov-table statement-lines">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("statements.line.no")}</th>
            <th scope="col">{t("statements.line.date")}</th>
            <th scope="col">{t("statements.line.amount")}</th>
            <th scope="col">{t("statements.line.counterparty")}</th>
            <th scope="col">{t("statements.line.symbols")}</th>
            <th scope="col">{t("statements.line.message")}</th>
            <th scope="col">{t("statements.line.result")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr id={`radek-${l.line_no}`}>
              <th scope="row">{l.line_no}</th>
              <td>{isoDate(l.booking_date, locale)}</td>
              <td>
                <Amount halere={l.amount_halere} />
              </td>
              <td>
                <Counterparty line={l} />
              </td>
              <td>
                <Symbols vs={l.variable_symbol} ks={l.constant_symbol} ss={l.specific_symbol} />
              </td>
              <td>{l.message ?? "—"}</td>
              <td>
                <LineResult line={l} t={t} />
                {l.result === "unmatched" && (
                  <>
                    <br />
                    <a href={`/urad/platby/${l.id}`}>{t("statements.line.assign")}</a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/**
 * Each row's link names its payment by `aria-label` (not a visually hidden span: an absolutely
 * positioned span would escape the table's scroll region and widen the page at 320 px).
 */
export function QueueTable(
  { lines, caption, t, locale }: {
    lines: readonly StatementLineView[];
    caption: string;
    t: Translate;
    locale: Locale;
  },
) {
  return (
    <TableRegion label={caption}>
      <table class="gov-table payment-queue">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("clerkPayments.col.date")}</th>
            <th scope="col">{t("clerkPayments.col.amount")}</th>
            <th scope="col">{t("clerkPayments.col.counterparty")}</th>
            <th scope="col">{t("clerkPayments.col.symbols")}</th>
            <th scope="col">{t("clerkPayments.col.message")}</th>
            <th scope="col">{t("clerkPayments.col.statement")}</th>
            <th scope="col">{t("clerkPayments.col.action")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr>
              <th scope="row">{isoDate(l.booking_date, locale)}</th>
              <td>
                <Amount halere={l.amount_halere} />
              </td>
              <td>
                <Counterparty line={l} />
              </td>
              <td>
                <Symbols vs={l.variable_symbol} ks={l.constant_symbol} ss={l.specific_symbol} />
              </td>
              <td>{l.message ?? "—"}</td>
              <td>
                <a href={`/urad/vypisy/${l.statement_id}#radek-${l.line_no}`}>
                  {t("clerkPayments.statementRef", {
                    number: l.statement_number,
                    date: isoDate(l.statement_date, locale),
                  })}
                </a>
              </td>
              <td>
                <a
                  href={`/urad/platby/${l.id}`}
                  aria-label={`${t("statements.line.assign")} ${
                    t("clerkPayments.rowContext", {
                      amount: formatCzk(l.amount_halere),
                      date: isoDate(l.booking_date, locale),
                    })
                  }`}
                >
                  {t("statements.line.assign")}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
