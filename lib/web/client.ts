/**
 * The browser half of islands, bundled by esbuild with the islands: finds each island's
 * markers, revives its props and hydrates it in place. Nothing else on the page is touched.
 */
import { type ComponentType, h, hydrate } from "preact";
import { type Signal, signal } from "@preact/signals";
import { type Encoded, MARKER, PROPS_SCRIPT_ID, TAG } from "./island_format.ts";

type Island = ComponentType<Record<string, unknown>>;

export function revive(islands: Record<string, Island>): void {
  const json = document.getElementById(PROPS_SCRIPT_ID)?.textContent ?? "[]";
  const allProps = decodeIslandProps(json);
  for (const { name, index, start, end } of findIslands(document.body)) {
    const island = islands[name];
    if (island) hydrate(h(island, allProps[index]), rootBetween(start, end));
  }
}

/** The inverse of the server's `serializeIslandProps`: each island's props, by index. */
export function decodeIslandProps(json: string): Record<string, unknown>[] {
  const decoder = new PropsDecoder();
  return (JSON.parse(json) as Record<string, Encoded>[]).map((props) => decoder.object(props));
}

class PropsDecoder {
  #signals = new Map<number, Signal>();

  value(value: Encoded): unknown {
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value === null || typeof value !== "object") return value;
    switch (value[TAG]) {
      case "signal":
        return this.#signal(value.id as number, value.value);
      case "element": {
        const props = this.object(value.props as Record<string, Encoded>);
        return h(value.type as string, props);
      }
      case "undefined":
        return undefined;
      case "object":
        return this.object(value.value as Record<string, Encoded>);
      default:
        return this.object(value);
    }
  }

  object(value: Record<string, Encoded>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.value(item)]));
  }

  #signal(id: number, value: Encoded | undefined): Signal {
    let revived = this.#signals.get(id);
    if (!revived) {
      revived = signal(this.value(value ?? null));
      this.#signals.set(id, revived);
    }
    return revived;
  }
}

interface FoundIsland {
  name: string;
  index: number;
  start: Comment;
  end: Comment;
}

function findIslands(root: Node): FoundIsland[] {
  const found: FoundIsland[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const start = node as Comment;
    const match = MARKER.exec(start.data);
    const end = match && closingMarker(start);
    if (match && end) found.push({ name: match[1], index: Number(match[2]), start, end });
  }
  return found;
}

function closingMarker(start: Comment): Comment | null {
  for (let node = start.nextSibling; node; node = node.nextSibling) {
    if (node.nodeType === Node.COMMENT_NODE && (node as Comment).data === `/${start.data}`) {
      return node as Comment;
    }
  }
  return null;
}

/**
 * A stand-in parent holding only the nodes between two markers, so Preact can hydrate and
 * later update an island that shares its real parent with other content (Fresh 1's trick).
 * It implements just what Preact's render/diff use of a parent node.
 */
function rootBetween(start: Comment, end: Comment): Element {
  const parent = start.parentNode as Element;
  const children = (): ChildNode[] => {
    const nodes: ChildNode[] = [];
    for (let node = start.nextSibling; node && node !== end; node = node.nextSibling) {
      nodes.push(node);
    }
    return nodes;
  };
  const root = {
    nodeType: Node.ELEMENT_NODE,
    namespaceURI: parent.namespaceURI,
    ownerDocument: parent.ownerDocument,
    parentNode: parent,
    get firstChild() {
      return start.nextSibling === end ? null : start.nextSibling;
    },
    get childNodes() {
      return children();
    },
    insertBefore: (node: Node, before: Node | null) => parent.insertBefore(node, before ?? end),
    appendChild: (node: Node) => parent.insertBefore(node, end),
    removeChild: (node: Node) => parent.removeChild(node),
  };
  // Not a real Element, but everything Preact touches on one.
  return root as unknown as Element;
}
