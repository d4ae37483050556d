/**
 * A broadcast's audience on a scratch database: topics and streets pick the active subscribers,
 * a crisis message reaches every active one, a pending or unsubscribed address and a resident of
 * another street get nothing, the counts equal the rows inserted, and inserting twice adds none.
 * Needs `DATABASE_URL` (the test runner's).
 */
import { assertEquals } from "../../tests/assert.ts";
import { scratchDatabase } from "../../tests/support/scratch_db.ts";
import type { Channel, Topic } from "../../domain/messaging.ts";
import { countAudience, insertAudience } from "./subscribers.ts";

const url = Deno.env.get("DATABASE_URL");

Deno.test({
  name: "[db] a broadcast's audience follows topics and streets, active subscribers only",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const [main, mill] = await db.insertInto("streets").values([
        { tenant_id: tenantId, name: "Hlavní", part: "Lipnice" },
        { tenant_id: tenantId, name: "Mlýnská", part: "Lipnice" },
      ]).returning("id").execute();
      let n = 0;
      const add = async (
        channel: Channel,
        address: string,
        status: "pending" | "active" | "unsubscribed",
        topics: Topic[],
        streets: string[],
      ) => {
        const row = await db.insertInto("subscribers").values({
          tenant_id: tenantId,
          channel,
          address,
          status,
          person_id: null,
          confirm_secret_hash: null,
          confirm_expires_at: null,
          unsubscribe_token: `t${++n}`,
          all_streets: streets.length === 0,
          confirmed_at: status === "pending" ? null : new Date(),
          unsubscribed_at: status === "unsubscribed" ? new Date() : null,
        }).returning("id").executeTakeFirstOrThrow();
        if (topics.length) {
          await db.insertInto("subscriber_topics").values(
            topics.map((topic) => ({ tenant_id: tenantId, subscriber_id: row.id, topic })),
          ).execute();
        }
        if (streets.length) {
          await db.insertInto("subscriber_streets").values(
            streets.map((id) => ({ tenant_id: tenantId, subscriber_id: row.id, street_id: id })),
          ).execute();
        }
        return row.id;
      };
      await add("email", "cela.obec@example.cz", "active", ["outages", "culture"], []);
      await add("email", "hlavni@example.cz", "active", ["outages"], [main.id]);
      await add("sms", "+420601000001", "active", ["outages"], [main.id]);
      await add("email", "mlynska@example.cz", "active", ["outages"], [mill.id]);
      await add("sms", "+420601000002", "active", ["culture"], [main.id]);
      await add("email", "ceka@example.cz", "pending", ["outages"], []);
      await add("email", "odhlasen@example.cz", "unsubscribed", ["outages"], []);

      const clerk = await db.insertInto("clerks").values({
        tenant_id: tenantId,
        username: "zpravy",
        display_name: "Zprávy",
        email: "zpravy@scratch.invalid",
        password_hash: "x",
        phone: null,
        roles: ["messages"],
      }).returning("id").executeTakeFirstOrThrow();
      const broadcast = async (key: string) =>
        (await db.insertInto("broadcasts").values({
          tenant_id: tenantId,
          idempotency_key: key,
          template_id: null,
          subject: "Výpadek vody",
          body: "Voda nepoteče.",
          sms_body: "Voda nepotece.",
          channels: ["email", "sms"],
          send_at: new Date(),
          notice_id: null,
          workflow_id: null,
          recipients_total: null,
          created_by: clerk.id,
          started_at: null,
          finished_at: null,
          cancelled_at: null,
          cancelled_by: null,
          cancel_reason: null,
        }).returning("id").executeTakeFirstOrThrow()).id;

      // Water cut off in Hlavní: the whole-town and Hlavní followers of outages, not Mlýnská.
      const water = {
        topics: ["outages"] as Topic[],
        streetIds: [main.id],
        everyone: false,
        channels: ["email", "sms"] as Channel[],
      };
      assertEquals(await countAudience(db, tenantId, water), { email: 2, sms: 1 });
      const b1 = await broadcast("b1");
      assertEquals(await insertAudience(db, tenantId, b1, water, 2), 3);
      const rows = await db.selectFrom("broadcast_recipients").where("broadcast_id", "=", b1)
        .select(["channel", "address", "batch", "status", "tenant_id"]).orderBy("batch")
        .orderBy("address").execute();
      assertEquals(rows.map((r) => [r.channel, r.address, r.batch, r.status]), [
        ["email", "cela.obec@example.cz", 0, "queued"],
        ["email", "hlavni@example.cz", 0, "queued"],
        ["sms", "+420601000001", 1, "queued"],
      ]);
      assertEquals(rows.every((r) => r.tenant_id === tenantId), true);
      // Idempotent: a second run inserts nothing.
      assertEquals(await insertAudience(db, tenantId, b1, water, 2), 0);

      // Only SMS; no street filter: every SMS follower of outages.
      const sms = { ...water, streetIds: [], channels: ["sms"] as Channel[] };
      assertEquals(await countAudience(db, tenantId, sms), { email: 0, sms: 1 });

      // Crisis: every active subscriber, whatever topic; the street filter still holds.
      const crisis = { ...water, topics: ["crisis"] as Topic[] };
      assertEquals(await countAudience(db, tenantId, crisis), { email: 2, sms: 2 });
      const everyone = { topics: [], streetIds: [], everyone: true, channels: water.channels };
      assertEquals(await countAudience(db, tenantId, everyone), { email: 3, sms: 2 });
      const b2 = await broadcast("b2");
      assertEquals(await insertAudience(db, tenantId, b2, everyone, 1000), 5);
      const addresses = (await db.selectFrom("broadcast_recipients").where("broadcast_id", "=", b2)
        .select("address").execute()).map((r) => r.address).sort();
      assertEquals(addresses.includes("ceka@example.cz"), false);
      assertEquals(addresses.includes("odhlasen@example.cz"), false);

      // Another town's subscribers are never counted; no topics and not everyone: nobody.
      assertEquals(await countAudience(db, crypto.randomUUID(), everyone), { email: 0, sms: 0 });
      assertEquals(await countAudience(db, tenantId, { ...water, topics: [] }), {
        email: 0,
        sms: 0,
      });
      assertEquals(await countAudience(db, tenantId, { ...water, channels: [] }), {
        email: 0,
        sms: 0,
      });
    } finally {
      await s.drop();
    }
  },
});
