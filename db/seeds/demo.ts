/**
 * The demo town (invented): Obec Lipnice nad Hájem, with clerks and a notice board that looks
 * lived in, plus a second town so that tenant separation is visible. Idempotent: running it
 * again changes nothing. Run: `deno run -A db/seeds/demo.ts`.
 */
import { seedLibraryClient } from "./library_client.ts";
import { hashPassword } from "../../lib/password.ts";
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { createDb } from "../../lib/db.ts";
import { config } from "../../lib/config.ts";
import { readEnv } from "../../lib/env.ts";
import { noticeWorkflowId } from "../../domain/notice.ts";
import { startNotice } from "../../domain/workflows.ts";
import { enqueueCommand } from "../repositories/commands.ts";
import { appendAudit } from "../repositories/audit.ts";
import { tenantSlugOf } from "../repositories/tenants.ts";
import { DUBOVA_CREST, LIPNICE_CREST } from "./crest.ts";
import { seedGuides } from "./guides.ts";
import { seedBookingsAndPermits } from "./bookings_permits.ts";
import { ensureDepartments } from "../repositories/defect_reports.ts";
import { ensureNoticeAgendas } from "../repositories/notice_agendas.ts";
import { DEFAULT_AGENDAS } from "../../domain/notice_agendas.ts";
import { DEMO_HOUSEHOLD, DUBOVA_CITIZEN, seedLedger } from "./ledger.ts";
import { seedFinance } from "./finance.ts";
import { seedStreets } from "./streets.ts";
import { seedMessageTemplates } from "./message_templates.ts";
import { seedGrants } from "./grants.ts";
import { seedGrantApplications } from "./grant_applications.ts";
import { DUBOVA_COMMITTEE, LIPNICE_COMMITTEE, seedGrantCommittees } from "./grant_committee.ts";
import { seedAppointments } from "./appointments.ts";

export const DEMO_CLERKS = [
  {
    username: "urednik",
    password: "Lipnice-Urad-2026",
    displayName: "Jana Dvořáková",
    phone: "+420777000111",
    roles: [
      "notices",
      "identity",
      "finance",
      "messages",
      "grants",
      "appointments",
      "registry",
      "agenda:poplatky",
      "agenda:zavady",
    ],
  },
  {
    username: "spravce",
    password: "Lipnice-Admin-2026",
    displayName: "Petr Novotný",
    phone: "+420777000222",
    roles: ["notices", "identity", "admin"],
  },
] as const;

/** The second town's clerk, for checking that clerks never see another town's data. */
export const SECOND_TOWN_CLERK = {
  username: "urednik",
  password: "Dubova-Urad-2026",
  displayName: "Karel Veselý",
  phone: "+420777000333",
  roles: ["notices", "identity", "admin"],
} as const;

/** Registered citizens of the demo town (verified e-mail and phone, basic level). */
export const DEMO_CITIZENS = [
  {
    username: "tomas.horak.1001",
    password: "Obcan-Lipnice-2026",
    givenName: "Tomáš",
    familyName: "Horák",
    email: "tomas.horak@example.cz",
    phone: "+420777111222",
    smsSecondFactor: false,
    agendas: [],
  },
  {
    username: "marie.prochazkova.1002",
    password: "Obcanka-Lipnice-2026",
    givenName: "Marie",
    familyName: "Procházková",
    email: "marie.prochazkova@example.cz",
    phone: "+420777333444",
    smsSecondFactor: true,
    agendas: [],
  },
  {
    // Authorized for the fees agenda at the counter: she can register a dog online at once.
    username: "jana.mala.1003",
    password: "Obcanka-Psi-2026",
    givenName: "Jana",
    familyName: "Malá",
    email: "jana.mala@example.cz",
    phone: "+420777555666",
    smsSecondFactor: false,
    agendas: ["poplatky"],
  },
] as const;

/**
 * The accountant of the town's school (ZŠ a MŠ, a founded organisation): the office granted her
 * the organisation's representation (kind `company` for its IČO), so she files its financial
 * reports (`/zivotni-situace/financni-vykaz-organizace`).
 */
export const DEMO_ACCOUNTANT = {
  username: "eva.ucetni.1004",
  password: "Ucetni-Skola-2026",
  givenName: "Eva",
  familyName: "Kratochvílová",
  email: "eva.kratochvilova@example.cz",
  phone: "+420777777888",
} as const;

/** The demo logins by role, for the README's table and the tests (never repeated there). */
export const DEMO_CLERK = DEMO_CLERKS[0];
export const DEMO_ADMIN = DEMO_CLERKS[1];
/** Signs in with the password alone. */
export const DEMO_CITIZEN = DEMO_CITIZENS[0];
/** Signs in with the password and an SMS code. */
export const DEMO_CITIZEN_SMS = DEMO_CITIZENS[1];

export const DEMO_TENANTS = [
  {
    slug: "lipnice",
    name: "Lipnice nad Hájem",
    official_name: "Obec Lipnice nad Hájem",
    ico: "00298760",
    iban: "CZ0801000000192000145399",
    address: "Náměstí Míru 1, 391 65 Lipnice nad Hájem",
    email: "podatelna@lipnice-nad-hajem.example",
    phone: "+420 381 234 567",
    hosts: ["localhost", "127.0.0.1", "lipnice.localhost"],
    public_origin: "http://localhost:8000",
    crest_svg: LIPNICE_CREST,
  },
  {
    slug: "dubova",
    name: "Dubová Lhota",
    official_name: "Obec Dubová Lhota",
    ico: "00451231",
    iban: "CZ5108000000001234567389",
    address: "Dubová Lhota 12, 257 01 Dubová Lhota",
    email: "obec@dubova-lhota.example",
    phone: "+420 317 765 432",
    hosts: ["dubova.localhost"],
    public_origin: "http://dubova.localhost:8000",
    crest_svg: DUBOVA_CREST,
  },
] as const;

const DAY = 24 * 60 * 60 * 1000;

interface SeedNotice {
  key: string;
  title: string;
  description?: string;
  referenceNumber?: string;
  agenda: string;
  /** Days from now: negative is the past. */
  from: number;
  until: number | null;
  archived?: "expired" | "withdrawn";
  document?: { fileName: string; text: string };
}

const NOTICES: SeedNotice[] = [
  {
    key: "seed-rozpocet-2027",
    title: "Návrh rozpočtu obce Lipnice nad Hájem na rok 2027",
    description:
      "Občané mohou k návrhu rozpočtu uplatnit připomínky písemně na podatelně nebo ústně na zasedání zastupitelstva.",
    referenceNumber: "OÚ-LIP/1187/2026",
    agenda: "Rozpočet a finance",
    from: -6,
    until: 15,
    document: {
      fileName: "navrh-rozpoctu-2027.txt",
      text:
        "Návrh rozpočtu obce na rok 2027\nPříjmy: 24 850 000 Kč\nVýdaje: 26 120 000 Kč\nFinancování: 1 270 000 Kč",
    },
  },
  {
    key: "seed-zasedani-9-2026",
    title: "Pozvánka na 9. zasedání zastupitelstva obce",
    description:
      "Zasedání se koná ve čtvrtek od 18:00 v sále kulturního domu. Program: rozpočet 2027, prodej pozemků, různé.",
    referenceNumber: "OÚ-LIP/1201/2026",
    agenda: "Zastupitelstvo",
    from: -3,
    until: 5,
  },
  {
    key: "seed-zamer-prodej-1234",
    title: "Záměr obce prodat pozemek p. č. 1234/5 v k. ú. Lipnice nad Hájem",
    description:
      "Pozemek o výměře 812 m², druh pozemku zahrada. Nabídky lze podávat do konce vyvěšení.",
    referenceNumber: "OÚ-LIP/1150/2026",
    agenda: "Majetek obce",
    from: -10,
    until: 20,
    document: {
      fileName: "zamer-prodej-pozemku.txt",
      text: "Záměr prodeje pozemku p. č. 1234/5, výměra 812 m².",
    },
  },
  {
    key: "seed-uzemni-studie-za-humny",
    title: "Územní studie lokality Za Humny – oznámení o pořízení",
    description:
      "Územní studie prověřuje využití lokality pro rodinné domy. Do studie lze nahlédnout na obecním úřadě v úředních hodinách.",
    referenceNumber: "OÚ-LIP/1163/2026",
    agenda: "Územní plánování",
    from: -8,
    until: 22,
  },
  {
    key: "seed-svoz-bio",
    title: "Harmonogram svozu bioodpadu v zimním období",
    agenda: "Odpady",
    from: -14,
    until: 60,
  },
  {
    key: "seed-elektrina",
    title: "Oznámení o přerušení dodávky elektřiny – ulice Polní a Za Školou",
    description:
      "Z důvodu plánovaných prací na zařízení distribuční soustavy bude přerušena dodávka elektřiny od 7:30 do 15:00.",
    referenceNumber: "EG.D/2026/55871",
    agenda: "Oznámení jiných úřadů",
    from: -2,
    until: 9,
  },
  {
    key: "seed-vyhlaska-poplatek",
    title: "Obecně závazná vyhláška č. 2/2026 o místním poplatku ze psů",
    referenceNumber: "OZV 2/2026",
    agenda: "Vyhlášky a nařízení",
    from: -40,
    until: null,
  },
  {
    key: "seed-referent",
    title: "Výběrové řízení na pozici referent/referentka stavebního úřadu",
    description: "Přihlášky se životopisem přijímá podatelna obecního úřadu.",
    referenceNumber: "OÚ-LIP/1098/2026",
    agenda: "Personální",
    from: -20,
    until: 10,
  },
  {
    key: "seed-usneseni-8-2026",
    title: "Usnesení z 8. zasedání zastupitelstva obce",
    referenceNumber: "OÚ-LIP/0977/2026",
    agenda: "Zastupitelstvo",
    from: -60,
    until: -45,
    archived: "expired",
  },
  {
    key: "seed-volby-2026",
    title: "Oznámení o době a místě konání voleb do zastupitelstva obce",
    agenda: "Volby",
    from: -90,
    until: -50,
    archived: "expired",
  },
  {
    key: "seed-uzavirka",
    title: "Uzavírka silnice III/13525 z důvodu opravy mostu",
    agenda: "Oznámení jiných úřadů",
    from: -30,
    until: -2,
    archived: "withdrawn",
  },
];

async function seedTenant(db: Kysely<Database>, t: (typeof DEMO_TENANTS)[number]): Promise<string> {
  const row = await db.insertInto("tenants").values({ ...t, hosts: [...t.hosts], settings: "{}" })
    .onConflict((oc) =>
      oc.column("slug").doUpdateSet({
        hosts: [...t.hosts],
        public_origin: t.public_origin,
        crest_svg: t.crest_svg,
      })
    )
    .returning("id").executeTakeFirstOrThrow();
  return row.id;
}

async function seedClerks(
  db: Kysely<Database>,
  tenantId: string,
  clerks: readonly (typeof DEMO_CLERKS[number] | typeof SECOND_TOWN_CLERK)[],
): Promise<void> {
  for (const c of clerks) {
    const exists = await db.selectFrom("clerks").select("id")
      .where("tenant_id", "=", tenantId).where("username", "=", c.username).executeTakeFirst();
    if (exists) {
      await db.updateTable("clerks").set({ phone: c.phone, roles: [...c.roles] })
        .where("id", "=", exists.id).execute();
      continue;
    }
    await db.insertInto("clerks").values({
      tenant_id: tenantId,
      username: c.username,
      display_name: c.displayName,
      email: `${c.username}@${
        c === SECOND_TOWN_CLERK ? "dubova-lhota" : "lipnice-nad-hajem"
      }.example`,
      phone: c.phone,
      password_hash: await hashPassword(c.password),
      roles: [...c.roles],
    }).execute();
  }
}

async function seedCitizens(db: Kysely<Database>, tenantId: string): Promise<void> {
  for (const c of DEMO_CITIZENS) {
    const exists = await db.selectFrom("persons").select("id")
      .where("tenant_id", "=", tenantId).where("username", "=", c.username).executeTakeFirst();
    if (exists) continue;
    const person = await db.insertInto("persons").values({
      tenant_id: tenantId,
      username: c.username,
      given_name: c.givenName,
      family_name: c.familyName,
      password_hash: await hashPassword(c.password),
      sms_second_factor: c.smsSecondFactor,
      status: "active",
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    for (const [kind, value] of [["email", c.email], ["phone", c.phone]] as const) {
      await db.insertInto("person_contacts").values({
        tenant_id: tenantId,
        person_id: person.id,
        kind,
        value,
        verified_at: new Date(),
      }).execute();
    }
    for (const agenda of c.agendas) {
      await db.insertInto("agenda_authorizations").values({
        tenant_id: tenantId,
        person_id: person.id,
        agenda,
        source: "clerk",
        granted_by: null,
        evidence: "občanský průkaz …1003 (ukázková data)",
      }).execute();
    }
  }
}

/** The school's accountant and her granted representation of the school (after the finance seed). */
async function seedAccountant(db: Kysely<Database>, tenantId: string): Promise<void> {
  const c = DEMO_ACCOUNTANT;
  const school = await db.selectFrom("budget_organisations").select(["ico", "name"])
    .where("tenant_id", "=", tenantId).where("name", "like", "Základní škola%")
    .orderBy("ico").executeTakeFirst();
  if (!school) return;
  let person = await db.selectFrom("persons").select("id")
    .where("tenant_id", "=", tenantId).where("username", "=", c.username).executeTakeFirst();
  if (!person) {
    person = await db.insertInto("persons").values({
      tenant_id: tenantId,
      username: c.username,
      given_name: c.givenName,
      family_name: c.familyName,
      password_hash: await hashPassword(c.password),
      sms_second_factor: false,
      status: "active",
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    for (const [kind, value] of [["email", c.email], ["phone", c.phone]] as const) {
      await db.insertInto("person_contacts").values({
        tenant_id: tenantId,
        person_id: person.id,
        kind,
        value,
        verified_at: new Date(),
      }).execute();
    }
  }
  await db.insertInto("representations").values({
    tenant_id: tenantId,
    idempotency_key: "seed:accountant:school",
    representative_id: person.id,
    kind: "company",
    represented_person_id: null,
    represented_name: school.name,
    represented_ico: school.ico,
    scope: [],
    status: "granted",
    document_name: null,
    document_type: null,
    document: null,
    decided_at: new Date(),
    decided_by: null,
    decision_note: "Pověření ředitelky školy (ukázková data)",
    grant_evidence: "občanský průkaz …1004 (ukázková data)",
  }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing()).execute();
}

async function seedNotices(db: Kysely<Database>, tenantId: string, now: number): Promise<void> {
  const tenantSlug = await tenantSlugOf(db, tenantId);
  for (const n of NOTICES) {
    const id = crypto.randomUUID();
    const postedFrom = new Date(now + n.from * DAY);
    const inserted = await db.insertInto("notices").values({
      id,
      tenant_id: tenantId,
      idempotency_key: n.key,
      title: n.title,
      description: n.description ?? null,
      reference_number: n.referenceNumber ?? null,
      agenda: n.agenda,
      posted_from: postedFrom,
      relevant_until: n.until === null ? null : new Date(now + n.until * DAY),
      status: n.archived ?? "published",
      published_at: postedFrom,
      taken_down_at: n.archived ? new Date(now + (n.until ?? 0) * DAY) : null,
      withdrawn_reason: n.archived === "withdrawn" ? "Uzavírka byla zrušena." : null,
      workflow_id: noticeWorkflowId(tenantSlug, id),
      created_by: "seed",
      updated_at: new Date(now),
    }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing())
      .returning("id").executeTakeFirst();
    // The history a clerk opens says where a demo notice came from: the seed, not a clerk.
    if (inserted) {
      await appendAudit(db, {
        tenantId,
        actorType: "system",
        actorId: null,
        action: "notice.created",
        subjectType: "notice",
        subjectId: id,
        details: { documents: n.document ? 1 : 0, seed: true },
      });
    }
    // Archived notices need no workflow; current ones get theirs through the outbox, and it
    // takes them down on time like any other.
    if (inserted && !n.archived) {
      await enqueueCommand(
        db,
        startNotice({
          tenantId,
          tenantSlug,
          noticeId: id,
          workflowId: noticeWorkflowId(tenantSlug, id),
          title: n.title,
          referenceNumber: n.referenceNumber ?? null,
          postedFrom,
          relevantUntil: n.until === null ? null : new Date(now + n.until * DAY),
        }),
      );
    }
    if (inserted && n.document) {
      const content = new TextEncoder().encode(n.document.text);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", content));
      await db.insertInto("notice_documents").values({
        tenant_id: tenantId,
        notice_id: id,
        position: 0,
        file_name: n.document.fileName,
        media_type: "text/plain",
        size_bytes: content.byteLength,
        sha256: [...digest].map((b) => b.toString(16).padStart(2, "0")).join(""),
        content,
      }).execute();
    }
  }
}

export async function seedDemo(
  db: Kysely<Database>,
  now = Date.now(),
): Promise<{ tenantIds: string[] }> {
  const tenantIds: string[] = [];
  for (const t of DEMO_TENANTS) tenantIds.push(await seedTenant(db, t));
  await seedClerks(db, tenantIds[0], DEMO_CLERKS);
  await seedClerks(db, tenantIds[1], [SECOND_TOWN_CLERK]);
  await seedCitizens(db, tenantIds[0]);
  await seedNotices(db, tenantIds[0], now);
  // The notice board's agendas (a code list per town; the admin keeps it at /urad/agendy).
  await ensureNoticeAgendas(db, tenantIds[0], DEFAULT_AGENDAS);
  await ensureNoticeAgendas(db, tenantIds[1], DEFAULT_AGENDAS);
  await seedGuides(db, { lipnice: tenantIds[0], dubova: tenantIds[1] });
  // Wedding places and the public-space rates; their guides' online forms (issue 15).
  await seedBookingsAndPermits(db, { lipnice: tenantIds[0], dubova: tenantIds[1] });
  // Where a defect report can be assigned: each town its own departments.
  await ensureDepartments(db, tenantIds[0], [
    "Technické služby",
    "Odbor životního prostředí",
    "Odbor dopravy",
  ]);
  await ensureDepartments(db, tenantIds[1], ["Technické služby Dubová Lhota", "Obecní úřad"]);
  // What the citizens owed and paid in 2023–2026 (db/seeds/ledger.ts).
  await seedLedger(db, { lipnice: tenantIds[0], dubova: tenantIds[1] });
  // The budget code lists and the towns' public finance 2024–2026 (db/seeds/finance.ts).
  await seedFinance(db, { lipnice: tenantIds[0], dubova: tenantIds[1] });
  await seedAccountant(db, tenantIds[0]);
  // The street register (db/seeds/streets.ts): subscriptions and broadcasts by street.
  await seedStreets(db, { lipnice: tenantIds[0], dubova: tenantIds[1] });
  // Message templates the clerks write broadcasts from (db/seeds/message_templates.ts).
  await seedMessageTemplates(db, { lipnice: tenantIds[0], dubova: tenantIds[1] });
  // Grant programmes with an open and an upcoming call per town (db/seeds/grants.ts).
  await seedGrants(db, { lipnice: tenantIds[0], dubova: tenantIds[1] }, now);
  // The demo citizen acts for the sports club and has applied in the open call.
  await seedGrantApplications(db, tenantIds[0], DEMO_CITIZEN.username, new Date(now));
  // Three committee member clerks per town on its open call (db/seeds/grant_committee.ts).
  await seedGrantCommittees(db, { lipnice: tenantIds[0], dubova: tenantIds[1] });
  // Appointment services, hours and a few bookings (db/seeds/appointments.ts, issue 15).
  await seedAppointments(db, { lipnice: tenantIds[0], dubova: tenantIds[1] }, new Date(now));
  return { tenantIds };
}

if (import.meta.main) {
  const db = createDb(config().databaseUrl, 2);
  try {
    const { tenantIds } = await seedDemo(db);
    // The library's demo application signs in through the town's OpenID provider (npm start).
    const libraryOrigin = readEnv("LIBRARY_APP_ORIGIN");
    const librarySecret = readEnv("LIBRARY_CLIENT_SECRET");
    if (libraryOrigin && librarySecret) {
      await seedLibraryClient(db, tenantIds[0], { origin: libraryOrigin, secret: librarySecret });
    }
    console.log("Demo town: Obec Lipnice nad Hájem (http://localhost:8000)");
    for (const c of DEMO_CLERKS) {
      console.log(
        `  clerk login: ${c.username} / ${c.password} (${c.displayName}; SMS code in MailDev)`,
      );
    }
    for (const c of DEMO_CITIZENS) {
      console.log(
        `  citizen login: ${c.username} / ${c.password} (${c.givenName} ${c.familyName}${
          c.smsSecondFactor ? "; SMS code in MailDev" : ""
        }${c.agendas.length ? "; may register a dog online" : ""})`,
      );
    }
    console.log(
      `  accountant login: ${DEMO_ACCOUNTANT.username} / ${DEMO_ACCOUNTANT.password} (${DEMO_ACCOUNTANT.givenName} ${DEMO_ACCOUNTANT.familyName}; acts for the town's ZŠ a MŠ, files its financial reports)`,
    );
    console.log(
      `  household: ${DEMO_CITIZEN.username} pays for ${
        DEMO_HOUSEHOLD.map((h) => `${h.givenName} ${h.familyName}`).join(" and ")
      } (no logins of their own); unpaid obligations, some overdue, one due soon, in /ucet`,
    );
    for (const c of LIPNICE_COMMITTEE) {
      console.log(
        `  grant committee login: ${c.username} / ${c.password} (${c.displayName}, ${c.role}; SMS code in MailDev; /urad/dotace/hodnoceni)`,
      );
    }
    console.log(
      "Second town for tenant separation: Obec Dubová Lhota (http://dubova.localhost:8000)",
    );
    for (const c of DUBOVA_COMMITTEE) {
      console.log(
        `  grant committee login: ${c.username} / ${c.password} (${c.displayName}, ${c.role}; SMS code in MailDev)`,
      );
    }
    console.log(
      `  citizen login: ${DUBOVA_CITIZEN.username} / ${DUBOVA_CITIZEN.password} (${DUBOVA_CITIZEN.givenName} ${DUBOVA_CITIZEN.familyName})`,
    );
  } finally {
    await db.destroy();
  }
}
