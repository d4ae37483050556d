/**
 * The clerk's notice list (`/urad/uredni-deska`), the workspace home (`/urad`) and the notice
 * agendas as a code list (issue 10 items 3 and 4): search without diacritics, each filter, the
 * clickable state counts, paging, the CSV and xlsx export holding exactly the HTML filter's rows;
 * the notice form's agenda select refusing an unknown code; the public filter listing the code
 * list's names in Czech order; only the town's admin managing the agendas, audited.
 */
import ExcelJS from "exceljs";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, type TestClient, waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_ADMIN, DEMO_CLERK } from "../db/seeds/demo.ts";
import type { NoticeStatus } from "../db/schema.ts";
import { toPragueLocalInput } from "../domain/time.ts";
import { clerkAgendas } from "../domain/cases.ts";

const opts = { ...shared, ignore: !hasServices || !Deno.env.get("MAILDEV_URL") };

/** Letters only, so search takes it as one word that only this run's notices contain. */
function word(): string {
  const letters = "bcdfghjklmnpqrstvwxz";
  return [...crypto.getRandomValues(new Uint8Array(9))].map((b) => letters[b % 20]).join("");
}

async function clerkId(username: string): Promise<string> {
  const { lipnice } = await demoTowns();
  const row = await getDb().selectFrom("clerks").select("id")
    .where("tenant_id", "=", lipnice.id).where("username", "=", username)
    .executeTakeFirstOrThrow();
  return row.id;
}

let seq = 0;
interface NoticeSpec {
  title: string;
  status: NoticeStatus;
  agenda: string | null;
  author: string;
  posted: string;
  reference?: string;
}

/** Notices straight into the database (the list reads rows; no workflow is needed for it). */
async function insertNotices(specs: NoticeSpec[]): Promise<void> {
  const { lipnice } = await demoTowns();
  const now = new Date();
  await getDb().insertInto("notices").values(specs.map((s) => {
    const id = crypto.randomUUID();
    const posted = new Date(s.posted);
    const down = s.status === "expired" || s.status === "withdrawn";
    return {
      id,
      tenant_id: lipnice.id,
      idempotency_key: `notice-list-${crypto.randomUUID()}-${seq++}`,
      title: s.title,
      description: null,
      reference_number: s.reference ?? null,
      agenda: s.agenda,
      posted_from: posted,
      relevant_until: null,
      status: s.status,
      published_at: s.status === "scheduled" ? null : posted,
      taken_down_at: down ? now : null,
      withdrawn_reason: s.status === "withdrawn" ? "Test" : null,
      workflow_id: `test/notice/${id}`,
      created_by: s.author,
      updated_at: now,
    };
  })).execute();
}

function decode(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
}

/** The titles the list's table shows (its row headers), in order. */
function titles(html: string): string[] {
  return [...html.matchAll(/<th[^>]*scope="row"[^>]*>([\s\S]*?)<\/th>/g)]
    .map((m) => decode(m[1].replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim());
}

async function listTitles(c: TestClient, query: string): Promise<string[]> {
  return titles(await c.page(`/urad/uredni-deska?${query}`));
}

/** The first column (titles) of the CSV export, header row dropped. */
async function csvTitles(c: TestClient, query: string): Promise<string[]> {
  const res = await c.get(`/urad/uredni-deska?${query}&format=csv`);
  assertEquals(res.status, 200);
  assertMatch(res.headers.get("content-type") ?? "", /^text\/csv/);
  assertMatch(
    res.headers.get("content-disposition") ?? "",
    /^attachment; filename="uredni-deska-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  assertEquals(res.headers.get("cache-control"), "private, no-store");
  const lines = (await res.text()).replace(/^\ufeff/, "").split("\r\n").filter(Boolean);
  assertEquals(lines[0].split(";")[0], "Název");
  // Titles here hold no ";" nor quotes, so the first cell is the text up to the first ";".
  return lines.slice(1).map((l) => l.split(";")[0]);
}

async function xlsxTitles(c: TestClient, query: string): Promise<string[]> {
  const res = await c.get(`/urad/uredni-deska?${query}&format=xlsx`);
  assertEquals(res.status, 200);
  assertMatch(res.headers.get("content-disposition") ?? "", /uredni-deska-[\d-]+\.xlsx"$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.worksheets[0];
  const out: string[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) assertEquals(row.getCell(1).text, "Název");
    else out.push(row.getCell(1).text);
  });
  return out;
}

async function signedIn(username: string, password: string, phone: string): Promise<TestClient> {
  const c = await client();
  await c.loginClerk(username, password, phone);
  return c;
}

const clerk = () => signedIn(DEMO_CLERK.username, DEMO_CLERK.password, DEMO_CLERK.phone);
const admin = () => signedIn(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);

Deno.test({
  name: "[notice list] search ignores diacritics; each filter, combined, and the state counts",
  ...opts,
  async fn() {
    const w = word();
    const urednik = await clerkId(DEMO_CLERK.username);
    const spravce = await clerkId(DEMO_ADMIN.username);
    // Not a title the public board's own tests search for ("Územní studie … Za Humny").
    const A = `Regulační plán Za Školou ${w}`;
    const B = `Oznámení o volbách ${w}`;
    const C = `Usnesení zastupitelstva ${w}`;
    const D = `Stažené oznámení ${w}`;
    await insertNotices([
      {
        title: A,
        status: "published",
        agenda: "Zastupitelstvo",
        author: urednik,
        posted: "2026-03-10T11:00:00Z",
        reference: `OÚ-LIP/${w}/2026`,
      },
      {
        title: B,
        status: "scheduled",
        agenda: "Volby",
        author: spravce,
        posted: "2026-06-01T11:00:00Z",
      },
      {
        title: C,
        status: "expired",
        agenda: "Zastupitelstvo",
        author: urednik,
        posted: "2026-01-05T11:00:00Z",
      },
      {
        title: D,
        status: "withdrawn",
        agenda: null,
        author: "seed",
        posted: "2026-02-01T11:00:00Z",
      },
    ]);
    const c = await clerk();

    // Without diacritics and in other case: title words, the agenda, the reference number.
    assertEquals(await listTitles(c, `q=${encodeURIComponent(`REGULACNI plan ${w}`)}`), [A]);
    assertEquals(await listTitles(c, `q=${encodeURIComponent(`planovani ${w}`)}`), []);
    assertEquals(await listTitles(c, `q=${encodeURIComponent(`zastupitelstvo ${w}`)}`), [A, C]);
    assertEquals(await listTitles(c, `q=${encodeURIComponent(`ou lip ${w}`)}`), [A]);
    // Newest vyvěšení first; every state.
    assertEquals(await listTitles(c, `q=${w}`), [B, A, D, C]);

    // Each filter, then combined.
    assertEquals(await listTitles(c, `q=${w}&stav=published`), [A]);
    assertEquals(await listTitles(c, `q=${w}&stav=withdrawn`), [D]);
    assertEquals(await listTitles(c, `q=${w}&agenda=zastupitelstvo`), [A, C]);
    assertEquals(await listTitles(c, `q=${w}&agenda=volby`), [B]);
    assertEquals(await listTitles(c, `q=${w}&autor=${urednik}`), [A, C]);
    assertEquals(await listTitles(c, `q=${w}&autor=${spravce}`), [B]);
    assertEquals(await listTitles(c, `q=${w}&od=2026-02-01`), [B, A, D]);
    assertEquals(await listTitles(c, `q=${w}&do=1.%202.%202026`), [D, C]);
    assertEquals(await listTitles(c, `q=${w}&od=2026-02-01&do=2026-05-31&autor=${urednik}`), [A]);
    // An unknown state or agenda (an old bookmark) is ignored, not an error.
    assertEquals(await listTitles(c, `q=${w}&stav=smazano&agenda=neexistuje`), [B, A, D, C]);

    // The author column names the clerk who posted it.
    const page = await c.page(`/urad/uredni-deska?q=${w}`);
    assertStringIncludes(page, 'data-label="Autor">Jana Dvořáková<');
    assertStringIncludes(page, 'data-label="Autor">Petr Novotný<');
    // The filters' choices: the town's agendas by code, the clerks who posted.
    assertStringIncludes(page, '<option value="zastupitelstvo">Zastupitelstvo</option>');
    assertStringIncludes(page, `<option value="${urednik}">Jana Dvořáková</option>`);

    // The state counts count the other filters' matches and link to each state, keeping them.
    const counts = await c.page(`/urad/uredni-deska?q=${w}&agenda=zastupitelstvo&stav=expired`);
    assertStringIncludes(
      counts,
      `href="/urad/uredni-deska?q=${w}&amp;agenda=zastupitelstvo">Vše (2)</a>`,
    );
    assertStringIncludes(
      counts,
      `href="/urad/uredni-deska?q=${w}&amp;stav=published&amp;agenda=zastupitelstvo">Vyvěšeno (1)</a>`,
    );
    assertStringIncludes(
      counts,
      `href="/urad/uredni-deska?q=${w}&amp;stav=expired&amp;agenda=zastupitelstvo" aria-current="page">Sejmuto (1)</a>`,
    );
    assertStringIncludes(
      counts,
      `href="/urad/uredni-deska?q=${w}&amp;stav=scheduled&amp;agenda=zastupitelstvo">Čeká na vyvěšení (0)</a>`,
    );
    assertEquals(titles(counts), [C]);
  },
});

Deno.test({
  name: "[notice list] 50 a page; the export holds exactly the filter's rows of every page",
  ...opts,
  async fn() {
    const w = word();
    const urednik = await clerkId(DEMO_CLERK.username);
    const specs: NoticeSpec[] = Array.from({ length: 55 }, (_, i) => ({
      title: `Oznámení číslo ${String(i).padStart(2, "0")} ${w}`,
      status: i % 5 === 0 ? "expired" : "published",
      agenda: i % 2 === 0 ? "Doprava" : "Majetek obce",
      author: urednik,
      posted: new Date(Date.UTC(2026, 0, 1, 12) + i * 3_600_000).toISOString(),
    }));
    await insertNotices(specs);
    const newestFirst = specs.map((s) => s.title).reverse();
    const c = await clerk();

    const first = await c.page(`/urad/uredni-deska?q=${w}`);
    assertEquals(titles(first), newestFirst.slice(0, 50));
    assertStringIncludes(first, "Nalezeno 55 dokumentů");
    assertStringIncludes(first, `href="/urad/uredni-deska?q=${w}&amp;strana=2"`);
    const second = await c.page(`/urad/uredni-deska?q=${w}&strana=2`);
    assertEquals(titles(second), newestFirst.slice(50));
    // The export links carry the filter, not the page.
    assertStringIncludes(second, `href="/urad/uredni-deska?q=${w}&amp;format=csv"`);
    assertStringIncludes(second, `href="/urad/uredni-deska?q=${w}&amp;format=xlsx"`);

    // Exports: all 55 (both pages), and with a filter exactly what the HTML filter shows.
    assertEquals(await csvTitles(c, `q=${w}&strana=2`), newestFirst);
    assertEquals(await xlsxTitles(c, `q=${w}`), newestFirst);
    const filter = `q=${w}&agenda=doprava&stav=published`;
    const html = await listTitles(c, filter);
    assertEquals(html.length, 22);
    assertEquals(await csvTitles(c, filter), html);
    assertEquals(await xlsxTitles(c, filter), html);
  },
});

Deno.test({
  name: "[notice list] bad input is a Czech 400, never a 500; the list is for notice clerks only",
  ...opts,
  async fn() {
    const c = await clerk();
    for (
      const [query, text] of [
        ["strana=0", "Číslo stránky musí být celé číslo"],
        ["strana=abc", "Číslo stránky musí být celé číslo"],
        ["od=2026-02-30", "Datum není platné"],
        ["do=zitra", "Datum není platné"],
        [`q=${"a".repeat(201)}`, "nejvýše 200 znaků"],
        ["format=pdf", "Export je možný jen ve formátu CSV nebo xlsx"],
      ]
    ) {
      const res = await c.get(`/urad/uredni-deska?${query}`);
      assertEquals(res.status, 400, query);
      assertStringIncludes(await res.text(), text, query);
    }
    const anonymous = await client();
    const res = await anonymous.get("/urad/uredni-deska");
    await res.body?.cancel();
    assertEquals(res.status, 303);
  },
});

Deno.test({
  name: "[notice list] the workspace home: pending counts per area, recent notices, the full list",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const c = await clerk();
    const home = await c.page("/urad");
    const scheduled = await db.selectFrom("notices").select(db.fn.countAll<string>().as("n"))
      .where("tenant_id", "=", lipnice.id).where("status", "=", "scheduled")
      .executeTakeFirstOrThrow();
    assertStringIncludes(
      home,
      `href="/urad/uredni-deska?stav=scheduled">Čeká na vyvěšení: ${scheduled.n}</a>`,
    );
    const requested = await db.selectFrom("representations").select(
      db.fn.countAll<string>().as("n"),
    )
      .where("tenant_id", "=", lipnice.id).where("status", "=", "requested")
      .executeTakeFirstOrThrow();
    assertStringIncludes(home, `Čeká na rozhodnutí: ${requested.n}</a>`);
    const unclaimed = await db.selectFrom("cases").select(db.fn.countAll<string>().as("n"))
      .where("tenant_id", "=", lipnice.id).where("state", "=", "filed")
      .where("assigned_clerk_id", "is", null)
      // The agendas the demo clerk's roles work (fees, defects, finance…), as the queue counts.
      .where("agenda", "in", clerkAgendas(DEMO_CLERK.roles) as string[])
      .executeTakeFirstOrThrow();
    assertStringIncludes(home, `href="/urad/ukoly">Nepřevzatá podání: ${unclaimed.n}</a>`);
    assertMatch(home, /href="\/urad\/platby">Nespárované platby: \d+</);
    assertStringIncludes(home, 'href="/urad/uredni-deska">Všechny dokumenty úřední desky</a>');
    assertStringIncludes(home, "Naposledy vyvěšené dokumenty");
    // No notice table on the home any more, and no admin areas for a clerk who is no admin.
    assert(!home.includes("<table"), "the home lists notices briefly, not as a table");
    assert(!home.includes('href="/urad/agendy"'), "no link to what the roles do not allow");

    const a = await admin();
    const adminHome = await a.page("/urad");
    assertStringIncludes(adminHome, 'href="/urad/agendy">Agendy úřední desky</a>');
    assertStringIncludes(adminHome, 'href="/urad/urednici"');
  },
});

Deno.test({
  name: "[agendas] the notice form offers the town's agendas and refuses another code with a 422",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const c = await clerk();
    const form = await c.page("/urad/uredni-deska/novy");
    assertStringIncludes(form, '<select id="field-agenda" name="agenda"');
    assertStringIncludes(form, '<option value="uzemni-planovani">Územní plánování</option>');
    const title = `Oznámení s neznámou agendou ${word()}`;
    for (const agenda of ["neexistuje", "Zastupitelstvo"]) {
      const res = await c.post("/urad/uredni-deska/novy", {
        _idem: hiddenField(form, "_idem"),
        title,
        referenceNumber: "",
        agenda,
        description: "",
        postedFrom: toPragueLocalInput(new Date()),
        relevantUntil: "",
      }, { csrf: hiddenField(form, "_csrf") });
      assertEquals(res.status, 422, agenda);
      const body = await res.text();
      assertStringIncludes(body, "Agenda: Vyberte jednu z nabízených možností.");
    }
    const stored = await getDb().selectFrom("notices").select("id")
      .where("tenant_id", "=", lipnice.id).where("title", "=", title).execute();
    assertEquals(stored, [], "nothing was filed");
  },
});

Deno.test({
  name: "[agendas] the public filter lists the code list's names in Czech order, no free text",
  ...opts,
  async fn() {
    const w = word();
    const a = await admin();
    for (const name of [`Hřbitovy ${w}`, `Chodníky ${w}`, `Cesty ${w}`]) {
      const res = await a.post("/urad/agendy", { action: "add", name });
      await res.body?.cancel();
      assertEquals(res.status, 303, name);
    }
    const urednik = await clerkId(DEMO_CLERK.username);
    await insertNotices([
      {
        title: `Hřbitov ${w}`,
        status: "published",
        agenda: `Hřbitovy ${w}`,
        author: urednik,
        posted: "2026-01-02T10:00:00Z",
      },
      {
        title: `Chodník ${w}`,
        status: "published",
        agenda: `Chodníky ${w}`,
        author: urednik,
        posted: "2026-01-02T10:00:00Z",
      },
      {
        title: `Cesta ${w}`,
        status: "published",
        agenda: `Cesty ${w}`,
        author: urednik,
        posted: "2026-01-02T10:00:00Z",
      },
      // An agenda outside the code list (as typed before it existed) is no filter option.
      {
        title: `Překlep ${w}`,
        status: "published",
        agenda: `Zastupitelsvto ${w}`,
        author: urednik,
        posted: "2026-01-02T10:00:00Z",
      },
    ]);
    const visitor = await client();
    let options: string[] = [];
    await waitFor(async () => {
      const body = await visitor.page("/uredni-deska");
      options = [...body.matchAll(/<option value="([^"]+)"/g)].map((m) => decode(m[1]));
      return options.includes(`Cesty ${w}`);
    }, { what: "the new agendas on the public board" });
    const ours = options.filter((o) => o.endsWith(w));
    assertEquals(ours, [`Cesty ${w}`, `Hřbitovy ${w}`, `Chodníky ${w}`]);
    assert(!options.includes(`Zastupitelsvto ${w}`), "a typo outside the code list is offered");
    assert(options.indexOf("Územní plánování") < options.indexOf("Zastupitelstvo"), options.join());
    assertEquals(options, [...options].sort(new Intl.Collator("cs").compare));
  },
});

Deno.test({
  name: "[agendas] only the admin adds, renames, retires and restores an agenda, each audited",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const w = word();
    const c = await clerk();
    const forbidden = await c.get("/urad/agendy");
    await forbidden.body?.cancel();
    assertEquals(forbidden.status, 403);
    const refused = await c.post("/urad/agendy", { action: "add", name: `Pokus ${w}` });
    await refused.body?.cancel();
    assertEquals(refused.status, 403);

    const a = await admin();
    const spravce = await clerkId(DEMO_ADMIN.username);
    const added = await a.post("/urad/agendy", { action: "add", name: `Hřbitovy ${w}` });
    await added.body?.cancel();
    assertEquals(added.status, 303);
    const code = `hrbitovy-${w}`;
    assertEquals(added.headers.get("location"), `/urad/agendy?zmena=added&kod=${code}`);
    assertStringIncludes(
      await a.page(added.headers.get("location")!),
      `Agenda „Hřbitovy ${w}“ byla přidána.`,
    );
    // The same name again (any case) is refused with the reason.
    const twice = await a.post("/urad/agendy", { action: "add", name: `hřbitovy ${w}` });
    assertEquals(twice.status, 422);
    assertStringIncludes(await twice.text(), "Agenda s tímto názvem už v seznamu je.");

    // A notice of the agenda follows its rename.
    const urednik = await clerkId(DEMO_CLERK.username);
    await insertNotices([{
      title: `Řád veřejného pohřebiště ${w}`,
      status: "published",
      agenda: `Hřbitovy ${w}`,
      author: urednik,
      posted: "2026-01-03T10:00:00Z",
    }]);
    const renamed = await a.post("/urad/agendy", {
      action: "rename",
      code,
      name: `Hřbitovy a pohřebnictví ${w}`,
    });
    await renamed.body?.cancel();
    assertEquals(renamed.status, 303);
    const notice = await db.selectFrom("notices").select("agenda")
      .where("tenant_id", "=", lipnice.id).where("title", "=", `Řád veřejného pohřebiště ${w}`)
      .executeTakeFirstOrThrow();
    assertEquals(notice.agenda, `Hřbitovy a pohřebnictví ${w}`);

    // Retired: no longer offered, and the form refuses it; restored: offered again.
    const retired = await a.post("/urad/agendy", { action: "retire", code });
    await retired.body?.cancel();
    assertEquals(retired.status, 303);
    assert(!(await c.page("/urad/uredni-deska/novy")).includes(`value="${code}"`), "still offered");
    const restored = await a.post("/urad/agendy", { action: "restore", code });
    await restored.body?.cancel();
    assertEquals(restored.status, 303);
    assertStringIncludes(await c.page("/urad/uredni-deska/novy"), `value="${code}"`);

    // An unknown agenda is a 404; an unknown action a Czech 400.
    const unknown = await a.post("/urad/agendy", { action: "retire", code: "neni-takova" });
    await unknown.body?.cancel();
    assertEquals(unknown.status, 404);
    const bad = await a.post("/urad/agendy", { action: "smazat", code });
    assertEquals(bad.status, 400);
    assertStringIncludes(await bad.text(), "Tuto úpravu agendy portál nezná.");

    const audits = await db.selectFrom("audit_log").select(["action", "actor_id", "details"])
      .where("tenant_id", "=", lipnice.id).where("subject_type", "=", "notice_agenda")
      .where("subject_id", "=", code).orderBy("id").execute();
    assertEquals(audits.map((e) => [e.action, e.actor_id]), [
      ["notice_agenda.created", spravce],
      ["notice_agenda.renamed", spravce],
      ["notice_agenda.retired", spravce],
      ["notice_agenda.restored", spravce],
    ]);
    assertEquals(audits[1].details, {
      from: `Hřbitovy ${w}`,
      to: `Hřbitovy a pohřebnictví ${w}`,
    });
  },
});
