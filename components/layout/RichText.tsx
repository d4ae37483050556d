/**
 * A translated sentence with elements inside it (a link, a bold reference): the catalog keeps
 * the whole sentence, so word order stays the translator's. `{name}` placeholders named in
 * `elements` become those elements; other params are filled as text by `t`.
 *
 *   <RichText t={t} k="a11y.report.otherWays" elements={{ email: <a href="mailto:…">…</a> }} />
 */
import type { ComponentChildren } from "preact";
import type { Translate } from "../../lib/state.ts";

export function richText(
  template: string,
  elements: Readonly<Record<string, ComponentChildren>>,
): ComponentChildren[] {
  return template.split(/\{(\w+)\}/).map((part, i) =>
    i % 2 === 0 ? part : part in elements ? elements[part] : `{${part}}`
  );
}

export function RichText(
  { t, k, params, elements }: {
    t: Translate;
    k: string;
    params?: Record<string, string | number>;
    elements: Readonly<Record<string, ComponentChildren>>;
  },
) {
  const keep = Object.fromEntries(Object.keys(elements).map((name) => [name, `{${name}}`]));
  return <>{richText(t(k, { ...params, ...keep }), elements)}</>;
}
