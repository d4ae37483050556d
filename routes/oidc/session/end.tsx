/**
 * `/oidc/session/end`: an application asks the portal to sign the person out (OpenID Connect
 * RP-Initiated Logout 1.0, the provider's `end_session_endpoint`). The request is checked first
 * (app/oidc_logout.ts: the ID token hint this town signed, the client, its registered return
 * address); a bad one is a Czech 400 and nothing happens. Someone signed in is asked to confirm
 * (a page, so a link alone cannot sign anyone out); the confirmed POST (CSRF as every form)
 * ends the portal session and every application's with it, then returns to the application's
 * registered address with its `state`. Nobody signed in goes straight back. A session from NIA
 * goes on to NIA's single logout first and ends on the portal's signed-out page.
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

const SIGNED_OUT = "/prihlaseni?odhlaseno=1";

interface PageData {
  params: EndSessionParams;
  request: EndSessionRequest;
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
    if (!ctx.state.person && !ctx.state.clerk) return ctx.redirect(request.returnTo ?? SIGNED_OUT);
    return page<PageData>({ params, request });
  },

  async POST(ctx) {
    const form = await ctx.formData();
    const params = paramsOf((n) => form.get(n));
    const request = await checked(ctx.state.tenant.id, ctx.url.origin, params);
    if (!isConfirmed(form)) return page<PageData>({ params, request });
    const atIdp = await endPortalSession(ctx.hono, ctx.state, ctx.url.origin);
    return ctx.redirect(atIdp ?? request.returnTo ?? SIGNED_OUT);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { params, request } = data;
  const hidden: Record<string, string> = {};
  if (params.idTokenHint) hidden.id_token_hint = params.idTokenHint;
  if (params.clientId) hidden.client_id = params.clientId;
  if (params.postLogoutRedirectUri) hidden.post_logout_redirect_uri = params.postLogoutRedirectUri;
  if (params.state) hidden.state = params.state;
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
