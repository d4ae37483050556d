/**
 * A small cookie-keeping client for the in-process app: what a browser without JavaScript
 * does (GET a form, POST it back with its hidden fields), minus the rendering.
 */
import { DEMO_CITIZEN, DEMO_CLERK } from "../../db/seeds/demo.ts";

export type AppFetch = (req: Request) => Response | Promise<Response>;

export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly fetchApp: AppFetch, readonly host = "localhost") {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await this.fetchApp(
      new Request(`http://${this.host}${path}`, { ...init, headers }),
    );
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
        attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string, init: RequestInit = {}): Promise<Response> {
    return this.request(path, init);
  }

  /** GETs a page and returns its HTML (asserting 200). */
  async page(path: string): Promise<string> {
    const res = await this.get(path);
    const html = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    return html;
  }

  /**
   * The CSRF token the visitor's forms carry: from the sign-in form, or for a signed-in clerk
   * (whom the sign-in page redirects) from the header's sign-out form.
   */
  async csrfToken(): Promise<string> {
    const res = await this.get("/prihlaseni");
    const html = res.status === 200
      ? await res.text()
      : (await res.body?.cancel(), await this.page("/"));
    return hiddenField(html, "_csrf");
  }

  /** POSTs form fields (multipart when a File is among them), with the page's CSRF token. */
  async post(
    path: string,
    fields: Record<string, string | File | File[]>,
    opts: { csrf?: string | false; headers?: HeadersInit } = {},
  ): Promise<Response> {
    const hasFile = Object.values(fields).some((v) => typeof v !== "string");
    let body: FormData | URLSearchParams;
    if (hasFile) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) {
        for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
      }
      body = form;
    } else body = new URLSearchParams(fields as Record<string, string>);
    const token = opts.csrf === undefined ? await this.csrfToken() : opts.csrf;
    if (token !== false) body.set("_csrf", token);
    return this.request(path, { method: "POST", body, headers: opts.headers });
  }

  /**
   * Signs in an account that confirms with an SMS code (every clerk; citizens who turned it
   * on): password, then the code from the dev SMS outbox (MailDev). Returns the final response
   * (the one that sets the session cookie).
   */
  async loginWithSmsCode(identifier: string, password: string, phone: string): Promise<Response> {
    const { watchSmsCode } = await import("./maildev.ts");
    const nextCode = await watchSmsCode(phone);
    try {
      const first = await this.post("/prihlaseni", { identifier, password });
      await first.body?.cancel();
      if (first.headers.get("location") !== "/prihlaseni/overeni") {
        throw new Error(`sign-in answered ${first.status} ${first.headers.get("location")}`);
      }
      const second = await this.post("/prihlaseni/overeni", { code: await nextCode() });
      await second.body?.cancel();
      if (second.status !== 303) throw new Error(`the code step answered ${second.status}`);
      return second;
    } finally {
      nextCode.release();
    }
  }

  /** Signs a clerk in (the demo town's clerk unless told otherwise). */
  loginClerk(
    username: string = DEMO_CLERK.username,
    password: string = DEMO_CLERK.password,
    phone: string = DEMO_CLERK.phone,
  ): Promise<Response> {
    return this.loginWithSmsCode(username, password, phone);
  }

  /** Signs a citizen in whose account needs no SMS code. */
  async loginCitizen(
    identifier: string = DEMO_CITIZEN.username,
    password: string = DEMO_CITIZEN.password,
  ): Promise<Response> {
    const res = await this.post("/prihlaseni", { identifier, password });
    await res.body?.cancel();
    if (res.status !== 303) throw new Error(`citizen login answered ${res.status}`);
    return res;
  }
}

export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html) ??
    new RegExp(`value="([^"]*)" name="${name}"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name} in the page`);
  return m[1];
}

/** The tests' one polling helper lives in wait.ts; re-exported for the suites importing it here. */
export { waitFor } from "./wait.ts";
