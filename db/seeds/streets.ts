/**
 * The street register of the demo towns (issue 13): every street with the part of the town
 * (část obce) it lies in, for subscriptions by street and broadcasts to a street, and a few demo
 * subscribers of those streets. Idempotent.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { ensureStreets } from "../repositories/streets.ts";
import { seedSubscribers } from "./subscribers.ts";

/** Part of the town → its streets. */
export const LIPNICE_STREETS: Record<string, readonly string[]> = {
  "Lipnice nad Hájem": [
    "Náměstí Míru",
    "Husova",
    "Školní",
    "Nádražní",
    "Zahradní",
    "Polní",
    "Lipová",
    "Kostelní",
  ],
  "Hájek": ["K Lesu", "Hájecká", "Pod Strání", "Myslivecká"],
  "Dolní Mlýn": ["Mlýnská", "U Potoka", "Luční"],
};

export const DUBOVA_STREETS: Record<string, readonly string[]> = {
  "Dubová Lhota": ["Návesní", "Dubová", "Za Humny", "Kaplička", "Sportovní"],
  "Horka": ["Horecká", "Na Vyhlídce", "Lesní"],
};

export async function seedStreets(
  db: Kysely<Database>,
  tenants: { lipnice: string; dubova: string },
): Promise<void> {
  await ensureStreets(db, tenants.lipnice, LIPNICE_STREETS);
  await ensureStreets(db, tenants.dubova, DUBOVA_STREETS);
  // A few confirmed subscribers by topic and street (db/seeds/subscribers.ts).
  await seedSubscribers(db, tenants);
}
