/**
 * Clickable counts of a list's states: "Vše (40) · Vyvěšené (12) · …", each a link to the same
 * list with that state (keeping the search and the other filters), the active one marked with
 * `aria-current`. Plain links, no JavaScript.
 */
import type { Translate } from "../../lib/state.ts";
import { listHref, type ListQuery } from "../../lib/web/list_query.ts";

export interface StateCount {
  value: string;
  label: string;
  count: number;
}

export interface StateCountsProps {
  path: string;
  query: ListQuery;
  /** The filter the counts set, e.g. `stav`. */
  name: string;
  items: readonly StateCount[];
  /** Shows an "all" link first with this total. */
  total?: number;
  /** Accessible name of the list of links; `lists.countsLabel` when omitted. */
  label?: string;
  t: Translate;
}

export function StateCounts({ path, query, name, items, total, label, t }: StateCountsProps) {
  const active = (query.filters as Record<string, string | undefined>)[name] ?? "";
  const link = (value: string, text: string) => (
    <li>
      <a
        href={listHref(path, query, { [name]: value || null })}
        aria-current={value === active ? "page" : undefined}
      >
        {text}
      </a>
    </li>
  );
  return (
    <nav class="state-counts" aria-label={label ?? t("lists.countsLabel")}>
      <ul>
        {total !== undefined && link("", t("lists.countAll", { n: total }))}
        {items.map((i) => link(i.value, t("lists.count", { label: i.label, n: i.count })))}
      </ul>
    </nav>
  );
}
