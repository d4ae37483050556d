/**
 * Demo subscribers of the towns' news (issue 13), so a clerk's broadcast at /urad/zpravy reaches
 * someone in the demo: confirmed e-mail and SMS subscriptions by topic and street (and one still
 * waiting for its confirmation, which receives nothing). Each has its consent events, as the
 * /odber form and the confirmation would have written them. Idempotent: an address already there
 * is left alone.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import type { Channel, Topic } from "../../domain/messaging.ts";
import { CONSENT_VERSION } from "../../domain/subscriptions.ts";
import { randomToken } from "../../lib/crypto.ts";

interface DemoSubscriber {
  channel: Channel;
  address: string;
  topics: Topic[];
  /** Street names; none = the whole town. */
  streets: string[];
  status: "active" | "pending";
}

const LIPNICE: DemoSubscriber[] = [
  {
    channel: "email",
    address: "novakovi.husova@example.cz",
    topics: ["crisis", "outages", "waste"],
    streets: ["Husova"],
    status: "active",
  },
  {
    channel: "sms",
    address: "+420601100201",
    topics: ["crisis", "outages"],
    streets: ["Husova"],
    status: "active",
  },
  {
    channel: "email",
    address: "hajek.sousede@example.cz",
    topics: ["outages", "waste"],
    streets: ["K Lesu", "Hájecká", "Pod Strání", "Myslivecká"],
    status: "active",
  },
  {
    channel: "sms",
    address: "+420601100202",
    topics: ["waste"],
    streets: ["Mlýnská"],
    status: "active",
  },
  {
    channel: "email",
    address: "kultura.lipnice@example.cz",
    topics: ["culture", "council"],
    streets: [],
    status: "active",
  },
  {
    channel: "sms",
    address: "+420601100203",
    topics: ["crisis"],
    streets: [],
    status: "active",
  },
  {
    channel: "email",
    address: "ceka.na.potvrzeni@example.cz",
    topics: ["culture"],
    streets: [],
    status: "pending",
  },
];

const DUBOVA: DemoSubscriber[] = [
  {
    channel: "email",
    address: "navesni.dubova@example.cz",
    topics: ["crisis", "outages", "waste"],
    streets: ["Návesní"],
    status: "active",
  },
  {
    channel: "sms",
    address: "+420601100301",
    topics: ["crisis", "council"],
    streets: [],
    status: "active",
  },
];

async function seedTown(db: Kysely<Database>, tenantId: string, list: DemoSubscriber[]) {
  const streets = await db.selectFrom("streets").select(["id", "name"])
    .where("tenant_id", "=", tenantId).execute();
  for (const s of list) {
    await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto("subscribers").values({
        tenant_id: tenantId,
        channel: s.channel,
        address: s.address,
        person_id: null,
        status: s.status,
        confirm_secret_hash: null,
        confirm_expires_at: null,
        unsubscribe_token: randomToken(),
        all_streets: s.streets.length === 0,
        confirmed_at: s.status === "active" ? new Date() : null,
        unsubscribed_at: null,
      }).onConflict((oc) => oc.columns(["tenant_id", "channel", "address"]).doNothing())
        .returning("id").executeTakeFirst();
      if (!row) return;
      const streetIds = streets.filter((x) => s.streets.includes(x.name)).map((x) => x.id);
      await trx.insertInto("subscriber_topics").values(
        s.topics.map((topic) => ({ tenant_id: tenantId, subscriber_id: row.id, topic })),
      ).execute();
      if (streetIds.length) {
        await trx.insertInto("subscriber_streets").values(
          streetIds.map((id) => ({ tenant_id: tenantId, subscriber_id: row.id, street_id: id })),
        ).execute();
      }
      const events = [
        { action: "requested" as const, source: "form" as const },
        ...(s.status === "active"
          ? [{
            action: "confirmed" as const,
            source: s.channel === "email" ? "link" as const : "code" as const,
          }]
          : []),
      ];
      for (const e of events) {
        await trx.insertInto("consent_events").values({
          tenant_id: tenantId,
          subscriber_id: row.id,
          person_id: null,
          action: e.action,
          source: e.source,
          channel: s.channel,
          topics: s.topics,
          street_ids: streetIds,
          details: JSON.stringify({ consentVersion: CONSENT_VERSION, demo: true }),
        }).execute();
      }
    });
  }
}

export async function seedSubscribers(
  db: Kysely<Database>,
  tenants: { lipnice: string; dubova: string },
): Promise<void> {
  await seedTown(db, tenants.lipnice, LIPNICE);
  await seedTown(db, tenants.dubova, DUBOVA);
}
