/**
 * The fees clerk's lists: statements, the queue of unmatched (or dismissed) lines and card
 * payments; the tables' columns and the exports' columns.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { DataColumn } from "../layout/DataTable.tsx";
import type { ExportColumn } from "../../lib/http/export.ts";
import type { CardListRow, StatementListRow } from "../../db/repositories/payment_lists.ts";
import type { StatementLineView } from "../../db/repositories/statements.ts";
import { formatCzk } from "../../domain/money.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import {
  accountText,
  Amount,
  Counterparty,
  isoDate,
  Symbols,
} from "../statements/StatementParts.tsx";

const czk = (halere: number) => halere / 100;

export function statementColumns(t: Translate, locale: Locale): DataColumn<StatementListRow>[] {
  return [
    {
      header: t("statements.list.date"),
      rowHeader: true,
      cell: (s) => (
        <a
          href={`/urad/vypisy/${s.id}`}
          aria-label={t("statements.list.open", {
            number: s.statement_number,
            date: isoDate(s.statement_date, locale),
          })}
        >
          {isoDate(s.statement_date, locale)}
        </a>
      ),
    },
    { header: t("statements.list.number"), cell: (s) => s.statement_number },
    { header: t("statements.list.account"), cell: (s) => accountText(s.account) },
    { header: t("statements.list.format"), cell: (s) => t(`statements.format.${s.format}`) },
    {
      header: t("statements.list.source"),
      cell: (s) => (
        <>
          {t(`statements.source.${s.source}`)}
          <br />
          <small>{formatDateTime(s.imported_at, locale)}</small>
        </>
      ),
    },
    { header: t("clerkLists.payments.importedBy"), cell: (s) => s.imported_by_name ?? "—" },
    { header: t("statements.list.lines"), num: true, cell: (s) => s.line_count },
    { header: t("statements.list.booked"), num: true, cell: (s) => s.booked + s.card },
    { header: t("statements.list.unmatched"), num: true, cell: (s) => s.unmatched },
  ];
}

export function statementExport(t: Translate): ExportColumn<StatementListRow>[] {
  return [
    { header: t("statements.list.date"), value: (s) => s.statement_date },
    { header: t("statements.list.number"), value: (s) => s.statement_number },
    { header: t("statements.list.account"), value: (s) => accountText(s.account) },
    { header: t("statements.list.format"), value: (s) => t(`statements.format.${s.format}`) },
    { header: t("statements.list.source"), value: (s) => t(`statements.source.${s.source}`) },
    { header: t("clerkLists.payments.importedAt"), value: (s) => s.imported_at },
    { header: t("clerkLists.payments.importedBy"), value: (s) => s.imported_by_name },
    { header: t("clerkLists.payments.fileName"), value: (s) => s.file_name },
    { header: t("statements.list.lines"), value: (s) => s.line_count },
    { header: t("statements.list.booked"), value: (s) => s.booked + s.card },
    { header: t("statements.list.unmatched"), value: (s) => s.unmatched },
  ];
}

export function lineColumns(
  t: Translate,
  locale: Locale,
  dismissed: boolean,
): DataColumn<StatementLineView>[] {
  const columns: DataColumn<StatementLineView>[] = [
    {
      header: t("clerkPayments.col.date"),
      rowHeader: true,
      cell: (l) => isoDate(l.booking_date, locale),
    },
    {
      header: t("clerkPayments.col.amount"),
      num: true,
      cell: (l) => <Amount halere={l.amount_halere} />,
    },
    { header: t("clerkPayments.col.counterparty"), cell: (l) => <Counterparty line={l} /> },
    {
      header: t("clerkPayments.col.symbols"),
      cell: (l) => <Symbols vs={l.variable_symbol} ks={l.constant_symbol} ss={l.specific_symbol} />,
    },
    { header: t("clerkPayments.col.message"), cell: (l) => l.message ?? "—" },
    {
      header: t("clerkPayments.col.statement"),
      cell: (l) => (
        <a href={`/urad/vypisy/${l.statement_id}#radek-${l.line_no}`}>
          {t("clerkPayments.statementRef", {
            number: l.statement_number,
            date: isoDate(l.statement_date, locale),
          })}
        </a>
      ),
    },
  ];
  if (dismissed) {
    columns.push({
      header: t("clerkLists.payments.dismissed"),
      cell: (l) =>
        t("statements.result.dismissedBy", {
          name: l.dismissed_by_name ?? "—",
          reason: l.dismiss_reason ?? "—",
        }),
    });
  } else {
    columns.push({
      header: t("clerkPayments.col.action"),
      cell: (l) => (
        <a
          href={`/urad/platby/${l.id}`}
          aria-label={`${t("statements.line.assign")} ${
            t("clerkPayments.rowContext", {
              amount: formatCzk(l.amount_halere),
              date: isoDate(l.booking_date, locale),
            })
          }`}
        >
          {t("statements.line.assign")}
        </a>
      ),
    });
  }
  return columns;
}

export function lineExport(t: Translate): ExportColumn<StatementLineView>[] {
  return [
    { header: t("clerkPayments.col.date"), value: (l) => l.booking_date },
    { header: t("clerkLists.payments.amountCzk"), value: (l) => czk(l.amount_halere) },
    { header: t("clerkLists.payments.counterName"), value: (l) => l.counter_name },
    { header: t("clerkLists.payments.counterAccount"), value: (l) => l.counter_account },
    { header: t("clerkLists.payments.vs"), value: (l) => l.variable_symbol },
    { header: t("clerkLists.payments.ks"), value: (l) => l.constant_symbol },
    { header: t("clerkLists.payments.ss"), value: (l) => l.specific_symbol },
    { header: t("clerkPayments.col.message"), value: (l) => l.message },
    { header: t("statements.list.number"), value: (l) => l.statement_number },
    { header: t("statements.list.date"), value: (l) => l.statement_date },
    { header: t("clerkLists.payments.dismissedAt"), value: (l) => l.dismissed_at },
    { header: t("clerkLists.payments.dismissedBy"), value: (l) => l.dismissed_by_name },
    { header: t("clerkLists.payments.dismissReason"), value: (l) => l.dismiss_reason },
  ];
}

export function cardColumns(t: Translate, locale: Locale): DataColumn<CardListRow>[] {
  return [
    {
      header: t("cardRefund.list.date"),
      rowHeader: true,
      cell: (c) => <a href={`/urad/platby/karty/${c.id}`}>{formatDateTime(c.created_at, locale)}
      </a>,
    },
    { header: t("cardRefund.list.payer"), cell: (c) => c.payer_name },
    { header: t("cardRefund.list.amount"), num: true, cell: (c) => formatCzk(c.amount_halere) },
    { header: t("cardRefund.list.state"), cell: (c) => t(`clerkPayments.cardState.${c.state}`) },
    {
      header: t("cardRefund.list.vs"),
      cell: (c) => <span class="reference">{c.variable_symbol}</span>,
    },
    {
      header: t("clerkLists.payments.refundedBy"),
      cell: (c) => c.refunded_by_name ?? "—",
    },
  ];
}

export function cardExport(t: Translate): ExportColumn<CardListRow>[] {
  return [
    { header: t("cardRefund.list.date"), value: (c) => c.created_at },
    { header: t("cardRefund.list.payer"), value: (c) => c.payer_name },
    { header: t("clerkLists.payments.amountCzk"), value: (c) => czk(c.amount_halere) },
    { header: t("cardRefund.list.state"), value: (c) => t(`clerkPayments.cardState.${c.state}`) },
    { header: t("cardRefund.list.vs"), value: (c) => c.variable_symbol },
    { header: t("clerkLists.payments.payId"), value: (c) => c.pay_id },
    { header: t("clerkLists.payments.refundedAt"), value: (c) => c.refunded_at },
    { header: t("clerkLists.payments.refundedBy"), value: (c) => c.refunded_by_name },
    { header: t("clerkLists.payments.refundReason"), value: (c) => c.refund_reason },
  ];
}
