/**
 * A small world for the ledger's tests, made fresh per call (its own persons, so tests do not
 * depend on the demo seed beyond the towns): a payer of Lipnice who represents a household
 * member in the fees agenda, a stranger of the same town, a person of Dubová Lhota, and
 * obligations of each with unique variable symbols — the payer's overdue dog fee and a waste
 * fee, the household member's water bill, the stranger's and the other town's fees.
 */
import { hash } from "@node-rs/argon2";
import { getDb } from "../../lib/db.ts";
import { insertLedgerObligation } from "../../db/repositories/ledger.ts";
import { addDays } from "../../domain/ledger_view.ts";
import { formatPragueDate } from "../../domain/time.ts";
import type { Tenant } from "../../lib/state.ts";
import { client, demoTowns } from "./app.ts";
import type { TestClient } from "./client.ts";

export interface Login {
  id: string;
  username: string;
  password: string;
  name: string;
}

export interface LedgerWorld {
  lipnice: Tenant;
  dubova: Tenant;
  today: string;
  payer: Login;
  household: Login;
  stranger: Login;
  foreign: Login;
  /** Obligation ids. */
  o: { dog: string; waste: string; water: string; strangers: string; foreign: string };
  /** Their variable symbols. */
  vs: { dog: string; waste: string; water: string; strangers: string; foreign: string };
}

const PASSWORD = "Platby-Obcan-Heslo-2026";

/** A variable symbol no one else uses: 7 and nine random digits. */
export function uniqueVs(): string {
  return `7${
    String(crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000_000).padStart(9, "0")
  }`;
}

async function person(
  tenant: Tenant,
  given: string,
  family: string,
): Promise<Login> {
  const username = `platby.${crypto.randomUUID().slice(0, 8)}`;
  const row = await getDb().insertInto("persons").values({
    tenant_id: tenant.id,
    username,
    given_name: given,
    family_name: family,
    password_hash: await hash(PASSWORD, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  return { id: row.id, username, password: PASSWORD, name: `${given} ${family}` };
}

export async function ledgerWorld(): Promise<LedgerWorld> {
  const { lipnice, dubova } = await demoTowns();
  const db = getDb();
  const today = formatPragueDate(new Date());
  const year = Number(today.slice(0, 4));
  const payer = await person(lipnice, "Jana", "Malá");
  const household = await person(lipnice, "Petr", "Malý");
  const stranger = await person(lipnice, "Cizí", "Soused");
  const foreign = await person(dubova, "Jiná", "Obec");
  await db.insertInto("representations").values({
    tenant_id: lipnice.id,
    idempotency_key: `ledger-${crypto.randomUUID()}`,
    representative_id: payer.id,
    kind: "parent",
    represented_person_id: household.id,
    represented_name: household.name,
    scope: ["poplatky"],
    status: "granted",
    document_name: null,
    document_type: null,
    document: null,
    decided_by: null,
    decided_at: new Date(),
    decision_note: null,
  }).execute();
  const vs = {
    dog: uniqueVs(),
    waste: uniqueVs(),
    water: uniqueVs(),
    strangers: uniqueVs(),
    foreign: uniqueVs(),
  };
  const base = { agenda: "poplatky", year, account: lipnice.iban };
  const dog = (await insertLedgerObligation(db, lipnice.id, {
    ...base,
    personId: payer.id,
    kind: "dog_fee",
    amountHalere: 50_000,
    dueDate: addDays(today, -10),
    variableSymbol: vs.dog,
    specificSymbol: "1341",
  }))!;
  const waste = (await insertLedgerObligation(db, lipnice.id, {
    ...base,
    personId: payer.id,
    kind: "waste_fee",
    amountHalere: 80_000,
    dueDate: addDays(today, 30),
    variableSymbol: vs.waste,
  }))!;
  const water = (await insertLedgerObligation(db, lipnice.id, {
    ...base,
    personId: household.id,
    kind: "water",
    amountHalere: 45_050,
    dueDate: addDays(today, 20),
    variableSymbol: vs.water,
    constantSymbol: "308",
    billing: {
      from: `${year}-01-01`,
      to: `${year}-03-31`,
      meterNumber: "V-4711",
      meterStart: 101.5,
      meterEnd: 118.25,
    },
  }))!;
  const strangers = (await insertLedgerObligation(db, lipnice.id, {
    ...base,
    personId: stranger.id,
    kind: "waste_fee",
    amountHalere: 77_700,
    dueDate: addDays(today, 30),
    variableSymbol: vs.strangers,
  }))!;
  const foreignId = (await insertLedgerObligation(db, dubova.id, {
    ...base,
    account: dubova.iban,
    personId: foreign.id,
    kind: "waste_fee",
    amountHalere: 66_600,
    dueDate: addDays(today, 30),
    variableSymbol: vs.foreign,
  }))!;
  return {
    lipnice,
    dubova,
    today,
    payer,
    household,
    stranger,
    foreign,
    o: { dog, waste, water, strangers, foreign: foreignId },
    vs,
  };
}

/** A client signed in as `who` (Dubová Lhota's people on its host). */
export async function signedIn(
  who: Login,
  town: "lipnice" | "dubova" = "lipnice",
): Promise<TestClient> {
  const c = await client(town === "lipnice" ? "localhost" : "dubova.localhost");
  await c.loginCitizen(who.username, who.password);
  return c;
}
