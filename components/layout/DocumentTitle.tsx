/**
 * Sets the document's `<title>` from a page: "<page> – <town>", and its meta description
 * ("<page> – <what the portal is>"). (The runtime's `<Head>` title and description replace the
 * ones `_app` renders; `_app` uses `state.title` when a handler set it instead.)
 */
import { Head } from "../../lib/web/mod.ts";
import type { State } from "../../lib/state.ts";

export function documentTitle(title: string | undefined, town: string | undefined, portal: string) {
  return [title ?? portal, town].filter(Boolean).join(" – ");
}

export function DocumentTitle(
  { title, town, portal, description }: {
    title: string;
    town?: string;
    portal: string;
    description?: string;
  },
) {
  return (
    <Head>
      <title>{documentTitle(title, town, portal)}</title>
      {description && <meta name="description" content={description} />}
    </Head>
  );
}

/** `DocumentTitle` for a route: the town and portal name come from the request state. */
export function PageTitle({ title, state }: { title: string; state: State }) {
  const portal = state.t("common.portalName");
  const description = state.t("meta.description", { town: state.tenant?.name ?? portal });
  return (
    <DocumentTitle
      title={title}
      town={state.tenant?.name}
      portal={portal}
      description={state.t("meta.page", { page: title, description })}
    />
  );
}
