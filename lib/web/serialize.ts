import { isValidElement } from "preact";
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
