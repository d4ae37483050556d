/**
 * Logical names → hashed URLs of the vendored design-system files (see scripts/vendor_gov.ts):
 * the site's one stylesheet, the Roboto faces it uses, the icons.
 */
import { COMPONENTS, FONTS, ICONS, SITE_CSS } from "./assets.gen.ts";

/** A design-system component whose rules the site's stylesheet holds. */
export type CssName = typeof COMPONENTS[number];
export type GovComponent = CssName;
export type IconName = keyof typeof ICONS;

export function govIcon(name: IconName): string {
  return ICONS[name].url;
}

/** Inline, decorative SVG markup of an icon (`fill="currentColor"`). */
export function govIconSvg(name: IconName): string {
  return ICONS[name].svg;
}

/**
 * The one stylesheet every page links: the design system's base sheets and components and the
 * portal's app.css, cut to the rules the portal uses, precompressed (scripts/vendor_gov.ts).
 */
export const siteStylesheet: string = SITE_CSS;

/**
 * Faces nearly every page needs at once, in both subsets (Czech needs latin-ext): regular for
 * the text, medium for the headings (the page's largest text is its `<h1>`).
 */
export const preloadFonts: readonly string[] = [
  FONTS["roboto-regular"],
  FONTS["roboto-regular-ext"],
  FONTS["roboto-medium"],
  FONTS["roboto-medium-ext"],
];
