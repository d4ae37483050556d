/**
 * Message boxes (gov-message). Success and info are polite (`role="status"`), warning and
 * error interrupt (`role="alert"`). The kind is also said in words for screen readers, not
 * by colour and icon alone.
 */
import type { ComponentChildren } from "preact";
import type { Translate } from "../../lib/state.ts";
import { GovCss } from "../gov/GovCss.tsx";
import { Icon } from "../gov/Icon.tsx";
import type { IconName } from "../gov/assets.ts";

export type NoticeType = "success" | "info" | "warning" | "error";

const LOOK: Record<NoticeType, { color: string; icon: IconName; role: "status" | "alert" }> = {
  success: { color: "success", icon: "check-circle-fill", role: "status" },
  info: { color: "primary", icon: "info-circle-fill", role: "status" },
  warning: { color: "warning", icon: "exclamation-triangle-fill", role: "alert" },
  error: { color: "error", icon: "exclamation-triangle-fill", role: "alert" },
};

export interface NoticeProps {
  type: NoticeType;
  t: Translate;
  title?: ComponentChildren;
  children?: ComponentChildren;
  /** Heading level of the title (default 2). */
  level?: 2 | 3;
  id?: string;
  /** Static boxes that are not news (e.g. a standing warning) can drop the live role. */
  live?: boolean;
}

export function Notice({ type, t, title, children, level = 2, id, live = true }: NoticeProps) {
  const look = LOOK[type];
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div
      class="gov-message notice"
      data-color={look.color}
      data-type="subtle"
      role={live ? look.role : undefined}
      id={id}
    >
      <GovCss names={["gov-message"]} />
      <Icon name={look.icon} slot="icon" />
      <div class="notice__body">
        {title
          ? (
            <Heading class="notice__title">
              <span class="u-sr-only">{t(`layout.notice.${type}`)}</span>
              {title}
            </Heading>
          )
          : <span class="u-sr-only">{t(`layout.notice.${type}`)}</span>}
        {children}
      </div>
    </div>
  );
}

/** An error box: `<Notice type="error">`. */
export function Alert(props: Omit<NoticeProps, "type">) {
  return <Notice {...props} type="error" />;
}
