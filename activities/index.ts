/** All activities the worker hosts, built from their dependencies. */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { createNoticeActivities } from "./notices.ts";

export interface ActivityDeps {
  db: Kysely<Database>;
}

export function createActivities(deps: ActivityDeps) {
  return { ...createNoticeActivities(deps) };
}
