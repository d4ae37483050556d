import type { Signal } from "@preact/signals";
import Badge from "./Badge.tsx";

export interface CounterProps {
  count: Signal<number>;
  label: string;
  step?: number;
}

export default function Counter({ count, label, step = 1 }: CounterProps) {
  return (
    <div class="counter">
      <p>
        {label}: <output>{count}</output>
      </p>
      <button type="button" onClick={() => count.value += step}>
        Přidat {step}
      </button>
      <Badge text="uvnitř" />
    </div>
  );
}
