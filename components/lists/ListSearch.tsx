/**
 * A clerk list's search and filters: one GET form (the search text, selects, date ranges, free
 * text), labelled, working without JavaScript. Filters the form does not show (e.g. the state
 * chosen by a `StateCounts` link) travel as hidden fields, so a new search keeps them.
 */
import type { Translate } from "../../lib/state.ts";
import type { ListQuery } from "../../lib/web/list_query.ts";
import { Select, type SelectOption, SubmitButton, TextField } from "../form/mod.ts";

export type ListField =
  | {
    kind: "select";
    name: string;
    label: string;
    options: readonly SelectOption[];
    /** The empty option's text; `lists.allOption` ("Vše") when omitted. */
    allLabel?: string;
    hint?: string;
  }
  | { kind: "date"; name: string; label: string; hint?: string }
  | { kind: "text"; name: string; label: string; hint?: string };

export interface ListSearchProps {
  /** The list's path (the form's action). */
  path: string;
  query: ListQuery;
  /** The search field's label and hint; no search field when `searchLabel` is omitted. */
  searchLabel?: string;
  searchHint?: string;
  fields?: readonly ListField[];
  /** Form id prefix, when a page has two lists. */
  idPrefix?: string;
  t: Translate;
}

export function ListSearch(
  { path, query, searchLabel, searchHint, fields = [], idPrefix = "list", t }: ListSearchProps,
) {
  const shown = new Set(fields.map((f) => f.name));
  const hidden = Object.entries(query.filters as Record<string, string | undefined>)
    .filter(([name, value]) => !shown.has(name) && value);
  const active = query.q !== "" || Object.values(query.filters).some((v) => v);
  return (
    <form
      method="get"
      action={path}
      role="search"
      class="list-search"
      aria-label={t("lists.filtersLabel")}
    >
      {hidden.map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <div class="list-search__fields">
        {searchLabel && (
          <TextField
            id={`${idPrefix}-q`}
            name="q"
            type="search"
            label={searchLabel}
            hint={searchHint}
            value={query.q}
            maxLength={200}
            t={t}
          />
        )}
        {fields.map((f) => {
          const value = (query.filters as Record<string, string | undefined>)[f.name] ?? "";
          const id = `${idPrefix}-${f.name}`;
          if (f.kind === "select") {
            return (
              <Select
                id={id}
                name={f.name}
                label={f.label}
                hint={f.hint}
                placeholder={f.allLabel ?? t("lists.allOption")}
                options={f.options}
                value={value}
                t={t}
              />
            );
          }
          return (
            <TextField
              id={id}
              name={f.name}
              type={f.kind === "date" ? "date" : "text"}
              label={f.label}
              hint={f.hint}
              value={value}
              maxLength={f.kind === "text" ? 200 : undefined}
              t={t}
            />
          );
        })}
      </div>
      <div class="list-search__actions">
        <SubmitButton>{t("lists.submit")}</SubmitButton>
        {active && <a href={path}>{t("lists.reset")}</a>}
      </div>
    </form>
  );
}
