/**
 * What operators get on clerk pages. Operators are the town's clerks with the admin role (the
 * people who also manage its clerk accounts); they get a link from a case to its workflow in the
 * Temporal UI (`TEMPORAL_UI_URL`, the configured namespace). Other clerks see the workflow id.
 */
import type { ClerkSession } from "../state.ts";
import { config } from "../config.ts";
import { ROLE_ADMIN } from "../../domain/clerks.ts";
import { temporalUiWorkflowLink } from "../../domain/workflows.ts";

export function isOperator(clerk: ClerkSession | null): boolean {
  return clerk?.roles.includes(ROLE_ADMIN) ?? false;
}

/** The Temporal UI's page of the workflow, for an operator; null for anyone else. */
export function temporalUiLinkFor(clerk: ClerkSession | null, workflowId: string): string | null {
  if (!isOperator(clerk)) return null;
  const cfg = config();
  return temporalUiWorkflowLink(cfg.temporalUiUrl, cfg.temporalNamespace, workflowId);
}
