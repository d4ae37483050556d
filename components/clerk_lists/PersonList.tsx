/** The office's list of persons: the table and the export's columns. */
import type { Locale, Translate } from "../../lib/state.ts";
import type { DataColumn } from "../layout/DataTable.tsx";
import type { ExportColumn } from "../../lib/http/export.ts";
import type { PersonListRow } from "../../db/repositories/person_list.ts";
import { highestLevel } from "../../domain/clerks.ts";
import { formatDate } from "../../lib/http/format.ts";

const level = (p: PersonListRow, t: Translate) => {
  const l = highestLevel(p.levels);
  return l ? t(`officePersons.loa.${l}`) : t("officePersons.noIdentity");
};
const agendas = (p: PersonListRow, t: Translate) =>
  p.agendas.map((a) => t(`agenda.${a}`)).join(", ");

export function personColumns(t: Translate, locale: Locale): DataColumn<PersonListRow>[] {
  return [
    {
      header: t("officePersons.field.name"),
      rowHeader: true,
      cell: (p) => <a href={`/urad/osoby/${p.id}`}>{p.given_name} {p.family_name}</a>,
    },
    { header: t("officePersons.field.username"), cell: (p) => p.username },
    {
      header: t("officePersons.field.birthDate"),
      cell: (p) =>
        p.birth_date
          ? formatDate(new Date(`${p.birth_date}T12:00:00Z`), locale)
          : t("officePersons.unknown"),
    },
    { header: t("officePersons.field.identityLevel"), cell: (p) => level(p, t) },
    { header: t("officePersons.authorizations.heading"), cell: (p) => agendas(p, t) || "—" },
    { header: t("officePersons.field.status"), cell: (p) => t(`officePersons.status.${p.status}`) },
  ];
}

export function personExport(t: Translate): ExportColumn<PersonListRow>[] {
  return [
    { header: t("officePersons.field.name"), value: (p) => `${p.given_name} ${p.family_name}` },
    { header: t("officePersons.field.username"), value: (p) => p.username },
    { header: t("officePersons.field.birthDate"), value: (p) => p.birth_date },
    { header: t("officePersons.field.identityLevel"), value: (p) => level(p, t) },
    { header: t("officePersons.authorizations.heading"), value: (p) => agendas(p, t) },
    {
      header: t("officePersons.field.status"),
      value: (p) => t(`officePersons.status.${p.status}`),
    },
    { header: t("officePersons.field.registered"), value: (p) => p.created_at },
  ];
}
