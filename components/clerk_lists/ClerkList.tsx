/** The administrator's list of clerk accounts: the table and the export's columns. */
import type { Locale, Translate } from "../../lib/state.ts";
import type { DataColumn } from "../layout/DataTable.tsx";
import type { ExportColumn } from "../../lib/http/export.ts";
import type { ClerkListRow } from "../../db/repositories/clerk_list.ts";
import { CLERK_ROLES, roleKey } from "../../domain/clerks.ts";
import { formatDateTime } from "../../lib/http/format.ts";

export function roleNames(roles: readonly string[], t: Translate): string {
  return CLERK_ROLES.filter((r) => roles.includes(r))
    .map((r) => t(`officeClerks.role.${roleKey(r)}`)).join(", ");
}

const stateText = (c: ClerkListRow, t: Translate) =>
  c.active ? t("officeClerks.active") : t("officeClerks.inactive");

export function clerkColumns(t: Translate, locale: Locale): DataColumn<ClerkListRow>[] {
  return [
    {
      header: t("officeClerks.field.displayName"),
      rowHeader: true,
      cell: (c) => <a href={`/urad/urednici/${c.id}`}>{c.display_name}</a>,
    },
    { header: t("officeClerks.field.username"), cell: (c) => c.username },
    { header: t("officeClerks.field.roles"), cell: (c) => roleNames(c.roles, t) || "—" },
    { header: t("officeClerks.field.state"), cell: (c) => stateText(c, t) },
    {
      header: t("clerkLists.clerks.lastLogin"),
      cell: (c) =>
        c.last_login_at
          ? (
            <time dateTime={c.last_login_at.toISOString()}>
              {formatDateTime(c.last_login_at, locale)}
            </time>
          )
          : t("clerkLists.clerks.never"),
    },
  ];
}

export function clerkExport(t: Translate): ExportColumn<ClerkListRow>[] {
  return [
    { header: t("officeClerks.field.displayName"), value: (c) => c.display_name },
    { header: t("officeClerks.field.username"), value: (c) => c.username },
    { header: t("officeClerks.field.email"), value: (c) => c.email },
    { header: t("officeClerks.field.roles"), value: (c) => roleNames(c.roles, t) },
    { header: t("officeClerks.field.state"), value: (c) => stateText(c, t) },
    { header: t("officeClerks.field.created"), value: (c) => c.created_at },
    { header: t("clerkLists.clerks.lastLogin"), value: (c) => c.last_login_at },
  ];
}
