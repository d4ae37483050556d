/**
 * Building blocks of the case pages (the citizen's and the clerk's): the state as a person reads
 * it, the timeline, the filed values read-only (labelled by the form's definition) and the files.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { CaseState } from "../../domain/cases.ts";
import type { FieldDef, FormDefinition } from "../../domain/forms/mod.ts";
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

function show(value: unknown, t: Translate, field?: FieldDef): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "✓" : "—";
  if (field?.type === "choice") {
    const option = field.options.find((o) => o.value === value);
    if (option) return t(option.label);
  }
  if (Array.isArray(value)) {
    return value.map((v) =>
      v && typeof v === "object" && "name" in v ? String((v as { name: unknown }).name) : show(v, t)
    ).join(", ");
  }
  if (typeof value === "object") {
    const a = value as Record<string, unknown>;
    if ("street" in a || "town" in a) {
      return [
        `${a.street ?? ""} ${a.houseNumber ?? ""}`.trim(),
        `${a.postalCode ?? ""} ${a.town ?? ""}`.trim(),
      ]
        .filter(Boolean).join(", ");
    }
    return Object.entries(a).map(([k, v]) => `${k}: ${show(v, t)}`).join("; ");
  }
  return String(value);
}

/** Plain lines of the filed values (the receipt PDF uses them too). */
export function filedLines(
  values: Record<string, unknown>,
  definition: FormDefinition | undefined,
  t: Translate,
): { label: string; value: string; depth: number }[] {
  const lines: { label: string; value: string; depth: number }[] = [];
  if (!definition) {
    for (const [k, v] of Object.entries(values)) {
      lines.push({ label: k, value: show(v, t), depth: 0 });
    }
    return lines;
  }
  for (const step of definition.steps) {
    for (const field of step.fields) {
      if (!(field.name in values)) continue;
      const value = values[field.name];
      if (field.type === "group" && Array.isArray(value)) {
        value.forEach((item, i) => {
          lines.push({ label: t(field.itemLabel, { n: i + 1 }), value: "", depth: 0 });
          for (const sub of field.fields) {
            const v = (item as Record<string, unknown>)[sub.name];
            if (v !== undefined) {
              lines.push({ label: t(sub.label), value: show(v, t, sub), depth: 1 });
            }
          }
        });
      } else lines.push({ label: t(field.label), value: show(value, t, field), depth: 0 });
    }
  }
  return lines;
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
