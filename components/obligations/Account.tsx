/**
 * The town's account as a person types it into their bank: the Czech number first when there is
 * one (`19-2000145399/0800`), the IBAN in groups of four beside it.
 */
import { formatCzechAccount, formatIban, ibanToCzechAccount } from "../../domain/bank_account.ts";

export function accountText(iban: string): { czech: string | null; iban: string } {
  const czech = ibanToCzechAccount(iban);
  return { czech: czech.ok ? formatCzechAccount(czech.value) : null, iban: formatIban(iban) };
}

/** `19-2000145399/0800 (IBAN CZ65 0800 …)`, or the IBAN alone for a foreign account. */
export function AccountText({ iban }: { iban: string }) {
  const a = accountText(iban);
  if (!a.czech) return <span class="account">{a.iban}</span>;
  return (
    <span class="account">
      {a.czech} <span class="u-muted">(IBAN {a.iban})</span>
    </span>
  );
}
