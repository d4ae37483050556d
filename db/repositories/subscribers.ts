/**
 * Subscribers of a town's news (issue 13): anonymous addresses confirmed by double opt-in and a
 * person's own rows from /ucet/nastaveni, each following topics and streets (or the whole town).
 *
 * The audience of a broadcast is one query over them: the ACTIVE subscribers on the chosen
 * channels that follow at least one of the topics (a crisis message, or one for everyone, goes to
 * every active subscriber whatever they follow) and, when streets are chosen, follow the whole
 * town or one of those streets. `countAudience` is what the clerk sees before sending;
 * `insertAudience` writes the same rows into `broadcast_recipients`, idempotently.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import type { Channel, Topic } from "../../domain/messaging.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface AudienceFilter {
  topics: readonly Topic[];
  /** Street ids of this tenant; none = no street filter. */
  streetIds: readonly string[];
  /** Every active subscriber, whatever topics they follow. */
  everyone: boolean;
  channels: readonly Channel[];
}

export interface AudienceCounts {
  email: number;
  sms: number;
}

function audience(db: Db, tenantId: string, f: AudienceFilter) {
  let q = db.selectFrom("subscribers as s")
    .where("s.tenant_id", "=", tenantId)
    .where("s.status", "=", "active");
  q = f.channels.length
    ? q.where("s.channel", "in", [...f.channels])
    : q.where(sql<boolean>`false`);
  if (!f.everyone && !f.topics.includes("crisis")) {
    q = f.topics.length
      ? q.where((eb) =>
        eb.exists(
          eb.selectFrom("subscriber_topics as t").select(sql`1`.as("one"))
            .whereRef("t.subscriber_id", "=", "s.id")
            .where("t.tenant_id", "=", tenantId)
            .where("t.topic", "in", [...f.topics]),
        )
      )
      : q.where(sql<boolean>`false`);
  }
  if (f.streetIds.length) {
    q = q.where((eb) =>
      eb.or([
        eb("s.all_streets", "=", true),
        eb.exists(
          eb.selectFrom("subscriber_streets as st").select(sql`1`.as("one"))
            .whereRef("st.subscriber_id", "=", "s.id")
            .where("st.tenant_id", "=", tenantId)
            .where("st.street_id", "in", [...f.streetIds]),
        ),
      ])
    );
  }
  return q;
}

/** How many addresses a broadcast with this filter reaches, per channel. */
export async function countAudience(
  db: Db,
  tenantId: string,
  filter: AudienceFilter,
): Promise<AudienceCounts> {
  const row = await audience(db, tenantId, filter)
    .select([
      sql<string>`count(distinct s.address) filter (where s.channel = 'email')`.as("email"),
      sql<string>`count(distinct s.address) filter (where s.channel = 'sms')`.as("sms"),
    ])
    .executeTakeFirstOrThrow();
  return { email: Number(row.email), sms: Number(row.sms) };
}

/**
 * Writes the audience as the broadcast's recipients (status 'queued'), one row per distinct
 * (channel, address), numbered into batches of `batchSize` (0, 1, …) in a stable order.
 * Running it again adds only rows that are not there yet. Returns the number of rows inserted.
 */
export async function insertAudience(
  trx: Db,
  tenantId: string,
  broadcastId: string,
  filter: AudienceFilter,
  batchSize: number,
): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error("batchSize must be >= 1");
  const picked = audience(trx, tenantId, filter)
    .distinctOn(["s.channel", "s.address"])
    .select(["s.id", "s.person_id", "s.channel", "s.address"])
    .orderBy("s.channel").orderBy("s.address").orderBy("s.id");
  const result = await trx.insertInto("broadcast_recipients")
    .columns([
      "tenant_id",
      "broadcast_id",
      "subscriber_id",
      "person_id",
      "channel",
      "address",
      "batch",
    ])
    .expression((eb) =>
      eb.selectFrom(picked.as("a")).select([
        sql<string>`${tenantId}::uuid`.as("tenant_id"),
        sql<string>`${broadcastId}::uuid`.as("broadcast_id"),
        "a.id",
        "a.person_id",
        "a.channel",
        "a.address",
        sql<number>`((row_number() over (order by a.channel, a.address)) - 1) / ${batchSize}::int`
          .as("batch"),
      ])
    )
    .onConflict((oc) => oc.columns(["broadcast_id", "channel", "address"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}
