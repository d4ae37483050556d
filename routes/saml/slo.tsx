/**
 * `/saml/slo`: single logout with NIA (lib/saml/logout.ts). NIA's LogoutRequest (HTTP-POST, or
 * HTTP-Redirect signed in the query) ends the person's portal sessions and is answered with a
 * signed LogoutResponse; NIA's LogoutResponse to the portal's own request ends on the home page.
 * An invalid message gets a Czech page and a 400, and changes nothing.
 */
import { define } from "../../lib/http/define.ts";
import { type Context, page } from "../../lib/web/mod.ts";
import type { State } from "../../lib/state.ts";
import { getDb } from "../../lib/db.ts";
import { log } from "../../lib/log.ts";
import { niaSamlConfig } from "../../lib/saml/config.ts";
import { SamlError } from "../../lib/saml/sp.ts";
import { handleSlo } from "../../lib/saml/logout.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { Alert } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

interface SloData {
  ok: false;
}

async function respond(
  ctx: Context<State>,
  message: Parameters<typeof handleSlo>[4],
): Promise<Response | ReturnType<typeof page<SloData>>> {
  ctx.hono.header("cache-control", "no-store");
  let cfg;
  try {
    cfg = niaSamlConfig(ctx.state.tenant.slug);
  } catch {
    cfg = null;
  }
  if (!cfg) return page<SloData>({ ok: false }, { status: 404 });
  const db = getDb();
  try {
    const outcome = await handleSlo(
      db,
      ctx.state.tenant.id,
      cfg,
      ctx.url.origin,
      message,
      ctx.state.requestId,
    );
    if (outcome.kind === "logoutConfirmed") return ctx.redirect("/prihlaseni?odhlaseno=1", 303);
    return ctx.redirect(outcome.responseUrl, 303);
  } catch (e) {
    if (!(e instanceof SamlError)) throw e;
    log.warn("nia saml logout refused", { reason: e.code, detail: e.detail });
    await appendAudit(db, {
      tenantId: ctx.state.tenant.id,
      actorType: "anonymous",
      actorId: null,
      action: "auth.external_logout_failed",
      requestId: ctx.state.requestId,
      details: { provider: "nia", protocol: "saml", reason: e.code },
    });
    return page<SloData>({ ok: false }, { status: 400 });
  }
}

function str(v: FormDataEntryValue | null | undefined): string | undefined {
  return typeof v === "string" && v.length <= 500_000 ? v : undefined;
}

export const handler = define.handlers({
  async POST(ctx) {
    const form = await ctx.req.formData().catch(() => undefined);
    return await respond(ctx, {
      post: {
        SAMLRequest: str(form?.get("SAMLRequest")),
        SAMLResponse: str(form?.get("SAMLResponse")),
        // SAML bindings: at most 80 bytes; it goes back in a Location header.
        RelayState: str(form?.get("RelayState"))?.slice(0, 80),
      },
    });
  },
  async GET(ctx) {
    const query = Object.fromEntries(ctx.url.searchParams);
    if (query.RelayState) query.RelayState = query.RelayState.slice(0, 80);
    return await respond(ctx, { query, raw: ctx.url.search.replace(/^\?/, "") });
  },
});

export default define.page<typeof handler>(({ state }) => {
  const { t } = state;
  return (
    <div class="narrow">
      <PageTitle title={t("saml.logout.title")} state={state} />
      <h1>{t("saml.logout.title")}</h1>
      <Alert t={t}>
        <p>{t("saml.logout.invalid")}</p>
      </Alert>
      <p>
        <a href="/">{t("saml.logout.home")}</a>
      </p>
    </div>
  );
});
