/**
 * The body of `_error` and `_404`: a Czech (or English) title and explanation for the status,
 * the request id on server errors so an operator can find the log line, and never a stack
 * trace. Works with a partial state: an error thrown before the platform middleware filled it
 * (unknown host, a failed CSRF check) leaves no tenant, and possibly no translator.
 */
import { translator } from "../../lib/i18n.ts";
import type { Locale, State, Translate } from "../../lib/state.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { DocumentTitle } from "./DocumentTitle.tsx";

/** The part of the state an error page can count on: maybe nothing. */
export type ErrorState = Partial<State>;

export function errorStatus(error: unknown): number {
  return error instanceof HttpError ? error.status : 500;
}

/** The translator of the state, or one for its locale (Czech when there is none). */
export function stateTranslator(state: ErrorState | undefined): { t: Translate; locale: Locale } {
  const locale: Locale = state?.locale === "en" ? "en" : "cs";
  return { t: typeof state?.t === "function" ? state.t : translator(locale), locale };
}

interface ErrorText {
  title: string;
  text: string;
}

/**
 * What to say. An `HttpError` may carry a message key (`errors.csrfText`); other messages are
 * for logs only and are never shown.
 */
export function errorText(status: number, error: unknown, t: Translate): ErrorText {
  const key = error instanceof HttpError && /^(?:[a-zA-Z]+\.)?errors\.\w+$/.test(error.message)
    ? error.message
    : undefined;
  const keyed = key && t(key) !== key ? t(key) : undefined;
  if (status === 404) {
    return { title: t("errors.notFoundTitle"), text: keyed ?? t("errors.notFoundText") };
  }
  if (status === 403) {
    return { title: t("errors.forbiddenTitle"), text: keyed ?? t("errors.forbiddenText") };
  }
  if (status === 503) {
    return { title: t("errors.unavailableTitle"), text: keyed ?? t("errors.unavailableText") };
  }
  if (status >= 500) return { title: t("errors.serverTitle"), text: t("errors.serverText") };
  return {
    title: t("layout.error.status", { status }),
    text: keyed ?? t("errors.serverText"),
  };
}

export function ErrorContent(
  { error, state, status: given }: { error: unknown; state?: ErrorState; status?: number },
) {
  const status = given ?? errorStatus(error);
  const { t } = stateTranslator(state);
  const { title, text } = errorText(status, error, t);
  const tenant = state?.tenant ?? null;
  const unknownTenant = error instanceof HttpError && error.message === "errors.unknownTenant";
  return (
    <div class="prose error-page">
      <DocumentTitle title={title} town={tenant?.name} portal={t("common.portalName")} />
      <p class="u-muted">{t("layout.error.status", { status })}</p>
      <h1>{title}</h1>
      <p>{text}</p>
      {status === 404 && !unknownTenant && <p>{t("layout.error.checkAddress")}</p>}
      {status >= 500 && <p>{t("layout.error.contact")}</p>}
      {status >= 500 && state?.requestId && (
        <p>
          <span class="reference">{t("errors.requestId", { id: state.requestId })}</span>
        </p>
      )}
      {tenant && !unknownTenant && (
        <p>
          <a href="/">{t("layout.error.home")}</a>
        </p>
      )}
    </div>
  );
}
