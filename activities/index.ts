/** All activities the worker hosts, built from their dependencies. */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Mailer } from "../lib/mail.ts";
import { createNoticeActivities } from "./notices.ts";
import { createAccessibilityActivities } from "./accessibility.ts";

export interface ActivityDeps {
  db: Kysely<Database>;
  mailer: Mailer;
}

export function createActivities(deps: ActivityDeps) {
  return { ...createNoticeActivities(deps), ...createAccessibilityActivities(deps) };
}
