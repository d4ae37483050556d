import { signal } from "@preact/signals";
import { h } from "preact";
import {
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertNotMatch,
  assertStringIncludes,
} from "./testdata/assert.ts";
import { createFixtureApp, request } from "./testdata/fixture.ts";
import { bundleIslands } from "./bundle.ts";
import { decodeIslandProps } from "./client.ts";
import { serializeIslandProps } from "./serialize.ts";

const app = createFixtureApp();
await app.prebuild();

async function counterPage() {
  const res = await request(app, "/counter");
  const html = await res.text();
  const nonce = /script-src 'nonce-([^']+)'/.exec(res.headers.get("Content-Security-Policy")!)![1];
  const props =
    /<script type="application\/json" id="__frsh_props"[^>]*>(.*?)<\/script>/.exec(html)![1];
  const module = /<script type="module"[^>]*>(.*?)<\/script>/.exec(html)![1];
  return { res, html, nonce, props, module };
}

Deno.test("[web] an island's server HTML sits between comment markers", async () => {
  const { res, html } = await counterPage();
  assertEquals(res.status, 200);
  assertStringIncludes(
    html,
    `<!--frsh-Counter:0--><div class="counter"><p>Počet: <output>3</output></p>` +
      `<button type="button">Přidat 1</button><span class="badge">uvnitř</span></div>` +
      `<!--/frsh-Counter:0-->`,
  );
  assertStringIncludes(
    html,
    `<!--frsh-Badge:3--><span class="badge">venku</span><!--/frsh-Badge:3-->`,
  );
});

Deno.test("[web] an island inside another island is not hydrated on its own", async () => {
  const { html } = await counterPage();
  assertEquals(html.match(/<!--frsh-Badge:/g)?.length, 1);
});

Deno.test("[web] island props are serialized; a shared signal keeps one identity", async () => {
  const { props } = await counterPage();
  const [first, second, panel, badge] = decodeIslandProps(props);
  assertEquals(first.label, "Počet");
  assertEquals((first.count as { value: number }).value, 3);
  assertEquals(second.count === first.count, true);
  assertEquals(second.step, 10);
  assertEquals(badge, { text: "venku" });
  assertEquals(JSON.parse(props)[0].count, { __frsh: "signal", id: 0, value: 3 });
  assertEquals(panel.title, "Nápověda");
});

Deno.test("[web] HTML children of an island travel with its props", async () => {
  const { html, props } = await counterPage();
  assertStringIncludes(
    html,
    `<div class="panel-body"><p>Klikněte na <strong>Přidat</strong>.</p></div>`,
  );
  const children = decodeIslandProps(props)[2].children as ReturnType<typeof h>;
  assertEquals(children.type, "p");
  const [text, strong] = (children.props as { children: [string, ReturnType<typeof h>] }).children;
  assertEquals([text, strong.type, strong.props], ["Klikněte na ", "strong", {
    children: "Přidat",
  }]);
});

Deno.test("[web] the hydration scripts carry the CSP nonce and load each island once", async () => {
  const { html, nonce, module } = await counterPage();
  assertStringIncludes(html, `<script type="application/json" id="__frsh_props" nonce="${nonce}">`);
  assertStringIncludes(html, `<script type="module" nonce="${nonce}">`);
  assertMatch(module, /^import \{ revive \} from "\/_frsh\/js\/frsh-client-[A-Z0-9]+\.js";/);
  assertEquals(module.match(/import Counter from/g)?.length, 1);
  assertMatch(module, /revive\(\{ Counter, Panel, Badge \}\);$/);
  assertMatch(html, /<\/script><\/body><\/html>$/);
});

Deno.test("[web] a page without islands ships no script at all", async () => {
  const html = await (await request(app, "/about")).text();
  assertNotMatch(html, /<script|modulepreload/);
});

Deno.test("[web] island bundles are served as JavaScript cached for a year", async () => {
  const { module } = await counterPage();
  for (const [, path] of module.matchAll(/from "([^"]+)"/g)) {
    assertMatch(path, /^\/_frsh\/js\/[A-Za-z-]+-[A-Z0-9]{8}\.js$/);
    const res = await request(app, path);
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("Content-Type"), "text/javascript; charset=utf-8");
    assertEquals(res.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
    assertMatch(await res.text(), /import|export/);
  }
  const missing = await request(app, "/_frsh/js/Nope-AAAAAAAA.js");
  assertEquals(missing.status, 404);
  await missing.body?.cancel();
});

Deno.test("[web] an island's file name changes when its source changes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/Hello.tsx`;
    const build = async (text: string) => {
      await Deno.writeTextFile(path, `export default () => <p>${text}</p>;\n`);
      const bundle = await bundleIslands([{ name: "Hello", url: `file://${path}` }]);
      return bundle.islands.get("Hello")!;
    };
    const first = await build("Ahoj");
    assertEquals(await build("Ahoj"), first);
    assertNotEquals(await build("Nazdar"), first);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[web] a function in island props fails the render with a clear error", async () => {
  const errors: unknown[] = [];
  const app = createFixtureApp({ onError: (error) => errors.push(error) });
  const res = await request(app, "/bad-island");
  assertEquals(res.status, 500);
  await res.body?.cancel();
  assertEquals(
    (errors[0] as Error).message,
    `Island Echo: prop "value.onPick" is a function; ` +
      "island props must be JSON values, signals or HTML elements",
  );
});

Deno.test("[web] props serialization round-trips and cannot close its <script>", () => {
  const shared = signal({ items: ["a"] });
  const json = serializeIslandProps([
    {
      name: "A",
      props: {
        text: "</script><script>alert(1)</script>",
        nested: { list: [1, null, true, undefined], __frsh: "user data" },
        shared,
        child: h("em", { class: "x" }, "ahoj"),
      },
    },
    { name: "B", props: { shared } },
  ]);
  assertNotMatch(json, /<\/script/i);
  const [a, b] = decodeIslandProps(json);
  assertEquals(a.text, "</script><script>alert(1)</script>");
  assertEquals(a.nested, { list: [1, null, true, undefined], __frsh: "user data" });
  assertEquals((a.shared as typeof shared).value, { items: ["a"] });
  assertEquals(b.shared === a.shared, true);
  const child = a.child as ReturnType<typeof h>;
  assertEquals([child.type, child.props], ["em", { class: "x", children: "ahoj" }]);
});
