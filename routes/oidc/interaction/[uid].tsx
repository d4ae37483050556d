/**
 * The login and consent step of the town's OpenID provider (lib/http/idp/). Login is the
 * portal's own: a person signed in to the portal is not asked again (single sign-on) — the step
 * finishes at once; anyone else goes through `/prihlaseni` and comes back here. Consent is asked
 * only for applications that are not the town's own: the page names the application and what it
 * will learn, "Povolit" or "Nepovolit". The step belongs to the browser that started it (the
 * provider's interaction cookie); any other gets a Czech 400.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { config } from "../../../lib/config.ts";
import { EIDAS_ACR } from "../../../lib/http/idp/provider.ts";
import {
  finishInteraction,
  interactionOf,
  type InteractionView,
} from "../../../lib/http/idp/server.ts";
import { consentFacts } from "../../../app/oidc_clients.ts";
import { afterForm } from "../../../lib/http/auth.ts";
import type { State } from "../../../lib/state.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";

const UID = /^[A-Za-z0-9_-]{10,100}$/;

async function pending(req: Request, state: State, uid: string): Promise<InteractionView> {
  if (!UID.test(uid)) throw new HttpError(400, "oidcIdp.errors.expired");
  const view = await interactionOf(getDb, config().sessionSecret, state.tenant.id, req, uid);
  if (!view) throw new HttpError(400, "oidcIdp.errors.expired");
  return view;
}

export const handler = define.handlers({
  async GET(ctx) {
    const uid = ctx.params.uid;
    const view = await pending(ctx.req, ctx.state, uid);
    const person = ctx.state.person;
    if (!person) {
      return ctx.redirect(`/prihlaseni?next=${encodeURIComponent(`/oidc/interaction/${uid}`)}`);
    }
    if (view.prompt === "login") {
      const returnTo = await finishInteraction(
        getDb,
        config().sessionSecret,
        ctx.state.tenant.id,
        ctx.req,
        {
          login: {
            accountId: person.personId,
            acr: EIDAS_ACR[person.levelOfAssurance],
            amr: [person.authMethod],
          },
        },
      );
      return ctx.redirect(returnTo);
    }
    if (view.prompt !== "consent" || view.accountId !== person.personId) {
      throw new HttpError(400, "oidcIdp.errors.expired");
    }
    const facts = await consentFacts({ db: getDb() }, ctx.state.tenant.id, view.clientId);
    if (!facts) throw new HttpError(400, "oidcIdp.errors.expired");
    return page({ uid, client: facts, scopes: view.scopes });
  },
  async POST(ctx) {
    const uid = ctx.params.uid;
    const view = await pending(ctx.req, ctx.state, uid);
    const person = ctx.state.person;
    if (!person || view.prompt !== "consent" || view.accountId !== person.personId) {
      throw new HttpError(400, "oidcIdp.errors.expired");
    }
    const form = await ctx.formData();
    const allow = form.get("decision") === "allow";
    const returnTo = await finishInteraction(
      getDb,
      config().sessionSecret,
      ctx.state.tenant.id,
      ctx.req,
      allow
        ? {
          consent: {
            accountId: person.personId,
            clientId: view.clientId,
            grantScopes: view.scopes,
          },
        }
        : { error: "access_denied" },
    );
    // The provider's answer is its own address (absolute): the hand-off page takes its path.
    const to = new URL(returnTo, ctx.url.origin);
    return ctx.redirect(
      to.origin === ctx.url.origin ? afterForm(to.pathname + to.search) : returnTo,
    );
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const told = data.scopes.filter((s) => ["profile", "agendas", "offline_access"].includes(s));
  return (
    <div>
      <PageTitle title={t("oidcIdp.consent.title")} state={state} />
      <h1>{t("oidcIdp.consent.title")}</h1>
      <p class="lead">
        {t("oidcIdp.consent.lead", { app: data.client.name, town: state.tenant.name })}
      </p>
      <h2>{t("oidcIdp.consent.whatHeading")}</h2>
      <ul>
        <li>{t("oidcIdp.consent.scope.openid")}</li>
        {told.map((s) => (
          <li key={s}>
            {t(`oidcIdp.consent.scope.${s}`, {
              agenda: data.client.agenda ? t(`agenda.${data.client.agenda}`) : "—",
            })}
          </li>
        ))}
      </ul>
      {data.client.loggedOutWithPortal && <p>{t("oidcIdp.consent.logoutToo")}</p>}
      <form method="post" action={`/oidc/interaction/${data.uid}`}>
        <CsrfField token={state.csrfToken} />
        <div class="actions">
          <SubmitButton name="decision" value="allow">
            {t("oidcIdp.consent.allow")}
          </SubmitButton>{" "}
          <SubmitButton name="decision" value="deny" variant="secondary">
            {t("oidcIdp.consent.deny")}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
});
