/**
 * Server rendering: `_app` wraps layouts wrap the page, `<Head>` content goes into `<head>`, and
 * islands rendered on the way are marked and their props recorded (Fresh 1's approach, through
 * Preact's `options.vnode` hook).
 */
import {
  type ComponentChildren,
  type ComponentType,
  createContext,
  Fragment,
  h,
  options,
  type VNode,
} from "preact";
import { useContext } from "preact/hooks";
import { renderToString } from "preact-render-to-string";
import { markerText, PROPS_SCRIPT_ID } from "./island_format.ts";
import { type IslandUse, serializeIslandProps } from "./serialize.ts";
import type { PageComponent, PageProps } from "./types.ts";

/** What one synchronous render pass collects; `null` outside of `renderPage`. */
interface Collector {
  islands: IslandUse[];
  head: ComponentChildren[];
}
let collector: Collector | null = null;

/** Renders its children into the document's `<head>`, from anywhere in the page. */
export function Head({ children }: { children?: ComponentChildren }): null {
  collector?.head.push(children);
  return null;
}

type Island = ComponentType<Record<string, unknown>>;
const islandRoots = new Map<unknown, Island>();
const InsideIsland = createContext(false);

/** From now on, rendering `component` on the server marks it as island `name`. */
export function registerIsland(name: string, component: Island): void {
  if (!islandRoots.has(component)) islandRoots.set(component, islandRoot(name, component));
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode) => {
  const root = islandRoots.get(vnode.type);
  if (root) vnode.type = root;
  previousVnodeHook?.(vnode);
};

function islandRoot(name: string, component: Island): Island {
  function IslandRoot(props: Record<string, unknown>) {
    const nested = useContext(InsideIsland);
    const inner = h(component, props);
    inner.type = component; // options.vnode swapped this wrapper in again; undo that here
    if (!collector || nested) return inner;
    const marker = markerText(name, collector.islands.push({ name, props }) - 1);
    return h(InsideIsland.Provider, { value: true }, comment(marker), inner, comment(`/${marker}`));
  }
  IslandRoot.displayName = `Island(${name})`;
  return IslandRoot;
}

function comment(text: string): VNode {
  // preact-render-to-string prints a Fragment with this prop as <!--text-->.
  return h(Fragment, { UNSTABLE_comment: text } as Record<string, unknown>);
}

export interface RenderInput<S> {
  app?: PageComponent<unknown, S>;
  layouts: PageComponent<unknown, S>[];
  page: PageComponent<unknown, S>;
  props: Omit<PageProps<unknown, S>, "Component">;
}

export interface RenderedPage {
  html: string;
  /** Names of the islands the page used, each once. */
  islands: string[];
  /** Their props, serialized; empty when there are none. */
  islandProps: string;
}

export function renderPage<S>({ app, layouts, page, props }: RenderInput<S>): RenderedPage {
  let Content: ComponentType = () => h(page, { ...props, Component: Nothing });
  for (const layout of [...layouts].reverse()) {
    const Inner: ComponentType = Content;
    Content = () => h(layout, { ...props, Component: Inner });
  }
  const Document: ComponentType = app
    ? () => h(app, { ...props, Component: Content })
    : () => h(DefaultDocument, null, h(Content, null));

  const own: Collector = { islands: [], head: [] };
  const previous = collector;
  collector = own;
  let html: string;
  try {
    html = renderToString(h(Document, null));
  } finally {
    collector = previous;
  }
  const head = own.head.length > 0 ? renderToString(h(Fragment, null, own.head)) : "";
  return {
    html: "<!DOCTYPE html>" + injectHead(html, head),
    islands: [...new Set(own.islands.map((island) => island.name))],
    islandProps: own.islands.length > 0 ? serializeIslandProps(own.islands) : "",
  };
}

/** The two scripts that hydrate a page's islands, for the end of `<body>`. */
export function islandScripts(
  page: RenderedPage,
  urls: { client: string; islands: ReadonlyMap<string, string> },
  nonce?: string,
): string {
  const nonceAttr = nonce ? ` nonce="${escapeAttribute(nonce)}"` : "";
  const imports = page.islands.map((name) =>
    `import ${name} from ${JSON.stringify(urls.islands.get(name))};`
  );
  return `<script type="application/json" id="${PROPS_SCRIPT_ID}"${nonceAttr}>` +
    `${page.islandProps}</script>` +
    `<script type="module"${nonceAttr}>import { revive } from ${JSON.stringify(urls.client)};` +
    `${imports.join("")}revive({ ${page.islands.join(", ")} });</script>`;
}

export function injectBeforeBodyEnd(html: string, content: string): string {
  const at = html.lastIndexOf("</body>");
  return at < 0 ? html + content : html.slice(0, at) + content + html.slice(at);
}

const DESCRIPTION = /<meta name="description"[^>]*>/;

/**
 * Puts `<Head>` content before `</head>`; a `<title>` or a meta description there replaces the
 * document's own.
 */
function injectHead(html: string, head: string): string {
  const at = html.indexOf("</head>");
  if (!head || at < 0) return html;
  let before = html.slice(0, at);
  if (head.includes("<title")) before = before.replace(/<title[\s>][\s\S]*?<\/title>/, "");
  if (head.includes('<meta name="description"')) before = before.replace(DESCRIPTION, "");
  return before + head + html.slice(at);
}

function Nothing(): null {
  return null;
}

/** Used when the app has no `_app`. */
function DefaultDocument({ children }: { children?: ComponentChildren }) {
  return h(
    "html",
    { lang: "cs" },
    h(
      "head",
      null,
      h("meta", { charset: "utf-8" }),
      h("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
    ),
    h("body", null, children),
  );
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
