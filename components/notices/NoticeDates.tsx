import type { Locale, Translate } from "../../lib/state.ts";
import { formatDateTime } from "../../lib/http/format.ts";

/**
 * "Vyvěšeno … · Plánované sejmutí … · Skutečně sejmuto …" as a description list, readable by a
 * screen reader in order. A notice not yet up says "Plánované vyvěšení" (no past tense for a
 * time to come).
 */
export function NoticeDates(
  props: {
    postedFrom: Date;
    relevantUntil: Date | null;
    takenDownAt?: Date | null;
    /** false while the notice waits for its vyvěšení (default true). */
    posted?: boolean;
    t: Translate;
    locale: Locale;
  },
) {
  const { t, locale } = props;
  return (
    <dl class="notice-dates">
      <div>
        <dt>
          {t(props.posted === false ? "noticeBoard.plannedPostedFrom" : "noticeBoard.postedFrom")}
        </dt>
        <dd>
          <time dateTime={props.postedFrom.toISOString()}>
            {formatDateTime(props.postedFrom, locale)}
          </time>
        </dd>
      </div>
      <div>
        <dt>{t("noticeBoard.relevantUntil")}</dt>
        <dd>
          {props.relevantUntil
            ? (
              <time dateTime={props.relevantUntil.toISOString()}>
                {formatDateTime(props.relevantUntil, locale)}
              </time>
            )
            : t("noticeBoard.untilFurtherNotice")}
        </dd>
      </div>
      {props.takenDownAt && (
        <div>
          <dt>{t("noticeBoard.takenDownAt")}</dt>
          <dd>
            <time dateTime={props.takenDownAt.toISOString()}>
              {formatDateTime(props.takenDownAt, locale)}
            </time>
          </dd>
        </div>
      )}
    </dl>
  );
}
