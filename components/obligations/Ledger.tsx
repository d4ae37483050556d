/**
 * The citizen's ledger on `/ucet` ("Platby a poplatky"): what is still to pay, grouped by person
 * (the reader and everyone they pay for), with totals, overdue said in words, a checkbox per
 * obligation to pay several at once, each person's credit and how to use it; the pay form (QR
 * payment → a payment order; card → the card gateway); and the history. Works without
 * JavaScript: the checkboxes belong to the pay form through their `form` attribute, so the
 * credit forms can sit beside the tables without nesting forms.
 */
import { ChoiceControl } from "../form/ChoiceControl.tsx";
import type { Translate } from "../../lib/state.ts";
import type { CitizenLedger, LedgerEntry } from "../../app/ledger.ts";
import { formatCzk } from "../../domain/money.ts";
import { obligationName } from "../../domain/ledger_view.ts";
import { formatCzechDate } from "../../domain/forms/validators.ts";
import { CsrfField } from "../form/CsrfField.tsx";
import { GovCss } from "../gov/GovCss.tsx";
import { TableRegion } from "../layout/TableRegion.tsx";
import { Notice } from "../layout/Notice.tsx";

/** The form the checkboxes and the two pay buttons belong to. */
export const PAY_FORM_ID = "ledger-pay";
/** Helper F's card route: the same fields (`obligation`, `idempotency_key`, `_csrf`). */
export const CARD_ROUTE = "/ucet/platby/karta";

/** The state in words ("částečně zaplaceno"), never by colour alone. */
export function StateText({ state, t }: { state: string; t: Translate }) {
  return (
    <span class={`ledger-state ledger-state--${state}`}>{t(`obligations.states.${state}`)}</span>
  );
}

/** The due date, and "po splatnosti" in words when it is past. */
export function DueDate({ o, t }: { o: Pick<LedgerEntry, "due_date" | "overdue">; t: Translate }) {
  return (
    <>
      {formatCzechDate(o.due_date)}
      {o.overdue && (
        <>
          {" – "}
          <strong class="ledger-overdue">{t("ledger.overdue")}</strong>
        </>
      )}
    </>
  );
}

/** Water bills name their billing period under the name. */
export function PeriodNote({ o, t }: { o: LedgerEntry; t: Translate }) {
  if (!o.billing_from || !o.billing_to) return null;
  return (
    <>
      <br />
      <small>
        {t("ledger.period", {
          from: formatCzechDate(o.billing_from),
          to: formatCzechDate(o.billing_to),
        })}
      </small>
    </>
  );
}

/** A pay button of the gov design system, optionally posting its form elsewhere. */
export function PayButton(
  { children, name, value, formAction, variant = "primary", form }: {
    children: string;
    name?: string;
    value?: string;
    formAction?: string;
    variant?: "primary" | "secondary";
    form?: string;
  },
) {
  return (
    <>
      <GovCss names={["gov-button"]} />
      <button
        type="submit"
        class="gov-button"
        data-color="primary"
        data-type={variant === "primary" ? "solid" : "outlined"}
        data-size="m"
        name={name}
        value={value}
        formaction={formAction}
        form={form}
      >
        {children}
      </button>
    </>
  );
}

/**
 * "Zaplatit kartou" for one obligation: posts `obligation`, `idempotency_key` and `_csrf` to the
 * card route (the same contract as the pay form on /ucet).
 */
export function CardPayForm(
  { obligationId, idempotencyKey, csrfToken, label }: {
    obligationId: string;
    idempotencyKey: string;
    csrfToken: string;
    label: string;
  },
) {
  return (
    <form method="post" action={CARD_ROUTE} class="ledger-card-form">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="obligation" value={obligationId} />
      <input type="hidden" name="idempotency_key" value={idempotencyKey} />
      <PayButton>{label}</PayButton>
    </form>
  );
}

function UnpaidTable(
  { rows, caption, selected, t }: {
    rows: LedgerEntry[];
    caption: string;
    selected: ReadonlySet<string>;
    t: Translate;
  },
) {
  const sum = (f: (o: LedgerEntry) => number) => rows.reduce((s, o) => s + f(o), 0);
  return (
    <TableRegion label={caption}>
      <table class="gov-table ledger-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("ledger.col.select")}</th>
            <th scope="col">{t("ledger.col.what")}</th>
            <th scope="col" class="num">{t("ledger.col.amount")}</th>
            <th scope="col" class="num">{t("ledger.col.paid")}</th>
            <th scope="col" class="num">{t("ledger.col.left")}</th>
            <th scope="col">{t("ledger.col.due")}</th>
            <th scope="col">{t("ledger.col.vs")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => {
            const id = `pay-${o.id}`;
            return (
              <tr>
                <td>
                  <ChoiceControl
                    type="checkbox"
                    id={id}
                    name="obligation"
                    value={o.id}
                    form={PAY_FORM_ID}
                    checked={selected.has(o.id)}
                    hideLabel
                  >
                    {t("ledger.selectLabel", { name: obligationName(o, t), person: o.personName })}
                  </ChoiceControl>
                </td>
                <th scope="row">
                  <a href={`/ucet/predpisy/${o.id}`}>{obligationName(o, t)}</a>
                  <PeriodNote o={o} t={t} />
                  {o.state === "partly_paid" && (
                    <>
                      <br />
                      <small>
                        <StateText state={o.state} t={t} />
                      </small>
                    </>
                  )}
                </th>
                <td class="num">{formatCzk(o.amount_halere)}</td>
                <td class="num">{formatCzk(o.paid_halere)}</td>
                <td class="num">
                  <strong>{formatCzk(o.outstanding_halere)}</strong>
                </td>
                <td>
                  <DueDate o={o} t={t} />
                </td>
                <td>{o.variable_symbol}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td></td>
            <th scope="row">{t("ledger.total")}</th>
            <td class="num">{formatCzk(sum((o) => o.amount_halere))}</td>
            <td class="num">{formatCzk(sum((o) => o.paid_halere))}</td>
            <td class="num">
              <strong>{formatCzk(sum((o) => o.outstanding_halere))}</strong>
            </td>
            <td></td>
            <td></td>
          </tr>
        </tfoot>
      </table>
    </TableRegion>
  );
}

export interface LedgerSectionProps {
  ledger: CitizenLedger;
  t: Translate;
  csrfToken: string;
  /** A fresh UUID per rendering: a double click sends the same key. */
  idempotencyKey: string;
  /** Ticked again after a refused submit. */
  selected: readonly string[];
  /** A refusal to show at the top of the section (already translated). */
  error?: { title: string; text: string } | null;
  /** A confirmation (already translated). */
  success?: string | null;
}

/** The "Platby a poplatky" section of /ucet. */
export function LedgerSection(
  { ledger, t, csrfToken, idempotencyKey, selected, error, success }: LedgerSectionProps,
) {
  const { overview } = ledger;
  const ticked = new Set(selected);
  const anyUnpaid = overview.totals.count > 0;
  return (
    <section aria-labelledby="ledger-heading" id="platby" class="ledger">
      <h2 id="ledger-heading">{t("ledger.heading")}</h2>
      {error && (
        <Notice type="error" t={t} level={3} title={error.title} id="ledger-error">
          <p>{error.text}</p>
        </Notice>
      )}
      {success && <Notice type="success" t={t} level={3} title={success} />}
      <h3>{t("ledger.unpaidHeading")}</h3>
      {anyUnpaid
        ? (
          <p>
            <strong>
              {t("ledger.totalAll", { amount: formatCzk(overview.totals.outstanding) })}
            </strong>
            <br />
            {t("ledger.countAll", {
              count: overview.totals.count,
              overdue: overview.totals.overdue,
            })}
          </p>
        )
        : <p>{t("obligations.none")}</p>}
      {overview.groups.map((g) => {
        const name = g.payee.self ? t("ledger.self", { name: g.payee.name }) : g.payee.name;
        if (g.unpaid.length === 0 && g.credit <= 0 && overview.groups.length === 1) return null;
        return (
          <div class="ledger-person">
            <h4>{name}</h4>
            {g.unpaid.length > 0
              ? (
                <UnpaidTable
                  rows={g.unpaid}
                  caption={t("ledger.caption", { name: g.payee.name })}
                  selected={ticked}
                  t={t}
                />
              )
              : <p>{t("ledger.personNothing")}</p>}
            {g.credit > 0 && (
              <div class="ledger-credit">
                <p>
                  <strong>{t("ledger.credit", { amount: formatCzk(g.credit) })}</strong>
                  {g.unpaid.length > 0 && (
                    <>
                      <br />
                      {t("ledger.creditHint")}
                    </>
                  )}
                </p>
                {g.unpaid.length > 0 && (
                  <form method="post" action="/ucet#platby">
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="action" value="credit" />
                    <input type="hidden" name="person" value={g.payee.personId} />
                    <PayButton variant="secondary">
                      {t("ledger.creditButton", { name: g.payee.name })}
                    </PayButton>
                  </form>
                )}
              </div>
            )}
          </div>
        );
      })}
      {anyUnpaid && (
        <form method="post" action="/ucet#platby" id={PAY_FORM_ID} class="ledger-pay">
          <h3>{t("ledger.payHeading")}</h3>
          <p>{t("ledger.payHint")}</p>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="idempotency_key" value={idempotencyKey} />
          <div class="form-actions">
            <PayButton name="action" value="qr">{t("ledger.payQr")}</PayButton>
            <PayButton variant="secondary" formAction={CARD_ROUTE}>{t("ledger.payCard")}</PayButton>
          </div>
        </form>
      )}
      <h3>{t("ledger.historyHeading")}</h3>
      {overview.history.length === 0
        ? <p>{t("ledger.historyNone")}</p>
        : <HistoryTable entries={overview.history.slice(0, HISTORY_ON_ACCOUNT)} t={t} />}
      {overview.history.length > HISTORY_ON_ACCOUNT && (
        <p>
          <a href="/ucet/predpisy">
            {t("ledger.historyAll", { n: overview.history.length })}
          </a>
        </p>
      )}
      <ul class="ledger-links">
        <li>
          <a href="/ucet/platby">{t("ledger.paymentsLink")}</a>
        </li>
        <li>
          <a href="/ucet/kalendar">{t("ledger.calendarLink")}</a>
        </li>
      </ul>
    </section>
  );
}

/** How many closed obligations `/ucet` shows; the rest are on `/ucet/predpisy`, page by page. */
export const HISTORY_ON_ACCOUNT = 10;

/** Paid, overpaid and written-off obligations, newest due first. */
export function HistoryTable({ entries, t }: { entries: readonly LedgerEntry[]; t: Translate }) {
  return (
    <TableRegion label={t("ledger.historyCaption")}>
      <table class="gov-table ledger-table">
        <caption>{t("ledger.historyCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("ledger.col.what")}</th>
            <th scope="col">{t("ledger.col.person")}</th>
            <th scope="col" class="num">{t("ledger.col.amount")}</th>
            <th scope="col">{t("ledger.col.state")}</th>
            <th scope="col">{t("ledger.col.due")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((o) => (
            <tr>
              <th scope="row">
                <a href={`/ucet/predpisy/${o.id}`}>{obligationName(o, t)}</a>
                <PeriodNote o={o} t={t} />
              </th>
              <td>{o.personName}</td>
              <td class="num">{formatCzk(o.amount_halere)}</td>
              <td>
                <StateText state={o.state} t={t} />
              </td>
              <td>{formatCzechDate(o.due_date)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
