/**
 * `GET /saml/metadata`: the town's SAML2 service provider metadata for NIA (EntityDescriptor with
 * SPSSODescriptor: AssertionConsumerService, SingleLogoutService, the signing and the encryption
 * certificate). Public and cacheable; its URL is also the SP's entity id. 404 when the town has
 * no SAML login.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { niaSamlConfig } from "../../lib/saml/config.ts";
import { samlFor, spMetadata } from "../../lib/saml/sp.ts";

export const handler = define.handlers({
  GET(ctx) {
    let cfg;
    try {
      cfg = niaSamlConfig(ctx.state.tenant.slug);
    } catch {
      cfg = null;
    }
    if (!cfg) throw new HttpError(404);
    const xml = spMetadata(samlFor(getDb(), ctx.state.tenant.id, cfg, ctx.url.origin), cfg);
    return new Response(xml, {
      headers: {
        "content-type": "application/samlmetadata+xml; charset=utf-8",
        "cache-control": "public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400",
      },
    });
  },
});
