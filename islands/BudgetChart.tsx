/**
 * The budget explorer's bar chart: the current level's rows as horizontal bars (SVG, no charting
 * library), each bar a link one level deeper, as the table's row headers are. Buttons switch the
 * measure (approved / after changes / actual) of the year shown; the table below the chart stays
 * the source of the numbers, and the chart says so (`aria-describedby`). Rendered on the
 * server too, so without JavaScript the chart shows the default measure and its links work.
 *
 * Bars are the design system's blue (#2362a2, 6.3:1 on white); a focused bar gets a black frame.
 * Widths are percentages of the SVG's own width, text stays in pixels: labels keep their size at
 * 320 px, and a long name is shortened (the table has it whole).
 */
import { signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { formatCrowns } from "../components/budget/money.ts";

export type ChartMeasure = "approved" | "amended" | "actual";

export interface BudgetChartBar {
  label: string;
  /** One level deeper; null for a group that has no deeper level (lines without a unit). */
  href: string | null;
  approved: number;
  amended: number;
  actual: number;
}

export interface BudgetChartProps {
  /** The chart's heading (also its accessible name). */
  title: string;
  /** A unique id for the chart's elements. */
  id: string;
  bars: BudgetChartBar[];
  /** Bars beyond this many are left to the table (a note says how many). */
  limit?: number;
  measure?: ChartMeasure;
  texts: {
    measureLabel: string;
    approved: string;
    amended: string;
    actual: string;
    /** "{n} dalších řádků je v tabulce." */
    more: string;
    /** Where the exact numbers are ("Přesné částky jsou v tabulce pod grafem."). */
    note: string;
  };
}

const ROW_HEIGHT = 58;
const MAX_LABEL = 40;
const MEASURES: ChartMeasure[] = ["approved", "amended", "actual"];

function shorten(text: string): string {
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1).trimEnd()}…`;
}

/**
 * A bar that leads somewhere is a link named by its text; one that does not is a labelled image.
 */
function Bar(
  { href, label, children }: { href: string | null; label: string; children: ComponentChildren },
) {
  return href ? <a href={href}>{children}</a> : <g role="img" aria-label={label}>{children}</g>;
}

export default function BudgetChart(props: BudgetChartProps) {
  const measure = useMemo(() => signal<ChartMeasure>(props.measure ?? "amended"), []);
  const limit = props.limit ?? 20;
  const current = measure.value;
  const sorted = [...props.bars].sort((a, b) => Math.abs(b[current]) - Math.abs(a[current]));
  const bars = sorted.slice(0, limit);
  const max = Math.max(1, ...bars.map((b) => Math.abs(b[current])));
  const titleId = `${props.id}-nazev`;
  const noteId = `${props.id}-popis`;
  const height = bars.length * ROW_HEIGHT + 4;
  return (
    <figure class="budget-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} class="budget-chart__title">{props.title}</figcaption>
      <p id={noteId} class="budget-chart__note">{props.texts.note}</p>
      <div class="budget-chart__measures" role="group" aria-label={props.texts.measureLabel}>
        {MEASURES.map((m) => (
          <button
            key={m}
            type="button"
            class="gov-button"
            data-color="primary"
            data-type={m === current ? "solid" : "outlined"}
            data-size="s"
            aria-pressed={m === current ? "true" : "false"}
            onClick={() => (measure.value = m)}
          >
            {props.texts[m]}
          </button>
        ))}
      </div>
      <svg
        class="budget-chart__svg"
        width="100%"
        height={height}
        role="group"
        aria-labelledby={titleId}
        aria-describedby={noteId}
      >
        {bars.map((bar, i) => {
          const value = bar[current];
          const amount = formatCrowns(value);
          const short = shorten(bar.label);
          const y = i * ROW_HEIGHT;
          const width = `${Math.max(0.5, (Math.abs(value) / max) * 100).toFixed(2)}%`;
          return (
            <Bar key={bar.label} href={bar.href} label={`${bar.label} ${amount}`}>
              <rect class="budget-chart__hit" x="0" y={y} width="100%" height={ROW_HEIGHT - 4} />
              {/* One text, so the link's name is what it shows: "36 Bydlení… 1 200 000 Kč". */}
              <text class="budget-chart__label" x="4" y={y + 18}>
                {`${short} `}
                <tspan class="budget-chart__amount" x="4" y={y + 36}>{amount}</tspan>
              </text>
              <rect
                class="budget-chart__bar"
                x="0"
                y={y + 42}
                width={width}
                height="10"
                fill="#2362a2"
              />
            </Bar>
          );
        })}
      </svg>
      {sorted.length > bars.length && (
        <p class="budget-chart__more">
          {props.texts.more.replace("{n}", String(sorted.length - bars.length))}
        </p>
      )}
    </figure>
  );
}
