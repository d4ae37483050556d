/**
 * A component declares the design-system stylesheets it needs; they end up once in `<head>`.
 * `_app` provides a fresh `LinkedStylesheets` set per render, so a sheet several components
 * ask for (or one _app already links) is linked once. Without the provider (a component
 * rendered on its own, as in tests) every request is emitted.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { Head } from "../../lib/web/mod.ts";
import { type CssName, govCss } from "./assets.ts";

export const LinkedStylesheets = createContext<Set<string> | null>(null);

export function GovCss({ names }: { names: readonly CssName[] }) {
  const linked = useContext(LinkedStylesheets);
  const hrefs = [...new Set(names.map(govCss))].filter((href) => !linked?.has(href));
  if (hrefs.length === 0) return null;
  for (const href of hrefs) linked?.add(href);
  return (
    <Head>
      {hrefs.map((href) => <link key={href} rel="stylesheet" href={href} />)}
    </Head>
  );
}
