import assert from "node:assert/strict";
import {
  LIST_PROBLEMS,
  listHref,
  listQueryOrThrow,
  pageCount,
  parseListDate,
  parseListQuery,
} from "./list_query.ts";
import { HttpError } from "./page.ts";

const SPEC = {
  stav: ["scheduled", "published", "expired", "withdrawn"],
  od: "date",
  do: "date",
  autor: "uuid",
  agenda: "text",
} as const;

const parse = (search: string) =>
  parseListQuery(new URL(`http://x/urad/uredni-deska${search}`), SPEC);

Deno.test("a list's query: search, filters, page and format survive parsing", () => {
  const result = parse(
    "?q=%20%C3%BAzemn%C3%AD%20%20pl%C3%A1n%20&stav=published&od=2026-01-31&do=2.%2012.%202026" +
      "&autor=0B6F5D7E-1C2A-4E55-9A7B-3F4E5D6C7B8A&agenda=Volby&strana=3&format=xlsx",
  );
  assert.ok(result.ok);
  assert.deepEqual(result.query, {
    q: "územní plán",
    filters: {
      stav: "published",
      od: "2026-01-31",
      do: "2026-12-02",
      autor: "0b6f5d7e-1c2a-4e55-9a7b-3f4e5d6c7b8a",
      agenda: "Volby",
    },
    page: 3,
    pageSize: 50,
    format: "xlsx",
  });
});

Deno.test("a list's query: nothing given is page 1 of everything as HTML", () => {
  const result = parseListQuery(new URL("http://x/l"), SPEC, { pageSize: 20 });
  assert.deepEqual(result, {
    ok: true,
    query: { q: "", filters: {}, page: 1, pageSize: 20, format: "html" },
  });
});

Deno.test("the search text is NFC: a decomposed 'ú' arrives composed", () => {
  const result = parse(`?q=${encodeURIComponent("u\u0301zemni\u0301")}`);
  assert.ok(result.ok);
  assert.equal(result.query.q, "územní");
});

Deno.test("a page that is no page number is a problem, not page 1", () => {
  for (const bad of ["0", "-1", "abc", "1.5", "1e3", "100001", "99999999999999999999"]) {
    const result = parse(`?strana=${encodeURIComponent(bad)}`);
    assert.deepEqual(result, { ok: false, problems: [LIST_PROBLEMS.page] }, bad);
  }
});

Deno.test("an unknown value of a select filter and a malformed id are dropped", () => {
  const result = parse("?stav=deleted&autor=not-a-uuid&q=x");
  assert.ok(result.ok);
  assert.deepEqual(result.query.filters, {});
  assert.equal(result.query.q, "x");
});

Deno.test("a search longer than 200 characters is a problem", () => {
  assert.ok(parse(`?q=${"a".repeat(200)}`).ok);
  assert.deepEqual(parse(`?q=${"a".repeat(201)}`), {
    ok: false,
    problems: [LIST_PROBLEMS.searchTooLong],
  });
  // Characters, not UTF-8 bytes or UTF-16 units: 200 × "ž" is fine.
  assert.ok(parse(`?q=${encodeURIComponent("ž".repeat(200))}`).ok);
});

Deno.test("a date that is no date is a problem", () => {
  for (const bad of ["2026-02-30", "2026-13-01", "31.2.2026", "zítra", "2026-1-1", "0999-01-01"]) {
    const result = parse(`?od=${encodeURIComponent(bad)}`);
    assert.deepEqual(result, { ok: false, problems: [LIST_PROBLEMS.date] }, bad);
  }
  assert.equal(parseListDate("2024-02-29"), "2024-02-29");
  assert.equal(parseListDate("1. 3. 2026"), "2026-03-01");
});

Deno.test("an unknown format and control characters are problems; all problems are listed", () => {
  assert.deepEqual(parse("?format=pdf"), { ok: false, problems: [LIST_PROBLEMS.format] });
  assert.deepEqual(parse("?q=a%00b"), { ok: false, problems: [LIST_PROBLEMS.characters] });
  assert.deepEqual(parse("?strana=x&od=y"), {
    ok: false,
    problems: [LIST_PROBLEMS.page, LIST_PROBLEMS.date],
  });
});

Deno.test("every problem is an errors key the error page translates", async () => {
  const cs = JSON.parse(await Deno.readTextFile(new URL("../../locales/cs.json", import.meta.url)));
  const en = JSON.parse(await Deno.readTextFile(new URL("../../locales/en.json", import.meta.url)));
  for (const key of Object.values(LIST_PROBLEMS)) {
    assert.match(key, /^(?:[a-zA-Z]+\.)?errors\.\w+$/);
    const [area, , name] = key.split(".");
    assert.equal(typeof cs[area].errors[name], "string", key);
    assert.equal(typeof en[area].errors[name], "string", key);
  }
});

Deno.test("listQueryOrThrow throws a 400 with the first problem", () => {
  assert.throws(
    () => listQueryOrThrow(new URL("http://x/l?strana=nula"), SPEC),
    (e) => e instanceof HttpError && e.status === 400 && e.message === LIST_PROBLEMS.page,
  );
});

Deno.test("listHref keeps the search and filters, starts a changed filter at page 1", () => {
  const result = parse("?q=pl%C3%A1n&stav=published&strana=4");
  assert.ok(result.ok);
  const query = result.query;
  assert.equal(
    listHref("/urad/uredni-deska", query, { stav: "expired" }),
    "/urad/uredni-deska?q=pl%C3%A1n&stav=expired",
  );
  assert.equal(
    listHref("/urad/uredni-deska", query, { strana: "5" }),
    "/urad/uredni-deska?q=pl%C3%A1n&stav=published&strana=5",
  );
  assert.equal(
    listHref("/urad/uredni-deska", query, { strana: "1" }),
    "/urad/uredni-deska?q=pl%C3%A1n&stav=published",
  );
  assert.equal(
    listHref("/urad/uredni-deska", query, { stav: null, q: null }),
    "/urad/uredni-deska",
  );
  assert.equal(
    listHref("/urad/uredni-deska", query, { format: "csv" }),
    "/urad/uredni-deska?q=pl%C3%A1n&stav=published&format=csv",
  );
});

Deno.test("pageCount is at least 1", () => {
  assert.equal(pageCount(0, 50), 1);
  assert.equal(pageCount(50, 50), 1);
  assert.equal(pageCount(51, 50), 2);
});
