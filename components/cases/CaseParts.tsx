/**
 * Building blocks of the case pages (the citizen's and the clerk's): the state as a person reads
 * it, the timeline, the filed values read-only (labelled by the form's definition) and the files.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { CaseState } from "../../domain/cases.ts";
import type { FormDefinition } from "../../domain/forms/mod.ts";
import { filedLines } from "../../domain/forms/filed.ts";

export { filedLines };
import { formatBytes, formatDateTime } from "../../lib/http/format.ts";

/** "Filed" becomes "In review" once a clerk took it. */
export function caseStateKey(state: CaseState, assigned: boolean): string {
  return state === "filed" && assigned ? "cases.state.inReview" : `cases.state.${state}`;
}

export function CaseStateTag(
  { state, assigned, t }: { state: CaseState; assigned: boolean; t: Translate },
) {
  return <strong class={`status status--${state}`}>{t(caseStateKey(state, assigned))}</strong>;
}

export interface TimelineEvent {
  id: string;
  occurred_at: Date;
  actor_type: string;
  kind: string;
  text: string | null;
  visible_to_citizen: boolean;
  actorName?: string | null;
}

export function Timeline(
  { events, t, locale, reference, internal }: {
    events: readonly TimelineEvent[];
    t: Translate;
    locale: Locale;
    reference: string;
    internal?: boolean;
  },
) {
  return (
    <ol class="history case-timeline">
      {events.map((e) => (
        <li>
          <time dateTime={e.occurred_at.toISOString()}>
            {formatDateTime(e.occurred_at, locale)}
          </time>
          {" – "}
          {t(`cases.event.${e.kind}`, { reference })}
          {internal && (
            <>
              {" ("}
              {e.actorName ?? t(`cases.actor.${e.actor_type}`)}
              {!e.visible_to_citizen && `, ${t("cases.clerk.internal")}`}
              {")"}
            </>
          )}
          {e.text && <p class="case-timeline__text">{e.text}</p>}
        </li>
      ))}
    </ol>
  );
}

export interface FileItem {
  id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
}

export function AttachmentList(
  { files, href, t, locale }: {
    files: readonly FileItem[];
    href: (id: string) => string;
    t: Translate;
    locale: Locale;
  },
) {
  if (files.length === 0) return <p>{t("cases.detail.noAttachments")}</p>;
  return (
    <ul class="case-files">
      {files.map((f) => (
        <li>
          <a href={href(f.id)}>{f.file_name}</a> ({formatBytes(f.size_bytes, locale)},{" "}
          {f.media_type})
          <br />
          <small>
            SHA-256: <code>{f.sha256}</code>
          </small>
        </li>
      ))}
    </ul>
  );
}

export function FiledValues(
  { values, definition, t }: {
    values: Record<string, unknown>;
    definition?: FormDefinition;
    t: Translate;
  },
) {
  return (
    <dl class="case-values">
      {filedLines(values, definition, t).map((l) => (
        <div class={l.depth ? "case-values__item" : undefined}>
          <dt>{l.label}</dt>
          <dd>{l.value || "\u00a0"}</dd>
        </div>
      ))}
    </dl>
  );
}
