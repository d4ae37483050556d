/**
 * A subject's history as the office reads it: each entry's time, what happened (a Czech
 * sentence, `history.action.*`), who did it (a clerk's or person's name, or "systém") and the
 * reason they gave. One component for every clerk page with a history (a notice, a person's
 * agenda authorizations, a representation request, a clerk account).
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { HistoryItem } from "../../app/history.ts";
import type { HistoryActor } from "../../domain/history.ts";
import { actionKey } from "../../domain/history.ts";
import { CLERK_ROLES, ID_DOCUMENTS, isIdDocument, roleKey } from "../../domain/clerks.ts";
import { formatDateTime } from "../../lib/http/format.ts";

/** The actor as a reader names them. */
export function actorName(actor: HistoryActor, t: Translate): string {
  switch (actor.kind) {
    case "clerk":
      return actor.name ?? t("history.unknownClerk");
    case "person":
      return actor.name ?? t("history.unknownPerson");
    case "system":
      return t("history.system");
    default:
      return t("history.anonymous");
  }
}

/** The action as a sentence; an action without one shows its code. */
export function actionSentence(
  action: string,
  t: Translate,
  params: Record<string, string> = {},
): string {
  const key = actionKey(action);
  const text = t(key, params);
  return text === key ? action : text;
}

function roles(list: readonly string[], t: Translate): string {
  const names = CLERK_ROLES.filter((r) => list.includes(r)).map((r) =>
    t(`officeClerks.role.${roleKey(r)}`)
  );
  return names.length ? names.join(", ") : "—";
}

/** What else an entry says besides its sentence: the document checked, roles before/after. */
function Facts({ item, t }: { item: HistoryItem; t: Translate }) {
  const f = item.facts;
  return (
    <>
      {f.documentType && isIdDocument(f.documentType) && (
        <p class="history__fact">
          {t("history.document", { document: ID_DOCUMENTS[f.documentType] })}
        </p>
      )}
      {f.rolesBefore && f.rolesAfter && (
        <p class="history__fact">
          {t("history.roles", { before: roles(f.rolesBefore, t), after: roles(f.rolesAfter, t) })}
        </p>
      )}
    </>
  );
}

export interface HistoryProps {
  entries: readonly HistoryItem[];
  /** The section's heading; `history.heading` ("Historie") when omitted. */
  heading?: string;
  /** The heading's id (unique on the page). */
  id?: string;
  t: Translate;
  locale: Locale;
}

export function History({ entries, heading, id = "history-heading", t, locale }: HistoryProps) {
  return (
    <section aria-labelledby={id} class="history-section">
      <h2 id={id}>{heading ?? t("history.heading")}</h2>
      {entries.length === 0 ? <p>{t("history.empty")}</p> : (
        <ol class="history">
          {entries.map((e) => (
            <li key={e.id} class="history__entry">
              <p class="history__what">
                <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, locale)}</time>
                {" – "}
                <strong>
                  {actionSentence(e.action, t, {
                    agenda: e.facts.agenda ? t(`agenda.${e.facts.agenda}`) : "",
                  })}
                </strong>
              </p>
              <p class="history__who">{t("history.by", { name: actorName(e.actor, t) })}</p>
              <Facts item={e} t={t} />
              {e.reason && (
                <p class="history__reason">{t("history.reason", { reason: e.reason })}</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
