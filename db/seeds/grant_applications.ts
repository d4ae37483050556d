/**
 * A demo grant application (issue 14): the demo citizen Tomáš Horák acts for the town's sports
 * club (a granted `company` representation of "TJ Sokol Lipnice nad Hájem, z. s.") and has filed
 * its application in Lipnice's open call "Podpora spolkové činnosti 2027 – 1. výzva" through the
 * filing office, like the form would (reference, receipt, timeline, the workflow started through
 * the outbox). Idempotent: the representation and the filing go by their keys; nothing happens
 * when the call is not open.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { fileGrantApplication } from "../../app/grant_applications.ts";
import { translator } from "../../lib/i18n.ts";
import { onBehalfOfRef } from "../../domain/representation.ts";

export const DEMO_CLUB = {
  name: "TJ Sokol Lipnice nad Hájem, z. s.",
  ico: "22684191",
} as const;

export async function seedGrantApplications(
  db: Kysely<Database>,
  lipniceId: string,
  citizenUsername: string,
  now = new Date(),
): Promise<void> {
  const person = await db.selectFrom("persons").select("id")
    .where("tenant_id", "=", lipniceId).where("username", "=", citizenUsername)
    .executeTakeFirst();
  const call = await db.selectFrom("grant_calls").select(["id", "project_from", "project_to"])
    .where("tenant_id", "=", lipniceId).where("idempotency_key", "=", "seed-spolky-2027")
    .executeTakeFirst();
  if (!person || !call) return;
  await db.insertInto("representations").values({
    tenant_id: lipniceId,
    idempotency_key: "seed:citizen:sokol",
    representative_id: person.id,
    kind: "company",
    represented_person_id: null,
    represented_name: DEMO_CLUB.name,
    represented_ico: DEMO_CLUB.ico,
    scope: [],
    status: "granted",
    document_name: null,
    document_type: null,
    document: null,
    decided_at: now,
    decided_by: null,
    decision_note: "Pověření předsedy spolku (ukázková data)",
    grant_evidence: "občanský průkaz …1001 (ukázková data)",
  }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing()).execute();
  const rep = await db.selectFrom("representations").select(["id", "represented_person_id"])
    .where("tenant_id", "=", lipniceId).where("idempotency_key", "=", "seed:citizen:sokol")
    .executeTakeFirstOrThrow();
  const categories = await db.selectFrom("grant_cost_categories as k")
    .innerJoin("grant_calls as c", "c.programme_id", "k.programme_id")
    .select(["k.code", "k.eligible"])
    .where("c.id", "=", call.id).orderBy("k.position").execute();
  const eligible = categories.filter((k) => k.eligible);
  if (eligible.length < 2) return;
  const tenant = await db.selectFrom("tenants").select(["name", "public_origin"])
    .where("id", "=", lipniceId).executeTakeFirstOrThrow();
  const r = await fileGrantApplication(
    { db, now: () => now },
    {
      tenantId: lipniceId,
      personId: person.id,
      onBehalfOf: onBehalfOfRef(rep),
      requestId: null,
      actingFor: rep.id,
    },
    {
      t: translator("cs"),
      origin: tenant.public_origin ?? "http://localhost:8000",
      townName: tenant.name,
    },
    {
      callId: call.id,
      idempotencyKey: "seed:grant-application:sokol",
      files: [],
      values: {
        applicantKind: "organisation",
        representatives: "Tomáš Horák, předseda spolku; Petra Dvořáková, místopředsedkyně",
        ownership: "Spolek nemá podíl v jiné osobě a nikdo nemá podíl ve spolku.",
        bankAccount: "2400123412/2010",
        purpose: "Celoroční činnost oddílů kopané a stolního tenisu pro děti a mládež",
        projectFrom: call.project_from,
        projectTo: call.project_to,
        justification: "Oddíly vedou čtyři trenéři pro 46 dětí z obce; dotace pokryje nájem " +
          "tělocvičny v zimě, startovné v okresní soutěži a nové míče a sítě.",
        budget: [
          {
            category: eligible[0].code,
            description: "Nájem tělocvičny ZŠ (listopad až březen)",
            amountKc: "60000",
            grantKc: "40000",
          },
          {
            category: eligible[1].code,
            description: "Míče, sítě a rozlišovací dresy",
            amountKc: "30000",
            grantKc: "20000",
          },
        ],
        attachments: [],
        declaration: true,
      },
    },
  );
  if (!r.ok && !("code" in r && (r.code === "notOpen" || r.code === "closed"))) {
    throw new Error(`demo grant application not filed: ${JSON.stringify(r)}`);
  }
}
