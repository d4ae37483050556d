/**
 * `GET /prihlaseni/nia`: starts a login at NIA (Identita občana) over SAML2 — an AuthnRequest by
 * the HTTP-Redirect binding, signed with the town's SP key, asking for the town's minimum level
 * of assurance (or `?uroven=substantial|high`, a step-up) with `Comparison="minimum"` and for
 * the eIDAS attributes. The request's ID waits in `saml_requests` (ten minutes) for the answer at
 * `/saml/acs`; `next` travels as RelayState (a local path only, else `/ucet`). A town without
 * SAML settings offers no NIA login (404): NIA speaks SAML2 only.
 *
 * The national portal's link tile points here: `/prihlaseni/nia` (after the login, the personal
 * account `/ucet`; a first login creates the account from NIA's attributes, no registration).
 */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { safeNext } from "../../lib/http/auth.ts";
import { getDb } from "../../lib/db.ts";
import { log } from "../../lib/log.ts";
import { niaSamlConfig } from "../../lib/saml/config.ts";
import { purgeExpired, samlFor } from "../../lib/saml/sp.ts";
import { type LevelOfAssurance, loaAtLeast } from "../../domain/identity.ts";

const LEVELS: readonly LevelOfAssurance[] = ["low", "substantial", "high"];

export const handler = define.handlers({
  async GET(ctx) {
    ctx.hono.header("cache-control", "no-store");
    const next = safeNext(ctx.url.searchParams.get("next"), "/ucet");
    let cfg;
    try {
      cfg = niaSamlConfig(ctx.state.tenant.slug);
    } catch (e) {
      log.error("nia saml settings unreadable", {
        error: String(e),
        requestId: ctx.state.requestId,
      });
      throw new HttpError(503, "saml.errors.unavailable");
    }
    if (!cfg) throw new HttpError(404);
    const askedRaw = ctx.url.searchParams.get("uroven");
    const asked = LEVELS.find((l) => l === askedRaw);
    const loa = asked && loaAtLeast(asked, cfg.minLoa) ? asked : cfg.minLoa;
    const db = getDb();
    await purgeExpired(db, ctx.state.tenant.id);
    const saml = samlFor(db, ctx.state.tenant.id, cfg, ctx.url.origin, { loa });
    const url = await saml.getAuthorizeUrlAsync(next, undefined, {});
    return ctx.redirect(url, 303);
  },
});
