import { assertEquals, assertMatch, assertThrows } from "./testdata/assert.ts";
import { createFixtureApp, request } from "./testdata/fixture.ts";
import { buildRouteTable, matchRoute } from "./routes.ts";

const app = createFixtureApp();

Deno.test("[web] index.tsx serves / as an HTML page", async () => {
  const res = await request(app, "/");
  assertEquals(res.status, 200);
  assertEquals(res.headers.get("Content-Type"), "text/html; charset=utf-8");
  const html = await res.text();
  assertMatch(html, /^<!DOCTYPE html><html lang="cs">/);
  assertMatch(html, /<h1>Vítejte<\/h1><p>route \/<\/p>/);
});

Deno.test("[web] a static segment wins over a dynamic one", async () => {
  const res = await request(app, "/posts/new");
  assertEquals(res.status, 200);
  assertMatch(await res.text(), /<h1>Nový příspěvek<\/h1>/);
});

Deno.test("[web] dynamic segment [id] is passed in params, decoded", async () => {
  const res = await request(app, "/posts/k%C5%99%C3%AD%C5%BE");
  assertEquals(res.status, 200);
  assertMatch(await res.text(), /<h1>Příspěvek kříž<\/h1><p>id kříž route \/posts\/:id<\/p>/);
});

Deno.test("[web] catch-all [...slug] takes the rest of the path, or nothing", async () => {
  assertMatch(
    await (await request(app, "/docs/a/b")).text(),
    /slug &quot;a\/b&quot; route \/docs\/:slug\*/,
  );
  assertMatch(await (await request(app, "/docs")).text(), /slug &quot;&quot;/);
});

Deno.test("[web] a (group) folder is left out of the URL", async () => {
  const res = await request(app, "/pricing");
  assertEquals(res.status, 200);
  assertMatch(await res.text(), /<h1>Ceník<\/h1>/);
});

Deno.test("[web] a dotted file name keeps its dots: uredni-deska.jsonld.ts", async () => {
  const res = await request(app, "/uredni-deska.jsonld");
  assertEquals(res.status, 200);
  assertEquals(res.headers.get("Content-Type"), "application/ld+json; charset=utf-8");
  assertEquals(await res.json(), { typ: "Úřední deska" });
});

Deno.test("[web] a method the handler lacks answers 405 with Allow", async () => {
  const res = await request(app, "/api/items", { method: "POST" });
  assertEquals(res.status, 405);
  assertEquals(res.headers.get("Allow"), "GET, DELETE, HEAD");
  await res.body?.cancel();
  const page = await request(app, "/about", { method: "PUT" });
  assertEquals(page.status, 405);
  assertEquals(page.headers.get("Allow"), "GET, HEAD");
  await page.body?.cancel();
});

Deno.test("[web] HEAD is served by GET, without a body", async () => {
  const res = await request(app, "/api/items", { method: "HEAD" });
  assertEquals(res.status, 200);
  assertEquals(res.headers.get("Content-Type"), "application/json");
  assertEquals(await res.text(), "");
});

Deno.test("[web] ctx.redirect answers 303 See Other", async () => {
  const res = await request(app, "/go");
  assertEquals(res.status, 303);
  assertEquals(res.headers.get("Location"), "/about");
});

Deno.test("[web] routes are tried most specific first", () => {
  const page = { default: () => null };
  const table = buildRouteTable({
    baseUrl: "file:///app/routes.gen.ts",
    islands: {},
    routes: {
      "./routes/[...all].tsx": page,
      "./routes/[name].tsx": page,
      "./routes/[name].json.ts": page,
      "./routes/a/index.tsx": page,
      "./routes/a/[...rest].tsx": page,
      "./routes/a/b.tsx": page,
      "./routes/index.tsx": page,
    },
  });
  assertEquals(table.routes.map((route) => route.pattern), [
    "/a/b",
    "/a",
    "/a/:rest*",
    "/:name.json",
    "/:name",
    "/",
    "/:all*",
  ]);
  const match = (path: string) => {
    const found = matchRoute(table, path === "/" ? [] : path.slice(1).split("/"));
    return found && [found.route.pattern, found.params];
  };
  assertEquals(match("/a"), ["/a", {}]);
  assertEquals(match("/a/x/y"), ["/a/:rest*", { rest: "x/y" }]);
  assertEquals(match("/x.json"), ["/:name.json", { name: "x" }]);
  assertEquals(match("/"), ["/", {}]);
  assertEquals(match("/x/y"), ["/:all*", { all: "x/y" }]);
});

Deno.test("[web] two files serving the same path are refused", () => {
  const page = { default: () => null };
  assertThrows(
    () =>
      buildRouteTable({
        baseUrl: "file:///app/routes.gen.ts",
        islands: {},
        routes: { "./routes/[id].tsx": page, "./routes/[slug].tsx": page },
      }),
    Error,
    "both serve",
  );
});
