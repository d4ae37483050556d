/**
 * A statement's lines with what each became (`/urad/vypisy/<id>`): a DataTable, so at 320 px each
 * line stacks as "Label: value" rows; each row is a link target (`#radek-<n>`) for the queue.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { StatementLineView } from "../../db/repositories/statements.ts";
import { DataTable } from "../layout/DataTable.tsx";
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
    <DataTable
      caption={caption}
      class="statement-lines"
      rows={lines}
      rowKey={(l) => l.id}
      rowId={(l) => `radek-${l.line_no}`}
      columns={[
        { header: t("statements.line.no"), rowHeader: true, cell: (l) => l.line_no },
        { header: t("statements.line.date"), cell: (l) => isoDate(l.booking_date, locale) },
        {
          header: t("statements.line.amount"),
          num: true,
          cell: (l) => <Amount halere={l.amount_halere} />,
        },
        { header: t("statements.line.counterparty"), cell: (l) => <Counterparty line={l} /> },
        {
          header: t("statements.line.symbols"),
          cell: (l) => (
            <Symbols vs={l.variable_symbol} ks={l.constant_symbol} ss={l.specific_symbol} />
          ),
        },
        { header: t("statements.line.message"), cell: (l) => l.message ?? "—" },
        {
          header: t("statements.line.result"),
          cell: (l) => (
            <>
              <LineResult line={l} t={t} />
              {l.result === "unmatched" && (
                <>
                  <br />
                  <a href={`/urad/platby/${l.id}`}>{t("statements.line.assign")}</a>
                </>
              )}
            </>
          ),
        },
      ]}
    />
  );
}
