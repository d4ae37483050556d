import assert from "node:assert/strict";
import { assertEquals, assertStringIncludes } from "./testdata/assert.ts";
import { createFixtureApp, request } from "./testdata/fixture.ts";
import {
  checkedUrl,
  cleanFormData,
  cleanInput,
  isSafeHeaderValue,
  refusedTarget,
} from "./input.ts";
import { HttpError } from "./page.ts";
import { CONTROL_CHARACTERS, hex } from "./testdata/characters.ts";

const app = createFixtureApp();

function refusal(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

Deno.test("[web] a header value is only visible ASCII, space and tab", () => {
  for (const ch of CONTROL_CHARACTERS) {
    assertEquals(isSafeHeaderValue(`/a${ch}b`), ch === "\t", hex(ch));
  }
  assert(isSafeHeaderValue("/uredni-deska?q=%C4%8D"));
  assert(!isSafeHeaderValue("/úřad"), "non-ASCII must be percent-encoded first");
});

Deno.test("[web] ctx.redirect with any control character answers 400, and the process stays", async () => {
  for (const ch of CONTROL_CHARACTERS) {
    const body = new URLSearchParams({ _csrf: "t", next: `/${ch}/evil.example` });
    const res = await request(app, "/form", { method: "POST", body });
    await res.body?.cancel();
    // \t and line breaks are text in a form field, so they reach the handler's redirect;
    // everything else is refused already when the form is read.
    assertEquals(res.status, 400, hex(ch));
    assertEquals(res.headers.get("location"), null, hex(ch));
  }
});

Deno.test("[web] no response leaves with an unsafe header value: a plain 500 instead", async () => {
  const unsafe = createFixtureApp({
    middleware: [async (c, next) => {
      await next();
      c.res.headers.set("X-Echo", "a\x0bb");
    }],
  });
  const res = await request(unsafe, "/about");
  assertEquals(res.status, 500);
  assertEquals(res.headers.get("x-echo"), null);
  await res.body?.cancel();
});

Deno.test("[web] form text: controls and invalid UTF-8 refused, NFC, bidi refused in names", () => {
  for (const ch of CONTROL_CHARACTERS) {
    const allowed = ch === "\t" || ch === "\n" || ch === "\r" || ch === "\u2028" ||
      ch === "\u2029";
    assertEquals(refusal(() => cleanInput(`a${ch}b`)), allowed ? undefined : 400, hex(ch));
  }
  assertEquals(refusal(() => cleanInput("Jan\ufffd")), 400, "invalid UTF-8 decodes to U+FFFD");
  assertEquals(cleanInput("Nova\u0301k"), "Novák");
  assertEquals(cleanInput("heslo\u0301", { verbatim: true }), "heslo\u0301");
  for (const bidi of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]) {
    assertEquals(refusal(() => cleanInput(`Jan${bidi}`, { name: true })), 400, hex(bidi));
    assertEquals(cleanInput(`text${bidi}`), `text${bidi}`, "other text keeps it");
  }
  const form = new FormData();
  form.append("familyName", "Nova\u0301k");
  form.append("password", "e\u0301");
  assertEquals(cleanFormData(form).get("familyName"), "Novák");
  assertEquals(cleanFormData(form).get("password"), "e\u0301");
  const named = new FormData();
  named.append("givenName", "Jan\u202e");
  assertEquals(refusal(() => cleanFormData(named)), 400);
  const file = new FormData();
  file.append("document", new File(["%PDF"], "plna-moc\u202efdp.exe", { type: "application/pdf" }));
  assertEquals(refusal(() => cleanFormData(file)), 400, "a file name with a bidi override");
});

Deno.test("[web] a form with NUL, bad UTF-8 or a bidi file name gets a 400 page, not a 500", async () => {
  const bodies: BodyInit[] = [
    new URLSearchParams({ _csrf: "t", name: "Jan\0" }),
    "_csrf=t&name=%FF%FE",
    "_csrf=t&na%00me=x",
  ];
  const multipart = new FormData();
  multipart.append("attachment", new File(["x"], "a\u202etxt.exe"));
  bodies.push(multipart);
  for (const body of bodies) {
    const headers = typeof body === "string"
      ? { "Content-Type": "application/x-www-form-urlencoded" }
      : undefined;
    const res = await request(app, "/form", { method: "POST", body, headers });
    assertEquals(res.status, 400, String(body));
    await res.body?.cancel();
  }
  const ok = await request(app, "/form", {
    method: "POST",
    body: new URLSearchParams({ _csrf: "t", name: "Jan Nova\u0301k" }),
  });
  assertStringIncludes(await ok.text(), `<p id="name">Jan Novák</p>`);
});

Deno.test("[web] query parameters: NUL, controls and bad UTF-8 are 400; text is NFC", async () => {
  for (const query of ["?q=%00", "?agenda=%00", "?q=a%0Bb", "?q=%FF", "?%00=x", "?q=%E2%80%AE"]) {
    const res = await request(app, `/about${query}`);
    // U+202E is refused only in names: `q` is not one.
    assertEquals(res.status, query.endsWith("AE") ? 200 : 400, query);
    await res.body?.cancel();
  }
  const url = checkedUrl(new URL("http://obec.test/?q=Nova%CC%81k&x=1"));
  assertEquals(url.searchParams.get("q"), "Novák");
});

Deno.test("[web] a path segment over 255 bytes or with a control character is a 404 page", async () => {
  for (const path of [`/${"a".repeat(256)}`, `/${"č".repeat(200)}`, "/posts/%00", "/a%0Bb"]) {
    const res = await request(app, path);
    assertEquals(res.status, 404, path.slice(0, 20));
    assertStringIncludes(await res.text(), "<h1>");
  }
});

Deno.test("[web] a malformed Host or a target for another host is a 400 page", async () => {
  for (
    const host of ["localhost:abc", "local host", "a/b", "[::1", "localhost:1:2", "x".repeat(300)]
  ) {
    const req = new Request("http://obec.test/about", { headers: { host } });
    assert(refusedTarget(req), host);
    const res = await app.fetch(req);
    assertEquals(res.status, 400, host);
    assertStringIncludes(await res.text(), "Chybný požadavek");
  }
  const absolute = new Request("http://dubova.test/about", { headers: { host: "obec.test" } });
  assertEquals(refusedTarget(absolute), "absolute-form target for another host");
  for (const host of ["obec.test", "OBEC.test", "obec.test:80"]) {
    const req = new Request("http://obec.test/about", { headers: { host } });
    assertEquals(refusedTarget(req), undefined, host);
  }
});
