import { assertEquals } from "./testdata/assert.ts";
import { createFixtureApp, request } from "./testdata/fixture.ts";
import { contentType } from "./static.ts";

const app = createFixtureApp();

Deno.test("[web] files in static/ are served at the root with their content type", async () => {
  const res = await request(app, "/favicon.svg");
  assertEquals(res.status, 200);
  assertEquals(res.headers.get("Content-Type"), "image/svg+xml");
  assertEquals(res.headers.get("Cache-Control"), "public, max-age=3600");
  assertEquals((await res.text()).startsWith("<svg"), true);
  const css = await request(app, "/styles.css");
  assertEquals(css.headers.get("Content-Type"), "text/css; charset=utf-8");
  await css.body?.cancel();
});

Deno.test("[web] content types cover the portal's asset kinds", () => {
  assertEquals(
    ["a.js", "a.woff2", "a.png", "favicon.ico", "robots.txt", "a.json"].map(contentType),
    [
      "text/javascript; charset=utf-8",
      "font/woff2",
      "image/png",
      "image/x-icon",
      "text/plain; charset=utf-8",
      "application/json; charset=utf-8",
    ],
  );
});

Deno.test("[web] a static file answers If-None-Match with 304", async () => {
  const first = await request(app, "/robots.txt");
  const etag = first.headers.get("ETag")!;
  await first.body?.cancel();
  const again = await request(app, "/robots.txt", { headers: { "If-None-Match": etag } });
  assertEquals(again.status, 304);
  assertEquals(again.headers.get("ETag"), etag);
  assertEquals(await again.text(), "");
});

Deno.test("[web] hashed and /static-immutable files are cached immutably", async () => {
  for (const path of ["/app.3f2a9b1c.css", "/static-immutable/logo.txt"]) {
    const res = await request(app, path);
    assertEquals(res.status, 200, path);
    assertEquals(res.headers.get("Cache-Control"), "public, max-age=31536000, immutable", path);
    await res.body?.cancel();
  }
});

Deno.test("[web] static serving never leaves the static folder", async () => {
  for (
    const path of [
      "/..%2Fdefine.ts",
      "/%2E%2E/define.ts",
      "/static-immutable/",
      "/static-immutable",
    ]
  ) {
    const res = await request(app, path);
    assertEquals(res.status, 404, path);
    await res.body?.cancel();
  }
});
