import { signal } from "@preact/signals";
import { page } from "../../mod.ts";
import { define } from "../define.ts";
import Badge from "../islands/Badge.tsx";
import Counter from "../islands/Counter.tsx";
import Panel from "../islands/Panel.tsx";

export const handler = define.handlers({ GET: () => page({ start: 3 }) });

export default define.page<typeof handler>(({ data }) => {
  // One signal for two islands: they stay in step in the browser too.
  const count = signal(data.start);
  return (
    <main>
      <h1>Počítadlo</h1>
      <Counter count={count} label="Počet" />
      <Counter count={count} label="Stejný počet" step={10} />
      <Panel title="Nápověda">
        <p>
          Klikněte na <strong>Přidat</strong>.
        </p>
      </Panel>
      <Badge text="venku" />
    </main>
  );
});
