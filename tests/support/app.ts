/**
 * The portal in-process for tests, on the test runner's freshly migrated database (seeded with
 * the demo towns once per process) and its Temporal dev server and worker.
 */
import { createPortalApp } from "../../lib/http/app.ts";
import { getDb } from "../../lib/db.ts";
import { seedDemo } from "../../db/seeds/demo.ts";
import { findTenantBySlug } from "../../db/repositories/tenants.ts";
import type { Tenant } from "../../lib/state.ts";
import { hash } from "@node-rs/argon2";
import { TestClient } from "./client.ts";

let app: ReturnType<typeof createPortalApp> | undefined;
let seeded: Promise<{ lipnice: Tenant; dubova: Tenant }> | undefined;

export const hasServices = Boolean(
  Deno.env.get("DATABASE_URL") && Deno.env.get("TEMPORAL_ADDRESS"),
);

export function testApp() {
  return app ??= createPortalApp();
}

/** The demo towns, seeded once per test process (the seed is idempotent). */
export function demoTowns(): Promise<{ lipnice: Tenant; dubova: Tenant }> {
  seeded ??= (async () => {
    const db = getDb();
    await seedDemo(db);
    return {
      lipnice: (await findTenantBySlug(db, "lipnice"))!,
      dubova: (await findTenantBySlug(db, "dubova"))!,
    };
  })();
  return seeded;
}

export async function client(host = "localhost"): Promise<TestClient> {
  await demoTowns();
  const portal = testApp();
  return new TestClient((req) => portal.fetch(req), host);
}

/** Deno's leak sanitizers would flag the shared pg pool and gRPC channel; tests share them. */
export const shared = { sanitizeOps: false, sanitizeResources: false } as const;

/** A new citizen (password only, no SMS factor) of `town`, signed in: for tests that change a person. */
export async function signedInCitizen(town: "lipnice" | "dubova"): Promise<TestClient> {
  const tenant = (await demoTowns())[town];
  const username = `jiny.obcan.${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const password = "Jiny-obcan-heslo-2026";
  await getDb().insertInto("persons").values({
    tenant_id: tenant.id,
    username,
    given_name: "Jiný",
    family_name: "Občan",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).execute();
  const c = await client(town === "lipnice" ? "localhost" : "dubova.localhost");
  await c.loginCitizen(username, password);
  return c;
}
