import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

export default function Panel(
  { title, children }: { title: string; children?: ComponentChildren },
) {
  const [open, setOpen] = useState(true);
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Skrýt" : "Zobrazit"}
      </button>
      {open && <div class="panel-body">{children}</div>}
    </section>
  );
}
