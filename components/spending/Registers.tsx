/**
 * The public registers (`/faktury`, `/smlouvy`, `/objednavky`): search and filters as a GET
 * form, the filter's count and sum, the rows as a `DataTable` (stacked at 320 px), pages of 50
 * and the same rows as CSV, xlsx, docx or PDF.
 */
import type { ComponentChildren } from "preact";
import type { State } from "../../lib/state.ts";
import type { ContractRow, InvoiceRow, OrderRow } from "../../db/repositories/spending.ts";
import type { Register } from "../../app/spending.ts";
import { listHref, type ListQuery, pageCount } from "../../lib/web/list_query.ts";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { DataTable } from "../layout/DataTable.tsx";
import { Pagination } from "../layout/Pagination.tsx";
import { type ListField, ListSearch } from "../lists/ListSearch.tsx";
import { czDate, money, SpendingExportLinks, SpendingNav, SupplierCell } from "./common.tsx";

export interface RegisterData<R> {
  query: ListQuery;
  register: Register<R>;
}

function yearField(years: number[], t: State["t"]): ListField {
  return {
    kind: "select",
    name: "rok",
    label: t("spending.year"),
    allLabel: t("spending.allYears"),
    options: years.map((y) => ({ value: String(y), label: String(y) })),
  };
}

function dateFields(t: State["t"]): ListField[] {
  return [
    { kind: "date", name: "od", label: t("spending.from"), hint: t("spending.dateHint") },
    { kind: "date", name: "do", label: t("spending.to") },
  ];
}

function Frame<R>(
  props: {
    path: string;
    title: string;
    intro: string;
    searchLabel: string;
    fields: ListField[];
    data: RegisterData<R>;
    state: State;
    table: ComponentChildren;
  },
) {
  const { path, data, state } = props;
  const { t } = state;
  const { query, register } = data;
  return (
    <div class="spending-register">
      <PageTitle title={props.title} state={state} />
      <SpendingNav current={path} t={t} />
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <ListSearch
        path={path}
        query={query}
        searchLabel={props.searchLabel}
        searchHint={t("spending.invoice.searchHint")}
        fields={props.fields}
        idPrefix="register"
        t={t}
      />
      <p role="status">
        {t("spending.found", { count: register.count, sum: money(register.sum) })}
      </p>
      {props.table}
      <Pagination
        page={query.page}
        pageCount={pageCount(register.count, query.pageSize)}
        href={(n) => listHref(path, query, { strana: String(n) })}
        t={t}
      />
      {register.count > 0 && <SpendingExportLinks path={path} query={query} t={t} />}
    </div>
  );
}

export function InvoiceRegister({ data, state }: { data: RegisterData<InvoiceRow>; state: State }) {
  const { t } = state;
  const fields: ListField[] = [
    yearField(data.register.years, t),
    {
      kind: "select",
      name: "druh",
      label: t("spending.invoice.kindFilter"),
      options: [
        { value: "prijate", label: t("spending.invoice.kindOptions.prijate") },
        { value: "vydane", label: t("spending.invoice.kindOptions.vydane") },
      ],
    },
    {
      kind: "text",
      name: "paragraf",
      label: t("spending.paragraf"),
      hint: t("spending.invoice.paragrafHint"),
    },
    {
      kind: "text",
      name: "polozka",
      label: t("spending.polozka"),
      hint: t("spending.invoice.polozkaHint"),
    },
    { kind: "text", name: "orj", label: t("spending.orj") },
    { kind: "text", name: "org", label: t("spending.org") },
    { kind: "text", name: "ico", label: t("spending.ico") },
    ...dateFields(t),
  ];
  const table = (
    <DataTable<InvoiceRow>
      caption={t("spending.invoice.caption")}
      captionHidden
      rows={data.register.rows}
      rowKey={(r) => r.id}
      empty={t("spending.empty")}
      columns={[
        { header: t("spending.invoice.bookedOn"), cell: (r) => czDate(r.booked_on) },
        {
          header: t("spending.supplier"),
          rowHeader: true,
          cell: (r) => <SupplierCell ico={r.supplier_ico} name={r.supplier_name} t={t} />,
        },
        {
          header: t("spending.invoice.description"),
          cell: (r) => (
            <>
              {r.description}
              {r.document && (
                <>
                  <br />
                  <span class="spending-ico">{r.document}</span>
                </>
              )}
            </>
          ),
        },
        {
          header: t("spending.invoice.budgetLine"),
          cell: (r) => (
            <>
              {t(`spending.invoice.kinds.${r.kind}`)}, {r.paragraf}/{r.polozka}
            </>
          ),
        },
        { header: t("spending.amount"), num: true, cell: (r) => money(r.amount_halere) },
        {
          header: t("spending.contractsWith"),
          cell: (r) =>
            r.supplier_ico
              ? <a href={`/smlouvy?ico=${r.supplier_ico}`}>{t("spending.contract.title")}</a>
              : "",
        },
      ]}
    />
  );
  return (
    <Frame
      path="/faktury"
      title={t("spending.invoice.title")}
      intro={t("spending.invoice.intro")}
      searchLabel={t("spending.invoice.search")}
      fields={fields}
      data={data}
      state={state}
      table={table}
    />
  );
}

export function ContractTable(
  { rows, caption, t }: { rows: ContractRow[]; caption: string; t: State["t"] },
) {
  return (
    <DataTable<ContractRow>
      caption={caption}
      captionHidden
      rows={rows}
      rowKey={(r) => r.id}
      empty={t("spending.empty")}
      columns={[
        { header: t("spending.contract.concludedOn"), cell: (r) => czDate(r.concluded_on) },
        {
          header: t("spending.contract.subject"),
          rowHeader: true,
          cell: (r) => <a href={`/smlouvy/${r.id}`}>{r.subject}</a>,
        },
        {
          header: t("spending.counterparty"),
          cell: (r) => <SupplierCell ico={r.counterparty_ico} name={r.counterparty_name} t={t} />,
        },
        {
          header: t("spending.contract.valueWithVat"),
          num: true,
          cell: (r) => money(r.value_with_vat_halere),
        },
      ]}
    />
  );
}

export function OrderTable(
  { rows, caption, t }: { rows: OrderRow[]; caption: string; t: State["t"] },
) {
  return (
    <DataTable<OrderRow>
      caption={caption}
      captionHidden
      rows={rows}
      rowKey={(r) => r.id}
      empty={t("spending.empty")}
      columns={[
        { header: t("spending.order.orderedOn"), cell: (r) => czDate(r.ordered_on) },
        { header: t("spending.order.subject"), rowHeader: true, cell: (r) => r.subject },
        { header: t("spending.order.number"), cell: (r) => r.number },
        {
          header: t("spending.supplier"),
          cell: (r) => <SupplierCell ico={r.supplier_ico} name={r.supplier_name} t={t} />,
        },
        { header: t("spending.amount"), num: true, cell: (r) => money(r.amount_halere) },
      ]}
    />
  );
}

export function ContractRegister(
  { data, state }: { data: RegisterData<ContractRow>; state: State },
) {
  const { t } = state;
  const fields: ListField[] = [
    yearField(data.register.years, t),
    { kind: "text", name: "ico", label: t("spending.ico") },
    ...dateFields(t),
  ];
  return (
    <Frame
      path="/smlouvy"
      title={t("spending.contract.title")}
      intro={t("spending.contract.intro")}
      searchLabel={t("spending.contract.search")}
      fields={fields}
      data={data}
      state={state}
      table={
        <ContractTable rows={data.register.rows} caption={t("spending.contract.caption")} t={t} />
      }
    />
  );
}

export function OrderRegister({ data, state }: { data: RegisterData<OrderRow>; state: State }) {
  const { t } = state;
  const fields: ListField[] = [
    yearField(data.register.years, t),
    { kind: "text", name: "ico", label: t("spending.ico") },
    ...dateFields(t),
  ];
  return (
    <Frame
      path="/objednavky"
      title={t("spending.order.title")}
      intro={t("spending.order.intro")}
      searchLabel={t("spending.order.search")}
      fields={fields}
      data={data}
      state={state}
      table={<OrderTable rows={data.register.rows} caption={t("spending.order.caption")} t={t} />}
    />
  );
}
