/**
 * The links between a call's committee pages (issue 14): the committee, the ranking and
 * proposals, the council's decision (grants clerk only), and the papers for the council.
 */
import type { Translate } from "../../lib/state.ts";

export function CommitteeLinks(props: { callId: string; t: Translate; grants: boolean }) {
  const { callId, t } = props;
  const base = `/urad/dotace/vyzvy/${callId}`;
  return (
    <nav aria-label={t("grantCommittee.links.label")}>
      <ul class="committee-links">
        {props.grants && (
          <li>
            <a href={`${base}/komise`}>{t("grantCommittee.links.committee")}</a>
          </li>
        )}
        <li>
          <a href={`${base}/poradi`}>{t("grantCommittee.links.ranking")}</a>
        </li>
        {props.grants && (
          <li>
            <a href={`${base}/rozhodnuti`}>{t("grantCommittee.links.decision")}</a>
          </li>
        )}
      </ul>
    </nav>
  );
}
