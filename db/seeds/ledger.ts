/**
 * The demo towns' ledgers: what their citizens owed and paid in 2023–2026, so that `/ucet`,
 * the payment history and the clerk's pages look lived in. Idempotent: every obligation and
 * payment has a source key (`seed:…`), the household's persons and representations are found by
 * user name and idempotency key, so running the seed again changes nothing.
 *
 * Lipnice nad Hájem (account CZ08 0100 0000 1920 0014 5399):
 * - Tomáš Horák (tomas.horak.1001) pays for his household: his wife Eva (eva.horakova.1004,
 *   power of attorney) and son Jakub (jakub.horak.1005, parent), neither with a login; the
 *   office granted both representations for the fees agenda. The waste fee of all three
 *   2023–2026 (Eva paid 1 000 Kč of 850 Kč in 2025: 150 Kč credit; Eva paid only the first instalment of
 *   2026; Jakub's 2026 is unpaid), the house's water and sewage quarterly with meter readings
 *   (each bill starts where the last ended; Q3 2026 is unpaid and overdue) and a fine due in the
 *   first week of December 2026: the README's citizen with unpaid obligations, some overdue, one
 *   due soon.
 * - Marie Procházková rents a flat of the town: monthly rent 2026 (November overdue, December
 *   due soon), her waste fees paid.
 * - Jana Malá: waste fees (2024 written off: exempt, proven late), dog fee history, an
 *   administrative fee paid by card.
 * Dubová Lhota (its own account): Petr Svoboda (petr.svoboda.2001, a login of his own): waste
 * fees, water and sewage half-yearly, a dog fee.
 *
 * Symbols (one scheme per town, no variable symbol starting with 9: those are payment orders'):
 * - VS `K YY PPPP NN`: K the kind (1 waste fee, 2 dog fee, 3 administrative fee, 4 fine, 5
 *   rent, 6 water), YY the year, PPPP the person's number (the user name's suffix), NN the
 *   period (00 a year, 01–12 a month, 01–04 a quarter, 01–02 a half-year): `126100100`.
 * - SS: the budget item (rozpočtová položka, vyhláška 412/2021 Sb.) the income is booked to:
 *   1345 waste fee, 1341 dog fee, 1361 administrative fees, 2212 fines, 2132 rent, 2111 water
 *   and sewage (income from services).
 * - KS: 1148 (payment of a tax or fee) for local and administrative fees, 0558 (other
 *   cashless payments) for fines, 0308 (payment for services) for rent and water.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, ObligationKind } from "../schema.ts";
import { hashPassword } from "../../lib/password.ts";
import { bookPayment, insertLedgerObligation } from "../repositories/ledger.ts";

type PaymentKind = "bank" | "card" | "cash";

/** Members of Tomáš Horák's household, without logins: he pays for them. */
export const DEMO_HOUSEHOLD = [
  {
    username: "eva.horakova.1004",
    givenName: "Eva",
    familyName: "Horáková",
    birthDate: "1986-09-14",
    kind: "power_of_attorney" as const,
    note: "Plná moc manželky ověřena na přepážce (ukázková data).",
  },
  {
    username: "jakub.horak.1005",
    givenName: "Jakub",
    familyName: "Horák",
    birthDate: "2015-03-22",
    kind: "parent" as const,
    note: "Rodný list dítěte předložen na přepážce (ukázková data).",
  },
] as const;

/** The household's payer (a demo citizen of db/seeds/demo.ts). */
export const HOUSEHOLD_PAYER = "tomas.horak.1001";

/** Dubová Lhota's demo citizen: signs in with the password alone. */
export const DUBOVA_CITIZEN = {
  username: "petr.svoboda.2001",
  password: "Obcan-Dubova-2026",
  givenName: "Petr",
  familyName: "Svoboda",
  email: "petr.svoboda@example.cz",
  phone: "+420777888999",
} as const;

const SYMBOLS: Record<ObligationKind, { digit: number; ss: string; ks: string; agenda: string }> = {
  waste_fee: { digit: 1, ss: "1345", ks: "1148", agenda: "poplatky" },
  dog_fee: { digit: 2, ss: "1341", ks: "1148", agenda: "poplatky" },
  admin_fee: { digit: 3, ss: "1361", ks: "1148", agenda: "poplatky" },
  fine: { digit: 4, ss: "2212", ks: "0558", agenda: "poplatky" },
  rent: { digit: 5, ss: "2132", ks: "0308", agenda: "poplatky" },
  water: { digit: 6, ss: "2111", ks: "0308", agenda: "voda" },
  // Not seeded: a grant's return is issued by the grants clerk (app/grant_awards.ts).
  grant_return: { digit: 7, ss: "2229", ks: "0558", agenda: "dotace" },
};

interface SeedPayment {
  on: string;
  halere: number;
  kind: PaymentKind;
}

interface SeedObligation {
  /** User name of the person who owes it. */
  person: string;
  kind: ObligationKind;
  year: number;
  /** 0 for a year, else the month, quarter or half-year. */
  period: number;
  title: string;
  halere: number;
  due: string;
  /** When the office issued it (its created_at). */
  issued: string;
  billing?: { from: string; to: string; meterNumber: string; meterStart: number; meterEnd: number };
  payments: SeedPayment[];
  /** Who paid (user name); the obligation's person when absent. */
  payer?: string;
  writeOff?: { on: string; reason: string };
}

function personNumber(username: string): string {
  const m = /\.(\d{4})$/.exec(username);
  if (!m) throw new Error(`no person number in ${username}`);
  return m[1];
}

function variableSymbol(o: SeedObligation): string {
  return `${SYMBOLS[o.kind].digit}${String(o.year % 100).padStart(2, "0")}${
    personNumber(o.person)
  }${String(o.period).padStart(2, "0")}`;
}

function sourceKey(o: SeedObligation): string {
  return `seed:${o.kind}:${o.year}:${personNumber(o.person)}:${o.period}`;
}

const pay = (on: string, halere: number, kind: PaymentKind = "bank"): SeedPayment => ({
  on,
  halere,
  kind,
});

// ---------------------------------------------------------------------------------------------
// Lipnice nad Hájem

const LIPNICE_WASTE: Record<number, number> = {
  2023: 75_000,
  2024: 80_000,
  2025: 85_000,
  2026: 90_000,
};

function waste(
  person: string,
  year: number,
  payments: SeedPayment[],
  extra: Partial<SeedObligation> = {},
  rates = LIPNICE_WASTE,
): SeedObligation {
  return {
    person,
    kind: "waste_fee",
    year,
    period: 0,
    title: `Poplatek za komunální odpad ${year}`,
    halere: rates[year],
    due: `${year}-06-30`,
    issued: `${year}-02-01`,
    payments,
    ...extra,
  };
}

/** m³ per quarter of the Horáks' house, 2023 Q1 to 2026 Q3; readings chain from 1187.250. */
const HORAK_WATER = [
  23.418,
  25.902,
  27.615,
  24.087,
  22.764,
  26.331,
  28.902,
  23.957,
  24.31,
  25.116,
  29.448,
  24.703,
  23.885,
  25.62,
  27.034,
];
/** Vodné + stočné per m³ including VAT, haléře. */
const LIPNICE_WATER_PRICE: Record<number, number> = {
  2023: 9_840,
  2024: 10_460,
  2025: 11_180,
  2026: 11_820,
};
const QUARTER_END = ["03-31", "06-30", "09-30", "12-31"];
const QUARTER_START = ["01-01", "04-01", "07-01", "10-01"];
const QUARTER_NAME = ["1. čtvrtletí", "2. čtvrtletí", "3. čtvrtletí", "4. čtvrtletí"];

function horakWater(): SeedObligation[] {
  const out: SeedObligation[] = [];
  let reading = 1187.25;
  for (const [i, m3] of HORAK_WATER.entries()) {
    const year = 2023 + Math.floor(i / 4);
    const q = i % 4;
    const end = Math.round((reading + m3) * 1000) / 1000;
    const halere = Math.round(m3 * LIPNICE_WATER_PRICE[year]);
    // Billed in the month after the quarter, due on the 15th of the month after that.
    const due = q === 3 ? `${year + 1}-02-15` : `${year}-${String(q * 3 + 5).padStart(2, "0")}-15`;
    const issued = q === 3
      ? `${year + 1}-01-12`
      : `${year}-${String(q * 3 + 4).padStart(2, "0")}-12`;
    const paidOn = q === 3
      ? `${year + 1}-02-1${i % 3}`
      : `${year}-${String(q * 3 + 5).padStart(2, "0")}-0${3 + (i % 6)}`;
    let payments: SeedPayment[] = [pay(paidOn, halere)];
    if (year === 2024 && q === 2) {
      // Paid in two parts: a round sum first, the rest after the office's call.
      payments = [pay("2024-11-08", 200_000), pay("2024-11-29", halere - 200_000)];
    }
    if (year === 2026 && q === 2) payments = []; // Q3 2026: unpaid, overdue since 15 Nov
    out.push({
      person: HOUSEHOLD_PAYER,
      kind: "water",
      year,
      period: q + 1,
      title: `Vodné a stočné – ${QUARTER_NAME[q]} ${year}`,
      halere,
      due,
      issued,
      billing: {
        from: `${year}-${QUARTER_START[q]}`,
        to: `${year}-${QUARTER_END[q]}`,
        meterNumber: "VD-20188431",
        meterStart: reading,
        meterEnd: end,
      },
      payments,
    });
    reading = end;
  }
  return out;
}

function lipniceLedger(): SeedObligation[] {
  const tomas = HOUSEHOLD_PAYER;
  const [eva, jakub] = DEMO_HOUSEHOLD.map((h) => h.username);
  const marie = "marie.prochazkova.1002";
  const jana = "jana.mala.1003";
  const household: SeedObligation[] = [];
  // The Horáks pay the waste fee together: cash at the counter in 2023, transfers in 2024,
  // by card in 2025, and in 2026 Tomáš paid his own, the first instalment of Eva's and not
  // yet Jakub's.
  for (const p of [tomas, eva, jakub]) {
    household.push(
      waste(p, 2023, [pay("2023-03-14", LIPNICE_WASTE[2023], "cash")], { payer: tomas }),
      waste(p, 2024, [pay("2024-06-21", LIPNICE_WASTE[2024])], { payer: tomas }),
      waste(
        p,
        2025,
        // Eva's 2025 was paid as 1 000 Kč instead of 850 Kč: 150 Kč of credit.
        [pay("2025-04-11", p === eva ? 100_000 : LIPNICE_WASTE[2025], "card")],
        { payer: tomas },
      ),
    );
  }
  household.push(
    waste(tomas, 2026, [pay("2026-05-27", LIPNICE_WASTE[2026])]),
    waste(eva, 2026, [pay("2026-06-26", 45_000)], {
      payer: tomas,
      title: "Poplatek za komunální odpad 2026 (placeno ve dvou splátkách)",
    }),
    waste(jakub, 2026, [], { payer: tomas }),
  );
  const fine: SeedObligation = {
    person: tomas,
    kind: "fine",
    year: 2026,
    period: 0,
    title: "Pokuta za přestupek – znečištění veřejného prostranství (č. j. OÚ-LIP/1212/2026)",
    halere: 150_000,
    due: "2026-12-07",
    issued: "2026-11-20",
    payments: [],
  };

  const rent: SeedObligation[] = [];
  const MONTHS = [
    "leden",
    "únor",
    "březen",
    "duben",
    "květen",
    "červen",
    "červenec",
    "srpen",
    "září",
    "říjen",
    "listopad",
    "prosinec",
  ];
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, "0");
    const paidOn = m === 3 ? "2026-03-16" : `2026-${mm}-0${m % 2 ? 7 : 8}`;
    rent.push({
      person: marie,
      kind: "rent",
      year: 2026,
      period: m,
      title: `Nájemné – byt č. 3, Náměstí Míru 15, ${MONTHS[m - 1]} 2026`,
      halere: 685_000,
      due: `2026-${mm}-10`,
      issued: m === 1 ? "2025-12-15" : `2026-${String(m - 1).padStart(2, "0")}-15`,
      // Paid by standing order until October; November and December are still open.
      payments: m <= 10 ? [pay(paidOn, 685_000)] : [],
    });
  }
  const marieWaste = [2023, 2024, 2025, 2026].map((y) =>
    waste(marie, y, [pay(`${y}-06-1${y % 10}`, LIPNICE_WASTE[y])])
  );

  const janaLedger: SeedObligation[] = [
    waste(jana, 2023, [pay("2023-06-02", LIPNICE_WASTE[2023])]),
    waste(jana, 2024, [], {
      writeOff: {
        on: "2025-03-03",
        reason:
          "Osvobození od poplatku – pobyt v zahraničí po celý rok 2024 (čl. 7 OZV), doloženo 3. 3. 2025.",
      },
    }),
    waste(jana, 2025, [pay("2025-06-20", LIPNICE_WASTE[2025], "card")]),
    waste(jana, 2026, [pay("2026-06-05", LIPNICE_WASTE[2026], "card")]),
    ...[2023, 2024, 2025].map((y): SeedObligation => ({
      person: jana,
      kind: "dog_fee",
      year: y,
      period: 0,
      title: `Poplatek ze psů ${y} – 1 pes (Bára)`,
      halere: 50_000,
      due: `${y}-03-31`,
      issued: `${y}-01-15`,
      payments: [pay(`${y}-03-2${y % 10}`, 50_000, y === 2023 ? "cash" : "bank")],
    })),
    {
      person: jana,
      kind: "admin_fee",
      year: 2026,
      period: 0,
      title: "Správní poplatek – zvláštní užívání místní komunikace (kontejner, 14 dní)",
      halere: 50_000,
      due: "2026-07-15",
      issued: "2026-07-01",
      payments: [pay("2026-07-02", 50_000, "card")],
    },
  ];
  return [...household, ...horakWater(), fine, ...rent, ...marieWaste, ...janaLedger];
}

// ---------------------------------------------------------------------------------------------
// Dubová Lhota

const DUBOVA_WASTE: Record<number, number> = { 2024: 70_000, 2025: 78_000, 2026: 78_000 };

function dubovaLedger(): SeedObligation[] {
  const petr = DUBOVA_CITIZEN.username;
  const water: SeedObligation[] = [];
  const m3 = [38.214, 41.03, 36.877];
  const prices: Record<number, number> = { 2025: 10_950, 2026: 11_400 };
  let reading = 412.6;
  for (const [i, used] of m3.entries()) {
    const year = 2025 + Math.floor(i / 2);
    const half = i % 2;
    const end = Math.round((reading + used) * 1000) / 1000;
    const halere = Math.round(used * prices[year]);
    const due = half === 0 ? `${year}-08-31` : `${year + 1}-02-28`;
    water.push({
      person: petr,
      kind: "water",
      year,
      period: half + 1,
      title: `Vodné a stočné – ${half === 0 ? "1. pololetí" : "2. pololetí"} ${year}`,
      halere,
      due,
      issued: half === 0 ? `${year}-07-20` : `${year + 1}-01-20`,
      billing: {
        from: `${year}-${half === 0 ? "01-01" : "07-01"}`,
        to: `${year}-${half === 0 ? "06-30" : "12-31"}`,
        meterNumber: "DL-0045127",
        meterStart: reading,
        meterEnd: end,
      },
      // The last half-year is paid in part.
      payments: i < 2 ? [pay(half === 0 ? `${year}-08-25` : `${year + 1}-02-20`, halere)] : [
        pay("2026-08-28", 200_000),
      ],
    });
    reading = end;
  }
  return [
    waste(petr, 2024, [pay("2024-04-22", DUBOVA_WASTE[2024])], {}, DUBOVA_WASTE),
    waste(petr, 2025, [pay("2025-06-02", DUBOVA_WASTE[2025], "cash")], {}, DUBOVA_WASTE),
    waste(petr, 2026, [], {}, DUBOVA_WASTE),
    ...water,
    {
      person: petr,
      kind: "dog_fee",
      year: 2026,
      period: 0,
      title: "Poplatek ze psů 2026 – 1 pes (Rex)",
      halere: 40_000,
      due: "2026-05-31",
      issued: "2026-02-10",
      payments: [pay("2026-05-12", 40_000, "card")],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Seeding

async function personId(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  username: string,
) {
  const row = await db.selectFrom("persons").select(["id", "given_name", "family_name"])
    .where("tenant_id", "=", tenantId).where("username", "=", username).executeTakeFirst();
  if (!row) throw new Error(`the demo seed has no person ${username}`);
  return row;
}

/** The household's persons and the office's granted representations (Tomáš pays for them). */
async function seedHousehold(db: Kysely<Database>, tenantId: string): Promise<void> {
  const payer = await personId(db, tenantId, HOUSEHOLD_PAYER);
  const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", tenantId)
    .where("username", "=", "urednik").executeTakeFirst();
  for (const h of DEMO_HOUSEHOLD) {
    await db.insertInto("persons").values({
      tenant_id: tenantId,
      username: h.username,
      given_name: h.givenName,
      family_name: h.familyName,
      birth_date: h.birthDate,
      address: "Lipová 214, 391 65 Lipnice nad Hájem",
      password_hash: null,
      status: "active",
      updated_at: new Date(),
    }).onConflict((oc) => oc.columns(["tenant_id", "username"]).doNothing()).execute();
    const person = await personId(db, tenantId, h.username);
    await db.insertInto("representations").values({
      tenant_id: tenantId,
      idempotency_key: `seed-household-${h.username}`,
      representative_id: payer.id,
      kind: h.kind,
      represented_person_id: person.id,
      represented_name: `${h.givenName} ${h.familyName}`,
      represented_birth_date: h.birthDate,
      represented_ico: null,
      scope: ["poplatky"],
      valid_until: null,
      status: "granted",
      document_name: null,
      document_type: null,
      document: null,
      requested_at: new Date("2023-02-20T09:30:00+01:00"),
      decided_by: clerk?.id ?? null,
      decided_at: new Date("2023-02-20T09:45:00+01:00"),
      decision_note: h.note,
    }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing()).execute();
  }
}

/** Dubová Lhota's citizen with a login, verified e-mail and phone. */
async function seedDubovaCitizen(db: Kysely<Database>, tenantId: string): Promise<void> {
  const c = DUBOVA_CITIZEN;
  const exists = await db.selectFrom("persons").select("id")
    .where("tenant_id", "=", tenantId).where("username", "=", c.username).executeTakeFirst();
  if (exists) return;
  await db.transaction().execute(async (trx) => {
    const person = await trx.insertInto("persons").values({
      tenant_id: tenantId,
      username: c.username,
      given_name: c.givenName,
      family_name: c.familyName,
      address: "Dubová Lhota 48, 257 01 Dubová Lhota",
      password_hash: await hashPassword(c.password),
      status: "active",
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    for (const [kind, value] of [["email", c.email], ["phone", c.phone]] as const) {
      await trx.insertInto("person_contacts").values({
        tenant_id: tenantId,
        person_id: person.id,
        kind,
        value,
        verified_at: new Date(),
      }).execute();
    }
  });
}

function ascii(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase();
}

/** One town's ledger, in one transaction; what is there already is left as it is. */
async function seedTownLedger(
  db: Kysely<Database>,
  tenantId: string,
  clerkUsername: string,
  obligations: SeedObligation[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tenant = await trx.selectFrom("tenants").select("iban").where("id", "=", tenantId)
      .executeTakeFirstOrThrow();
    const clerk = await trx.selectFrom("clerks").select("id").where("tenant_id", "=", tenantId)
      .where("username", "=", clerkUsername).executeTakeFirst();
    const persons = new Map<string, Awaited<ReturnType<typeof personId>>>();
    const person = async (username: string) => {
      if (!persons.has(username)) persons.set(username, await personId(trx, tenantId, username));
      return persons.get(username)!;
    };
    for (const o of obligations) {
      const owner = await person(o.person);
      const key = sourceKey(o);
      const vs = variableSymbol(o);
      const id = await insertLedgerObligation(trx, tenantId, {
        personId: owner.id,
        sourceKey: key,
        kind: o.kind,
        agenda: SYMBOLS[o.kind].agenda,
        year: o.year,
        title: o.title,
        amountHalere: o.halere,
        dueDate: o.due,
        variableSymbol: vs,
        specificSymbol: SYMBOLS[o.kind].ss,
        constantSymbol: SYMBOLS[o.kind].ks,
        account: tenant.iban,
        billing: o.billing ?? null,
      });
      if (id === null) continue; // seeded before: its payments and write-off too
      // Issued when the office issued it, not when the seed ran (creation time is read-only
      // to the typed API: it is set once here, on the row just inserted).
      await sql`update obligations set created_at = ${`${o.issued}T09:00:00+01:00`}::timestamptz
        where id = ${id}`.execute(trx);
      const payer = await person(o.payer ?? o.person);
      for (const [n, p] of o.payments.entries()) {
        const paymentId = await bookPayment(trx, tenantId, {
          kind: p.kind,
          amountHalere: p.halere,
          receivedOn: p.on,
          variableSymbol: p.kind === "cash" ? null : vs,
          payerPersonId: payer.id,
          payerName: ascii(`${payer.family_name} ${payer.given_name}`),
          obligationId: id,
          assignedBy: p.kind === "cash" ? clerk?.id ?? null : null,
          sourceKey: `${key}:payment:${n + 1}`,
        });
        if (paymentId) {
          await sql`update payments set booked_at = ${`${p.on}T14:00:00+01:00`}::timestamptz
            where id = ${paymentId}`.execute(trx);
        }
      }
      if (o.writeOff) {
        await trx.updateTable("obligations").set({
          written_off_at: new Date(`${o.writeOff.on}T10:00:00+01:00`),
          written_off_by: clerk?.id ?? null,
          written_off_reason: o.writeOff.reason,
        }).where("id", "=", id).where("written_off_at", "is", null).execute();
      }
    }
  });
}

/**
 * Both towns' ledgers (after db/seeds/demo.ts created the towns, their clerks and Lipnice's
 * citizens). Idempotent.
 */
export async function seedLedger(
  db: Kysely<Database>,
  towns: { lipnice: string; dubova: string },
): Promise<void> {
  await seedHousehold(db, towns.lipnice);
  await seedDubovaCitizen(db, towns.dubova);
  await seedTownLedger(db, towns.lipnice, "urednik", lipniceLedger());
  await seedTownLedger(db, towns.dubova, "urednik", dubovaLedger());
}
