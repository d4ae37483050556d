import { assertEquals, assertMatch, assertStringIncludes } from "./testdata/assert.ts";
import { createFixtureApp, request } from "./testdata/fixture.ts";

const app = createFixtureApp();

Deno.test("[web] middleware runs outermost first and ctx.next() returns the inner response", async () => {
  const res = await request(app, "/admin");
  assertEquals(res.status, 200);
  // The root middleware sets X-Trail after ctx.next(), from state the inner ones filled in.
  assertEquals(res.headers.get("X-Trail"), "root>admin>admin-guard");
  assertMatch(await res.text(), /<p>trail root>admin>admin-guard<\/p>/);
});

Deno.test("[web] a folder's middleware does not run for routes outside it", async () => {
  const res = await request(app, "/about");
  assertEquals(res.headers.get("X-Trail"), "root");
  await res.body?.cancel();
});

Deno.test("[web] root middleware runs for paths no route matches", async () => {
  const res = await request(app, "/no/such/page");
  assertEquals(res.status, 404);
  assertMatch(await res.text(), /<body data-trail="root">/);
});

Deno.test("[web] HttpError thrown in middleware renders _error with its status", async () => {
  const res = await request(app, "/admin", { headers: { "X-Deny": "1" } });
  assertEquals(res.status, 403);
  assertEquals(res.headers.get("Content-Type"), "text/html; charset=utf-8");
  assertMatch(await res.text(), /<h1>Chyba 403<\/h1><p>Přístup odepřen<\/p>/);
});

Deno.test("[web] a url-encoded body read in middleware is read again by the handler", async () => {
  const res = await request(app, "/form", {
    method: "POST",
    body: new URLSearchParams({ _csrf: "token-1", name: "Jan Novák" }),
  });
  assertEquals(res.status, 200);
  const html = await res.text();
  assertStringIncludes(html, `<p id="name">Jan Novák</p>`);
  assertStringIncludes(html, `<p id="csrf">token-1</p>`);
});

Deno.test("[web] a multipart body with a file is read by middleware and handler", async () => {
  const form = new FormData();
  form.set("_csrf", "token-2");
  form.set("name", "Eva");
  form.set("attachment", new File(["pes Alík"], "pes.txt", { type: "text/plain" }));
  const res = await request(app, "/form", { method: "POST", body: form });
  assertEquals(res.status, 200);
  const html = await res.text();
  assertStringIncludes(html, `<p id="name">Eva</p>`);
  assertStringIncludes(html, `<p id="file">pes.txt 9 pes Alík</p>`);
  assertStringIncludes(html, `<p id="csrf">token-2</p>`);
});

Deno.test("[web] a body that is not a form makes ctx.formData() a 400, not a 500", async () => {
  const res = await request(app, "/form", { method: "POST", body: "{}" });
  assertEquals(res.status, 400);
  assertMatch(await res.text(), /<h1>Chyba 400<\/h1>/);
});

Deno.test("[web] Hono middleware from createApp runs before routing", async () => {
  const res = await request(app, "/about");
  assertMatch(
    res.headers.get("Content-Security-Policy") ?? "",
    /script-src 'nonce-[^']+' 'strict-dynamic'/,
  );
  await res.body?.cancel();
});
