/**
 * Small pieces the statement and payment-queue pages share: a calendar date as people read it,
 * the three payment symbols, a line's amount and counterparty, and what a line became.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { StatementLineView } from "../../db/repositories/statements.ts";
import { formatCzk } from "../../domain/money.ts";
import { formatCzechDate } from "../../domain/forms/validators.ts";
import { formatIban } from "../../domain/bank_account.ts";

const enDate = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", dateStyle: "long" });

/** An ISO calendar date: "31. 3. 2026" in Czech, "31 March 2026" in English. */
export function isoDate(iso: string, locale: Locale): string {
  return locale === "cs" ? formatCzechDate(iso) : enDate.format(new Date(`${iso}T12:00:00Z`));
}

/** An account as printed: an IBAN in groups of four, anything else as the bank wrote it. */
export function accountText(account: string): string {
  return /^[A-Z]{2}\d{2}[A-Z0-9]+$/i.test(account) ? formatIban(account) : account;
}

/** "VS / KS / SS", a dash for a symbol the payer left out. */
export function Symbols(
  { vs, ks, ss }: { vs: string | null; ks: string | null; ss: string | null },
) {
  return <span class="reference">{[vs, ks, ss].map((s) => s ?? "—").join(" / ")}</span>;
}

/** Credits as they are, debits with their minus sign (formatCzk keeps it, and no-break spaces). */
export function Amount({ halere }: { halere: number }) {
  return <>{formatCzk(halere)}</>;
}

/** The counterparty's name and account, either of which the bank may leave out. */
export function Counterparty(
  { line }: { line: Pick<StatementLineView, "counter_name" | "counter_account"> },
) {
  return (
    <>
      {line.counter_name ?? "—"}
      {line.counter_account && (
        <>
          <br />
          <small>{line.counter_account}</small>
        </>
      )}
    </>
  );
}

/** What the line became, with the obligation or order it was booked to and by whom. */
export function LineResult({ line, t }: { line: StatementLineView; t: Translate }) {
  const label = t(`statements.result.${line.result}`);
  if (line.result === "booked") {
    const target = line.obligation_vs
      ? t("statements.result.toObligation", { vs: line.obligation_vs })
      : line.order_vs
      ? t("statements.result.toOrder", { vs: line.order_vs })
      : null;
    return (
      <>
        <strong>{label}</strong>
        {target && <>: {target}</>}
        {line.payer_name && <>, {t("statements.result.payer", { name: line.payer_name })}</>}
        {line.assigned_by_name && (
          <>
            <br />
            <small>{t("statements.result.assignedBy", { name: line.assigned_by_name })}</small>
          </>
        )}
      </>
    );
  }
  if (line.result === "dismissed") {
    return (
      <>
        <strong>{label}</strong>
        <br />
        <small>
          {t("statements.result.dismissedBy", {
            name: line.dismissed_by_name ?? "—",
            reason: line.dismiss_reason ?? "",
          })}
        </small>
      </>
    );
  }
  return line.result === "unmatched" ? <strong>{label}</strong> : <>{label}</>;
}
