/**
 * The two answers of a form page that are not the form: the form needs an agenda the person's
 * account is not authorized for (with the national-identity step-up), and a visitor without an
 * account was sent the confirmation link.
 */
import type { State, Translate } from "../../lib/state.ts";
import { Notice } from "../layout/Notice.tsx";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { ProviderButtons } from "../identity/ProviderButtons.tsx";

export function AgendaRequired(
  { agenda, path, providers, state }: {
    agenda: string;
    path: string;
    providers: { id: string; name: string }[];
    state: State;
  },
) {
  const t: Translate = state.t;
  return (
    <div class="narrow">
      <PageTitle title={t("formPage.agendaTitle")} state={state} />
      <h1>{t("formPage.agendaTitle")}</h1>
      <p class="lead">{t("formPage.agendaText", { agenda: t(`agenda.${agenda}`) })}</p>
      <section class="step-up" aria-labelledby="step-up-heading">
        <h2 id="step-up-heading">{t("account.stepUpHeading")}</h2>
        <p>{t("account.stepUpText")}</p>
        <ProviderButtons providers={providers} t={t} next={path} level={3} />
      </section>
      <p>
        <a href="/ucet">{t("formPage.accountLink")}</a>
      </p>
    </div>
  );
}

export function ConfirmationSent(
  { email, title, state }: { email: string; title: string; state: State },
) {
  const t: Translate = state.t;
  return (
    <div class="narrow">
      <PageTitle title={t("anonymousFiling.sentTitle")} state={state} />
      <h1>{t("anonymousFiling.sentTitle")}</h1>
      <Notice
        type="info"
        t={t}
        title={t("anonymousFiling.sentText", { email, form: t(title) })}
      />
      <p>{t("anonymousFiling.sentHint")}</p>
    </div>
  );
}
