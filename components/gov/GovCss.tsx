/**
 * A component names the design-system components whose styles it relies on. Their rules are in
 * the site's one stylesheet, which `_app` links on every page (scripts/vendor_gov.ts builds it
 * from the COMPONENTS it lists, cut to the rules the markup uses), so this renders nothing: it
 * documents the dependency, and a name that is not in COMPONENTS does not type-check.
 */
import type { CssName } from "./assets.ts";

export function GovCss(_props: { names: readonly CssName[] }): null {
  return null;
}
