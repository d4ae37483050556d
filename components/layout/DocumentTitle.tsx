/**
 * Sets the document's `<title>` from a page: "<page> – <town>". (The runtime's `<Head>` title
 * replaces the one `_app` renders; `_app` uses `state.title` when a handler set it instead.)
 */
import { Head } from "../../lib/web/mod.ts";
import type { State } from "../../lib/state.ts";

export function documentTitle(title: string | undefined, town: string | undefined, portal: string) {
  return [title ?? portal, town].filter(Boolean).join(" – ");
}

export function DocumentTitle(
  { title, town, portal }: { title: string; town?: string; portal: string },
) {
  return (
    <Head>
      <title>{documentTitle(title, town, portal)}</title>
    </Head>
  );
}

/** `DocumentTitle` for a route: the town and portal name come from the request state. */
export function PageTitle({ title, state }: { title: string; state: State }) {
  return (
    <DocumentTitle title={title} town={state.tenant?.name} portal={state.t("common.portalName")} />
  );
}
