/**
 * The payment assessment (předpis) issued on a case, as both case pages show it: the citizen's
 * (/ucet/podani/<id>) and the clerk's (/urad/ukoly/<id>) — amount, due date, account, symbols,
 * state, and how a fee computed line by line was computed.
 */
import type { Translate } from "../../lib/state.ts";
import { formatCzk } from "../../domain/money.ts";
import { PredpisFacts, type PredpisView } from "../obligations/Predpis.tsx";

export type { PredpisView };

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

/** The předpis on a case page (the citizen's and the clerk's): the facts and the computation. */
export function CasePredpis({ o, t }: { o: PredpisView; t: Translate }) {
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
