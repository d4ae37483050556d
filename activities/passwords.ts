/**
 * A password-reset request's work, off the web's request path: look the account up and send
 * the link if there is one (app/passwords.ts `sendPasswordResetLink`). Idempotent: the message
 * is keyed by the request, so a retry after a crash sends no second link.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { sendPasswordResetLink } from "../app/passwords.ts";
import type { PasswordResetRequest } from "../domain/workflows.ts";
import { config } from "../lib/config.ts";

export function createPasswordActivities(deps: { db: Kysely<Database> }) {
  async function sendPasswordReset(
    request: PasswordResetRequest,
  ): Promise<"sent" | "already-sent" | "no-account"> {
    return await sendPasswordResetLink(
      { db: deps.db, now: () => new Date(), secret: config().sessionSecret },
      request,
    );
  }
  return { sendPasswordReset };
}

export type PasswordActivities = ReturnType<typeof createPasswordActivities>;
