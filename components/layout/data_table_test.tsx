import { assert, assertEquals } from "../../tests/assert.ts";
import { renderToString } from "preact-render-to-string";
import { DataTable } from "./DataTable.tsx";

const rows = [{ id: "a", name: "Žluťoučký kůň", amount: "1 200,00 Kč" }, {
  id: "b",
  name: "Úřad",
  amount: "5,00 Kč",
}];

Deno.test("[layout] DataTable names every cell's column, so stacked rows read 'Label: value'", () => {
  const html = renderToString(
    <DataTable
      caption="Seznam"
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { header: "Název", rowHeader: true, cell: (r) => r.name },
        { header: "Částka", num: true, cell: (r) => r.amount },
      ]}
    />,
  );
  assert(html.includes(`class="gov-table stacked"`));
  assertEquals(html.match(/data-label="Název"/g)?.length, 2);
  assertEquals(html.match(/data-label="Částka"/g)?.length, 2);
  assert(html.includes(`<th scope="row" role="rowheader" data-label="Název">Žluťoučký kůň</th>`));
  assert(html.includes(`<th scope="col" role="columnheader" class="num">Částka</th>`));
});

Deno.test("[layout] DataTable with no rows shows the empty text, not an empty table", () => {
  const html = renderToString(
    <DataTable
      caption="Seznam"
      rows={[]}
      rowKey={() => ""}
      columns={[{ header: "Název", cell: () => "" }]}
      empty="Nic nenalezeno."
    />,
  );
  assertEquals(html, `<p class="data-table__empty">Nic nenalezeno.</p>`);
});
