/**
 * The demo towns' wedding places and public-space rates (issue 15), and their guides turned
 * into online forms: the ceremony room of the town hall (no fee) and another place for the
 * town's fee; the ordinance's rates per m² and day by purpose (Lipnice's as
 * `domain/public_space.ts` DEMO_RATES, Dubová's lower). Idempotent: what a town changed stays.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { DEMO_RATES, type PublicSpaceRate } from "../../domain/public_space.ts";

const PLACES = {
  lipnice: [
    { code: "obradni-sin", name: "Obřadní síň radnice, Náměstí Míru 1", fee: 0 },
    { code: "jine-misto", name: "Jiné místo v obci", fee: 200_000 },
  ],
  dubova: [
    { code: "obradni-sin", name: "Obřadní síň obecního úřadu, Dubová Lhota 12", fee: 0 },
    { code: "jine-misto", name: "Jiné místo v obci", fee: 150_000 },
  ],
} as const;

const RATES: Record<keyof typeof PLACES, readonly PublicSpaceRate[]> = {
  lipnice: DEMO_RATES,
  dubova: [
    { purpose: "scaffolding", validFrom: "2025-01-01", halerePerM2Day: 500 },
    { purpose: "container", validFrom: "2025-01-01", halerePerM2Day: 500 },
    { purpose: "stall", validFrom: "2025-01-01", halerePerM2Day: 2_000 },
    { purpose: "event", validFrom: "2025-01-01", halerePerM2Day: 200 },
  ],
};

const WEDDING_GUIDE = {
  slug: "svatba",
  topic: "Rodina a matrika",
  title: "Svatba – rezervace termínu obřadu",
  summary:
    "Zarezervujte si termín a místo svatebního obřadu. Matrika termín potvrdí a sdělí, jaké doklady přinést; připomeneme se měsíc a týden před obřadem.",
  who_for: "Snoubenci, kteří chtějí uzavřít manželství v obci.",
  requirements: [
    "platné doklady totožnosti obou snoubenců, rodné listy, doklad o státním občanství",
    "u rozvedených pravomocný rozsudek o rozvodu, u ovdovělých úmrtní list",
    "údaje o dvou svědcích",
    "dotazník k uzavření manželství (odevzdává se nejpozději měsíc před obřadem)",
  ],
  fees:
    "Obřad v obřadní síni je bez poplatku; obřad na jiném místě podle sazebníku obce (Lipnice nad Hájem 2 000 Kč).",
  deadlines: "Termín si rezervujte nejdříve 400 a nejpozději 14 dní předem.",
  legal_basis:
    "zákon č. 89/2012 Sb., občanský zákoník, § 656–672; zákon č. 301/2000 Sb., o matrikách",
  form_slug: "svatba",
  position: 4,
};

export async function seedBookingsAndPermits(
  db: Kysely<Database>,
  tenants: Record<keyof typeof PLACES, string>,
): Promise<void> {
  for (const key of Object.keys(PLACES) as (keyof typeof PLACES)[]) {
    const tenantId = tenants[key];
    for (const [i, p] of PLACES[key].entries()) {
      await db.insertInto("ceremony_places").values({
        tenant_id: tenantId,
        code: p.code,
        name: p.name,
        fee_halere: p.fee,
        position: i,
      }).onConflict((oc) => oc.columns(["tenant_id", "code"]).doNothing()).execute();
    }
    for (const r of RATES[key]) {
      await db.insertInto("public_space_rates").values({
        tenant_id: tenantId,
        purpose: r.purpose,
        valid_from: r.validFrom,
        halere_per_m2_day: r.halerePerM2Day,
      }).onConflict((oc) => oc.columns(["tenant_id", "purpose", "valid_from"]).doNothing())
        .execute();
    }
    // The guide of the zábor gets its online form; the wedding's guide is new.
    await db.updateTable("guides").set({ form_slug: "zabor-verejneho-prostranstvi" })
      .where("tenant_id", "=", tenantId).where("slug", "=", "zabor-verejneho-prostranstvi")
      .where("form_slug", "is", null).execute();
    const registry = await db.selectFrom("guides")
      .select(["department", "contact_name", "contact_email", "contact_phone"])
      .where("tenant_id", "=", tenantId).where("slug", "=", "trvaly-pobyt").executeTakeFirst();
    if (registry) {
      await db.insertInto("guides").values({
        ...WEDDING_GUIDE,
        ...registry,
        tenant_id: tenantId,
        requirements: JSON.stringify(WEDDING_GUIDE.requirements),
        updated_at: new Date(),
      }).onConflict((oc) => oc.columns(["tenant_id", "slug"]).doNothing()).execute();
    }
  }
}
