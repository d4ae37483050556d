import {
  assertEquals,
  assertMatch,
  assertNotMatch,
  assertStringIncludes,
} from "./testdata/assert.ts";
import { createFixtureApp, request } from "./testdata/fixture.ts";
import { createApp, HttpError } from "./mod.ts";

const app = createFixtureApp();

Deno.test("[web] _app wraps the root layout, which wraps the page", async () => {
  const html = await (await request(app, "/about")).text();
  assertStringIncludes(
    html,
    `<body data-trail="root"><div class="layout-root"><h1>O obci</h1></div></body></html>`,
  );
});

Deno.test("[web] layouts nest outermost first, group folders included", async () => {
  const admin = await (await request(app, "/admin")).text();
  assertStringIncludes(admin, `<div class="layout-root"><div class="layout-admin"><p>`);
  const pricing = await (await request(app, "/pricing")).text();
  assertStringIncludes(pricing, `<div class="layout-root"><section class="layout-marketing"><h1>`);
});

Deno.test("[web] skipInheritedLayouts drops the layouts of enclosing folders", async () => {
  const html = await (await request(app, "/admin/print")).text();
  assertStringIncludes(
    html,
    `<body data-trail="root>admin>admin-guard"><div class="layout-print">`,
  );
  assertNotMatch(html, /layout-root|layout-admin/);
});

Deno.test("[web] <Head> content lands in <head> and its <title> replaces _app's", async () => {
  const html = await (await request(app, "/")).text();
  const head = html.slice(0, html.indexOf("</head>"));
  assertStringIncludes(
    head,
    `<title>Domů</title><meta name="description" content="Úvodní stránka">`,
  );
  assertNotMatch(head, /Fixture/);
  assertNotMatch(html.slice(html.indexOf("</head>")), /<title>|description/);
});

Deno.test("[web] a thrown error renders _error with 500 and no stack trace", async () => {
  const logged: unknown[] = [];
  const app = createFixtureApp({ onError: (error) => logged.push(error) });
  const res = await request(app, "/boom");
  assertEquals(res.status, 500);
  assertEquals(res.headers.get("Content-Type"), "text/html; charset=utf-8");
  const html = await res.text();
  assertStringIncludes(html, "<h1>Chyba 500</h1><p>Omlouváme se, něco se pokazilo.</p>");
  assertNotMatch(html, /tajný detail|boom\.tsx|at GET/);
  assertEquals((logged[0] as Error).message, "tajný detail databáze");
});

Deno.test("[web] by default an unexpected error is logged as one JSON line", async () => {
  const app = createFixtureApp({ onError: undefined });
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => lines.push(line);
  try {
    await (await request(app, "/boom")).body?.cancel();
  } finally {
    console.error = original;
  }
  assertEquals(lines.length, 1);
  const entry = JSON.parse(lines[0]);
  assertEquals([entry.level, entry.method, entry.path], ["error", "GET", "/boom"]);
  assertEquals(entry.error.message, "tajný detail databáze");
});

Deno.test("[web] HttpError(403) from a handler renders _error with 403", async () => {
  const res = await request(app, "/forbidden");
  assertEquals(res.status, 403);
  assertStringIncludes(await res.text(), "<h1>Chyba 403</h1><p>Přístup odepřen</p>");
});

Deno.test("[web] HttpError(404) from a handler renders _404", async () => {
  const res = await request(app, "/posts/0");
  assertEquals(res.status, 404);
  assertStringIncludes(await res.text(), "<h1>Stránka nenalezena</h1><p>/posts/0</p>");
});

Deno.test("[web] an unknown path renders _404 inside _app", async () => {
  const res = await request(app, "/neexistuje");
  assertEquals(res.status, 404);
  assertEquals(res.headers.get("Content-Type"), "text/html; charset=utf-8");
  const html = await res.text();
  assertMatch(html, /^<!DOCTYPE html><html lang="cs"><head>.*<title>Nenalezeno<\/title>/);
  assertStringIncludes(html, "<h1>Stránka nenalezena</h1><p>/neexistuje</p>");
});

const Page = () => null;
const Throwing = () => {
  throw new Error("render failed");
};

Deno.test("[web] without _404, an unknown path renders _error with HttpError(404)", async () => {
  const app = createApp({
    manifest: {
      baseUrl: "https://edge.example/routes.gen.ts",
      islands: {},
      routes: {
        "./routes/index.tsx": { default: Page },
        "./routes/_error.tsx": {
          default: ({ error }: { error?: unknown }) =>
            `status ${error instanceof HttpError ? error.status : "?"}`,
        },
      },
    },
  });
  const res = await request(app, "/missing");
  assertEquals(res.status, 404);
  assertMatch(await res.text(), /<body>status 404<\/body>/);
});

Deno.test("[web] if _error itself throws, the answer is plain Czech text", async () => {
  const app = createApp({
    onError: () => {},
    manifest: {
      baseUrl: "https://edge.example/routes.gen.ts",
      islands: {},
      routes: {
        "./routes/index.tsx": { default: Throwing },
        "./routes/_error.tsx": { default: Throwing },
      },
    },
  });
  const res = await request(app, "/");
  assertEquals(res.status, 500);
  assertEquals(res.headers.get("Content-Type"), "text/plain; charset=utf-8");
  assertEquals(await res.text(), "Nastala chyba serveru.");
});
