/**
 * The clerk lists (issue 10 item 3): persons, representation requests with their archive,
 * clerk accounts, the task queue, statements, the payment queue and card payments. Each is
 * searched without diacritics, filtered, and exported as CSV and xlsx with exactly the rows the
 * HTML shows; bad filter values are a Czech 4xx or ignored, never a 500.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { exportRows, randomWord, rowHeaders } from "./support/lists.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_ADMIN, DEMO_CITIZEN, DEMO_CLERK } from "../db/seeds/demo.ts";

const opts = { ...shared, ignore: !hasServices || !Deno.env.get("MAILDEV_URL") };

let clerkClient: Promise<TestClient> | undefined;
/** One clerk session for the file: each sign-in spends one of the clerk's SMS-code checks. */
function clerk(): Promise<TestClient> {
  return clerkClient ??= (async () => {
    const c = await client();
    await c.loginClerk();
    return c;
  })();
}

async function ids() {
  const { lipnice, dubova } = await demoTowns();
  const db = getDb();
  const citizen = await db.selectFrom("persons").select("id")
    .where("tenant_id", "=", lipnice.id).where("username", "=", DEMO_CITIZEN.username)
    .executeTakeFirstOrThrow();
  const clerkRow = await db.selectFrom("clerks").select(["id", "display_name"])
    .where("tenant_id", "=", lipnice.id).where("username", "=", DEMO_CLERK.username)
    .executeTakeFirstOrThrow();
  return {
    lipnice,
    dubova,
    citizenId: citizen.id,
    clerkId: clerkRow.id,
    clerkName: clerkRow.display_name,
  };
}

/** The HTML list's row headers, and the CSV's and the xlsx's first column: all the same. */
async function sameRowsEverywhere(c: TestClient, path: string): Promise<string[]> {
  const res = await c.get(path);
  const html = await res.text();
  assertEquals(res.status, 200, path);
  const shown = rowHeaders(html);
  for (const format of ["csv", "xlsx"] as const) {
    const out = await exportRows(c, path, format);
    assertEquals(out.status, 200, `${path} ${format}`);
    assertEquals(out.rows.map((r) => unguarded(r[0])), shown, `${path} ${format}`);
  }
  return shown;
}

/** A CSV cell without the `'` that keeps a text from starting a formula (lib/http/export.ts). */
function unguarded(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

async function statusOf(c: TestClient, path: string): Promise<{ status: number; html: string }> {
  const res = await c.get(path);
  return { status: res.status, html: await res.text() };
}

Deno.test({
  name: "[lists] representation requests: pending by default, the archive finds a decided one",
  ...opts,
  async fn() {
    const { lipnice, dubova, citizenId, clerkId, clerkName } = await ids();
    const word = randomWord();
    const db = getDb();
    const base = {
      representative_id: citizenId,
      kind: "power_of_attorney" as const,
      scope: ["poplatky"],
    };
    await db.insertInto("representations").values([
      {
        ...base,
        tenant_id: lipnice.id,
        idempotency_key: `list-a-${word}`,
        represented_name: `Žofie Řezníčková ${word}`,
      },
      {
        ...base,
        tenant_id: lipnice.id,
        idempotency_key: `list-b-${word}`,
        represented_name: `Bořivoj Šťastný ${word}`,
        status: "refused",
        decided_by: clerkId,
        decided_at: new Date(),
        decision_note: "Plná moc není podepsána.",
      },
      {
        ...base,
        tenant_id: lipnice.id,
        idempotency_key: `list-c-${word}`,
        represented_name: `Čeněk Šťastný ${word}`,
        status: "revoked",
        decided_at: new Date(),
      },
    ]).execute();
    // another town's request with the same word never shows
    const other = await db.selectFrom("persons").select("id").where("tenant_id", "=", dubova.id)
      .limit(1).executeTakeFirstOrThrow();
    await db.insertInto("representations").values({
      ...base,
      representative_id: other.id,
      tenant_id: dubova.id,
      idempotency_key: `list-d-${word}`,
      represented_name: `Bořivoj Šťastný ${word}`,
      status: "refused",
      decided_at: new Date(),
    }).execute();

    const c = await clerk();
    // pending by default: the refused one is not there
    assertEquals(
      await sameRowsEverywhere(c, `/urad/zastoupeni?q=${word}`),
      [`Žofie Řezníčková ${word}`],
    );
    // the archive, searched without diacritics, finds the decided ones with who decided
    const archive = await sameRowsEverywhere(
      c,
      `/urad/zastoupeni?stav=archiv&q=STASTNY+${word.toUpperCase()}`,
    );
    assertEquals(archive.sort(), [`Bořivoj Šťastný ${word}`, `Čeněk Šťastný ${word}`]);
    assertEquals(
      await sameRowsEverywhere(c, `/urad/zastoupeni?stav=refused&q=borivoj+${word}`),
      [`Bořivoj Šťastný ${word}`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/zastoupeni?stav=withdrawn&q=${word}`),
      [`Čeněk Šťastný ${word}`],
    );
    const refused = await statusOf(c, `/urad/zastoupeni?stav=refused&q=${word}`);
    assertStringIncludes(refused.html, clerkName);
    // the counts for the search, each a link keeping it
    assertStringIncludes(refused.html, `čeká na ověření (1)`);
    assertStringIncludes(refused.html, `Archiv vyřízených (2)`);
    const csv = await exportRows(c, `/urad/zastoupeni?stav=refused&q=${word}`, "csv");
    assert(csv.rows[0].includes(clerkName), csv.rows[0].join(";"));
    assert(csv.rows[0].includes("Plná moc není podepsána."));
    assert(/^attachment; filename="zastoupeni-\d{4}-\d{2}-\d{2}\.csv"$/.test(csv.disposition!));
    // a date range: today has them, a past year has none
    const today = new Date().toISOString().slice(0, 10);
    assertEquals(
      await sameRowsEverywhere(
        c,
        `/urad/zastoupeni?stav=vse&q=${word}&od=2020-01-01&do=2020-12-31`,
      ),
      [],
    );
    assertEquals(
      (await sameRowsEverywhere(c, `/urad/zastoupeni?stav=vse&q=${word}&od=${today}`)).length,
      3,
    );
    // bad input: a Czech 400 for what was typed, an unknown state ignored
    const badDate = await statusOf(c, `/urad/zastoupeni?od=31.2.2026`);
    assertEquals(badDate.status, 400);
    assertStringIncludes(badDate.html, "Datum není platné");
    assertEquals((await statusOf(c, `/urad/zastoupeni?strana=abc`)).status, 400);
    assertEquals((await statusOf(c, `/urad/zastoupeni?format=pdf`)).status, 400);
    const unknown = await statusOf(c, `/urad/zastoupeni?stav=%00x&q=${word}`);
    assertEquals(unknown.status, 400);
    assertEquals(
      rowHeaders((await statusOf(c, `/urad/zastoupeni?stav=nonsense&q=${word}`)).html),
      [`Žofie Řezníčková ${word}`],
    );
  },
});

/** The text of the cells of one column (`data-label`) of the page's tables, in order. */
function cellsOf(html: string, label: string): string[] {
  const re = new RegExp(`<t[dh][^>]*data-label="${label}"[^>]*>([\\s\\S]*?)</t[dh]>`, "g");
  return [...html.matchAll(re)]
    .map((m) => m[1].replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim());
}

/** One column of the HTML list and one of each export: the same values, in the same order. */
async function sameColumn(
  c: TestClient,
  path: string,
  label: string,
  index: number,
): Promise<string[]> {
  const res = await c.get(path);
  const html = await res.text();
  assertEquals(res.status, 200, path);
  const shown = cellsOf(html, label);
  for (const format of ["csv", "xlsx"] as const) {
    const out = await exportRows(c, path, format);
    assertEquals(out.status, 200, `${path} ${format}`);
    assertEquals(out.header[index], label, `${path} ${format} header`);
    assertEquals(out.rows.map((r) => unguarded(r[index])), shown, `${path} ${format}`);
  }
  return shown;
}

Deno.test({
  name: "[lists] persons: search without diacritics, birth date, agenda and state filters, export",
  ...opts,
  async fn() {
    const { lipnice, clerkId } = await ids();
    const word = randomWord();
    const db = getDb();
    const [p1, p2] = await db.insertInto("persons").values([
      {
        tenant_id: lipnice.id,
        username: `zdenka.${word}.1001`,
        given_name: "Zdeňka",
        family_name: `Řehořová ${word}`,
        birth_date: "1957-03-15",
        status: "active",
        updated_at: new Date(),
      },
      {
        tenant_id: lipnice.id,
        username: `ludek.${word}.1002`,
        given_name: "Luděk",
        family_name: `Řehoř ${word}`,
        birth_date: "1990-01-01",
        status: "disabled",
        updated_at: new Date(),
      },
    ]).returning("id").execute();
    await db.insertInto("agenda_authorizations").values({
      tenant_id: lipnice.id,
      person_id: p1.id,
      agenda: "voda",
      source: "clerk",
      granted_by: clerkId,
      evidence: "občanský průkaz …1234",
    }).execute();
    void p2;
    const c = await clerk();
    const both = await sameRowsEverywhere(c, `/urad/osoby?q=REHOR+${word}`);
    assertEquals(both.sort(), [`Luděk Řehoř ${word}`, `Zdeňka Řehořová ${word}`]);
    assertEquals(
      await sameRowsEverywhere(c, `/urad/osoby?q=rehorova+${word}`),
      [`Zdeňka Řehořová ${word}`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/osoby?q=${word}&opravneni=voda`),
      [`Zdeňka Řehořová ${word}`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/osoby?q=${word}&stav=disabled`),
      [`Luděk Řehoř ${word}`],
    );
    const byBirth = rowHeaders((await statusOf(c, `/urad/osoby?q=15.+3.+1957`)).html);
    assert(byBirth.includes(`Zdeňka Řehořová ${word}`), byBirth.join(", "));
    assert(!byBirth.includes(`Luděk Řehoř ${word}`));
    const counts = (await statusOf(c, `/urad/osoby?q=${word}`)).html;
    assertStringIncludes(counts, "aktivní (1)");
    assertStringIncludes(counts, "zablokovaný (1)");
    // the export is audited like the listing
    const audit = await db.selectFrom("audit_log").select("details")
      .where("tenant_id", "=", lipnice.id).where("action", "=", "person.exported")
      .where("actor_id", "=", clerkId).execute();
    assert(audit.length >= 2);
    // an unknown agenda is ignored, a bad page is a Czech 400
    assertEquals(
      rowHeaders((await statusOf(c, `/urad/osoby?q=${word}&opravneni=xyz`)).html).length,
      2,
    );
    const bad = await statusOf(c, `/urad/osoby?strana=0`);
    assertEquals(bad.status, 400);
    assertStringIncludes(bad.html, "Číslo stránky");
  },
});

Deno.test({
  name: "[lists] task queue: reference and situation search, state, situation, assignee, export",
  ...opts,
  async fn() {
    const { lipnice, citizenId, clerkId } = await ids();
    const word = randomWord();
    const db = getDb();
    const base = {
      tenant_id: lipnice.id,
      person_id: citizenId,
      values: "{}",
      updated_at: new Date(),
    };
    await db.insertInto("cases").values([
      {
        ...base,
        reference: `TST-${word}/1`,
        form_slug: "poplatek-ze-psa",
        agenda: "poplatky",
        idempotency_key: `list-case-a-${word}`,
        due_at: new Date(Date.now() + 86_400_000),
        assigned_clerk_id: clerkId,
      },
      {
        ...base,
        reference: `TST-${word}/2`,
        form_slug: "hlaseni-zavady",
        agenda: "zavady",
        idempotency_key: `list-case-b-${word}`,
        due_at: new Date(Date.now() + 86_400_000),
        state: "approved",
        last_clerk_id: clerkId,
      },
    ]).execute();
    const c = await clerk();
    // open ones by default
    assertEquals(await sameRowsEverywhere(c, `/urad/ukoly?q=${word}`), [`TST-${word}/1`]);
    // (filed in the same instant: their order is the id's)
    assertEquals(
      (await sameRowsEverywhere(c, `/urad/ukoly?q=${word}&stav=all`)).sort(),
      [`TST-${word}/1`, `TST-${word}/2`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/ukoly?q=${word}&stav=approved`),
      [`TST-${word}/2`],
    );
    // the situation's title, typed without diacritics
    assertEquals(
      await sameRowsEverywhere(c, `/urad/ukoly?q=hlaseni+zavady+${word}&stav=all`),
      [`TST-${word}/2`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/ukoly?q=${word}&stav=all&situace=poplatek-ze-psa`),
      [`TST-${word}/1`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/ukoly?q=${word}&stav=all&resitel=${clerkId}`),
      [`TST-${word}/1`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/ukoly?q=${word}&stav=all&resitel=none`),
      [`TST-${word}/2`],
    );
    const page = (await statusOf(c, `/urad/ukoly?q=${word}`)).html;
    assertStringIncludes(page, "Otevřená (1)");
    // a bad assignee is ignored, a bad date is a Czech 400
    assertEquals(
      rowHeaders((await statusOf(c, `/urad/ukoly?q=${word}&stav=all&resitel=x%27`)).html).length,
      2,
    );
    assertEquals((await statusOf(c, `/urad/ukoly?od=2026-13-01`)).status, 400);
  },
});

Deno.test({
  name: "[lists] statements, the payment queue and card payments: search, filters, export",
  ...opts,
  async fn() {
    const { lipnice, citizenId, clerkId } = await ids();
    const word = randomWord();
    const db = getDb();
    const account = "CZ6508000000192000145399";
    const statement = await db.insertInto("bank_statements").values({
      tenant_id: lipnice.id,
      identity: `gpc:${account}:${word}:2026-11-02`,
      format: "gpc",
      account,
      statement_number: word,
      statement_date: "2026-11-02",
      file_name: `vypis-${word}.gpc`,
      file_sha256: word,
      source: "upload",
      imported_by: clerkId,
      line_count: 2,
    }).returning("id").executeTakeFirstOrThrow();
    const line = (n: number, message: string) => ({
      tenant_id: lipnice.id,
      statement_id: statement.id,
      line_no: n,
      account,
      bank_ref: `${word}-${n}`,
      booking_date: "2026-11-02",
      amount_halere: 12_345 * n,
      counter_name: "Šťastný Bořivoj",
      variable_symbol: "9999999999",
      message,
    });
    const [, second] = await db.insertInto("statement_lines").values([
      line(1, `Záloha ${word} první`),
      line(2, `=Platba ${word} druhá`),
    ]).returning("id").execute();
    await db.updateTable("statement_lines")
      .set({ dismissed_at: new Date(), dismissed_by: clerkId, dismiss_reason: "Převod mezi účty" })
      .where("id", "=", second.id).execute();

    const c = await clerk();
    assertEquals(
      await sameColumn(c, `/urad/vypisy?q=${word.toUpperCase()}`, "Číslo", 1),
      [word],
    );
    assertEquals(await sameColumn(c, `/urad/vypisy?q=${word}&zdroj=drop`, "Číslo", 1), []);
    assertEquals(
      await sameColumn(c, `/urad/vypisy?q=${word}&od=2026-11-02&do=2026-11-02`, "Číslo", 1),
      [word],
    );
    assertEquals(await sameColumn(c, `/urad/vypisy?q=${word}&od=2026-11-03`, "Číslo", 1), []);

    // the queue: unmatched by default, searched by the message without diacritics
    assertEquals(
      await sameColumn(c, `/urad/platby?q=zaloha+${word}`, "Zpráva", 7),
      [`Záloha ${word} první`],
    );
    assertEquals(await sameColumn(c, `/urad/platby?q=druha+${word}`, "Zpráva", 7), []);
    const dismissed = await sameColumn(c, `/urad/platby?q=${word}&stav=dismissed`, "Zpráva", 7);
    // the CSV guards the formula, the HTML shows the text: compare after the guard
    assertEquals(dismissed, [`=Platba ${word} druhá`]);
    const csv = await exportRows(c, `/urad/platby?q=${word}&stav=dismissed`, "csv");
    assertEquals(csv.rows.length, 1);
    assertEquals(csv.rows[0][7], `'=Platba ${word} druhá`);
    assert(csv.rows[0].includes("Převod mezi účty"));
    assertEquals((await statusOf(c, `/urad/platby?do=2026-02-30`)).status, 400);

    // card payments: by the gateway's id, filtered by state
    const vs = (n: number) => `8${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}${n}`;
    for (const [n, state] of [[1, "captured"], [2, "failed"]] as const) {
      const order = await db.insertInto("payment_orders").values({
        tenant_id: lipnice.id,
        payer_person_id: citizenId,
        idempotency_key: `list-order-${word}-${n}`,
        request_hash: word,
        variable_symbol: vs(n),
        amount_halere: 50_000,
        account,
        due_date: "2026-12-31",
      }).returning(["id", "variable_symbol"]).executeTakeFirstOrThrow();
      await db.insertInto("card_payments").values({
        tenant_id: lipnice.id,
        person_id: citizenId,
        payment_order_id: order.id,
        idempotency_key: `list-card-${word}-${n}`,
        request_hash: word,
        amount_halere: 50_000,
        state,
        pay_id: `${word}${n}`,
      }).execute();
    }
    const cards = await sameColumn(c, `/urad/platby/karty?q=${word}`, "Stav", 3);
    assertEquals(cards.sort(), ["nezdařila se", "zaplacena"]);
    assertEquals(
      await sameColumn(c, `/urad/platby/karty?q=${word}&stav=captured`, "Stav", 3),
      ["zaplacena"],
    );
    assertEquals(
      (await sameColumn(c, `/urad/platby/karty?q=${word}&stav=nonsense`, "Stav", 3)).length,
      2,
    );
  },
});

Deno.test({
  name: "[lists] clerk accounts: search, role and active filters, last sign-in, export",
  ...opts,
  async fn() {
    const { lipnice } = await ids();
    const word = randomWord();
    const db = getDb();
    const account = (name: string, roles: string[], active: boolean, n: number) => ({
      tenant_id: lipnice.id,
      username: `${word}.${n}`,
      display_name: `${name} ${word}`,
      email: `${word}.${n}@lipnice.example`,
      password_hash: "x",
      phone: null,
      roles,
      active,
    });
    await db.insertInto("clerks").values([
      account("Ludmila Šťovíčková", ["notices"], true, 1),
      account("Oldřich Žák", ["identity"], false, 2),
    ]).execute();
    const c = await client();
    await c.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);
    assertEquals(
      await sameRowsEverywhere(c, `/urad/urednici?q=stovickova+${word}`),
      [`Ludmila Šťovíčková ${word}`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/urednici?q=${word}&role=identity`),
      [`Oldřich Žák ${word}`],
    );
    assertEquals(
      await sameRowsEverywhere(c, `/urad/urednici?q=${word}&stav=deaktivovany`),
      [`Oldřich Žák ${word}`],
    );
    const html = (await statusOf(c, `/urad/urednici?q=${word}`)).html;
    assertStringIncludes(html, "Aktivní účty (1)");
    assertStringIncludes(html, "Deaktivované účty (1)");
    assertStringIncludes(html, "nikdy");
    assertEquals(
      rowHeaders((await statusOf(c, `/urad/urednici?q=${word}&role=boss`)).html).length,
      2,
    );
    // the list is the administrator's: a clerk without the role gets a 403
    const other = await clerk();
    assertEquals((await other.get(`/urad/urednici?format=csv`)).status, 403);
  },
});

Deno.test({
  name: "[lists] an export holds the rows of every page, in the pages' order",
  ...opts,
  async fn() {
    const { lipnice, citizenId } = await ids();
    const word = randomWord();
    await getDb().insertInto("representations").values(
      Array.from({ length: 57 }, (_, i) => ({
        tenant_id: lipnice.id,
        representative_id: citizenId,
        kind: "parent" as const,
        scope: ["poplatky"],
        idempotency_key: `list-page-${word}-${i}`,
        represented_name: `Dítě ${word} ${String(i).padStart(2, "0")}`,
        // decided, so the pending queue other tests read keeps its first page
        status: "refused" as const,
        decided_at: new Date(Date.UTC(2026, 0, 1, 0, 59 - i)),
      })),
    ).execute();
    const c = await clerk();
    const first = rowHeaders((await statusOf(c, `/urad/zastoupeni?stav=archiv&q=${word}`)).html);
    const second = await statusOf(c, `/urad/zastoupeni?stav=archiv&q=${word}&strana=2`);
    assertEquals(first.length, 50);
    assertEquals(first[0], `Dítě ${word} 00`);
    assertEquals(rowHeaders(second.html).length, 7);
    assertStringIncludes(second.html, "Nalezeno záznamů: 57");
    const all = [...first, ...rowHeaders(second.html)];
    for (const format of ["csv", "xlsx"] as const) {
      const out = await exportRows(c, `/urad/zastoupeni?stav=archiv&q=${word}&strana=2`, format);
      assertEquals(out.rows.map((r) => r[0]), all, format);
    }
  },
});
