/**
 * Bank statements end to end through HTTP as the demo town's clerk: an uploaded GPC pays the
 * obligations whose symbols it carries (exactly, partly, over: credit), a second upload of the
 * same statement books nothing, a CAMT.053 is taken the same way, a malformed file is a 422 that
 * names the line and stores nothing, a statement of another account is refused; the queue at
 * /urad/platby assigns a line by hand (audited, once on a double submit) and dismisses one with
 * a reason; the workspace shows the count; a clerk without the fees agenda is refused. And the
 * drop folder with the real worker: a file saved into the town's folder is imported and moved
 * to processed/, a malformed one to failed/ with its reason and line number.
 */
import { hash } from "@node-rs/argon2";
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { waitFor } from "./support/client.ts";
import { maildevUrl } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { insertLedgerObligation } from "../db/repositories/ledger.ts";
import { type GpcLineInput, writeGpc } from "../domain/statements/gpc_writer.ts";
import { writeCamt053 } from "../domain/statements/camt_writer.ts";
import { formatPragueDate } from "../domain/time.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const dropDir = Deno.env.get("STATEMENT_DROP_DIR");

let seq = 0;
/** A variable symbol nobody else uses in this run (7 + 9 digits). */
function freshVs(): string {
  seq++;
  return `7${String(Date.now() % 1e5).padStart(5, "0")}${String(seq).padStart(4, "0")}`;
}
/** A bank reference of up to 13 characters, unique in this run. */
function freshRef(): string {
  seq++;
  return `${Date.now() % 1e8}${String(seq).padStart(4, "0")}`.slice(-13);
}

async function payer(given: string, family: string) {
  const { lipnice } = await demoTowns();
  const suffix = crypto.randomUUID().slice(0, 8);
  const p = await getDb().insertInto("persons").values({
    tenant_id: lipnice.id,
    username: `platce.${suffix}`,
    given_name: given,
    family_name: family,
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  return { id: p.id, username: `platce.${suffix}` };
}

async function obligation(personId: string, amountHalere: number) {
  const { lipnice } = await demoTowns();
  const vs = freshVs();
  const id = (await insertLedgerObligation(getDb(), lipnice.id, {
    personId,
    kind: "waste_fee",
    agenda: "poplatky",
    year: 2026,
    sourceKey: `statements-test-${vs}`,
    amountHalere,
    dueDate: "2026-05-31",
    variableSymbol: vs,
    account: lipnice.iban,
  }))!;
  return { id, vs };
}

async function stateOf(id: string) {
  const row = await getDb().selectFrom("obligation_balances").select(["state", "paid_halere"])
    .where("obligation_id", "=", id).executeTakeFirstOrThrow();
  return { state: row.state, paid: Number(row.paid_halere) };
}

function line(
  amountHalere: number,
  vs: string | null,
  name = "Plátce",
  message: string | null = "Poplatek za odpady",
): GpcLineInput {
  return {
    bankRef: freshRef(),
    bookingDate: "2026-04-14",
    amountHalere,
    counterAccount: "19-2000145399/0800",
    counterName: name,
    variableSymbol: vs,
    message,
  };
}

function gpcFile(account: string, number: string, date: string, lines: GpcLineInput[]): File {
  const bytes = writeGpc([{
    account,
    accountName: "OBEC LIPNICE",
    statementNumber: number,
    statementDate: date,
    openingBalanceHalere: 1_000_000,
    closingBalanceHalere: null,
    lines,
  }]);
  return new File([new Uint8Array(bytes)], `vypis-${number}.gpc`, {
    type: "application/octet-stream",
  });
}

async function count(table: "payments" | "bank_statements", tenantId: string) {
  const row = await getDb().selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n"))
    .where("tenant_id", "=", tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

Deno.test({
  name: "[statements] a clerk uploads statements: booked once, malformed and foreign files refused",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const horak = await payer("Tomáš", "Horák");
    const exact = await obligation(horak.id, 80_000);
    const partial = await obligation(horak.id, 120_000);
    const over = await obligation(horak.id, 50_000);
    const viaCamt = await obligation(horak.id, 30_000);

    const clerk = await client();
    await clerk.loginClerk();
    const empty = await clerk.get("/urad/vypisy");
    assertEquals(empty.status, 200);
    assertEquals(empty.headers.get("cache-control"), "private, no-store");
    const emptyHtml = await empty.text();
    assertStringIncludes(emptyHtml, "Nahrát výpis");
    assertStringIncludes(emptyHtml, 'accept=".gpc,.abo,.txt,.xml"');

    const file = gpcFile(lipnice.iban, "101", "2026-04-14", [
      line(80_000, exact.vs),
      line(50_000, partial.vs),
      line(70_000, over.vs),
      line(12_345, "999999999", "Neznámý Plátce"),
      line(-2_500, null, "POPLATEK ZA VEDENÍ"),
    ]);
    const paymentsBefore = await count("payments", lipnice.id);
    const uploaded = await clerk.post("/urad/vypisy", { file });
    assertEquals(uploaded.status, 200);
    assertMatch(uploaded.headers.get("content-type") ?? "", /^text\/html/);
    const html = await uploaded.text();
    assertStringIncludes(html, "Výpis byl načten");
    assertStringIncludes(html, "Výpis č. 101 z 14. 4. 2026: řádků 5");
    assertStringIncludes(
      html,
      "Zaúčtované platby: 3 · vyúčtování plateb kartou: 0 · k ručnímu přiřazení: 1",
    );
    assertEquals(await stateOf(exact.id), { state: "paid", paid: 80_000 });
    assertEquals(await stateOf(partial.id), { state: "partly_paid", paid: 50_000 });
    assertEquals(await stateOf(over.id), { state: "overpaid", paid: 70_000 });
    assertEquals(await count("payments", lipnice.id), paymentsBefore + 3);
    const statement = await db.selectFrom("bank_statements").selectAll()
      .where("tenant_id", "=", lipnice.id).where("statement_number", "=", "101")
      .executeTakeFirstOrThrow();
    assertEquals([statement.source, statement.format, statement.line_count], ["upload", "gpc", 5]);
    const audit = await db.selectFrom("audit_log").selectAll()
      .where("tenant_id", "=", lipnice.id).where("action", "=", "statement.imported")
      .where("subject_id", "=", statement.id).executeTakeFirstOrThrow();
    assertEquals(audit.actor_type, "clerk");
    assert(!JSON.stringify(audit.details).includes("Horák"), "no personal data in the audit");

    // The same file again: reported, nothing booked twice.
    const again = await clerk.post("/urad/vypisy", { file });
    assertEquals(again.status, 200);
    assertStringIncludes(await again.text(), "Výpis č. 101 z 14. 4. 2026 už byl načten.");
    assertEquals(await count("payments", lipnice.id), paymentsBefore + 3);

    // The statement's page: every line and what it became.
    const page = await clerk.page(`/urad/vypisy/${statement.id}`);
    assertStringIncludes(page, "Výpis č. 101 z 14. 4. 2026");
    assertStringIncludes(page, `předpis VS ${exact.vs}`);
    assertStringIncludes(page, "Odchozí platba – nezpracovává se");
    assertStringIncludes(page, "Nespárováno");
    assertStringIncludes(page, "Neznámý Plátce");

    // CAMT.053 the same way.
    const camt = writeCamt053([{
      account: lipnice.iban,
      statementNumber: "102",
      statementDate: "2026-04-15",
      openingBalanceHalere: null,
      closingBalanceHalere: null,
      lines: [{
        bankRef: `CAMT-${freshRef()}`,
        bookingDate: "2026-04-15",
        amountHalere: 30_000,
        counterName: "Tomáš Horák",
        variableSymbol: viaCamt.vs,
      }],
    }]);
    const camtRes = await clerk.post("/urad/vypisy", {
      file: new File([camt], "vypis-102.xml", { type: "application/xml" }),
    });
    assertEquals(camtRes.status, 200);
    assertStringIncludes(await camtRes.text(), "Zaúčtované platby: 1");
    assertEquals(await stateOf(viaCamt.id), { state: "paid", paid: 30_000 });

    // A malformed file: 422 with the line, nothing stored.
    const good = new Uint8Array(
      await gpcFile(lipnice.iban, "103", "2026-04-16", [
        line(1_000, exact.vs, "Plátce", null),
        line(2_000, exact.vs, "Plátce", null),
      ]).arrayBuffer(),
    );
    const broken = good.slice();
    // The third record (128 characters and CRLF each) is the second item: letters in its amount.
    broken.set(new TextEncoder().encode("XYZ"), 130 * 2 + 50);
    const statementsBefore = await count("bank_statements", lipnice.id);
    const refused = await clerk.post("/urad/vypisy", {
      file: new File([broken], "vypis-103.gpc"),
    });
    assertEquals(refused.status, 422);
    const refusedHtml = await refused.text();
    assertStringIncludes(refusedHtml, "Soubor nelze načíst, nic z něj nebylo zaúčtováno.");
    assertStringIncludes(refusedHtml, "Řádek 3");
    assertEquals(await count("bank_statements", lipnice.id), statementsBefore);
    assertEquals(await stateOf(exact.id), { state: "paid", paid: 80_000 });

    // Another account's statement: refused, nothing stored.
    const foreign = await clerk.post("/urad/vypisy", {
      file: gpcFile("CZ6108000000271938475001", "104", "2026-04-16", [line(1_000, exact.vs)]),
    });
    assertEquals(foreign.status, 422);
    assertStringIncludes(await foreign.text(), "který není účtem obce");
    assertEquals(await count("bank_statements", lipnice.id), statementsBefore);

    // Not a statement's file type; no file at all.
    const pdf = await clerk.post("/urad/vypisy", {
      file: new File(["%PDF-1.4"], "vypis.pdf", { type: "application/pdf" }),
    });
    assertEquals(pdf.status, 422);
    assertStringIncludes(await pdf.text(), "Povolené typy: .gpc, .abo, .txt, .xml");
    const none = await clerk.post("/urad/vypisy", { note: "bez souboru" });
    assertEquals(none.status, 422);
    await none.body?.cancel();
  },
});

Deno.test({
  name: "[statements] the queue: a line assigned by hand once (audited), another dismissed",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const mala = await payer("Jarmila", "Šťastná");
    const fee = await obligation(mala.id, 45_000);
    const clerk = await client();
    await clerk.loginClerk();
    const uploaded = await clerk.post("/urad/vypisy", {
      file: gpcFile(lipnice.iban, "111", "2026-04-20", [
        line(45_000, "999999997", "Šťastná Jarmila"), // a mistyped symbol
        line(9_900, null, "Vratka dodavatele"),
      ]),
    });
    assertEquals(uploaded.status, 200);
    assertStringIncludes(await uploaded.text(), "k ručnímu přiřazení: 2");
    const [wrong, refund] = await db.selectFrom("statement_lines as l")
      .innerJoin("bank_statements as s", "s.id", "l.statement_id")
      .select(["l.id", "l.amount_halere"]).where("s.tenant_id", "=", lipnice.id)
      .where("s.statement_number", "=", "111").orderBy("l.line_no").execute();

    const home = await clerk.page("/urad");
    assertMatch(home, /href="\/urad\/platby">Nespárované platby: \d+</);
    const queue = await clerk.page("/urad/platby");
    assertStringIncludes(queue, `href="/urad/platby/${wrong.id}"`);
    assertStringIncludes(queue, "Šťastná Jarmila");

    // The line's own symbol finds nothing; the payer's name without diacritics does.
    const first = await clerk.page(`/urad/platby/${wrong.id}`);
    assertStringIncludes(first, "Nic nenalezeno.");
    const found = await clerk.page(`/urad/platby/${wrong.id}?q=stastna`);
    assertStringIncludes(found, `cil=obligation:${fee.id}`);
    const byVs = await clerk.page(`/urad/platby/${wrong.id}?q=${fee.vs}`);
    assertStringIncludes(byVs, `cil=obligation:${fee.id}`);
    const tooShort = await clerk.get(`/urad/platby/${wrong.id}?q=x`);
    assertEquals(tooShort.status, 422);
    await tooShort.body?.cancel();
    const confirm = await clerk.page(`/urad/platby/${wrong.id}?q=stastna&cil=obligation:${fee.id}`);
    assertStringIncludes(confirm, "Potvrdit přiřazení");

    const assign = () =>
      clerk.post(`/urad/platby/${wrong.id}`, {
        action: "assign",
        target: `obligation:${fee.id}`,
      });
    const done = await assign();
    assertEquals(done.status, 303);
    assertEquals(done.headers.get("location"), "/urad/platby?hotovo=assigned");
    const twice = await assign();
    assertEquals(twice.status, 303);
    assertEquals(twice.headers.get("location"), "/urad/platby?hotovo=alreadyBooked");
    assertEquals(await stateOf(fee.id), { state: "paid", paid: 45_000 });
    const payments = await db.selectFrom("payments").selectAll()
      .where("statement_line_id", "=", wrong.id).execute();
    assertEquals(payments.length, 1);
    assert(payments[0].assigned_by, "the clerk who assigned it is kept");
    const audits = await db.selectFrom("audit_log").select(["action", "actor_type"])
      .where("subject_id", "=", wrong.id).where("action", "=", "payment.assigned").execute();
    assertEquals(audits, [{ action: "payment.assigned", actor_type: "clerk" }]);
    const after = await clerk.page(`/urad/platby/${wrong.id}`);
    assertStringIncludes(after, "Tato platba už nečeká na přiřazení.");

    // Dismissal needs a reason; then it leaves the queue, once.
    const noReason = await clerk.post(`/urad/platby/${refund.id}`, {
      action: "dismiss",
      reason: " ",
    });
    assertEquals(noReason.status, 422);
    assertStringIncludes(await noReason.text(), "Vyplňte prosím toto pole.");
    const dismissed = await clerk.post(`/urad/platby/${refund.id}`, {
      action: "dismiss",
      reason: "Vratka dodavateli, nejde o poplatek",
    });
    assertEquals(dismissed.status, 303);
    assertEquals(dismissed.headers.get("location"), "/urad/platby?hotovo=dismissed");
    const queueAfter = await clerk.page("/urad/platby?hotovo=dismissed");
    assertStringIncludes(queueAfter, "Platba byla vyřazena.");
    assert(!queueAfter.includes(`/urad/platby/${refund.id}"`), "no longer in the queue");
    const dismissAudit = await db.selectFrom("audit_log").select("action")
      .where("subject_id", "=", refund.id).where("action", "=", "statement_line.dismissed")
      .execute();
    assertEquals(dismissAudit.length, 1);
    // Assigning a dismissed line is refused with a conflict.
    const late = await clerk.post(`/urad/platby/${refund.id}`, {
      action: "assign",
      target: `obligation:${fee.id}`,
    });
    assertEquals(late.status, 409);
    await late.body?.cancel();
    const rematch = await clerk.post("/urad/platby", {});
    assertEquals(rematch.status, 303);
    assertMatch(rematch.headers.get("location") ?? "", /^\/urad\/platby\?zauctovano=\d+/);
  },
});

Deno.test({
  name: "[statements] a clerk without the fees agenda may not see statements or the queue",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const suffix = crypto.randomUUID().slice(0, 6);
    const password = "Jiny-Urednik-2026-heslo";
    const phone = `+42077${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    await getDb().insertInto("clerks").values({
      tenant_id: lipnice.id,
      username: `deska-${suffix}`,
      display_name: "Úředník desky",
      email: `deska-${suffix}@lipnice.example`,
      phone,
      password_hash: await hash(password, { algorithm: 2 }),
      roles: ["notices"],
    }).execute();
    const c = await client();
    await c.loginClerk(`deska-${suffix}`, password, phone);
    for (const path of ["/urad/vypisy", "/urad/platby", `/urad/platby/${crypto.randomUUID()}`]) {
      const res = await c.get(path);
      assertEquals(res.status, 403, path);
      await res.body?.cancel();
    }
    const home = await c.page("/urad");
    assert(!home.includes('href="/urad/platby"'), "no link to what the roles do not allow");
  },
});

Deno.test({
  name: "[statements] a file dropped into the town's folder is imported by the worker and moved",
  ...opts,
  ignore: opts.ignore || !dropDir,
  async fn() {
    const { lipnice } = await demoTowns();
    const folder = join(dropDir!, lipnice.slug);
    const someone = await payer("Ladislav", "Kovář");
    const fee = await obligation(someone.id, 65_000);
    await Deno.mkdir(folder, { recursive: true });
    const drop = async (name: string, bytes: Uint8Array) => {
      // Written under a name the poll skips, then renamed: the poll never sees half a file.
      await Deno.writeFile(join(folder, `${name}.part`), bytes);
      await Deno.rename(join(folder, `${name}.part`), join(folder, name));
    };
    const good = new Uint8Array(
      await gpcFile(lipnice.iban, "121", "2026-04-22", [line(65_000, fee.vs, "Kovář L.")])
        .arrayBuffer(),
    );
    const name = `drop-${crypto.randomUUID().slice(0, 8)}.gpc`;
    await drop(name, good);
    const date = formatPragueDate(new Date());
    const processed = join(folder, "processed", `${date}-${name}`);
    await waitFor(() => exists(processed), { what: "the file in processed/", timeoutMs: 60_000 });
    assertEquals(await stateOf(fee.id), { state: "paid", paid: 65_000 });
    const stored = await getDb().selectFrom("bank_statements").select(["source", "imported_by"])
      .where("tenant_id", "=", lipnice.id).where("statement_number", "=", "121")
      .executeTakeFirstOrThrow();
    assertEquals(stored, { source: "drop", imported_by: null });

    // The same file dropped again is "already imported" and moved all the same.
    const againName = `again-${name}`;
    await drop(againName, good);
    await waitFor(() => exists(join(folder, "processed", `${date}-${againName}`)), {
      what: "the repeated file in processed/",
      timeoutMs: 60_000,
    });
    assertEquals(await stateOf(fee.id), { state: "paid", paid: 65_000 });

    // A malformed file goes to failed/ with its reason.
    const broken = good.slice();
    broken.set(new TextEncoder().encode("??"), 130 + 3);
    const badName = `bad-${name}`;
    await drop(badName, broken);
    const reasonFile = join(folder, "failed", `${date}-${badName}.error.txt`);
    await waitFor(() => exists(reasonFile), { what: "the reason in failed/", timeoutMs: 60_000 });
    assert(await exists(join(folder, "failed", `${date}-${badName}`)));
    const reason = await Deno.readTextFile(reasonFile);
    assertStringIncludes(reason, "Soubor nelze načíst");
    assertStringIncludes(reason, "Řádek 2");
  },
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
