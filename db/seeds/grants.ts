/**
 * Demo grants (issue 14): per town a programme with an open call and one upcoming. Lipnice:
 * "Podpora spolkové činnosti 2027" (open now) and "Kulturní akce" (opens in a few weeks); Dubová
 * Lhota: "Obnova drobných památek" with an open and an upcoming call. The dates follow the
 * seed's time; each call's workflow is started through the outbox, so it opens and closes on
 * time like any other. Idempotent: a programme by its title, a call by its key.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { appendAudit } from "../repositories/audit.ts";
import { enqueueCommand } from "../repositories/commands.ts";
import { tenantSlugOf } from "../repositories/tenants.ts";
import { insertCall, insertProgramme, setCallWorkflowId } from "../repositories/grants.ts";
import {
  type CallDraft,
  costCode,
  type ProgrammeDraft,
  scheduledState,
} from "../../domain/grants.ts";
import { grantCallWorkflowId, startGrantCall } from "../../domain/workflows.ts";
import { formatPragueDate, pragueStartOfDay } from "../../domain/time.ts";

const DAY = 86_400_000;

const LEGAL_BASIS = "zákon č. 250/2000 Sb., o rozpočtových pravidlech územních rozpočtů, " +
  "§ 10a až 10d; zákon č. 128/2000 Sb., o obcích, § 85 písm. c)";

function costs(list: [string, boolean][]): ProgrammeDraft["costs"] {
  return list.map(([name, eligible], i) => ({ code: costCode(name, i), name, eligible }));
}

interface SeedProgramme {
  draft: ProgrammeDraft;
  calls: { key: string; title: string; opensInDays: number; lengthDays: number }[];
}

const SPOLKY: ProgrammeDraft = {
  title: "Podpora spolkové činnosti 2027",
  purpose: "Podpora celoroční činnosti spolků, oddílů a kroužků, které pracují s dětmi, " +
    "mládeží a seniory v Lipnici nad Hájem.\n\nProgram přispívá na pravidelnou činnost, " +
    "ne na jednorázové akce (na ty je program Kulturní akce).",
  eligibleApplicants: "Spolky, pobočné spolky, ústavy a obecně prospěšné společnosti se " +
    "sídlem nebo s pobočkou v obci, které v obci působí alespoň jeden rok.",
  applicantKinds: ["organisation"],
  total: 60_000_000,
  minGrant: 1_000_000,
  maxGrant: 15_000_000,
  cofinancingBp: 3000,
  eligibleCosts: "Nájem prostor, energie, materiál a vybavení pro činnost, startovné, " +
    "doprava na soutěže, odměny trenérů a vedoucích na dohodu.",
  ineligibleCosts: "Občerstvení a alkohol, dary, investice nad 40 000 Kč, splátky úvěrů, " +
    "mzdy zaměstnanců v pracovním poměru, pokuty a penále.",
  settlementRule: "fixed",
  settlementDays: null,
  legalBasis: LEGAL_BASIS,
  maxInstalments: 2,
  oneApplicationPerApplicant: true,
  costs: costs([
    ["Nájem a energie", true],
    ["Materiál a vybavení", true],
    ["Doprava a startovné", true],
    ["Odměny trenérů a vedoucích", true],
    ["Občerstvení", false],
  ]),
  criteria: [
    {
      name: "Počet členů do 18 let",
      description: "Děti a mládež, kteří se činnosti pravidelně účastní.",
      weight: 40,
      maxScore: 10,
    },
    {
      name: "Přínos pro obec",
      description: "Jak činnost slouží obyvatelům obce.",
      weight: 35,
      maxScore: 10,
    },
    {
      name: "Hospodárnost rozpočtu",
      description: "Přiměřenost nákladů a vlastní zdroje.",
      weight: 25,
      maxScore: 10,
    },
  ],
};

const KULTURA: ProgrammeDraft = {
  title: "Kulturní akce",
  purpose: "Podpora jednorázových kulturních, sportovních a společenských akcí pro " +
    "veřejnost v obci: koncerty, divadla, plesy, poutě, turnaje.",
  eligibleApplicants: "Spolky, školy, podnikatelé i občané, kteří akci v obci pořádají.",
  applicantKinds: ["person", "entrepreneur", "organisation"],
  total: 20_000_000,
  minGrant: 500_000,
  maxGrant: 5_000_000,
  cofinancingBp: 2000,
  eligibleCosts: "Honoráře účinkujících, pronájem techniky a prostor, propagace, " +
    "pojištění akce, poplatky autorským svazům.",
  ineligibleCosts: "Občerstvení a alkohol, ceny do soutěží nad 1 000 Kč, mzdy pořadatelů.",
  settlementRule: "after_project",
  settlementDays: 30,
  legalBasis: LEGAL_BASIS,
  maxInstalments: 1,
  oneApplicationPerApplicant: false,
  costs: costs([
    ["Honoráře účinkujících", true],
    ["Technika a prostory", true],
    ["Propagace", true],
    ["Občerstvení", false],
  ]),
  criteria: [
    { name: "Přínos pro obec", description: "", weight: 50, maxScore: 10 },
    { name: "Otevřenost veřejnosti", description: "", weight: 30, maxScore: 10 },
    { name: "Hospodárnost rozpočtu", description: "", weight: 20, maxScore: 10 },
  ],
};

const PAMATKY: ProgrammeDraft = {
  title: "Obnova drobných památek",
  purpose: "Obnova křížků, božích muk, kapliček a pomníků v Dubové Lhotě a jejím okolí.",
  eligibleApplicants: "Vlastníci drobných památek na území obce: občané i spolky.",
  applicantKinds: ["person", "organisation"],
  total: 30_000_000,
  minGrant: 500_000,
  maxGrant: 10_000_000,
  cofinancingBp: 5000,
  eligibleCosts: "Restaurátorské a stavební práce, materiál, projektová dokumentace.",
  ineligibleCosts: "Vlastní práce žadatele, nákup pozemku, údržba zeleně.",
  settlementRule: "fixed",
  settlementDays: null,
  legalBasis: LEGAL_BASIS,
  maxInstalments: 1,
  oneApplicationPerApplicant: false,
  costs: costs([
    ["Restaurátorské práce", true],
    ["Materiál", true],
    ["Projektová dokumentace", true],
    ["Vlastní práce", false],
  ]),
  criteria: [
    { name: "Památková hodnota", description: "", weight: 60, maxScore: 10 },
    { name: "Hospodárnost", description: "", weight: 40, maxScore: 10 },
  ],
};

const LIPNICE: SeedProgramme[] = [
  {
    draft: SPOLKY,
    calls: [{
      key: "seed-spolky-2027",
      title: "Podpora spolkové činnosti 2027 – 1. výzva",
      opensInDays: -10,
      lengthDays: 40,
    }],
  },
  {
    draft: KULTURA,
    calls: [{
      key: "seed-kultura-2027",
      title: "Kulturní akce 2027",
      opensInDays: 45,
      lengthDays: 30,
    }],
  },
];

const DUBOVA: SeedProgramme[] = [{
  draft: PAMATKY,
  calls: [
    { key: "seed-pamatky-1", title: "Drobné památky – jaro", opensInDays: -5, lengthDays: 25 },
    { key: "seed-pamatky-2", title: "Drobné památky – podzim", opensInDays: 120, lengthDays: 30 },
  ],
}];

/** A call's dates: opening at 8:00 and closing at 12:00 Prague time, some days from `now`. */
function callDraft(title: string, now: number, opensInDays: number, lengthDays: number): CallDraft {
  const day = (n: number) => formatPragueDate(new Date(now + n * DAY));
  const at = (n: number, hour: number) =>
    new Date(pragueStartOfDay(day(n)).getTime() + hour * 3_600_000);
  const closes = opensInDays + lengthDays;
  return {
    title,
    opensAt: at(opensInDays, 8),
    closesAt: at(closes, 12),
    decisionDeadline: day(closes + 45),
    settlementDeadline: day(closes + 400),
    projectFrom: day(closes + 1),
    projectTo: day(closes + 300),
  };
}

async function seedTown(
  db: Kysely<Database>,
  tenantId: string,
  list: SeedProgramme[],
  now: number,
) {
  const tenantSlug = await tenantSlugOf(db, tenantId);
  for (const p of list) {
    await db.transaction().execute(async (trx) => {
      let programmeId = (await insertProgramme(trx, tenantId, p.draft, null))?.id;
      if (programmeId) {
        await appendAudit(trx, {
          tenantId,
          actorType: "system",
          actorId: null,
          action: "grant_programme.created",
          subjectType: "grant_programme",
          subjectId: programmeId,
          details: { seed: true },
        });
      } else {
        programmeId = (await trx.selectFrom("grant_programmes").select("id")
          .where("tenant_id", "=", tenantId).where("title", "=", p.draft.title)
          .executeTakeFirstOrThrow()).id;
      }
      for (const c of p.calls) {
        const draft = callDraft(c.title, now, c.opensInDays, c.lengthDays);
        if (p.draft.settlementRule === "after_project") draft.settlementDeadline = null;
        const state = scheduledState(draft, new Date(now));
        const call = await insertCall(trx, tenantId, programmeId, draft, state, null, c.key);
        if (!call.created) continue;
        const workflowId = grantCallWorkflowId(tenantSlug, call.id);
        await setCallWorkflowId(trx, tenantId, call.id, workflowId);
        await appendAudit(trx, {
          tenantId,
          actorType: "system",
          actorId: null,
          action: "grant_call.created",
          subjectType: "grant_call",
          subjectId: call.id,
          details: { seed: true, state },
        });
        await enqueueCommand(
          trx,
          startGrantCall({
            tenantId,
            tenantSlug,
            callId: call.id,
            title: draft.title,
            opensAt: draft.opensAt,
            closesAt: draft.closesAt,
            version: 1,
          }),
        );
      }
    });
  }
}

export async function seedGrants(
  db: Kysely<Database>,
  towns: { lipnice: string; dubova: string },
  now = Date.now(),
): Promise<void> {
  await seedTown(db, towns.lipnice, LIPNICE, now);
  await seedTown(db, towns.dubova, DUBOVA, now);
}
