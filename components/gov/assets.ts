/**
 * Logical names → hashed URLs of the vendored design-system files (see scripts/vendor_gov.ts).
 * `govCss("gov-button")` → "/gov/css/gov-button.53506ba9.css".
 */
import { BASE_CSS, CSS, FONTS, ICONS } from "./assets.gen.ts";

export type CssName = keyof typeof CSS;
/** Component stylesheets; the base ones and app.css are linked by _app. */
export type GovComponent = Extract<CssName, `gov-${string}`>;
export type IconName = keyof typeof ICONS;

export function govCss(name: CssName): string {
  return CSS[name];
}

export function govIcon(name: IconName): string {
  return ICONS[name].url;
}

/** Inline, decorative SVG markup of an icon (`fill="currentColor"`). */
export function govIconSvg(name: IconName): string {
  return ICONS[name].svg;
}

/** Linked in `<head>` on every page, in cascade order: fonts, tokens, base styles, layout. */
export const baseStylesheets: readonly string[] = BASE_CSS.map((name) => CSS[name]);

/** The portal's own sheet; _app links it after every component sheet so it cascades last. */
export const appStylesheet: string = CSS.app;

/** Faces nearly every Czech page needs at once: regular latin and latin-ext. */
export const preloadFonts: readonly string[] = [
  FONTS["roboto-regular"],
  FONTS["roboto-regular-ext"],
];
