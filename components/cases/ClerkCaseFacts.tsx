/**
 * The facts at the top of the clerk's case page: state, filed, due, who holds it, and the case's
 * workflow id (with a link to the Temporal UI for operators).
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { CaseState } from "../../db/schema.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import { CaseStateTag } from "./CaseParts.tsx";
import { WorkflowFact } from "../operators/WorkflowFact.tsx";

export function ClerkCaseFacts(
  { c, assigneeName, workflowId, uiLink, t, locale }: {
    c: { state: CaseState; assigned_clerk_id: string | null; created_at: Date; due_at: Date };
    assigneeName: string | null;
    workflowId: string;
    uiLink: string | null;
    t: Translate;
    locale: Locale;
  },
) {
  return (
    <dl class="notice-facts">
      <div>
        <dt>{t("cases.detail.state")}</dt>
        <dd>
          <CaseStateTag state={c.state} assigned={c.assigned_clerk_id !== null} t={t} />
        </dd>
      </div>
      <div>
        <dt>{t("cases.detail.filedAt")}</dt>
        <dd>{formatDateTime(c.created_at, locale)}</dd>
      </div>
      <div>
        <dt>{t("cases.queue.due")}</dt>
        <dd>{formatDateTime(c.due_at, locale)}</dd>
      </div>
      <div>
        <dt>{t("cases.clerk.assignee")}</dt>
        <dd>{assigneeName ?? t("cases.queue.unassigned")}</dd>
      </div>
      <WorkflowFact workflowId={workflowId} uiLink={uiLink} t={t} />
    </dl>
  );
}
