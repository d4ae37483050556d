// Frozen: never import app code here.
//
// The town's OpenID provider (an issue 16 leftover): an application may ask the portal to sign
// the person out (RP-initiated logout, `/oidc/session/end`) and then send them back to one of
// the addresses its registration lists here, and to no other. Existing clients list none: the
// person then stays on the portal's signed-out page.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table oidc_clients
    add column post_logout_redirect_uris jsonb not null default '[]'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table oidc_clients drop column post_logout_redirect_uris`.execute(db);
}
