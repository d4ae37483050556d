/**
 * A payment assessment (předpis) as the person reads it: amount, due date, the account and the
 * symbols to pay with. The case pages show it with its computation (components/cases/CasePredpis.tsx);
 * the ledger's pages (/ucet, /ucet/predpisy/<id>) with more (components/obligations/Ledger.tsx).
 */
import type { Translate } from "../../lib/state.ts";
import { formatCzk } from "../../domain/money.ts";
import { formatCzechDate } from "../../domain/forms/validators.ts";
import { AccountText } from "./Account.tsx";

export interface PredpisView {
  kind: string;
  year: number;
  amount_halere: number;
  due_date: string;
  variable_symbol: string;
  specific_symbol: string | null;
  constant_symbol?: string | null;
  account: string;
  state: string;
  lines: unknown;
}

/** Amount, due date, account and symbols as a description list. */
export function PredpisFacts({ o, t }: { o: PredpisView; t: Translate }) {
  return (
    <dl class="notice-facts">
      <div>
        <dt>{t("obligations.amount")}</dt>
        <dd>
          <strong>{formatCzk(o.amount_halere)}</strong>
        </dd>
      </div>
      <div>
        <dt>{t("obligations.due")}</dt>
        <dd>{formatCzechDate(o.due_date)}</dd>
      </div>
      <div>
        <dt>{t("obligations.account")}</dt>
        <dd>
          <AccountText iban={o.account} />
        </dd>
      </div>
      <div>
        <dt>{t("obligations.vs")}</dt>
        <dd>{o.variable_symbol}</dd>
      </div>
      {o.specific_symbol && (
        <div>
          <dt>{t("obligations.ss")}</dt>
          <dd>{o.specific_symbol}</dd>
        </div>
      )}
      {o.constant_symbol && (
        <div>
          <dt>{t("obligations.ks")}</dt>
          <dd>{o.constant_symbol}</dd>
        </div>
      )}
      <div>
        <dt>{t("obligations.state")}</dt>
        <dd>{t(`obligations.states.${o.state}`)}</dd>
      </div>
    </dl>
  );
}
