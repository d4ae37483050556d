/**
 * Pieces every spending page shares: amounts in Czech crowns, Czech dates, the supplier cell
 * (a link to the supplier's page, or "fyzická osoba" without a name), the export links in all
 * four formats and the registers' navigation.
 */
import type { Translate } from "../../lib/state.ts";
import { formatCzk } from "../../domain/money.ts";
import { listHref, type ListQuery } from "../../lib/web/list_query.ts";

export function money(halere: number | null): string {
  return halere === null ? "" : formatCzk(halere);
}

/** `2026-12-02` → `2. 12. 2026`. */
export function czDate(iso: string | null): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  return `${d}. ${m}. ${y}`;
}

export function SupplierCell(
  { ico, name, t }: { ico: string | null; name: string | null; t: Translate },
) {
  if (ico === null) return <>{t("spending.naturalPerson")}</>;
  return (
    <>
      <a href={`/dodavatele/${ico}`}>{name ?? ico}</a>
      <br />
      <span class="spending-ico">{t("spending.ico")} {ico}</span>
    </>
  );
}

const FORMATS = [
  ["csv", "lists.exportCsv"],
  ["xlsx", "lists.exportXlsx"],
  ["docx", "spending.exportDocx"],
  ["pdf", "spending.exportPdf"],
] as const;

/** Download links of the register's current search and filters (every row, no page). */
export function SpendingExportLinks(
  { path, query, t }: { path: string; query: ListQuery; t: Translate },
) {
  return (
    <div class="export-links">
      <p class="export-links__label" id="export-links-label">{t("lists.exportLabel")}</p>
      <ul aria-labelledby="export-links-label">
        {FORMATS.map(([format, label]) => (
          <li key={format}>
            <a href={listHref(path, query, { format })} download>{t(label)}</a>
          </li>
        ))}
      </ul>
      <p class="export-links__hint">{t("lists.exportHint")}</p>
    </div>
  );
}

/** Links between the registers, the budget and the open data. */
export function SpendingNav({ current, t }: { current: string; t: Translate }) {
  const links = [
    ["/faktury", "spending.invoice.title"],
    ["/smlouvy", "spending.contract.title"],
    ["/objednavky", "spending.order.title"],
    ["/opendata", "openData.title"],
  ] as const;
  return (
    <nav class="spending-nav" aria-label={t("spending.navLabel")}>
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            {href === current
              ? <a href={href} aria-current="page">{t(label)}</a>
              : <a href={href}>{t(label)}</a>}
          </li>
        ))}
      </ul>
    </nav>
  );
}
