/**
 * A contract's page (`/smlouvy/<id>`) and a supplier's page (`/dodavatele/<ico>`): the facts as a
 * description list, the supplier's payments per year and their invoices, contracts and orders
 * as stacking tables. The register's links and attachments are external links (http/https only).
 */
import type { State } from "../../lib/state.ts";
import type {
  ContractDetail,
  InvoiceRow,
  SupplierSummary,
} from "../../db/repositories/spending.ts";
import type { ContractRow, OrderRow } from "../../db/repositories/spending.ts";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../layout/Breadcrumbs.tsx";
import { DataTable } from "../layout/DataTable.tsx";
import { czDate, money, SpendingNav, SupplierCell } from "./common.tsx";
import { ContractTable, OrderTable } from "./Registers.tsx";

const EXTERNAL = /^https?:\/\/[^\s]+$/i;

export function ContractPage({ contract, state }: { contract: ContractDetail; state: State }) {
  const { t } = state;
  const c = contract;
  const unknown = t("spending.contract.unknown");
  const attachments = c.attachments.filter((a) => a.url && EXTERNAL.test(a.url));
  return (
    <article class="spending-detail">
      <PageTitle title={t("spending.contract.detailTitle", { subject: c.subject })} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("spending.contract.title"), href: "/smlouvy" }, { label: c.subject }]}
      />
      <h1>{c.subject}</h1>
      <dl class="facts">
        <dt>{t("spending.contract.concludedOn")}</dt>
        <dd>{c.concluded_on ? czDate(c.concluded_on) : unknown}</dd>
        <dt>{t("spending.contract.number")}</dt>
        <dd>{c.number ?? unknown}</dd>
        <dt>{t("spending.counterparty")}</dt>
        <dd>
          <SupplierCell ico={c.counterparty_ico} name={c.counterparty_name} t={t} />
        </dd>
        <dt>{t("spending.contract.valueWithoutVat")}</dt>
        <dd>{c.value_without_vat_halere === null ? unknown : money(c.value_without_vat_halere)}</dd>
        <dt>{t("spending.contract.valueWithVat")}</dt>
        <dd>{c.value_with_vat_halere === null ? unknown : money(c.value_with_vat_halere)}</dd>
      </dl>
      {c.url && EXTERNAL.test(c.url) && (
        <p>
          <a href={c.url} rel="noopener noreferrer external">
            {t("spending.contract.registerLink")}
          </a>
        </p>
      )}
      <h2>{t("spending.contract.attachments")}</h2>
      {attachments.length === 0 ? <p>{t("spending.contract.noAttachments")}</p> : (
        <ul>
          {attachments.map((a, i) => (
            <li key={i}>
              <a href={a.url!} rel="noopener noreferrer external">{a.name}</a>
            </li>
          ))}
        </ul>
      )}
      {c.counterparty_ico && (
        <p>
          <a href={`/smlouvy?ico=${c.counterparty_ico}`}>
            {t("spending.supplierPage.allContracts")}
          </a>
        </p>
      )}
      <p>
        <a href="/smlouvy">{t("spending.contract.back")}</a>
      </p>
    </article>
  );
}

export interface SupplierPageData {
  supplier: SupplierSummary;
  invoices: InvoiceRow[];
  contracts: ContractRow[];
  orders: OrderRow[];
}

export function SupplierPage({ data, state }: { data: SupplierPageData; state: State }) {
  const { t } = state;
  const { supplier } = data;
  const name = supplier.name ?? supplier.ico;
  const title = t("spending.supplierPage.title", { name });
  return (
    <article class="spending-detail">
      <PageTitle title={title} state={state} />
      <SpendingNav current="" t={t} />
      <h1>{title}</h1>
      <p>{t("spending.supplierPage.intro", { ico: supplier.ico })}</p>

      <h2>{t("spending.supplierPage.byYear")}</h2>
      <DataTable
        caption={t("spending.supplierPage.byYearCaption")}
        captionHidden
        rows={supplier.byYear}
        rowKey={(y) => String(y.year)}
        empty={t("spending.supplierPage.noInvoices")}
        columns={[
          { header: t("spending.year"), rowHeader: true, cell: (y) => String(y.year) },
          { header: t("spending.supplierPage.paid"), num: true, cell: (y) => money(y.paid) },
          { header: t("spending.supplierPage.billed"), num: true, cell: (y) => money(y.billed) },
          { header: t("spending.supplierPage.count"), num: true, cell: (y) => String(y.count) },
        ]}
      />

      <h2>{t("spending.supplierPage.contracts")}</h2>
      {data.contracts.length === 0 ? <p>{t("spending.supplierPage.noContracts")}</p> : (
        <>
          <ContractTable
            rows={data.contracts}
            caption={t("spending.supplierPage.contracts")}
            t={t}
          />
          <p>
            <a href={`/smlouvy?ico=${supplier.ico}`}>{t("spending.supplierPage.allContracts")}</a>
          </p>
        </>
      )}

      <h2>{t("spending.supplierPage.invoices")}</h2>
      {data.invoices.length === 0 ? <p>{t("spending.supplierPage.noInvoices")}</p> : (
        <>
          <DataTable<InvoiceRow>
            caption={t("spending.supplierPage.invoices")}
            captionHidden
            rows={data.invoices}
            rowKey={(r) => r.id}
            columns={[
              { header: t("spending.invoice.bookedOn"), cell: (r) => czDate(r.booked_on) },
              {
                header: t("spending.invoice.description"),
                rowHeader: true,
                cell: (r) => r.description ?? r.document ?? "",
              },
              {
                header: t("spending.invoice.budgetLine"),
                cell: (r) => `${t(`spending.invoice.kinds.${r.kind}`)}, ${r.paragraf}/${r.polozka}`,
              },
              { header: t("spending.amount"), num: true, cell: (r) => money(r.amount_halere) },
            ]}
          />
          <p>
            <a href={`/faktury?ico=${supplier.ico}`}>{t("spending.supplierPage.allInvoices")}</a>
          </p>
        </>
      )}

      <h2>{t("spending.supplierPage.orders")}</h2>
      {data.orders.length === 0 ? <p>{t("spending.supplierPage.noOrders")}</p> : (
        <>
          <OrderTable rows={data.orders} caption={t("spending.supplierPage.orders")} t={t} />
          <p>
            <a href={`/objednavky?ico=${supplier.ico}`}>{t("spending.supplierPage.allOrders")}</a>
          </p>
        </>
      )}
    </article>
  );
}
