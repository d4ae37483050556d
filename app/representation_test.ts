/**
 * Needs a migrated database: `DATABASE_URL` (the test runner provides one). Skipped without it.
 */
import assert from "node:assert/strict";
import type { Kysely, KyselyPlugin } from "kysely";
import { createDb } from "../lib/db.ts";
import type { Database } from "../db/schema.ts";
import { insertPerson } from "../db/repositories/persons.ts";
import { insertClerk } from "../db/repositories/clerks_admin.ts";
import { decideRepresentation, requestRepresentation } from "./representation.ts";
import type { ClerkActor, Deps } from "./deps.ts";

const url = Deno.env.get("DATABASE_URL");

/** Fails every insert into the audit log: what a full disk or a lost connection would do. */
const auditFails: KyselyPlugin = {
  transformQuery(args) {
    const node = args.node;
    if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === "audit_log") {
      throw new Error("audit log unavailable");
    }
    return node;
  },
  transformResult: (args) => Promise.resolve(args.result),
};

async function town(db: Kysely<Database>) {
  const suffix = crypto.randomUUID().slice(0, 8);
  const { id: tenantId } = await db.insertInto("tenants").values({
    slug: `app-rep-${suffix}`,
    name: "Test",
    official_name: "Obec Test",
    ico: "00000000",
    iban: "CZ6508000000192000145399",
    address: "Náměstí 1",
    email: "obec@example.cz",
    phone: "+420 123 456 789",
    hosts: [`app-rep-${suffix}.localhost`],
    crest_svg: null,
    settings: JSON.stringify({}),
  }).returning("id").executeTakeFirstOrThrow();
  const personId = await insertPerson(db, tenantId, {
    username: `jana.test.${suffix.slice(0, 4)}`,
    givenName: "Jana",
    familyName: "Testová",
    passwordHash: null,
    status: "active",
  });
  const clerkId = (await insertClerk(db, tenantId, {
    username: `urednik-${suffix}`,
    displayName: "Úřednice Testová",
    email: "urednice@example.cz",
    phone: "+420777000111",
    passwordHash: "x",
    roles: ["identity"],
  }))!;
  return { tenantId, personId, clerkId };
}

function requestForm(): FormData {
  const form = new FormData();
  form.set("kind", "power_of_attorney");
  form.set("representedName", "Jiřina Testová");
  form.set("birthDate", "1951-03-14");
  form.append("scope", "poplatky");
  form.set(
    "document",
    new File([new TextEncoder().encode("%PDF-1.4 plná moc")], "plna-moc.pdf", {
      type: "application/pdf",
    }),
  );
  return form;
}

const decisions = (db: Kysely<Database>, tenantId: string, id: string) =>
  Promise.all([
    db.selectFrom("representations").select(["status", "decided_by"])
      .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirstOrThrow(),
    db.selectFrom("audit_log").select("action")
      .where("tenant_id", "=", tenantId).where("subject_id", "=", id).orderBy("id").execute(),
  ]);

Deno.test({
  name: "[app] a representation decision and its audit entry are stored together, or neither",
  ignore: !url,
  async fn() {
    const db = createDb(url!, 2);
    try {
      const { tenantId, personId, clerkId } = await town(db);
      const deps: Deps = { db, now: () => new Date(), secret: "x".repeat(32) };
      const filed = await requestRepresentation(
        deps,
        {
          tenantId,
          personId,
          onBehalfOf: null,
          requestId: "req-1",
        },
        crypto.randomUUID(),
        requestForm(),
      );
      assert.ok(filed.ok);
      const clerk: ClerkActor = { tenantId, clerkId, requestId: "req-2" };
      const grant = {
        decision: "grant",
        reason: "",
        representedPersonId: "",
        documentType: "passport",
        documentNumber: "99001234",
      };

      // The audit log cannot be written: the grant is not taken either.
      const broken: Deps = { ...deps, db: db.withPlugin(auditFails) };
      await assert.rejects(decideRepresentation(broken, clerk, filed.id, grant), /audit log/);
      let [row, audit] = await decisions(db, tenantId, filed.id);
      assert.deepEqual(row, { status: "requested", decided_by: null });
      assert.deepEqual(audit.map((a) => a.action), ["representation.requested"]);

      // With the audit log back, the same decision goes through, audited once.
      assert.deepEqual(await decideRepresentation(deps, clerk, filed.id, grant), {
        ok: true,
        status: "granted",
      });
      [row, audit] = await decisions(db, tenantId, filed.id);
      assert.deepEqual(row, { status: "granted", decided_by: clerkId });
      assert.deepEqual(audit.map((a) => a.action), [
        "representation.requested",
        "representation.granted",
      ]);

      // Decided once: a second decision changes nothing and writes nothing.
      const refuse = {
        decision: "refuse",
        reason: "Plná moc je neplatná.",
        representedPersonId: "",
      };
      assert.deepEqual(await decideRepresentation(deps, clerk, filed.id, refuse), {
        ok: false,
        code: "alreadyDecided",
      });
      [row, audit] = await decisions(db, tenantId, filed.id);
      assert.equal(row.status, "granted");
      assert.equal(audit.length, 2);
    } finally {
      await db.destroy();
    }
  },
});

Deno.test({
  name: "[app] two clerks deciding one request at once: one decision, one audit entry",
  ignore: !url,
  async fn() {
    const db = createDb(url!, 4);
    try {
      const { tenantId, personId, clerkId } = await town(db);
      const deps: Deps = { db, now: () => new Date(), secret: "x".repeat(32) };
      const filed = await requestRepresentation(
        deps,
        {
          tenantId,
          personId,
          onBehalfOf: null,
          requestId: null,
        },
        crypto.randomUUID(),
        requestForm(),
      );
      assert.ok(filed.ok);
      const clerk: ClerkActor = { tenantId, clerkId, requestId: null };
      const outcomes = await Promise.all([
        decideRepresentation(deps, clerk, filed.id, {
          decision: "grant",
          reason: "",
          representedPersonId: "",
          documentType: "id_card",
          documentNumber: "AB123456",
        }),
        decideRepresentation(deps, clerk, filed.id, {
          decision: "refuse",
          reason: "Chybí podpis.",
          representedPersonId: "",
        }),
      ]);
      assert.equal(outcomes.filter((o) => o.ok).length, 1);
      assert.deepEqual(outcomes.find((o) => !o.ok), { ok: false, code: "alreadyDecided" });
      const [, audit] = await decisions(db, tenantId, filed.id);
      assert.equal(audit.filter((a) => a.action !== "representation.requested").length, 1);
    } finally {
      await db.destroy();
    }
  },
});
