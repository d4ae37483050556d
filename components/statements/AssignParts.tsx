/**
 * The clerk's assignment of an unmatched line (`/urad/platby/<lineId>`): the line's facts, the
 * search for an obligation or payment order, the results to choose from, the confirmation of
 * the choice, and the dismissal with a reason. Plain forms: search is a GET, the choice a link
 * (GET), confirming and dismissing are POSTs with the CSRF token.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { StatementLineView } from "../../db/repositories/statements.ts";
import type { AssignmentTarget } from "../../db/repositories/reconciliation.ts";
import type { FieldError } from "../../domain/validation.ts";
import { formatCzk } from "../../domain/money.ts";
import { CsrfField, SubmitButton, TextArea, TextField } from "../form/mod.ts";
import { DataTable } from "../layout/DataTable.tsx";
import { accountText, isoDate, LineResult } from "./StatementParts.tsx";

/** "Poplatek ze psů 2026" or the obligation's own title; "Platební příkaz (2 položek)". */
export function targetName(target: AssignmentTarget, t: Translate): string {
  if (target.type === "order") {
    const name = t("clerkPayments.target.order", { items: target.items });
    return target.cancelled ? `${name}, ${t("clerkPayments.target.cancelled")}` : name;
  }
  return target.title ?? t(`clerkPayments.kind.${target.kind}`, { year: target.year });
}

export function LineFacts(
  { line, t, locale }: { line: StatementLineView; t: Translate; locale: Locale },
) {
  const none = t("clerkPayments.line.none");
  return (
    <dl class="facts">
      <dt>{t("clerkPayments.line.amount")}</dt>
      <dd>{formatCzk(line.amount_halere)}</dd>
      <dt>{t("clerkPayments.line.date")}</dt>
      <dd>{isoDate(line.booking_date, locale)}</dd>
      <dt>{t("clerkPayments.line.counterName")}</dt>
      <dd>{line.counter_name ?? none}</dd>
      <dt>{t("clerkPayments.line.counterAccount")}</dt>
      <dd>{line.counter_account ?? none}</dd>
      <dt>{t("clerkPayments.line.vs")}</dt>
      <dd class="reference">{line.variable_symbol ?? none}</dd>
      <dt>{t("clerkPayments.line.ks")}</dt>
      <dd>{line.constant_symbol ?? none}</dd>
      <dt>{t("clerkPayments.line.ss")}</dt>
      <dd>{line.specific_symbol ?? none}</dd>
      <dt>{t("clerkPayments.line.message")}</dt>
      <dd>{line.message ?? none}</dd>
      <dt>{t("clerkPayments.line.statement")}</dt>
      <dd>
        <a href={`/urad/vypisy/${line.statement_id}#radek-${line.line_no}`}>
          {t("clerkPayments.statementRef", {
            number: line.statement_number,
            date: isoDate(line.statement_date, locale),
          })}
        </a>{" "}
        ({accountText(line.account)})
      </dd>
      <dt>{t("clerkPayments.line.result")}</dt>
      <dd>
        <LineResult line={line} t={t} />
      </dd>
    </dl>
  );
}

export function TargetSearch(
  { lineId, q, errors, t }: {
    lineId: string;
    q: string;
    errors: readonly FieldError<string>[];
    t: Translate;
  },
) {
  return (
    <form method="get" action={`/urad/platby/${lineId}`} role="search" novalidate>
      <TextField
        name="q"
        type="search"
        label={t("clerkPayments.search.label")}
        hint={t("clerkPayments.search.hint")}
        value={q}
        maxLength={100}
        autocomplete="off"
        spellcheck={false}
        errors={errors}
        t={t}
      />
      <SubmitButton variant="secondary">{t("clerkPayments.search.submit")}</SubmitButton>
    </form>
  );
}

export function TargetsTable(
  { lineId, q, targets, t, locale }: {
    lineId: string;
    q: string;
    targets: readonly AssignmentTarget[];
    t: Translate;
    locale: Locale;
  },
) {
  const caption = t("clerkPayments.search.caption");
  const query = q ? `q=${encodeURIComponent(q)}&` : "";
  return (
    <DataTable
      caption={caption}
      class="assign-targets"
      rows={targets}
      rowKey={(target) => `${target.type}:${target.id}`}
      columns={[
        {
          header: t("clerkPayments.target.col.vs"),
          rowHeader: true,
          cell: (target) => <span class="reference">{target.variable_symbol}</span>,
        },
        { header: t("clerkPayments.target.col.what"), cell: (target) => targetName(target, t) },
        {
          header: t("clerkPayments.target.col.person"),
          cell: (target) => (
            <>
              {target.person_name}
              <br />
              <small>{target.username}</small>
            </>
          ),
        },
        {
          header: t("clerkPayments.target.col.amount"),
          num: true,
          cell: (target) => formatCzk(target.amount_halere),
        },
        {
          header: t("clerkPayments.target.col.state"),
          cell: (target) =>
            target.type === "obligation"
              ? (
                <>
                  {t(`clerkPayments.state.${target.state}`)}
                  {target.paid_halere > 0 && (
                    <>
                      <br />
                      <small>
                        {t("clerkPayments.target.paidOf", { paid: formatCzk(target.paid_halere) })}
                      </small>
                    </>
                  )}
                </>
              )
              : "—",
        },
        {
          header: t("clerkPayments.target.col.due"),
          cell: (target) => isoDate(target.due_date, locale),
        },
        {
          header: t("clerkPayments.target.col.action"),
          cell: (target) => (
            <a
              href={`/urad/platby/${lineId}?${query}cil=${target.type}:${target.id}#potvrzeni`}
              aria-label={t("clerkPayments.search.chooseLabel", {
                what: targetName(target, t),
                vs: target.variable_symbol,
              })}
            >
              {t("clerkPayments.search.choose")}
            </a>
          ),
        },
      ]}
    />
  );
}

export function ConfirmAssignment(
  { line, target, q, csrfToken, t }: {
    line: StatementLineView;
    target: AssignmentTarget;
    q: string;
    csrfToken: string;
    t: Translate;
  },
) {
  return (
    <section id="potvrzeni" aria-labelledby="potvrzeni-nadpis" class="confirm-assignment">
      <h2 id="potvrzeni-nadpis">{t("clerkPayments.confirm.heading")}</h2>
      <p>
        {t("clerkPayments.confirm.text", {
          amount: formatCzk(line.amount_halere),
          target: `${targetName(target, t)}, VS ${target.variable_symbol}`,
          person: target.person_name,
        })}
      </p>
      <form method="post" action={`/urad/platby/${line.id}`}>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="target" value={`${target.type}:${target.id}`} />
        <SubmitButton name="action" value="assign">
          {t("clerkPayments.confirm.submit")}
        </SubmitButton>
      </form>
      <p>
        <a href={`/urad/platby/${line.id}${q ? `?q=${encodeURIComponent(q)}` : ""}`}>
          {t("clerkPayments.confirm.cancel")}
        </a>
      </p>
    </section>
  );
}

export function DismissForm(
  { lineId, reason, errors, csrfToken, t }: {
    lineId: string;
    reason: string;
    errors: readonly FieldError<string>[];
    csrfToken: string;
    t: Translate;
  },
) {
  return (
    <section aria-labelledby="vyradit-nadpis">
      <h2 id="vyradit-nadpis">{t("clerkPayments.dismiss.heading")}</h2>
      <form method="post" action={`/urad/platby/${lineId}`} novalidate>
        <CsrfField token={csrfToken} />
        <TextArea
          name="reason"
          label={t("clerkPayments.dismiss.label")}
          hint={t("clerkPayments.dismiss.hint")}
          value={reason}
          rows={3}
          maxLength={500}
          required
          errors={errors}
          t={t}
        />
        <SubmitButton variant="secondary" name="action" value="dismiss">
          {t("clerkPayments.dismiss.submit")}
        </SubmitButton>
      </form>
    </section>
  );
}
