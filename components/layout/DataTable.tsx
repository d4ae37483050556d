/**
 * A clerk list's table that reflows (WCAG 2.1 1.4.10): at 1280 px an ordinary ruled table; below
 * 40em each row becomes a block of "Column: value" lines (`table.gov-table.stacked` in
 * static/app.css), so a list never makes a 320 px page scroll sideways. Columns are declared
 * once, so every cell carries its column's name (`data-label`) and no list can forget one.
 *
 *   <DataTable caption="Úřední deska" rows={items} rowKey={(n) => n.id} columns={[
 *     { header: "Název", rowHeader: true, cell: (n) => <a href={…}>{n.title}</a> },
 *     { header: "Částka", num: true, cell: (n) => formatMoney(n.amount) },
 *   ]} empty="Nic nenalezeno." />
 *
 * Roles are explicit because `display: block` makes some browsers drop a table's semantics.
 */
import type { ComponentChildren, VNode } from "preact";

export interface DataColumn<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** The cell that names the row (a `th scope="row"`); one column at most. */
  rowHeader?: boolean;
  /** Amounts and counts: right-aligned at full width, never broken. */
  num?: boolean;
}

export interface DataTableProps<T> {
  caption: string;
  /** Hide the caption visually (the page's heading already says it); screen readers keep it. */
  captionHidden?: boolean;
  columns: DataColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** An id for a row that links point at (`#radek-3`). */
  rowId?: (row: T) => string;
  /** Shown instead of the table when there are no rows. */
  empty?: ComponentChildren;
  class?: string;
}

export function DataTable<T>(props: DataTableProps<T>): VNode | null {
  const { caption, columns, rows, rowKey, rowId, empty } = props;
  if (rows.length === 0) {
    return empty === undefined ? null : <p class="data-table__empty">{empty}</p>;
  }
  return (
    <table class={`gov-table stacked${props.class ? ` ${props.class}` : ""}`} role="table">
      <caption class={props.captionHidden ? "u-sr-only" : undefined}>{caption}</caption>
      <thead role="rowgroup">
        <tr role="row">
          {columns.map((c) => (
            <th key={c.header} scope="col" role="columnheader" class={c.num ? "num" : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {rows.map((row) => (
          <tr key={rowKey(row)} id={rowId?.(row)} role="row">
            {columns.map((c) =>
              c.rowHeader
                ? (
                  <th key={c.header} scope="row" role="rowheader" data-label={c.header}>
                    {c.cell(row)}
                  </th>
                )
                : (
                  <td
                    key={c.header}
                    role="cell"
                    data-label={c.header}
                    class={c.num ? "num" : undefined}
                  >
                    {c.cell(row)}
                  </td>
                )
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
