/**
 * What a browser does at the local OpenID provider (scripts/oidc_provider.ts): follow
 * redirects, keep cookies, press the button of a test person, and come back to the portal.
 */
import { assert, assertEquals } from "../assert.ts";

/** What a browser does at the provider: follow redirects, keep cookies, submit the page. */
export class ProviderBrowser {
  constructor(private readonly portal: string) {}

  cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = !value || attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /**
   * GETs `url` and follows redirects until one leads to the portal (returned) or a page is
   * shown (returned with its HTML).
   */
  async follow(url: string): Promise<{ callback?: URL; html?: string; url: string }> {
    for (let i = 0; i < 10; i++) {
      const res = await this.fetch(url);
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const next = new URL(res.headers.get("location")!, url).href;
        if (next.startsWith(this.portal)) return { callback: new URL(next), url };
        url = next;
        continue;
      }
      const html = await res.text();
      assertEquals(res.status, 200, `GET ${url}: ${html.slice(0, 300)}`);
      return { html, url };
    }
    throw new Error("too many redirects");
  }
}

/** Logs in at the provider as the person whose button has this label; returns the callback. */
export async function loginAtProvider(
  url: URL,
  buttonLabel: string | "cancel",
  portalOrigin: string,
): Promise<URL> {
  const browser = new ProviderBrowser(portalOrigin);
  const page = await browser.follow(url.href);
  assert(page.html, "the provider shows its login page");
  assert(page.html.includes("Bank iD a MojeID – testovací poskytovatel"));
  let action: string;
  let body: URLSearchParams;
  if (buttonLabel === "cancel") {
    action = /<form method="post" action="([^"]+\/abort)"/.exec(page.html)![1];
    body = new URLSearchParams();
  } else {
    action = /<form method="post" action="([^"]+\/login)"/.exec(page.html)![1];
    const button = new RegExp(`name="person" value="([^"]+)"[^>]*>${buttonLabel}<`).exec(
      page.html,
    );
    assert(button, `a button "${buttonLabel}" on the login page`);
    body = new URLSearchParams({ person: button[1] });
  }
  const posted = await browser.fetch(new URL(action, page.url).href, { method: "POST", body });
  await posted.body?.cancel();
  assertEquals(posted.status, 303);
  const done = await browser.follow(new URL(posted.headers.get("location")!, page.url).href);
  assert(done.callback, `the provider redirects back to the portal (${done.html?.slice(0, 200)})`);
  return done.callback;
}
