/**
 * One fact of a clerk's case page (`<div><dt/><dd/></div>`, as in `.notice-facts`): the case's
 * workflow id, so a clerk can quote it to an operator, and for operators (clerks with the admin
 * role) a link to the workflow in the Temporal UI. The link is built from the configured UI
 * address (`TEMPORAL_UI_URL`) and the namespace with the URL API, never from input.
 */
import type { Translate } from "../../lib/state.ts";

export function WorkflowFact(
  { workflowId, uiLink, t }: { workflowId: string; uiLink: string | null; t: Translate },
) {
  return (
    <div>
      <dt>{t("operators.workflowId")}</dt>
      <dd>
        <code class="workflow-id">{workflowId}</code>
        {uiLink && (
          <>
            {" · "}
            <a href={uiLink} rel="noopener noreferrer">{t("operators.openInTemporal")}</a>
          </>
        )}
      </dd>
    </div>
  );
}
