/**
 * The public registers of spending over HTTP (issue 12 items 4 and 5) on two towns of their own:
 * search without diacritics, the filters, the supplier page joining invoices, contracts and
 * orders, another town's records never shown, natural persons never named, 404s and Czech 400s,
 * every export format holding the same rows (CSV and xlsx parsed, docx read, PDF checked), and
 * the open data validating against its own JSON Schema.
 */
import JSZip from "jszip";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { exportRows, rowHeaders } from "./support/lists.ts";
import type { TestClient } from "./support/client.ts";
import { getDb } from "../lib/db.ts";

const opts = { ...shared, ignore: !hasServices };

const SUPPLIER = "27082440";
const OTHER_SUPPLIER = "45274649";

interface Towns {
  a: string;
  b: string;
  contractId: string;
  otherTownContractId: string;
}

let made: Promise<Towns> | undefined;

function towns(): Promise<Towns> {
  return made ??= makeTowns();
}

async function makeTown(db: ReturnType<typeof getDb>, label: string) {
  const slug = `vydaje-${label}-${crypto.randomUUID().slice(0, 8)}`;
  const host = `${slug}.localhost`;
  const tenant = await db.insertInto("tenants").values({
    slug,
    name: `Výdajová ${label.toUpperCase()}`,
    official_name: `Obec Výdajová ${label.toUpperCase()}`,
    ico: label === "a" ? "00000088" : "00000077",
    iban: "CZ6508000000192000145399",
    address: "Náves 1, 123 45 Výdajová",
    email: "podatelna@vydaje.invalid",
    phone: "+420000000088",
    hosts: [host],
    settings: "{}",
  }).returning("id").executeTakeFirstOrThrow();
  const imp = await db.insertInto("budget_imports").values({
    tenant_id: tenant.id,
    kind: "seed",
    year: null,
    mode: "append",
    file_name: "spending_test.ts",
    file_sha256: "0".repeat(64),
    row_count: 0,
    source: "seed",
  }).returning("id").executeTakeFirstOrThrow();
  return { tenantId: tenant.id, host, importId: imp.id };
}

async function makeTowns(): Promise<Towns> {
  await demoTowns();
  const db = getDb();
  const a = await makeTown(db, "a");
  const b = await makeTown(db, "b");
  const entry = (
    town: typeof a,
    e: {
      kind?: "KDF" | "KOF";
      document: string;
      on: string;
      paragraf: string;
      polozka: string;
      orj?: string;
      org?: string;
      halere: number;
      ico: string | null;
      name: string;
      description: string;
    },
  ) => ({
    tenant_id: town.tenantId,
    import_id: town.importId,
    year: Number(e.on.slice(0, 4)),
    kind: e.kind ?? "KDF",
    document: e.document,
    booked_on: e.on,
    paragraf: e.paragraf,
    polozka: e.polozka,
    orj: e.orj ?? null,
    org: e.org ?? null,
    amount_halere: e.halere,
    supplier_ico: e.ico,
    supplier_name: e.name,
    description: e.description,
  });
  await db.insertInto("accounting_entries").values([
    entry(a, {
      document: "FP-2026-001",
      on: "2026-03-12",
      paragraf: "3612",
      polozka: "5169",
      orj: "0300",
      org: "101",
      halere: 12_100_050,
      ico: SUPPLIER,
      name: "Stavební firma Žďárský s.r.o.",
      description: "Oprava střechy školní budovy",
    }),
    entry(a, {
      document: "FP-2025-077",
      on: "2025-06-01",
      paragraf: "2212",
      polozka: "6121",
      orj: "0400",
      halere: 5_000_000,
      ico: SUPPLIER,
      name: "Žďárský stavby v.o.s.",
      description: "Chodník u hřiště",
    }),
    entry(a, {
      kind: "KOF",
      document: "FV-2026-003",
      on: "2026-04-01",
      paragraf: "3639",
      polozka: "2132",
      halere: 100_000,
      ico: SUPPLIER,
      name: "Stavební firma Žďárský s.r.o.",
      description: "Pronájem skladu",
    }),
    entry(a, {
      document: "FP-2026-002",
      on: "2026-05-05",
      paragraf: "3421",
      polozka: "5169",
      halere: 300_000,
      ico: null,
      name: "Jan Novotný",
      description: "Výroba lavičky",
    }),
    entry(a, {
      document: "FP-2026-004",
      on: "2026-02-02",
      paragraf: "3631",
      polozka: "5171",
      orj: "0300",
      halere: 2_000_000,
      ico: OTHER_SUPPLIER,
      name: "Elektro Řepka a.s.",
      description: "Údržba veřejného osvětlení",
    }),
    entry(b, {
      document: "FP-2026-900",
      on: "2026-03-01",
      paragraf: "3612",
      polozka: "5169",
      halere: 99_900,
      ico: SUPPLIER,
      name: "Stavební firma Žďárský s.r.o.",
      description: "Tajná oprava Dubové",
    }),
  ]).execute();
  const contract = await db.insertInto("contracts").values({
    tenant_id: a.tenantId,
    import_id: a.importId,
    register_id: "1001",
    subject: "Smlouva o dílo – oprava střechy školy",
    concluded_on: "2026-02-15",
    number: "SOD-2026-01",
    value_without_vat_halere: 10_000_000,
    value_with_vat_halere: 12_100_000,
    counterparty_ico: SUPPLIER,
    counterparty_name: "Stavební firma Žďárský s.r.o.",
    url: "https://smlouvy.gov.cz/smlouva/1001",
    attachments: JSON.stringify([
      { name: "smlouva-o-dilo.pdf", url: "https://smlouvy.gov.cz/smlouva/soubor/1" },
      { name: "zly-odkaz", url: "javascript:alert(1)" },
    ]),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("contracts").values({
    tenant_id: a.tenantId,
    import_id: a.importId,
    register_id: "1002",
    subject: "Nájemní smlouva – zahrada u hřbitova",
    concluded_on: "2025-04-01",
    number: null,
    value_without_vat_halere: null,
    value_with_vat_halere: 600_000,
    counterparty_ico: null,
    counterparty_name: "Marie Dvořáková",
    url: null,
  }).execute();
  const other = await db.insertInto("contracts").values({
    tenant_id: b.tenantId,
    import_id: b.importId,
    register_id: "1001",
    subject: "Tajná smlouva Dubové",
    concluded_on: "2026-01-10",
    number: "X",
    value_without_vat_halere: 100,
    value_with_vat_halere: 121,
    counterparty_ico: SUPPLIER,
    counterparty_name: "Stavební firma Žďárský s.r.o.",
    url: null,
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("orders").values([
    {
      tenant_id: a.tenantId,
      import_id: a.importId,
      number: "OBJ-2026-7",
      ordered_on: "2026-01-20",
      subject: "Lešení k opravě střechy",
      amount_halere: 500_000,
      supplier_ico: SUPPLIER,
      supplier_name: "Stavební firma Žďárský s.r.o.",
    },
    {
      tenant_id: a.tenantId,
      import_id: a.importId,
      number: "OBJ-2026-8",
      ordered_on: "2026-03-03",
      subject: "Posekání trávy",
      amount_halere: 150_000,
      supplier_ico: null,
      supplier_name: "Petr Malý",
    },
    {
      tenant_id: b.tenantId,
      import_id: b.importId,
      number: "OBJ-2026-7",
      ordered_on: "2026-01-20",
      subject: "Tajná objednávka Dubové",
      amount_halere: 1,
      supplier_ico: SUPPLIER,
      supplier_name: "Stavební firma Žďárský s.r.o.",
    },
  ]).execute();
  await db.insertInto("budget_lines").values([
    {
      tenant_id: a.tenantId,
      import_id: a.importId,
      year: 2026,
      paragraf: "3612",
      polozka: "5169",
      orj: "0300",
      org: "101",
      organisation_ico: null,
      approved_halere: 100_000_000,
      amended_halere: 120_000_000,
      actual_halere: 12_100_050,
    },
    {
      tenant_id: a.tenantId,
      import_id: a.importId,
      year: 2026,
      paragraf: "0000",
      polozka: "1111",
      orj: null,
      org: null,
      organisation_ico: null,
      approved_halere: 500_000_000,
      amended_halere: 500_000_000,
      actual_halere: 510_000_025,
    },
  ]).execute();
  return { a: a.host, b: b.host, contractId: contract.id, otherTownContractId: other.id };
}

async function townA(): Promise<TestClient> {
  return await client((await towns()).a);
}

/** The page's text with tags dropped and spaces (no-break ones too) made plain. */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, " ").replace(/&nbsp;|\u00a0/g, " ").replace(/\s+/g, " ");
}

/** The invoice register's CSV rows as their document numbers (column 3), in order. */
async function invoiceDocuments(c: TestClient, query: string): Promise<string[]> {
  const out = await exportRows(c, `/faktury${query}`, "csv");
  assertEquals(out.status, 200, query);
  return out.rows.map((r) => r[2]);
}

Deno.test({
  name: "[spending] /faktury: search without diacritics, natural persons never named nor found",
  ...opts,
  async fn() {
    const c = await townA();
    const res = await c.get("/faktury?q=zdarsky");
    assertEquals(res.status, 200);
    assertMatch(res.headers.get("cache-control") ?? "", /^public/);
    const html = await res.text();
    assertEquals(rowHeaders(html).length, 3);
    assertStringIncludes(text(html), "Nalezeno: 3");
    assertStringIncludes(html, `href="/dodavatele/${SUPPLIER}"`);
    assertStringIncludes(html, `href="/smlouvy?ico=${SUPPLIER}"`);
    assertEquals(await invoiceDocuments(c, "?q=strechy%20skolni"), ["FP-2026-001"]);
    assertEquals(await invoiceDocuments(c, "?q=fp-2026-004"), ["FP-2026-004"]);
    // the natural person: listed as "fyzická osoba", never by name, and a search for the name
    // finds nothing
    const all = await c.page("/faktury");
    assertStringIncludes(all, "fyzická osoba");
    assert(!all.includes("Novotný"));
    assertEquals(await invoiceDocuments(c, "?q=novotny"), []);
    // another town's invoice never shows
    assert(!all.includes("Tajná"));
    assertEquals(await invoiceDocuments(c, "?q=tajna"), []);
  },
});

Deno.test({
  name: "[spending] /faktury filters: year, kind, paragraf/položka prefixes, ORJ, ORG, IČO, dates",
  ...opts,
  async fn() {
    const c = await townA();
    assertEquals(await invoiceDocuments(c, "?rok=2025"), ["FP-2025-077"]);
    assertEquals(await invoiceDocuments(c, "?druh=vydane"), ["FV-2026-003"]);
    assertEquals(await invoiceDocuments(c, "?rok=2026&druh=prijate&paragraf=36"), [
      "FP-2026-001",
      "FP-2026-004",
    ]);
    assertEquals(await invoiceDocuments(c, "?polozka=5169"), ["FP-2026-002", "FP-2026-001"]);
    assertEquals(await invoiceDocuments(c, "?paragraf=3612&polozka=5169&rok=2026"), [
      "FP-2026-001",
    ]);
    assertEquals(await invoiceDocuments(c, "?orj=0300"), ["FP-2026-001", "FP-2026-004"]);
    assertEquals(await invoiceDocuments(c, "?org=101"), ["FP-2026-001"]);
    assertEquals(await invoiceDocuments(c, `?ico=${OTHER_SUPPLIER}`), ["FP-2026-004"]);
    assertEquals(await invoiceDocuments(c, "?od=2026-03-01&do=31.%203.%202026"), [
      "FP-2026-001",
    ]);
    // the filter's total: 121 000,50 + 20 000 Kč
    const html = text(await c.page("/faktury?paragraf=36&druh=prijate"));
    assertStringIncludes(html, "Nalezeno: 2, celkem 141 000,50 Kč");
    // typed by hand: Czech 400s
    for (
      const [query, message] of [
        ["?rok=abc", "Rok musí být"],
        ["?paragraf=36x", "Paragraf musí mít"],
        ["?polozka=51691", "Položka musí mít"],
        ["?ico=123", "IČO musí mít přesně 8 číslic"],
        ["?druh=vse", "Druh faktury"],
        ["?od=2026-05-01&do=2026-04-01", "nesmí být pozdější"],
        ["?format=exe", "CSV, xlsx, docx nebo PDF"],
        ["?od=31.%202.%202026", "Datum není platné"],
      ]
    ) {
      const res = await c.get(`/faktury${query}`);
      assertEquals(res.status, 400, query);
      assertStringIncludes(await res.text(), message, query);
    }
  },
});

Deno.test({
  name: "[spending] every export format holds the filter's rows (csv, xlsx, docx, pdf)",
  ...opts,
  async fn() {
    const c = await townA();
    const path = "/faktury?rok=2026&druh=prijate";
    const csv = await exportRows(c, path, "csv");
    const xlsx = await exportRows(c, path, "xlsx");
    assertEquals(csv.rows.map((r) => r[2]), ["FP-2026-002", "FP-2026-001", "FP-2026-004"]);
    assertEquals(xlsx.rows.map((r) => r[2]), csv.rows.map((r) => r[2]));
    assertEquals(csv.header.at(-1), "Částka v Kč");
    assertEquals(csv.rows[1].at(-1), "121000,5");
    assertEquals(csv.rows[0][3], "fyzická osoba");
    assertMatch(csv.disposition ?? "", /faktury-\d{4}-\d{2}-\d{2}\.csv/);

    const docx = await c.get(`${path}&format=docx`);
    assertEquals(docx.status, 200);
    const zip = await JSZip.loadAsync(new Uint8Array(await docx.arrayBuffer()));
    const xml = await zip.file("word/document.xml")!.async("string");
    for (const row of csv.rows) assertStringIncludes(xml, row[2]);
    assertStringIncludes(xml, "Oprava střechy školní budovy");
    assertStringIncludes(xml, "Faktury – Obec Výdajová A");
    assertStringIncludes(xml, "rok 2026, druh prijate");
    assert(!xml.includes("Novotný"));
    assert(!xml.includes("Pronájem skladu"), "an issued invoice is not in the filter");

    const pdf = await c.get(`${path}&format=pdf`);
    assertEquals(pdf.status, 200);
    assertEquals(pdf.headers.get("content-type"), "application/pdf");
    const pdfText = new TextDecoder("latin1").decode(new Uint8Array(await pdf.arrayBuffer()));
    assert(pdfText.startsWith("%PDF-"));
    assertMatch(pdfText, /DejaVuSans/);

    // the other registers export too
    for (const [register, first] of [["/smlouvy", "SOD-2026-01"], ["/objednavky", "OBJ-2026-8"]]) {
      for (const format of ["csv", "xlsx"] as const) {
        const out = await exportRows(c, register, format);
        assertEquals(out.status, 200, `${register} ${format}`);
        assertEquals(out.rows.length, 2, `${register} ${format}`);
        assert(out.rows.some((r) => r.includes(first)), `${register} ${format}`);
      }
      for (const format of ["docx", "pdf"]) {
        const res = await c.get(`${register}?format=${format}`);
        assertEquals(res.status, 200, `${register} ${format}`);
        assert((await res.arrayBuffer()).byteLength > 1000);
      }
    }
  },
});

Deno.test({
  name: "[spending] the supplier page joins invoices, contracts and orders; 404 and 400",
  ...opts,
  async fn() {
    const c = await townA();
    const html = await c.page(`/dodavatele/${SUPPLIER}`);
    const page = text(html);
    // the name the latest record gives (2026), not the 2025 one
    assertStringIncludes(page, "Dodavatel Stavební firma Žďárský s.r.o.");
    // paid per year: 2026 121 000,50 Kč (and 1 000 Kč billed by the town), 2025 50 000 Kč
    assertMatch(page, /2026 121 000,50 Kč 1 000,00 Kč 2/);
    assertMatch(page, /2025 50 000,00 Kč 0,00 Kč 1/);
    assertStringIncludes(page, "Oprava střechy školní budovy");
    assertStringIncludes(page, "Smlouva o dílo – oprava střechy školy");
    assertStringIncludes(page, "Lešení k opravě střechy");
    assert(!page.includes("Tajná"), "another town's records never show");
    assert(!page.includes("Údržba veřejného osvětlení"), "another supplier's invoice");

    // the other town sees only its own
    const b = await client((await towns()).b);
    const other = text(await b.page(`/dodavatele/${SUPPLIER}`));
    assertStringIncludes(other, "Tajná oprava Dubové");
    assert(!other.includes("Oprava střechy školní budovy"));

    const never = await c.get("/dodavatele/12345678");
    assertEquals(never.status, 404);
    assertStringIncludes(await never.text(), "žádnou fakturu, smlouvu ani objednávku");
    const bad = await c.get("/dodavatele/abc");
    assertEquals(bad.status, 400);
    assertStringIncludes(await bad.text(), "IČO dodavatele musí mít přesně 8 číslic");
  },
});

Deno.test({
  name: "[spending] /smlouvy and a contract: values, counterparty, register link, attachments",
  ...opts,
  async fn() {
    const t = await towns();
    const c = await townA();
    const list = await c.page("/smlouvy?q=strecha");
    assertEquals(rowHeaders(list), ["Smlouva o dílo – oprava střechy školy"]);
    const withSupplier = await c.page(`/smlouvy?ico=${SUPPLIER}`);
    assertEquals(rowHeaders(withSupplier), ["Smlouva o dílo – oprava střechy školy"]);
    const all = text(await c.page("/smlouvy"));
    assertStringIncludes(all, "fyzická osoba");
    assert(!all.includes("Dvořáková"));

    const html = await c.page(`/smlouvy/${t.contractId}`);
    const page = text(html);
    assertStringIncludes(page, "100 000,00 Kč");
    assertStringIncludes(page, "121 000,00 Kč");
    assertStringIncludes(page, "15. 2. 2026");
    assertStringIncludes(html, `href="/dodavatele/${SUPPLIER}"`);
    assertStringIncludes(html, 'href="https://smlouvy.gov.cz/smlouva/1001"');
    assertStringIncludes(html, 'href="https://smlouvy.gov.cz/smlouva/soubor/1"');
    assert(!html.includes("javascript:"), "only http(s) attachments are links");

    for (const id of [t.otherTownContractId, crypto.randomUUID(), "neni-uuid"]) {
      const res = await c.get(`/smlouvy/${id}`);
      assertEquals(res.status, 404, id);
      assertStringIncludes(await res.text(), "Smlouva nebyla nalezena");
    }
    const orders = await c.page("/objednavky?q=leseni");
    assertEquals(rowHeaders(orders), ["Lešení k opravě střechy"]);
  },
});

type Schema = {
  type?: string | string[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
};

/** A small JSON Schema check: types, required keys, enums, patterns, recursively. */
function validate(value: unknown, schema: Schema, at = "$"): string[] {
  const problems: string[] = [];
  const types = schema.type === undefined ? [] : [schema.type].flat();
  const kind = value === null
    ? "null"
    : Array.isArray(value)
    ? "array"
    : Number.isInteger(value)
    ? "integer"
    : typeof value;
  if (types.length && !types.includes(kind) && !(kind === "integer" && types.includes("number"))) {
    return [`${at}: ${kind} is not ${types.join("|")}`];
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${at}: not in enum`);
  if (schema.const !== undefined && value !== schema.const) problems.push(`${at}: not const`);
  if (schema.pattern && typeof value === "string" && !new RegExp(schema.pattern).test(value)) {
    problems.push(`${at}: ${value} does not match ${schema.pattern}`);
  }
  if (kind === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in obj)) problems.push(`${at}.${key}: missing`);
    }
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (key in obj) problems.push(...validate(obj[key], sub, `${at}.${key}`));
    }
  }
  if (kind === "array" && schema.items) {
    (value as unknown[]).forEach((v, i) =>
      problems.push(...validate(v, schema.items!, `${at}[${i}]`))
    );
  }
  return problems;
}

Deno.test({
  name: "[spending] open data: JSON at stable URLs valid against its schema, listed and described",
  ...opts,
  async fn() {
    const c = await townA();
    const datasets: [string, string, number][] = [
      ["/opendata/faktury/2026.json", "faktury", 4],
      ["/opendata/smlouvy.json", "smlouvy", 2],
      ["/opendata/objednavky.json", "objednavky", 2],
      ["/opendata/rozpocet/2026.json", "rozpocet", 2],
    ];
    const bodies: Record<string, { polozky: Record<string, unknown>[] }> = {};
    for (const [path, name, count] of datasets) {
      const res = await c.get(path);
      assertEquals(res.status, 200, path);
      assertMatch(res.headers.get("content-type") ?? "", /^application\/json/);
      assertMatch(res.headers.get("cache-control") ?? "", /^public/);
      const body = await res.json();
      const schemaRes = await c.get(`/opendata/schema/${name}.json`);
      assertEquals(schemaRes.status, 200);
      const schema = await schemaRes.json();
      assertEquals(body.$schema, schema.$id);
      assertEquals(validate(body, schema), [], path);
      assertEquals(body.polozky.length, count, path);
      bodies[name] = body;
    }
    const invoice = bodies.faktury.polozky.find((p) => p.cislo_dokladu === "FP-2026-001")!;
    assertEquals(invoice.castka, 121000.5);
    assertEquals(invoice.dodavatel, {
      ico: SUPPLIER,
      nazev: "Stavební firma Žďárský s.r.o.",
      fyzicka_osoba: false,
    });
    const person = bodies.faktury.polozky.find((p) => p.cislo_dokladu === "FP-2026-002")!;
    assertEquals(person.dodavatel, { ico: null, nazev: null, fyzicka_osoba: true });
    assert(!JSON.stringify(bodies).includes("Novotný"));
    assert(!JSON.stringify(bodies).includes("Tajná"));
    const revenue = bodies.rozpocet.polozky.find((p) => p.polozka === "1111")!;
    assertEquals([revenue.strana, revenue.skutecnost], ["prijmy", 5100000.25]);

    assertEquals((await c.get("/opendata/faktury/1999.json")).status, 404);
    const bad = await c.get("/opendata/faktury/abc.json");
    assertEquals(bad.status, 400);
    assertStringIncludes(await bad.text(), "Rok musí být");
    assertEquals((await c.get("/opendata/schema/nic.json")).status, 404);

    const index = await c.page("/opendata");
    for (const [path] of datasets) assertStringIncludes(index, `href="${path}"`);
    assertStringIncludes(await c.page("/"), 'href="/opendata"');
    const api = await (await c.get("/api/v1/openapi.json")).json();
    for (const path of ["/opendata/faktury/{rok}.json", "/opendata/smlouvy.json"]) {
      assert(api.paths[path]?.get, path);
    }
  },
});
