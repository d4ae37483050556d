/**
 * Czech first: the portal speaks Czech unless the visitor chose English. `?lang=en|cs`
 * switches and is remembered in a cookie. The browser's Accept-Language is not followed: an
 * office's pages should not change language by who happens to look (and caches stay simple).
 */
import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import "./vars.ts";
import { DEFAULT_LOCALE, isLocale } from "../i18n.ts";
import { preparedHeaders } from "../web/mod.ts";
import type { Locale } from "../state.ts";

export const LOCALE_COOKIE = "lang";

export function localeResolver(): MiddlewareHandler {
  return async (c, next) => {
    // Most requests have no query at all: do not parse one.
    const requested = c.req.url.includes("lang=") ? c.req.query("lang") : undefined;
    let locale: Locale;
    if (isLocale(requested)) {
      locale = requested;
      setCookie(c, LOCALE_COOKIE, locale, {
        path: "/",
        maxAge: 60 * 60 * 24 * 365,
        sameSite: "Lax",
        httpOnly: true,
        secure: true,
      });
    } else {
      const remembered = getCookie(c, LOCALE_COOKIE);
      locale = isLocale(remembered) ? remembered : DEFAULT_LOCALE;
    }
    c.set("locale", locale);
    // Set before the response exists, so they are written with it (no copy afterwards).
    const headers = preparedHeaders(c);
    headers.append("Content-Language", locale);
    headers.append("Vary", "Cookie");
    await next();
  };
}
