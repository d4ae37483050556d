/**
 * A broadcast's delivery counts by channel and state (issue 13), updating live: while the
 * broadcast is scheduled or sending, the island asks `/urad/zpravy/<id>/stav.json` every two
 * seconds. Rendered on the server with the counts at load, so without JavaScript the table is
 * right as of the page (the page's refresh link reloads it).
 */
import { useEffect, useState } from "preact/hooks";

export interface Progress {
  status: string;
  total: number | null;
  counts: { email: Record<string, number>; sms: Record<string, number> };
}

export interface DeliveryProgressProps {
  id: string;
  initial: Progress;
  channels: ("email" | "sms")[];
  texts: {
    caption: string;
    channel: string;
    total: string;
    states: Record<string, string>;
    channels: Record<string, string>;
    statuses: Record<string, string>;
    statusLabel: string;
  };
}

export const DELIVERY_COLUMNS = ["queued", "sent", "delivered", "failed", "cancelled"] as const;

export default function DeliveryProgress(props: DeliveryProgressProps) {
  const [p, setP] = useState(props.initial);
  useEffect(() => {
    let stop = false;
    let timer: number | undefined;
    const tick = async () => {
      try {
        const res = await fetch(`/urad/zpravy/${props.id}/stav.json`, {
          headers: { accept: "application/json" },
        });
        if (res.ok) {
          const next = await res.json() as Progress;
          setP(next);
          if (next.status !== "scheduled" && next.status !== "sending") stop = true;
        }
      } catch {
        // the next tick tries again
      }
      if (!stop) timer = setTimeout(tick, 2000) as unknown as number;
    };
    if (p.status === "scheduled" || p.status === "sending") {
      timer = setTimeout(tick, 2000) as unknown as number;
    }
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, []);
  const { texts } = props;
  const count = (c: "email" | "sms", s: string) =>
    s === "queued" ? (p.counts[c].queued ?? 0) + (p.counts[c].sending ?? 0) : p.counts[c][s] ?? 0;
  return (
    <div class="delivery-progress">
      <p>
        {texts.statusLabel}:{" "}
        <strong data-testid="broadcast-status" aria-live="polite">
          {texts.statuses[p.status] ?? p.status}
        </strong>
      </p>
      <table class="gov-table stacked" role="table">
        <caption>{texts.caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">{texts.channel}</th>
            {DELIVERY_COLUMNS.map((s) => (
              <th scope="col" role="columnheader" class="num">{texts.states[s]}</th>
            ))}
            <th scope="col" role="columnheader" class="num">{texts.total}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {props.channels.map((c) => (
            <tr role="row" data-channel={c}>
              <th scope="row" role="rowheader" data-label={texts.channel}>
                {texts.channels[c]}
              </th>
              {DELIVERY_COLUMNS.map((s) => (
                <td role="cell" class="num" data-label={texts.states[s]} data-state={s}>
                  {count(c, s)}
                </td>
              ))}
              <td role="cell" class="num" data-label={texts.total}>
                {Object.values(p.counts[c]).reduce((a, b) => a + b, 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
