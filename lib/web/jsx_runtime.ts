/**
 * The JSX runtime of the web tier's server code: Preact's, for Deno's `"jsx": "precompile"`
 * (deno.json), which turns every run of plain HTML elements into one string template rendered
 * without making a vnode per element (a third to a quarter of a page's render time).
 *
 * One difference from Preact's own: an attribute that renders as nothing (`false`, `undefined`,
 * an event handler, `key`) leaves no stray space in the markup. The precompiler writes a space
 * before each attribute slot into the template; here that space is moved into the attribute's
 * own text, once per template (templates are constant arrays, one per place in the source), so
 * `<li class={undefined}>` renders `<li>` as with the classic transform, not `<li >`.
 *
 * `select`, `option` and `textarea` are left to Preact's classic elements
 * (`jsxPrecompileSkipElements` in deno.json): preact-render-to-string turns `<select value>` into
 * a `selected` option and `<textarea value>` into its content, which a template cannot.
 *
 * Island code is bundled for the browser by esbuild with Preact's classic runtime
 * (lib/web/bundle.ts); this module is never shipped.
 */
import {
  Fragment,
  jsx,
  jsxAttr as preactAttr,
  jsxDEV,
  jsxEscape,
  jsxs,
  jsxTemplate as preactTemplate,
} from "preact/jsx-runtime";

export type { JSX } from "preact/jsx-runtime";
export { Fragment, jsx, jsxDEV, jsxEscape, jsxs };

/**
 * An attribute as text with its leading space, or "" when it renders as nothing. As
 * preact-render-to-string does (and unlike Preact's `jsxAttr`), a boolean `aria-*`, `data-*`,
 * `draggable` or `spellcheck` is written as the string `"true"`/`"false"`: `aria-expanded={false}`
 * must say so, not vanish.
 */
export function jsxAttr(name: string, value: unknown): string {
  if (
    typeof value === "boolean" &&
    (name[4] === "-" || name === "draggable" || name === "spellcheck")
  ) {
    return ` ${name}="${value}"`;
  }
  // An empty value as a bare name (`value=""` → `value`), as preact-render-to-string writes it.
  if (value === "" && name !== "key" && name !== "ref") return " " + (REFLECTED[name] ?? name);
  const text = preactAttr(REFLECTED[name] ?? name, value);
  return text ? " " + text : "";
}

/** Props that preact-render-to-string writes as the attribute they reflect. */
const REFLECTED: Record<string, string> = {
  defaultvalue: "value",
  defaultValue: "value",
  defaultchecked: "checked",
  defaultChecked: "checked",
  defaultselected: "selected",
  defaultSelected: "selected",
};

interface FixedTemplate {
  /** The template with the space before each attribute slot removed. */
  strings: string[];
  /** Which slots sit inside a tag (attributes), by index. */
  inTag: boolean[];
}

const fixed = new WeakMap<readonly string[], FixedTemplate>();

/** The template with the space before each attribute slot removed (see `jsxAttr`). */
function withoutSlotSpaces(templates: readonly string[]): FixedTemplate {
  let out = fixed.get(templates);
  if (out) return out;
  const strings = [...templates];
  const slots: boolean[] = [];
  let inTag = false;
  let quote = "";
  for (let i = 0; i < templates.length - 1; i++) {
    for (const ch of templates[i]) {
      if (quote) {
        if (ch === quote) quote = "";
      } else if (inTag && (ch === '"' || ch === "'")) quote = ch;
      else if (ch === "<") inTag = true;
      else if (ch === ">") inTag = false;
    }
    // A slot inside a tag holds an attribute (`jsxAttr`), one outside it a child.
    const stripped = inTag && !quote && strings[i].endsWith(" ");
    if (stripped) strings[i] = strings[i].slice(0, -1);
    slots.push(stripped);
  }
  out = { strings: Object.freeze(strings) as string[], inTag: slots };
  fixed.set(templates, out);
  return out;
}

/**
 * A boolean attribute with a dynamic value (`checked={c}`) is not passed through `jsxAttr`:
 * the precompiler writes `c ? "checked" : ""` into the slot and relies on the template's
 * space, which `withoutSlotSpaces` took away; such a name gets its space back here.
 */
export function jsxTemplate(
  templates: string[],
  ...exprs: unknown[]
): ReturnType<typeof preactTemplate> {
  const { strings, inTag } = withoutSlotSpaces(templates);
  for (let i = 0; i < exprs.length; i++) {
    const e = exprs[i];
    if (inTag[i] && typeof e === "string" && e !== "" && e[0] !== " ") exprs[i] = " " + e;
  }
  return preactTemplate(
    strings,
    ...(exprs as Parameters<typeof preactTemplate> extends [unknown, ...infer R] ? R : never),
  );
}
