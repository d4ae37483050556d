/**
 * A person of a town for a test: an active account with a password (no SMS factor), a user name
 * of its own (a random suffix, so test files running side by side never share one), and a
 * verified e-mail when asked. Returns the id and what signs them in.
 */
import { hash } from "@node-rs/argon2";
import { getDb } from "../../lib/db.ts";

export interface TestPerson {
  id: string;
  username: string;
  password: string;
  email: string | null;
}

export async function insertPerson(
  tenantId: string,
  opts: {
    /** The user name's prefix ("zpet" → `zpet.1a2b3c4d`). */
    prefix: string;
    givenName: string;
    familyName: string;
    password?: string;
    /** A verified e-mail `<username>@example.cz` (messages reach the person only with one). */
    email?: boolean;
    address?: string;
  },
): Promise<TestPerson> {
  const db = getDb();
  const username = `${opts.prefix}.${crypto.randomUUID().slice(0, 8)}`;
  const password = opts.password ?? "Testovaci-heslo-2026";
  const row = await db.insertInto("persons").values({
    tenant_id: tenantId,
    username,
    given_name: opts.givenName,
    family_name: opts.familyName,
    ...(opts.address ? { address: opts.address } : {}),
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  } as never).returning("id").executeTakeFirstOrThrow() as { id: string };
  let email: string | null = null;
  if (opts.email) {
    email = `${username}@example.cz`;
    await db.insertInto("person_contacts").values({
      tenant_id: tenantId,
      person_id: row.id,
      kind: "email",
      value: email,
      verified_at: new Date(),
    }).execute();
  }
  return { id: row.id, username, password, email };
}
