/**
 * A payment assessment (předpis) as the person reads it: amount, due date, the account and the
 * symbols to pay with, and — for a fee computed line by line — how it was computed.
 */
import type { Translate } from "../../lib/state.ts";
import { formatCzk } from "../../domain/money.ts";
import { formatCzechDate } from "../../domain/forms/validators.ts";

export interface PredpisView {
  kind: string;
  year: number;
  amount_halere: number;
  due_date: string;
  variable_symbol: string;
  specific_symbol: string | null;
  account: string;
  state: string;
  lines: unknown;
}

interface Line {
  label: string;
  months: number[];
  exemption: string | null;
  amount: number;
}

function linesOf(value: unknown): { lines: Line[]; rounding: number } {
  const v = (value ?? {}) as { lines?: unknown; rounding?: unknown };
  const lines = Array.isArray(v.lines) ? v.lines as Line[] : [];
  return { lines, rounding: typeof v.rounding === "number" ? v.rounding : 0 };
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
        <dd>{o.account}</dd>
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
      <div>
        <dt>{t("obligations.state")}</dt>
        <dd>{t(`obligations.states.${o.state}`)}</dd>
      </div>
    </dl>
  );
}

/** The předpis on the case page: the facts and the computation. */
export function Predpis({ o, t }: { o: PredpisView; t: Translate }) {
  const { lines, rounding } = linesOf(o.lines);
  return (
    <section class="predpis" aria-labelledby="predpis-heading">
      <h2 id="predpis-heading">
        {t("obligations.predpis")}: {t(`obligations.kind.${o.kind}`, { year: o.year })}
      </h2>
      <PredpisFacts o={o} t={t} />
      {lines.length > 0 && (
        <>
          <h3>{t("obligations.lines")}</h3>
          <ul>
            {lines.map((l) => (
              <li>
                {l.exemption ? t("obligations.exempt", { label: l.label }) : t("obligations.line", {
                  label: l.label,
                  months: l.months.length,
                  amount: formatCzk(l.amount),
                })}
              </li>
            ))}
            {rounding > 0 && <li>{t("obligations.rounding", { amount: formatCzk(rounding) })}</li>}
          </ul>
        </>
      )}
    </section>
  );
}
