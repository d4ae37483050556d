/**
 * `/oidc/session/end`: an application asks the portal to sign the person out (OpenID Connect
 * RP-Initiated Logout 1.0, the provider's `end_session_endpoint`). The request is checked first
 * (app/oidc_logout.ts: the ID token hint this town signed, the client, its registered return
 * address); a bad one is a Czech 400 and nothing happens. Someone signed in is asked to confirm
 * (a page, so a link alone cannot sign anyone out); the confirmed POST (CSRF as every form)
 * ends the portal session and every application's with it, then returns to the application's
 * registered address with its `state`: through a page of the portal's own (`?odhlaseno`) that
 * sends the browser on (an instant meta refresh and a link), because browsers apply the page's
 * CSP `form-action 'self'` to the whole redirect chain of a form's POST and would stop a 303 to
 * the application. Nobody signed in goes straight back (a plain GET, no form). A session from
 * NIA goes on to NIA's single logout first and ends on the portal's signed-out page.
 *
 * The application sends the person here with GET, as the standard's redirect does; a POST here
 * is the confirmation form's, so an application's own cross-site POST is refused like any form
 * without the portal's token.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { config } from "../../../lib/config.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import { endPortalSession } from "../../../lib/http/identity/sign_out.ts";
import {
  checkEndSession,
  type EndSessionParams,
  type EndSessionRequest,
} from "../../../app/oidc_logout.ts";
import { ConfirmAction } from "../../../components/layout/ConfirmAction.tsx";
import { Handoff } from "../../../components/layout/Handoff.tsx";

const SIGNED_OUT = "/prihlaseni?odhlaseno=1";

interface PageData {
  params: EndSessionParams;
  request: EndSessionRequest;
  /** Signed out already: the page only sends the browser back to the application. */
  done: boolean;
  /** Signed out of the portal: the page sends the browser on to NIA's single logout. */
  nia?: string;
}

function paramsOf(get: (name: string) => unknown): EndSessionParams {
  const text = (name: string, max: number) => {
    const v = get(name);
    if (v === null || v === undefined) return "";
    if (typeof v !== "string" || v.length > max) {
      throw new HttpError(400, "oidcLogout.errors.badRequest");
    }
    return v;
  };
  return {
    idTokenHint: text("id_token_hint", 8192),
    clientId: text("client_id", 200),
    postLogoutRedirectUri: text("post_logout_redirect_uri", 2000),
    state: text("state", 2000),
  };
}

async function checked(tenantId: string, origin: string, params: EndSessionParams) {
  const r = await checkEndSession(
    { db: getDb(), secret: config().sessionSecret },
    tenantId,
    `${origin}/oidc`,
    params,
  );
  if (!r.ok) throw new HttpError(400, `oidcLogout.errors.${r.code}`);
  return r.request;
}

export const handler = define.handlers({
  async GET(ctx) {
    const params = paramsOf((n) => ctx.url.searchParams.get(n));
    const request = await checked(ctx.state.tenant.id, ctx.url.origin, params);
    const signedIn = Boolean(ctx.state.person || ctx.state.clerk);
    if (!signedIn && request.returnTo && ctx.url.searchParams.has("odhlaseno")) {
      return page<PageData>({ params, request, done: true });
    }
    if (!signedIn) return ctx.redirect(request.returnTo ?? SIGNED_OUT);
    return page<PageData>({ params, request, done: false });
  },

  async POST(ctx) {
    const form = await ctx.formData();
    const params = paramsOf((n) => form.get(n));
    const request = await checked(ctx.state.tenant.id, ctx.url.origin, params);
    if (!isConfirmed(form)) return page<PageData>({ params, request, done: false });
    const atIdp = await endPortalSession(ctx.hono, ctx.state, ctx.url.origin);
    // NIA's single logout first (through a page of our own, as below); the portal's signed-out
    // page at its end.
    if (atIdp) return page<PageData>({ params, request, done: true, nia: atIdp });
    if (!request.returnTo) return ctx.redirect(SIGNED_OUT);
    return ctx.redirect(
      `/oidc/session/end?${new URLSearchParams({ ...hiddenOf(params), odhlaseno: "1" })}`,
    );
  },
});

/** The request's parameters as the standard names them, the empty ones left out. */
function hiddenOf(params: EndSessionParams): Record<string, string> {
  const hidden: Record<string, string> = {};
  if (params.idTokenHint) hidden.id_token_hint = params.idTokenHint;
  if (params.clientId) hidden.client_id = params.clientId;
  if (params.postLogoutRedirectUri) hidden.post_logout_redirect_uri = params.postLogoutRedirectUri;
  if (params.state) hidden.state = params.state;
  return hidden;
}

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { params, request } = data;
  if (data.nia) {
    return <Handoff state={state} messages="signOutHandoff" type="info" href={data.nia} />;
  }
  if (data.done && request.returnTo) {
    return (
      <Handoff
        state={state}
        messages="oidcLogout.handoff"
        params={{ app: request.clientName ?? "" }}
        type="success"
        href={request.returnTo}
      />
    );
  }
  const hidden = hiddenOf(params);
  const summary = [
    {
      label: t("oidcLogout.application"),
      value: request.clientName ?? t("oidcLogout.unnamedApplication"),
    },
    {
      label: t("oidcLogout.afterwards"),
      value: request.returnTo
        ? t("oidcLogout.backTo", { host: new URL(request.returnTo).host })
        : t("oidcLogout.stayHere"),
    },
  ];
  return (
    <ConfirmAction
      state={state}
      action="/oidc/session/end"
      title={t("oidcLogout.title", { town: state.tenant.name })}
      consequence={t("oidcLogout.consequence")}
      summary={summary}
      hidden={hidden}
      confirmLabel={t("oidcLogout.confirm")}
      backHref={state.clerk ? "/urad" : "/ucet"}
    />
  );
});
