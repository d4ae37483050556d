/** A situation's own facts on the case pages (app/case_facts.ts): values, a link, a warning. */
import type { Translate } from "../../lib/state.ts";
import type { SituationFact } from "../../app/case_facts.ts";

export function SituationFacts({ facts, t }: { facts: readonly SituationFact[]; t: Translate }) {
  if (facts.length === 0) return null;
  return (
    <section aria-labelledby="situation-facts">
      <h2 id="situation-facts">{t("cases.detail.situationFacts")}</h2>
      <dl class="notice-facts">
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{t(f.label)}</dt>
            <dd>
              {f.warning && <strong>{t("cases.detail.attention")}</strong>}
              {f.warning && " "}
              {f.href ? <a href={f.href}>{f.value}</a> : f.valueKey ? t(f.valueKey) : f.value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
