/**
 * The demo town's library application "Moje výpůjčky" (scripts/library_app.ts) as a client of
 * the town's OpenID provider: first-party, agenda `knihovna`, with a back-channel logout URI
 * and the page the portal sends people back to after the app asked it to sign them out.
 * `npm start` passes the app's origin and a persistent secret; the registry keeps the secret's
 * hash only. Idempotent: a second run updates the same client.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { hashClientSecret } from "../../lib/idp/keys.ts";

export const LIBRARY_CLIENT_ID = "knihovna-moje-vypujcky";

export async function seedLibraryClient(
  db: Kysely<Database>,
  tenantId: string,
  app: { origin: string; secret: string },
): Promise<void> {
  const values = {
    name: "Městská knihovna – Moje výpůjčky",
    redirect_uris: JSON.stringify([`${app.origin}/callback`]),
    post_logout_redirect_uris: JSON.stringify([`${app.origin}/?odhlaseno`]),
    first_party: true,
    agenda: "knihovna",
    backchannel_logout_uri: `${app.origin}/backchannel-logout`,
    secret_hash: await hashClientSecret(app.secret),
    disabled_at: null,
  };
  await db.insertInto("oidc_clients")
    .values({ tenant_id: tenantId, client_id: LIBRARY_CLIENT_ID, ...values })
    .onConflict((oc) => oc.column("client_id").doUpdateSet(values)).execute();
}
