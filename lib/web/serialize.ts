import { Fragment, h, isValidElement, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { type Encoded, TAG } from "./island_format.ts";

export interface IslandUse {
  name: string;
  props: Record<string, unknown>;
}

/** Encodes every island's props as one JSON array, safe to inline in a `<script>`. */
export function serializeIslandProps(islands: IslandUse[]): string {
  const signals = new Map<object, number>();
  const payload = islands.map(({ name, props }) => {
    const encoder = new PropsEncoder(name, signals);
    return encoder.object(withoutRef(props), "");
  });
  // `<` only occurs inside JSON strings, where \u003c means the same: no `</script>` can appear.
  return JSON.stringify(payload).replace(/</g, "\\u003c");
}

class PropsEncoder {
  #seen = new Set<object>();
  constructor(readonly island: string, readonly signals: Map<object, number>) {}

  value(value: unknown, path: string): Encoded {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) this.fail(path, String(value));
      return value;
    }
    if (value === undefined) return { [TAG]: "undefined" };
    if (typeof value !== "object") this.fail(path, `a ${typeof value}`);
    if (this.#seen.has(value)) this.fail(path, "a circular reference");
    this.#seen.add(value);
    try {
      return this.#object(value, path);
    } finally {
      this.#seen.delete(value);
    }
  }

  object(value: object, path: string): { [key: string]: Encoded } {
    const out: { [key: string]: Encoded } = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = this.value(item, path ? `${path}.${key}` : key);
    }
    return out;
  }

  #object(value: object, path: string): Encoded {
    if (isSignal(value)) return this.#signal(value, path);
    if (Array.isArray(value)) return value.map((item, i) => this.value(item, `${path}[${i}]`));
    if (isValidElement(value)) {
      if (isTemplate(value)) return this.value(templateElements(value), path);
      if (typeof value.type !== "string") {
        this.fail(path, "a component element (only HTML elements and text can be passed)");
      }
      return { [TAG]: "element", type: value.type, props: this.object(value.props, path) };
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      this.fail(path, `a ${value.constructor?.name ?? "non-plain object"}`);
    }
    const encoded = this.object(value, path);
    return TAG in value ? { [TAG]: "object", value: encoded } : encoded;
  }

  #signal(signal: SignalLike, path: string): Encoded {
    const known = this.signals.get(signal);
    if (known !== undefined) return { [TAG]: "signal", id: known };
    const id = this.signals.size;
    this.signals.set(signal, id);
    return { [TAG]: "signal", id, value: this.value(signal.peek(), `${path}.value`) };
  }

  fail(path: string, what: string): never {
    throw new TypeError(
      `Island ${this.island}: prop "${path}" is ${what}; ` +
        "island props must be JSON values, signals or HTML elements",
    );
  }
}

interface SignalLike {
  peek(): unknown;
}

// Checked by brand rather than instanceof so that a second copy of the library still counts.
function isSignal(value: object): value is SignalLike {
  return (value as { brand?: unknown }).brand === Symbol.for("preact-signals");
}

/** Preact 11 passes `ref` to function components as a prop; it cannot cross to the browser. */
function withoutRef(props: Record<string, unknown>): Record<string, unknown> {
  if (!("ref" in props)) return props;
  const { ref: _ref, ...rest } = props;
  return rest;
}

/**
 * JSX compiled by Deno's `"jsx": "precompile"` makes a run of plain HTML one template vnode (a
 * Fragment holding the markup as strings); the browser's Preact cannot render those. Passed to an
 * island, it is turned back into element vnodes: rendered, then parsed (the markup is
 * preact-render-to-string's own, so a small parser suffices).
 */
function isTemplate(value: VNode): boolean {
  return value.type === Fragment && Array.isArray((value.props as { tpl?: unknown }).tpl);
}

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const TOKEN =
  /<!--[\s\S]*?-->|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>|[^<]+/g;
const ATTRIBUTE = /([^\s=>/]+)(?:="([^"]*)")?/g;
const ENTITY = /&(?:amp|lt|gt|quot|#39|#x27|#(\d+));/g;
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};

function unescapeHtml(text: string): string {
  return text.replace(ENTITY, (m, code) => code ? String.fromCharCode(Number(code)) : ENTITIES[m]);
}

/** The elements and text a template vnode renders, as `h()` would have made them. */
function templateElements(template: VNode): unknown {
  const root: { children: unknown[] } = { children: [] };
  const stack: { type: string; props: Record<string, unknown>; children: unknown[] }[] = [];
  const top = () => stack.at(-1) ?? root;
  const close = () => {
    const element = stack.pop()!;
    const { children } = element;
    if (children.length > 0) {
      element.props.children = children.length === 1 ? children[0] : children;
    }
    top().children.push(h(element.type, element.props));
  };
  for (const [token, end, start, attributes] of renderToString(template).matchAll(TOKEN)) {
    if (token.startsWith("<!--")) continue;
    if (end) {
      while (stack.length > 0 && stack.at(-1)!.type !== end.toLowerCase()) close();
      if (stack.length > 0) close();
    } else if (start) {
      const props: Record<string, unknown> = {};
      for (const [, name, value] of (attributes ?? "").matchAll(ATTRIBUTE)) {
        props[name] = value === undefined ? true : unescapeHtml(value);
      }
      stack.push({ type: start.toLowerCase(), props, children: [] });
      if (VOID.has(start.toLowerCase()) || token.endsWith("/>")) close();
    } else {
      top().children.push(unescapeHtml(token));
    }
  }
  while (stack.length > 0) close();
  const { children } = root;
  return children.length === 1 ? children[0] : children;
}
