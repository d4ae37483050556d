/**
 * Keeps only the CSS rules a site can use (for scripts/vendor_gov.ts): the design system ships
 * every component in every variant (`gov-button` alone is 174 KB), a page uses a handful.
 *
 * What "can use" means, conservatively (a rule kept by mistake costs bytes, one dropped by
 * mistake costs a broken page):
 *
 * - A **selector** stays when each class (`.gov-button--primary`), attribute name and attribute
 *   value in it (`[data-size=m]`) occurs as a word somewhere in the site's source
 *   (`usedWords`), or starts with a word the source builds names from (`gov-tag--${color}` gives
 *   the prefix `gov-tag--`); and each custom element (`gov-button`) occurs as a tag (`<gov-button`).
 *   What is inside `:not()` need not occur (it matches by being absent); `:is()`, `:where()` and
 *   `:has()` are left alone (kept). A rule stays with the selectors of its list that stay.
 * - A **custom property** declaration stays when the property is referenced (`var(--x)`) by a
 *   kept declaration, transitively, or named in the source (inline styles).
 * - `@keyframes` stay when their name is used by a kept declaration; `@font-face` always (the
 *   caller chooses the faces); `@media`, `@supports`, `@container`, `@layer` blocks are pruned
 *   inside and dropped when empty.
 */

export interface UsedWords {
  /** Every word (`[A-Za-z0-9_-]+`) of the source. */
  words: Set<string>;
  /** Words the source extends at run time (`gov-tag--${x}` → `gov-tag--`). */
  prefixes: string[];
  /** Custom elements the source writes as tags. */
  tags: Set<string>;
  /**
   * Elements the source writes with a literal class: their classes and their `data-*`
   * attributes, each with the values it can have (null: any, from an expression that names no
   * string). `.gov-button[data-color=warning]` is kept only if some element with the class
   * `gov-button` can have `data-color="warning"`.
   */
  elements: { classes: Set<string>; data: Map<string, Set<string> | null> }[];
  /**
   * `data-*` attributes scripts set at run time (`dataset.x = "v"`, `setAttribute("data-x", "v")`),
   * on any element, with their values (null: any).
   */
  scripted: Map<string, Set<string> | null>;
}

/** Where a JSX tag or an object literal starting at `from` (`<` or `{`) ends. */
function elementEnd(text: string, from: number): number {
  const close = text[from] === "<" ? ">" : "}";
  let depth = 0;
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === "`") i = stringEnd(text, i);
    else if (c === "{" || c === "(" || c === "[") depth++;
    else if ((c === "}" || c === ")" || c === "]") && depth > 0) depth--;
    else if (c === close && depth === 0) return i;
    if (i - from > 4000) return i;
  }
  return text.length;
}

/** Length of an object property's value: up to the first `,` or `}` at its own level. */
function valueEnd(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === "`") i = stringEnd(text, i);
    else if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") {
      if (depth === 0) return i;
      depth--;
    } else if (c === "," && depth === 0) return i;
  }
  return text.length;
}

/** The JSX tags and object literals of `text` that carry a literal class, with their data-*. */
function elementsOf(text: string): UsedWords["elements"] {
  const out: UsedWords["elements"] = [];
  for (const m of text.matchAll(/\bclass(?:Name)?["']?\s*[:=]\s*\{?\s*["'`]/g)) {
    // The enclosing `<tag` or `{` of an object literal.
    let start = m.index!;
    while (start > 0 && text[start] !== "<" && text[start] !== "{") start--;
    if (text[start] === "{" && text[start - 1] === "=") continue; // a JSX expression, not an object
    const end = elementEnd(text, start);
    const body = text.slice(start, end);
    const classes = new Set<string>();
    const value = /\bclass(?:Name)?["']?\s*[:=]\s*\{?\s*(["'`])([^"'`]*)\1?/.exec(body);
    for (const c of (value?.[2] ?? "").split(/\s+/)) if (/^[\w-]+$/.test(c)) classes.add(c);
    const data = new Map<string, Set<string> | null>();
    for (const a of body.matchAll(/["']?(data-[\w-]+)["']?\s*[:=]\s*/g)) {
      const at = a.index! + a[0].length;
      const literal = /^(["'])([^"']*)\1/.exec(body.slice(at));
      let values: Set<string> | null;
      if (literal) values = new Set([literal[2]]);
      else {
        // An expression (`{…}` in JSX, up to the next `,` in an object): the strings it names,
        // or any value when it names none.
        const expression = body[at] === "{"
          ? body.slice(at, at + elementEnd(body.slice(at), 0) + 1)
          : body.slice(at, at + valueEnd(body.slice(at)));
        const strings = [...expression.matchAll(/["']([^"']*)["']/g)].map((x) => x[1]);
        values = strings.length > 0 && !/^\{?\s*[\w.]+\s*\}?$/.test(expression.trim())
          ? new Set(strings)
          : null;
      }
      const old = data.get(a[1]);
      data.set(a[1], old === null || values === null ? null : new Set([...(old ?? []), ...values]));
    }
    if (classes.size > 0) out.push({ classes, data });
  }
  return out;
}

/** The words, name prefixes and custom-element tags in `sources` (TS/TSX text). */
export function usedWords(sources: string[]): UsedWords {
  const words = new Set<string>();
  const prefixes = new Set<string>();
  const tags = new Set<string>();
  const elements: UsedWords["elements"] = [];
  const scripted = new Map<string, Set<string> | null>();
  const script = (name: string, value: string | undefined) => {
    const old = scripted.get(name);
    scripted.set(
      name,
      old === null || value === undefined ? null : new Set([...(old ?? []), value]),
    );
  };
  for (const text of sources) {
    elements.push(...elementsOf(text));
    for (const m of text.matchAll(/dataset\.(\w+)\s*(=(?!=)\s*(?:["']([^"']*)["'])?)?/g)) {
      // Read only (`dataset.x` without `=`) sets nothing.
      if (m[2]) script(`data-${m[1].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, m[3]);
    }
    for (
      const m of text.matchAll(
        /(?:set|toggle)Attribute\(\s*["'](data-[\w-]+)["']\s*(?:,\s*["']([^"']*)["'])?/g,
      )
    ) script(m[1], m[2]);
    for (const m of text.matchAll(/[A-Za-z0-9_-]+/g)) words.add(m[0]);
    // `prefix-${…}` in a template literal (not a type's `gov-${string}`), or "prefix-" + ….
    const dynamic = /([A-Za-z0-9_-]*[-_])(?:\$\{(?!(?:string|number|bigint)\})|["'`]\s*\+)/g;
    for (const m of text.matchAll(dynamic)) if (m[1].length > 2) prefixes.add(m[1]);
    for (const m of text.matchAll(/<([a-z][a-z0-9]*-[a-z0-9-]*)/g)) tags.add(m[1]);
  }
  return { words, prefixes: [...prefixes], tags, elements, scripted };
}

type Node =
  | { kind: "rule"; selector: string; body: string }
  | { kind: "block"; prelude: string; children: Node[] }
  | { kind: "raw"; text: string };

/** Index of the `}` closing the block opened just before `from` (strings and comments skipped). */
function blockEnd(css: string, from: number): number {
  let depth = 1;
  for (let i = from; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") i = stringEnd(css, i);
    else if (c === "/" && css[i + 1] === "*") i = css.indexOf("*/", i + 2) + 1 || css.length;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  throw new Error("unbalanced braces in CSS");
}

function stringEnd(css: string, from: number): number {
  const quote = css[from];
  for (let i = from + 1; i < css.length; i++) {
    if (css[i] === "\\") i++;
    else if (css[i] === quote) return i;
  }
  return css.length;
}

/** Next `{` or `;` at the top level from `from`, or -1. */
function nextBoundary(css: string, from: number): number {
  let parens = 0;
  for (let i = from; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") i = stringEnd(css, i);
    else if (c === "/" && css[i + 1] === "*") i = css.indexOf("*/", i + 2) + 1 || css.length;
    else if (c === "(") parens++;
    else if (c === ")") parens--;
    else if ((c === "{" || c === ";") && parens === 0) return i;
    else if (c === "}") return i;
  }
  return -1;
}

const NESTED_AT = /^@(media|supports|container|layer|document|scope)\b/i;

/** Parses a stylesheet into rules, nested blocks and raw at-rules (comments dropped). */
export function parseCss(css: string): Node[] {
  const nodes: Node[] = [];
  let i = 0;
  while (i < css.length) {
    // Skip whitespace and comments.
    const ws = /^(\s+|\/\*[\s\S]*?\*\/)/.exec(css.slice(i, i + 4096));
    if (ws) {
      i += ws[0].length;
      continue;
    }
    if (css[i] === "}") { // a stray closing brace (malformed input): skip it
      i++;
      continue;
    }
    const at = nextBoundary(css, i);
    if (at < 0) break;
    const prelude = css.slice(i, at).trim();
    if (css[at] === ";" || css[at] === "}") { // @import, @charset, @layer a, b;
      if (prelude) nodes.push({ kind: "raw", text: `${prelude};` });
      i = at + 1;
      continue;
    }
    const end = blockEnd(css, at + 1);
    const body = css.slice(at + 1, end);
    if (prelude.startsWith("@")) {
      if (NESTED_AT.test(prelude)) {
        nodes.push({ kind: "block", prelude, children: parseCss(body) });
      } else nodes.push({ kind: "raw", text: `${prelude}{${body}}` });
    } else nodes.push({ kind: "rule", selector: prelude, body });
    i = end + 1;
  }
  return nodes;
}

/** Splits at top-level commas (not inside parentheses, brackets or strings). */
export function splitList(text: string, separator = ","): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") i = stringEnd(text, i);
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

function known(word: string, used: UsedWords): boolean {
  return used.words.has(word) || used.prefixes.some((p) => word.startsWith(p));
}

/** Removes `:not(…)` arguments and leaves `:is/:where/:has(…)` out of the analysis. */
function analysable(selector: string): string {
  let out = "";
  for (let i = 0; i < selector.length; i++) {
    const m = /^:(not|is|where|has|matches|-webkit-any|nth-child|nth-last-child)\(/i.exec(
      selector.slice(i, i + 20),
    );
    if (m) {
      let depth = 0;
      let j = i + m[0].length - 1;
      for (; j < selector.length; j++) {
        if (selector[j] === "(") depth++;
        else if (selector[j] === ")" && --depth === 0) break;
      }
      i = j;
      continue;
    }
    out += selector[i];
  }
  return out;
}

/**
 * Whether one compound selector's classes and `data-*` values fit an element the source writes
 * with one of those classes (true when no element carries the class literally: then the words
 * alone decide).
 */
function compoundFits(compound: string, used: UsedWords): boolean {
  const classes = [...compound.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]);
  const data = [
    ...compound.matchAll(/\[\s*(data-[\w-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+)))?/g),
  ].map((m) => ({ name: m[1], value: m[2] ?? m[3] ?? m[4] }))
    .filter((d) => {
      // A value a script may set on any element fits every element.
      const scripted = used.scripted.get(d.name);
      return scripted !== null && !(d.value !== undefined && scripted?.has(d.value));
    });
  if (classes.length === 0 || data.length === 0) return true;
  const candidates = used.elements.filter((e) => classes.some((c) => e.classes.has(c)));
  if (candidates.length === 0) return true;
  return candidates.some((e) =>
    data.every(({ name, value }) => {
      if (!e.data.has(name)) return false;
      const values = e.data.get(name)!;
      return values === null || value === undefined || values.has(value);
    })
  );
}

/** Whether a selector can match markup the source writes (see the file's comment). */
export function selectorUsed(selector: string, used: UsedWords): boolean {
  const s = analysable(selector);
  for (const compound of s.split(/\s*[\s>+~]\s*/)) if (!compoundFits(compound, used)) return false;
  for (const m of s.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) if (!known(m[1], used)) return false;
  for (
    const m of s.matchAll(/\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+)))?/g)
  ) {
    if (!known(m[1], used)) return false;
    const value = m[2] ?? m[3] ?? m[4];
    if (value && /^[\w-]+$/.test(value) && !known(value, used)) return false;
  }
  // Type selectors: a custom element (a hyphen in the name) must be written as a tag.
  for (const m of s.matchAll(/(?:^|[\s>+~(,])([a-z][a-z0-9]*-[a-z0-9-]*)(?![\w-]*[=\]])/g)) {
    if (!used.tags.has(m[1])) return false;
  }
  return true;
}

/** The rules of `nodes` that can match, with selector lists cut to the selectors that can. */
function pruneSelectors(nodes: Node[], used: UsedWords): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    if (node.kind === "rule") {
      // Keyframe steps and page rules have no selectors to judge.
      const kept = splitList(node.selector).filter((s) => selectorUsed(s, used));
      if (kept.length > 0) out.push({ kind: "rule", selector: kept.join(","), body: node.body });
    } else if (node.kind === "block") {
      const children = pruneSelectors(node.children, used);
      if (children.length > 0) out.push({ kind: "block", prelude: node.prelude, children });
    } else out.push(node);
  }
  return out;
}

function declarations(body: string): string[] {
  return splitList(body, ";");
}

const VAR_REF = /var\(\s*(--[\w-]+)/g;

/** Drops custom properties nobody references and keyframes nobody runs. */
function pruneDeclarations(nodes: Node[], used: UsedWords): Node[] {
  // Every custom property's values, and every reference outside custom properties.
  const values = new Map<string, string[]>();
  const roots = new Set<string>([...used.words].filter((w) => w.startsWith("--")));
  let usage = "";
  const visit = (list: Node[]) => {
    for (const node of list) {
      if (node.kind === "block") visit(node.children);
      else if (node.kind === "rule") {
        for (const d of declarations(node.body)) {
          const colon = d.indexOf(":");
          const name = d.slice(0, colon).trim();
          if (name.startsWith("--")) {
            values.set(name, [...(values.get(name) ?? []), d.slice(colon + 1)]);
          } else {
            usage += d + ";";
            for (const m of d.matchAll(VAR_REF)) roots.add(m[1]);
          }
        }
      }
    }
  };
  visit(nodes);
  const referenced = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (referenced.has(name)) continue;
    referenced.add(name);
    for (const value of values.get(name) ?? []) {
      usage += value + ";";
      for (const m of value.matchAll(VAR_REF)) queue.push(m[1]);
    }
  }
  const prune = (list: Node[]): Node[] => {
    const out: Node[] = [];
    for (const node of list) {
      if (node.kind === "block") {
        const children = prune(node.children);
        if (children.length > 0) out.push({ ...node, children });
      } else if (node.kind === "rule") {
        const kept = declarations(node.body).filter((d) => {
          const name = d.slice(0, d.indexOf(":")).trim();
          return !name.startsWith("--") || referenced.has(name);
        });
        if (kept.length > 0) out.push({ ...node, body: kept.join(";") });
      } else {
        const keyframes = /^@(?:-webkit-)?keyframes\s+([\w-]+)/.exec(node.text);
        if (keyframes && !new RegExp(`(^|[\\s:,])${keyframes[1]}([\\s;,]|$)`).test(usage)) {
          continue;
        }
        out.push(node);
      }
    }
    return out;
  };
  return prune(nodes);
}

export function serializeCss(nodes: Node[]): string {
  return nodes.map((node) =>
    node.kind === "rule"
      ? `${node.selector}{${node.body}}`
      : node.kind === "block"
      ? `${node.prelude}{${serializeCss(node.children)}}`
      : node.text
  ).join("\n");
}

/** `css` with only the rules and custom properties a site whose source gives `used` can use. */
export function pruneCss(css: string, used: UsedWords): string {
  return serializeCss(pruneDeclarations(pruneSelectors(parseCss(css), used), used));
}
