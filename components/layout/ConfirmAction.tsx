/**
 * The confirmation page before an action that cannot be undone (issue 10): a heading, the
 * consequence said plainly, a summary of what will happen, an optional preview, and a form that
 * carries the input in hidden fields with the CSRF token and the confirmation field
 * (`lib/http/confirm.ts`): a primary "Ano, …" button and a "Zpět" link. Works without
 * JavaScript; the route renders it (status 200) for a valid POST that lacks the confirmation.
 */
import type { ComponentChildren } from "preact";
import type { State } from "../../lib/state.ts";
import { CONFIRM_FIELD, CONFIRM_VALUE } from "../../lib/http/confirm.ts";
import { CsrfField, SubmitButton } from "../form/mod.ts";
import { Notice } from "./Notice.tsx";
import { PageTitle } from "./DocumentTitle.tsx";

export interface ConfirmActionProps {
  state: State;
  /** Where the confirmed form posts (the action's own route). */
  action: string;
  /** The page's heading, e.g. "Opravdu stáhnout dokument z úřední desky?". */
  title: string;
  /** The consequence, said plainly: "… a nelze jej vrátit zpět." */
  consequence: string;
  /** What will happen, fact by fact. */
  summary: readonly { label: string; value: ComponentChildren }[];
  /** The input carried to the confirmed POST: name → value (repeated names as arrays). */
  hidden: Record<string, string | readonly string[]>;
  /** The primary button: "Ano, …". */
  confirmLabel: string;
  /** The "Zpět" link: back to the page the action started from, nothing done. */
  backHref: string;
  /** A warning about the input itself (e.g. a birth date that does not match). */
  warning?: ComponentChildren;
  /** A preview of the result (e.g. the public notice page). */
  children?: ComponentChildren;
}

export function ConfirmAction(props: ConfirmActionProps) {
  const { state, summary } = props;
  const { t } = state;
  const hidden = Object.entries(props.hidden).flatMap(([name, value]) =>
    (typeof value === "string" ? [value] : value).map((v) => ({ name, value: v }))
  );
  return (
    <div class="confirm-action">
      <PageTitle title={props.title} state={state} />
      <h1>{props.title}</h1>
      <Notice type="warning" t={t} title={props.consequence} live={false} />
      {props.warning}
      {summary.length > 0 && (
        <>
          <h2>{t("common.confirmSummary")}</h2>
          <dl class="facts">
            {summary.map((s) => (
              <div>
                <dt>{s.label}</dt>
                <dd>{s.value}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {props.children}
      <form method="post" action={props.action} class="confirm-action__form">
        <CsrfField token={state.csrfToken} />
        {hidden.map((h, i) => <input key={i} type="hidden" name={h.name} value={h.value} />)}
        <input type="hidden" name={CONFIRM_FIELD} value={CONFIRM_VALUE} />
        <p class="confirm-action__buttons">
          <SubmitButton>{props.confirmLabel}</SubmitButton>{" "}
          <a href={props.backHref}>{t("common.confirmBack")}</a>
        </p>
      </form>
    </div>
  );
}
