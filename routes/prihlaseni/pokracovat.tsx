/**
 * The hand-off page (`/prihlaseni/pokracovat?dalsi=/oidc/…`): after a form's POST (a sign-in, an
 * SMS code, a consent) that continues an application's sign-in at the town's OpenID provider,
 * the browser lands here and is sent on by an instant meta refresh, with a link for anyone whose
 * browser does not follow it. Browsers apply the page's CSP `form-action 'self'` to the whole
 * redirect chain of a form's POST, and the provider's last redirect leaves for the application:
 * the refresh is a navigation of its own, which the policy does not govern. Only a path of the
 * provider is accepted (lib/http/auth.ts `afterForm`); anything else is a 404.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError, page } from "../../lib/web/mod.ts";
import { safeNext } from "../../lib/http/auth.ts";
import { Handoff } from "../../components/layout/Handoff.tsx";

export const handler = define.handlers({
  GET(ctx) {
    const next = safeNext(ctx.url.searchParams.get("dalsi"), "");
    if (!next.startsWith("/oidc/")) throw new HttpError(404);
    return page({ next });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <Handoff state={state} messages="oidcIdp.handoff" type="info" href={data.next} />
));
