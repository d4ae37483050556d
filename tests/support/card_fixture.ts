/**
 * A card payment made over HTTP the way tests/card_payment_test.ts makes one, against the local
 * ČSOB sandbox (CSOB_SANDBOX_ORIGIN): a fresh citizen of Lipnice with an e-mail, an unpaid
 * obligation, the portal's card form, the gateway's card page and the signed return; then the
 * card workflow books it. Shared by the refund tests (a copy of the card test's helpers, so that
 * test's file stays as it is).
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { client, demoTowns } from "./app.ts";
import type { TestClient } from "./client.ts";
import { waitFor } from "./wait.ts";
import { getDb } from "../../lib/db.ts";
import { insertLedgerObligation } from "../../db/repositories/ledger.ts";
import type { CardPaymentState } from "../../db/schema.ts";

export const SANDBOX = Deno.env.get("CSOB_SANDBOX_ORIGIN");
export const SUCCESS_CARD = "4000 0000 0000 0002";

/** A citizen of Lipnice with a verified e-mail, signed in. */
export async function cardCitizen() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const username = `vraceni.${suffix}`;
  const password = "Vraceni-obcan-heslo-2026";
  const email = `vraceni.${suffix}@example.cz`;
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Věra",
    family_name: "Vrácená",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_contacts").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    kind: "email",
    value: email,
    verified_at: new Date(),
  }).execute();
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: person.id, tenantId: lipnice.id, email };
}

/** An unpaid waste fee of the person. */
export async function cardObligation(tenantId: string, personId: string, amountHalere: number) {
  const vs = `7${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const id = await insertLedgerObligation(getDb(), tenantId, {
    personId,
    kind: "waste_fee",
    agenda: "poplatky",
    year: 2026,
    title: `Poplatek za odpady ${vs}`,
    amountHalere,
    dueDate: "2026-12-31",
    variableSymbol: vs,
    account: "CZ6508000000192000145399",
    sourceKey: `card-fixture-${vs}`,
  });
  assert(id);
  return id;
}

export async function cardPaymentRow(id: string) {
  return await getDb().selectFrom("card_payments").selectAll().where("id", "=", id)
    .executeTakeFirstOrThrow();
}

export function cardStateIs(id: string, ...states: CardPaymentState[]) {
  return async () => {
    const cp = await cardPaymentRow(id);
    return states.includes(cp.state) ? cp : null;
  };
}

function attr(html: string, re: RegExp, what: string): string {
  const m = re.exec(html);
  if (!m) throw new Error(`no ${what} in the page: ${html.slice(0, 400)}`);
  return m[1].replaceAll("&amp;", "&");
}

function hidden(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
      .replaceAll("&amp;", "&");
  }
  return fields;
}

/**
 * Pays the obligations by card through the portal's form and the sandbox's card page; waits
 * until the card workflow has booked it (captured). Returns the card payment's id.
 */
export async function payByCard(c: TestClient, obligationIds: string[]): Promise<string> {
  const form = new URLSearchParams();
  for (const id of obligationIds) form.append("obligation", id);
  form.set("idempotency_key", crypto.randomUUID());
  form.set("_csrf", await c.csrfToken());
  const res = await c.request("/ucet/platby/karta", { method: "POST", body: form });
  await res.body?.cancel();
  assertEquals(res.status, 303);
  const m = /^\/ucet\/platby\/karta\/([0-9a-f-]{36})\?platit=1$/.exec(
    res.headers.get("location") ?? "",
  );
  assert(m, `redirected to ${res.headers.get("location")}`);
  const id = m[1];
  const handOff = await waitFor(async () => {
    const page = await c.page(`/ucet/platby/karta/${id}?platit=1`);
    return page.includes('http-equiv="refresh" content="0;url=') ? page : null;
  }, { what: "the hand-off to the gateway" });
  const processUrl = attr(handOff, /content="0;url=([^"]+)"/, "meta refresh");

  const process = await fetch(processUrl, { redirect: "manual" });
  await process.body?.cancel();
  assertEquals(process.status, 303);
  const cardUrl = new URL(process.headers.get("location")!, SANDBOX).href;
  const cardPage = await (await fetch(cardUrl)).text();
  const paid = await fetch(cardUrl, {
    method: "POST",
    body: new URLSearchParams({
      token: hidden(cardPage).token,
      action: "pay",
      cardNumber: SUCCESS_CARD,
      expiry: "12/30",
      cvc: "123",
    }),
    redirect: "manual",
  });
  assertEquals(paid.status, 200);
  const html = await paid.text();
  assertStringIncludes(html, "Vracíme vás do obchodu");
  const ret = await c.request("/platby/navrat", {
    method: "POST",
    body: new URLSearchParams(hidden(html)),
    headers: { origin: SANDBOX! },
  });
  await ret.body?.cancel();
  assertEquals(ret.status, 303);
  await waitFor(cardStateIs(id, "captured"), { what: "the booking" });
  return id;
}
