/**
 * The admin's page of the town's notice agendas: the list (name, code, offered or retired), a
 * rename form and a retire / offer-again button on each row, and a form to add one. Plain forms
 * with the CSRF token; no JavaScript.
 */
import type { State } from "../../lib/state.ts";
import type { NoticeAgenda } from "../../domain/notice_agendas.ts";
import { AGENDA_NAME_MAX } from "../../domain/notice_agendas.ts";
import type { FieldError } from "../../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextField } from "../form/mod.ts";
import { DataTable } from "../layout/DataTable.tsx";
import { Notice } from "../layout/Notice.tsx";

export const AGENDA_CHANGES = ["added", "renamed", "retired", "restored"] as const;
export type AgendaChangeKind = typeof AGENDA_CHANGES[number];

export interface AgendaPageData {
  agendas: NoticeAgenda[];
  /** Which form the errors belong to: "add" or an agenda's code. */
  target: string | null;
  errors: FieldError<string>[];
  /** What the admin typed, shown again with the errors. */
  value: string;
  done: { kind: AgendaChangeKind; name: string } | null;
}

const MESSAGE: Record<AgendaChangeKind, string> = {
  added: "noticeAgendas.added",
  renamed: "noticeAgendas.renamed",
  retired: "noticeAgendas.retiredDone",
  restored: "noticeAgendas.restored",
};

export function AgendaCodeList({ data, state }: { data: AgendaPageData; state: State }) {
  const { t } = state;
  const fieldIdOf = (target: string) => target === "add" ? "field-name" : `field-name-${target}`;
  const errorsFor = (target: string) => data.target === target ? data.errors : [];
  return (
    <>
      {data.done && (
        <Notice type="success" t={t} title={t(MESSAGE[data.done.kind], { name: data.done.name })} />
      )}
      {data.target && (
        <ErrorSummary
          errors={data.errors}
          t={t}
          labels={{ name: t("noticeAgendas.name") }}
          ids={{ name: fieldIdOf(data.target) }}
        />
      )}
      <DataTable<NoticeAgenda>
        caption={t("noticeAgendas.listCaption")}
        rows={data.agendas}
        rowKey={(a) => a.code}
        columns={[
          { header: t("noticeAgendas.name"), rowHeader: true, cell: (a) => a.name },
          { header: t("noticeAgendas.code"), cell: (a) => <code>{a.code}</code> },
          {
            header: t("noticeAgendas.state"),
            cell: (a) => a.active ? t("noticeAgendas.active") : t("noticeAgendas.retired"),
          },
          {
            header: t("noticeAgendas.actions"),
            cell: (a) => (
              <div class="agenda-actions">
                <form method="post" action="/urad/agendy" class="agenda-rename">
                  <CsrfField token={state.csrfToken} />
                  <input type="hidden" name="action" value="rename" />
                  <input type="hidden" name="code" value={a.code} />
                  <TextField
                    id={fieldIdOf(a.code)}
                    name="name"
                    label={t("noticeAgendas.renameLabel", { name: a.name })}
                    value={data.target === a.code ? data.value : a.name}
                    maxLength={AGENDA_NAME_MAX}
                    errors={errorsFor(a.code)}
                    t={t}
                  />
                  <SubmitButton variant="secondary">{t("noticeAgendas.rename")}</SubmitButton>
                </form>
                <form method="post" action="/urad/agendy">
                  <CsrfField token={state.csrfToken} />
                  <input type="hidden" name="action" value={a.active ? "retire" : "restore"} />
                  <input type="hidden" name="code" value={a.code} />
                  <SubmitButton variant="secondary">
                    {a.active ? t("noticeAgendas.retire") : t("noticeAgendas.restore")}
                    <span class="u-sr-only">: {a.name}</span>
                  </SubmitButton>
                </form>
              </div>
            ),
          },
        ]}
      />
      <h2>{t("noticeAgendas.addHeading")}</h2>
      <form method="post" action="/urad/agendy" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="action" value="add" />
        <TextField
          name="name"
          label={t("noticeAgendas.name")}
          value={data.target === "add" ? data.value : ""}
          required
          maxLength={AGENDA_NAME_MAX}
          errors={errorsFor("add")}
          t={t}
        />
        <SubmitButton>{t("noticeAgendas.add")}</SubmitButton>
      </form>
    </>
  );
}
