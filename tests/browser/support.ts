/**
 * Browser tests' harness: the in-process portal served on a free loopback port, Debian's
 * Chromium driven by puppeteer-core, and a page wrapper that audits every page it lands on —
 * HTTP status, the served CSP header, no console errors, no failed requests, and axe-core's
 * WCAG 2.0/2.1 A and AA rules — failing with a readable list of what is wrong.
 *
 * One `BrowserSuite` per test file: the first test starts it, the file's last test closes it in
 * `finally`; an `unload` listener kills Chromium should the last test never run (`--filter`).
 */
import puppeteer, {
  type Browser,
  type ElementHandle,
  type HTTPRequest,
  type HTTPResponse,
  type Page,
} from "puppeteer-core";
import { demoTowns, hasServices, shared, testApp } from "../support/app.ts";
import {
  DEMO_ADMIN as SEED_ADMIN,
  DEMO_CITIZEN as SEED_CITIZEN,
  DEMO_CLERK as SEED_CLERK,
} from "../../db/seeds/demo.ts";
import { assert, assertEquals } from "../assert.ts";
import { config } from "../../lib/config.ts";

export const CHROMIUM_PATH = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

export const hasChromium = fileExists(CHROMIUM_PATH);

/** Options for every browser test: skipped without the services or Chromium. */
export const browserTest = { ...shared, ignore: !hasServices || !hasChromium } as const;

/** The demo clerk of "Obec Lipnice nad Hájem" (db/seeds/demo.ts). */
export const DEMO_CLERK = SEED_CLERK;

const AXE_SOURCE_URL = new URL("../../node_modules/axe-core/axe.min.js", import.meta.url);
let axeSource: string | undefined;

/** WCAG 2.0 and 2.1, levels A and AA: what Act 99/2019 (EN 301 549) requires. */
const AXE_OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  resultTypes: ["violations"],
} as const;

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** The part of axe-core's page global the tests call (the script is injected, not imported). */
interface AxeGlobal {
  axe: {
    run(context: Document, options: typeof AXE_OPTIONS): Promise<{ violations: AxeViolation[] }>;
  };
}

/** A readable report: one block per rule with its impact, help, link and offending elements. */
export function formatViolations(url: string, violations: AxeViolation[]): string {
  const lines = [
    `axe-core found ${violations.length} WCAG 2.x A/AA violation(s) on ${url}:`,
  ];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? "unknown impact"}): ${v.help}`);
    lines.push(`  ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 8)) {
      lines.push(`  at ${node.target.map((t) => JSON.stringify(t)).join(" >> ")}`);
      const [how, ...fixes] = node.failureSummary?.split("\n").map((s) => s.trim())
        .filter(Boolean) ?? [];
      if (how) lines.push(`    ${how} ${fixes.join("; ")}`);
    }
    if (v.nodes.length > 8) lines.push(`  … and ${v.nodes.length - 8} more element(s)`);
  }
  return lines.join("\n");
}

export interface AuditOptions {
  /** The HTTP status the document must answer with (200 unless told). */
  status?: number;
  /**
   * axe rule ids tolerated on THIS audit only, each for a reported bug in a page outside the
   * browser tests (say which in a comment where it is used). Every other rule still fails.
   */
  knownViolations?: readonly string[];
}

/**
 * One tab. Collects console errors, uncaught page errors and failed requests from the moment it
 * opens; `audit` asserts on what was collected since the previous audit, then clears it.
 */
export class PortalPage {
  private problems: { text: string; url?: string }[] = [];

  constructor(readonly page: Page, readonly baseUrl: string) {
    page.on("console", (msg) => {
      if (msg.type() === "error") {
        const url = msg.location()?.url;
        this.problems.push({ text: `console error: ${msg.text()}${url ? ` (${url})` : ""}`, url });
      }
    });
    page.on("pageerror", (err) => {
      this.problems.push({ text: `uncaught error in the page: ${String(err)}` });
    });
    page.on("requestfailed", (req) => {
      this.problems.push(
        { text: `request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}` },
      );
    });
    page.on("response", (res) => {
      // The document's own status is asserted by `audit` (a 404 page answers 404 on purpose).
      if (res.request().isNavigationRequest()) return;
      if (res.status() >= 400) {
        this.problems.push(
          { text: `request answered ${res.status()}: ${res.request().method()} ${res.url()}` },
        );
      }
    });
  }

  url(path: string): string {
    return new URL(path, this.baseUrl).href;
  }

  /** Opens a path of the portal and audits the page. */
  async visit(path: string, opts: AuditOptions = {}): Promise<HTTPResponse> {
    const res = await this.page.goto(this.url(path), { waitUntil: "load" });
    assert(res, `no response for ${path}`);
    await this.audit(res, opts);
    return res;
  }

  /** Does what a person does to leave the page (click, submit) and audits where it leads. */
  async follow(action: () => Promise<unknown>, opts: AuditOptions = {}): Promise<HTTPResponse> {
    const [res] = await Promise.all([
      this.page.waitForNavigation({ waitUntil: "load" }),
      action(),
    ]);
    assert(res, `the action led to no new document (still at ${this.page.url()})`);
    await this.audit(res, opts);
    return res;
  }

  /** Clicks the link with this accessible name and audits the page it opens. */
  followLink(name: string, opts: AuditOptions = {}): Promise<HTTPResponse> {
    return this.follow(async () => (await this.link(name)).click(), opts);
  }

  /** Clicks the button with this accessible name and audits the page the form answers with. */
  press(name: string, opts: AuditOptions = {}): Promise<HTTPResponse> {
    return this.follow(async () => (await this.button(name)).click(), opts);
  }

  /**
   * The checks every page gets: status, a strict CSP actually served (the browser bypasses it
   * for axe, so it is checked on the header), an HTML document with a title, no console errors
   * or failed requests, and no axe violations.
   */
  async audit(res: HTTPResponse, opts: AuditOptions = {}): Promise<void> {
    const where = this.page.url();
    // A public page the browser already has is revalidated by its ETag: 304 is its 200.
    const status = res.status() === 304 && (opts.status ?? 200) === 200 ? 200 : res.status();
    assertEquals(status, opts.status ?? 200, `status of ${where}`);
    const headers = res.headers();
    assert(
      (headers["content-type"] ?? "").startsWith("text/html"),
      `${where} is not HTML: ${headers["content-type"]}`,
    );
    // A page with scripts allows only those with its nonce; a page without any allows none.
    const csp = headers["content-security-policy"] ?? "";
    assert(
      (/script-src[^;]*'nonce-/.test(csp) && /script-src[^;]*'strict-dynamic'/.test(csp)) ||
        /script-src 'none'/.test(csp),
      `${where} was served without the strict CSP (got: ${csp || "none"})`,
    );
    assert((await this.page.title()).trim() !== "", `${where} has no document title`);
    await this.axe(opts.knownViolations);
    // Chromium logs an error status of the document itself to the console; that status was
    // just asserted (a 404 page, a form answered 422), so only that one line is expected.
    const expected = `console error: Failed to load resource: the server responded with a ` +
      `status of ${res.status()}`;
    this.assertNoProblems((p) => !(p.url === res.url() && p.text.startsWith(expected)));
  }

  /** Console errors and failed requests collected since the last check. */
  assertNoProblems(keep: (p: { text: string; url?: string }) => boolean = () => true): void {
    const problems = this.problems.filter(keep).map((p) => p.text);
    this.problems = [];
    assert(
      problems.length === 0,
      `problems on ${this.page.url()}:\n${problems.map((p) => `- ${p}`).join("\n")}`,
    );
  }

  /** Runs axe-core (WCAG 2.0/2.1 A + AA) on the current document. */
  async axe(known: readonly string[] = []): Promise<void> {
    axeSource ??= await Deno.readTextFile(AXE_SOURCE_URL);
    const loaded = await this.page.evaluate(() => "axe" in globalThis);
    if (!loaded) await this.page.addScriptTag({ content: axeSource });
    const violations = await this.page.evaluate(
      (options) =>
        (globalThis as unknown as AxeGlobal).axe.run(document, options).then((r) => r.violations),
      AXE_OPTIONS,
    );
    const unexpected = violations.filter((v) => !known.includes(v.id));
    assert(unexpected.length === 0, formatViolations(this.page.url(), unexpected));
  }

  /** The first element with this ARIA role and accessible name (exact), or a clear failure. */
  async byRole(role: string, name: string): Promise<ElementHandle<Element>> {
    const el = await this.page.waitForSelector(
      `::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`,
      {
        timeout: 2_000,
      },
    ).catch(() => null);
    assert(el, `no ${role} named "${name}" on ${this.page.url()}`);
    return el;
  }

  link(name: string): Promise<ElementHandle<Element>> {
    return this.byRole("link", name);
  }

  button(name: string): Promise<ElementHandle<Element>> {
    return this.byRole("button", name);
  }

  /** A form control by its label (the accessible name: label text incl. "(povinné)"). */
  async field(label: string): Promise<ElementHandle<Element>> {
    // A form or region can share the name (`<form role="search" aria-label="…">`): the control
    // is the labelable element among the matches.
    for (const el of await this.page.$$(`::-p-aria([name=${JSON.stringify(label)}])`)) {
      if (await el.evaluate((e) => e.matches("input, select, textarea"))) return el;
    }
    // Chromium's ARIA query does not reach a file input (its accessible node is the inner
    // "Choose files" button): find the control through its <label>, then check that assistive
    // technology gets the same name.
    const handle = await this.page.evaluateHandle((text) => {
      const norm = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
      for (const control of document.querySelectorAll("input, select, textarea")) {
        const labels = (control as HTMLInputElement).labels ?? [];
        if ([...labels].some((l) => norm(l.textContent) === text)) return control;
      }
      return null;
    }, label);
    const el = handle.asElement() as ElementHandle<Element> | null;
    if (el) {
      const node = await this.page.accessibility.snapshot({ root: el, interestingOnly: false });
      assertEquals(node?.name, label, `the accessible name of the field labelled "${label}"`);
      return el;
    }
    throw new Error(`no form field labelled "${label}" on ${this.page.url()}`);
  }

  /** What assistive technology is told about a field: invalid, and its description text. */
  async fieldState(label: string): Promise<{ invalid: boolean; description: string }> {
    const el = await this.field(label);
    const node = await this.page.accessibility.snapshot({ root: el, interestingOnly: false });
    return {
      invalid: Boolean(node?.invalid && node.invalid !== "false"),
      description: node?.description ?? "",
    };
  }

  /** Whether keyboard focus is on the field with this label. */
  async isFocused(label: string): Promise<boolean> {
    const el = await this.field(label);
    return await el.evaluate((e) => e === document.activeElement);
  }

  /** The accessible name (or, failing that, the text) of the element that has focus. */
  focusedText(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return "";
      const labelledBy = el.getAttribute("aria-labelledby");
      const label = labelledBy
        ? labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.innerText ?? "")
          .join(" ")
        : el.getAttribute("aria-label") ?? el.innerText;
      return label.replace(/\s+/g, " ").trim();
    });
  }

  /** Types into the field with this label, replacing what it held. */
  async fill(label: string, text: string): Promise<void> {
    const el = await this.field(label);
    await el.click({ count: 3 });
    await el.evaluate((e) => (e as HTMLInputElement).value = "");
    await el.type(text);
  }

  /** Sets a value the keyboard cannot type portably (datetime-local). */
  async setValue(label: string, value: string): Promise<void> {
    const el = await this.field(label);
    await el.evaluate((e, v) => {
      (e as HTMLInputElement).value = v;
      e.dispatchEvent(new Event("input", { bubbles: true }));
      e.dispatchEvent(new Event("change", { bubbles: true }));
    }, value);
  }

  /** The headings' text, in document order. */
  headings(level: 1 | 2 | 3 = 1): Promise<string[]> {
    return this.page.$$eval(`h${level}`, (hs) => hs.map((h) => h.textContent?.trim() ?? ""));
  }

  /** The text a person sees in the main content (`<main>`, else the body). */
  mainText(): Promise<string> {
    return this.page.evaluate(() =>
      (document.querySelector("main") ?? document.body).innerText.replace(/\s+/g, " ")
    );
  }

  /** The text of each element with this role (e.g. "alert"), in document order. */
  async textOfRole(role: string): Promise<string[]> {
    const els = await this.page.$$(`::-p-aria([role=${JSON.stringify(role)}])`);
    return Promise.all(
      els.map((el) => el.evaluate((e) => (e as HTMLElement).innerText.replace(/\s+/g, " ").trim())),
    );
  }

  /** Whether the document is wider than the viewport (horizontal scrolling). */
  scrollWidth(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth);
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => {});
  }
}

/** The portal in-process on a free port plus one Chromium: started lazily, closed once. */
export class BrowserSuite {
  private started?: Promise<{ browser: Browser; server: Deno.HttpServer; baseUrl: string }>;
  private userDataDir?: string;
  private browser?: Browser;
  private readonly onUnload = () => this.kill();

  /** Serves the portal and launches Chromium (once). */
  start(): Promise<{ browser: Browser; baseUrl: string }> {
    this.started ??= (async () => {
      await demoTowns();
      const app = testApp();
      // On the configured PORT: links in e-mails come from the town's public origin, which
      // outside production takes this process's PORT (`tenantOrigin`, lib/http/tenant.ts), so
      // a link in a test's e-mail leads to this server (`npm test` gives PORT a free port).
      const server = Deno.serve(
        { port: config().port, hostname: "127.0.0.1", onListen: () => {} },
        // The connection info carries the client address: per-address rate limits apply here too.
        (req, info) => app.fetch(req, info),
      );
      this.userDataDir = await Deno.makeTempDir({ prefix: "portal-chromium-" });
      addEventListener("unload", this.onUnload);
      const browser = await puppeteer.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        userDataDir: this.userDataDir,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--lang=cs-CZ",
        ],
      }).catch(async (err) => {
        await server.shutdown();
        throw err;
      });
      this.browser = browser;
      // `localhost`, not 127.0.0.1: a secure context, so the `__Host-` Secure cookies are kept.
      return { browser, server, baseUrl: `http://localhost:${server.addr.port}` };
    })();
    return this.started;
  }

  /** A fresh tab (its own cookies: an incognito-like browser context) at 1024×768 or as told. */
  async newPage(viewport = { width: 1024, height: 768 }): Promise<PortalPage> {
    const { browser, baseUrl } = await this.start();
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.setDefaultNavigationTimeout(15_000);
    await page.setViewport(viewport);
    // TEST-ONLY: the portal's strict CSP (`script-src 'nonce-…' 'strict-dynamic'`) would block
    // the inline axe-core script. `audit` asserts the served header separately.
    await page.setBypassCSP(true);
    const portalPage = new PortalPage(page, baseUrl);
    const close = portalPage.close.bind(portalPage);
    portalPage.close = async () => {
      await close();
      await context.close().catch(() => {});
    };
    return portalPage;
  }

  /** Closes Chromium and the server; safe to call more than once. */
  async close(): Promise<void> {
    const started = this.started;
    if (!started) return;
    this.started = undefined;
    this.browser = undefined;
    removeEventListener("unload", this.onUnload);
    const { browser, server } = await started.catch(() => ({ browser: null, server: null }));
    if (browser) {
      await browser.close().catch(() => browser.process()?.kill("SIGKILL"));
    }
    if (server) await server.shutdown();
    if (this.userDataDir) {
      await Deno.remove(this.userDataDir, { recursive: true }).catch(() => {});
    }
  }

  /** Last resort when the process exits with the suite still open: no Chromium left behind. */
  private kill(): void {
    this.browser?.process()?.kill("SIGKILL");
    if (this.userDataDir) {
      try {
        Deno.removeSync(this.userDataDir, { recursive: true });
      } catch {
        // already gone
      }
    }
  }
}

// --- Pages that are not the portal's (an identity provider's login page) ---------------------

export interface ForeignAuditOptions extends AuditOptions {
  /**
   * Console errors or failed requests tolerated on THIS audit only (matched against the text of
   * the problem), each for a reported bug of the other service: say which where it is used.
   */
  knownProblems?: readonly RegExp[];
}

/**
 * Audits a page another service serves, e.g. the identity provider's login page in the middle of
 * an OpenID Connect sign-in: the status, an HTML document with a title, no console errors or
 * failed requests, and axe WCAG 2.0/2.1 A + AA — but not the portal's strict nonce CSP, which is
 * not the portal's to serve there. A person meets that page inside the portal's flow, so its
 * barriers are reported like the portal's own. It waits for the network to go quiet first, so
 * that what the browser fetches after `load` (a favicon) is judged with this page, not the next.
 */
export async function auditForeignPage(
  p: PortalPage,
  res: HTTPResponse,
  opts: ForeignAuditOptions = {},
): Promise<void> {
  const where = p.page.url();
  assert(
    new URL(where).origin !== new URL(p.baseUrl).origin,
    `${where} is the portal's own page: audit it with \`audit\``,
  );
  await p.page.waitForNetworkIdle({ idleTime: 250, timeout: 5_000 });
  assertEquals(res.status(), opts.status ?? 200, `status of ${where}`);
  const type = res.headers()["content-type"] ?? "";
  assert(type.startsWith("text/html"), `${where} is not HTML: ${type}`);
  assert((await p.page.title()).trim() !== "", `${where} has no document title`);
  await p.axe(opts.knownViolations);
  const expected = `console error: Failed to load resource: the server responded with a ` +
    `status of ${res.status()}`;
  const known = opts.knownProblems ?? [];
  p.assertNoProblems((problem) =>
    !(problem.url === res.url() && problem.text.startsWith(expected)) &&
    !known.some((re) => re.test(problem.text))
  );
}

/**
 * Like `PortalPage.follow`, for an action that leaves the portal (a link to an identity
 * provider): waits for the other service's page and audits it with `auditForeignPage`.
 */
export async function followToForeignPage(
  p: PortalPage,
  action: () => Promise<unknown>,
  opts: ForeignAuditOptions = {},
): Promise<HTTPResponse> {
  const [res] = await Promise.all([
    p.page.waitForNavigation({ waitUntil: "load" }),
    action(),
  ]);
  assert(res, `the action led to no new document (still at ${p.page.url()})`);
  await auditForeignPage(p, res, opts);
  return res;
}

/**
 * Presses a button on an identity provider's page whose answer comes back to the portal, also
 * through the HTTP-POST binding of SAML2 (an intermediate page that submits itself at once):
 * waits for the portal's own page (after any redirects) and audits it.
 */
export function pressBackToPortal(
  p: PortalPage,
  name: string,
  opts: AuditOptions = {},
): Promise<HTTPResponse> {
  return backToPortal(p, async () => (await p.button(name)).click(), opts);
}

/** Does `action`, which leads through another site back to a page of the portal; audits it. */
async function backToPortal(
  p: PortalPage,
  action: () => Promise<unknown>,
  opts: AuditOptions = {},
): Promise<HTTPResponse> {
  const portal = new URL(p.baseUrl).origin;
  const landed = p.page.waitForResponse((r) =>
    r.request().isNavigationRequest() && r.request().frame() === p.page.mainFrame() &&
    new URL(r.url()).origin === portal && (r.status() < 300 || r.status() >= 400)
  );
  await action();
  const res = await landed;
  await p.page.waitForFunction(
    (origin) => location.origin === origin && document.readyState === "complete",
    {},
    portal,
  );
  await p.audit(res, opts);
  return res;
}

/** The path of the page the tab shows (no origin, no query). */
export function pathOf(p: PortalPage): string {
  return new URL(p.page.url()).pathname;
}

// --- Form controls the `PortalPage` helpers do not cover, and signing in -----------------------

/** The visible text of each option of the select labelled `label`. */
export async function optionTexts(p: PortalPage, label: string): Promise<string[]> {
  const el = await p.field(label);
  return await el.evaluate((e) =>
    [...(e as HTMLSelectElement).options].map((o) => o.text.replace(/\s+/g, " ").trim())
  );
}

/** Picks the option with this visible text in the select labelled `label`. */
export async function choose(p: PortalPage, label: string, option: string): Promise<void> {
  const el = await p.field(label);
  const value = await el.evaluate(
    (e, text) =>
      [...(e as HTMLSelectElement).options]
        .find((o) => o.text.replace(/\s+/g, " ").trim() === text)?.value ?? null,
    option,
  );
  assert(
    value !== null,
    `no option "${option}" in "${label}" on ${p.page.url()} (it offers: ${
      (await optionTexts(p, label)).join(" | ")
    })`,
  );
  await (el as ElementHandle<HTMLSelectElement>).select(value);
}

/** Ticks (or clears) the checkbox, or picks the radio button, with this label: a click. */
export async function setChecked(p: PortalPage, label: string, checked = true): Promise<void> {
  const el = await p.field(label);
  const now = await el.evaluate((e) => (e as HTMLInputElement).checked);
  if (now !== checked) await el.click();
}

/** Chooses files (paths on this machine) in the file input labelled `label`. */
export async function upload(p: PortalPage, label: string, ...paths: string[]): Promise<void> {
  const el = await p.field(label) as ElementHandle<HTMLInputElement>;
  await el.uploadFile(...paths);
}

/** The accessible names of the links in the main content, in document order. */
export function mainLinks(p: PortalPage): Promise<string[]> {
  return p.page.$$eval(
    "main a[href]",
    (as) => as.map((a) => (a as HTMLElement).innerText.replace(/\s+/g, " ").trim()),
  );
}

/** The demo town's administrator (db/seeds/demo.ts): roles notices, identity and admin. */
export const DEMO_ADMIN = SEED_ADMIN;

/** A demo citizen of "Obec Lipnice nad Hájem" without the SMS factor (db/seeds/demo.ts). */
export const DEMO_CITIZEN = {
  username: SEED_CITIZEN.username,
  password: SEED_CITIZEN.password,
  name: `${SEED_CITIZEN.givenName} ${SEED_CITIZEN.familyName}`,
  email: SEED_CITIZEN.email,
} as const; // no phone: `signIn` would wait for an SMS code this citizen is not asked for

/**
 * Signs in on /prihlaseni by the form. With `phone` (E.164: clerks always, citizens with the
 * SMS factor) the code is read from MailDev and typed in; ends on the page the sign-in leads to.
 */
export async function signIn(
  p: PortalPage,
  who: { username: string; password: string; phone?: string },
): Promise<void> {
  await p.visit("/prihlaseni");
  await p.fill("Uživatelské jméno, e-mail nebo telefon (povinné)", who.username);
  await p.fill("Heslo (povinné)", who.password);
  if (!who.phone) {
    await p.press("Přihlásit se");
    return;
  }
  const { watchSmsCode } = await import("../support/maildev.ts");
  const nextCode = await watchSmsCode(who.phone);
  try {
    await p.press("Přihlásit se");
    assertEquals(pathOf(p), "/prihlaseni/overeni", "the sign-in asks for the SMS code");
    await p.fill("Kód ze SMS (povinné)", await nextCode());
    await p.press("Ověřit a přihlásit");
  } finally {
    nextCode.release();
  }
}

/**
 * With `PORTAL_SCREENSHOTS=<dir>`, saves the whole page as `<dir>/<name>.png` to look at what a
 * test saw; without it, nothing.
 */
export async function shot(p: PortalPage, name: string): Promise<void> {
  const dir = Deno.env.get("PORTAL_SCREENSHOTS");
  if (!dir) return;
  await Deno.mkdir(dir, { recursive: true });
  await p.page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/**
 * A portal hand-off page on the way to another site (an instant meta refresh, and a link for
 * anyone whose browser does not follow it: `/prihlaseni/pokracovat`, the end of an application's
 * logout): `action` leads to it; while it is audited its refresh is held (requests `held` picks
 * get a 204, the browser stays); then the person follows its link `link` to the other site,
 * audited as a foreign page; or, with `lands: "portal"`, through the other site (NIA's single
 * logout) back to a page of the portal, audited as such. Returns the hand-off page's response.
 */
export async function throughHandoff(
  p: PortalPage,
  action: () => Promise<unknown>,
  held: (url: string) => boolean,
  link: string,
  lands: "foreign" | "portal" = "foreign",
): Promise<HTTPResponse> {
  await p.page.setRequestInterception(true);
  const stay = (req: HTTPRequest) => {
    if (held(req.url())) void req.respond({ status: 204 });
    else void req.continue();
  };
  p.page.on("request", stay);
  let handoff: HTTPResponse | null;
  try {
    [handoff] = await Promise.all([p.page.waitForNavigation({ waitUntil: "load" }), action()]);
    assert(handoff, "the action led to the hand-off page");
    assertEquals(handoff.status(), 200, `status of ${p.page.url()}`);
    assertEquals(new URL(p.page.url()).origin, new URL(p.baseUrl).origin, "a portal page");
    await p.axe();
    // The only problem: the refresh the test held back.
    p.assertNoProblems((x) => {
      const failed = /^request failed: \S+ (\S+)/.exec(x.text);
      return !(failed && held(failed[1]));
    });
  } finally {
    p.page.off("request", stay);
    await p.page.setRequestInterception(false);
  }
  if (lands === "portal") {
    await backToPortal(p, async () => (await p.link(link)).click());
    return handoff;
  }
  // The person follows the link; the other site's page is audited as a foreign page.
  const [res] = await Promise.all([
    p.page.waitForNavigation({ waitUntil: "load" }),
    (await p.link(link)).click(),
  ]);
  assert(res, `the link led to no new document (still at ${p.page.url()})`);
  await auditForeignPage(p, res);
  return handoff;
}

/**
 * "Odhlásit se", whichever way it goes: straight to the sign-in page, or (a session from NIA)
 * through the portal's hand-off page and NIA's single logout back to it. The page the person
 * ends on is checked with axe.
 */
export async function signOutToPortal(p: PortalPage): Promise<void> {
  await (await p.button("Odhlásit se")).click();
  await p.page.waitForFunction(
    (origin) =>
      location.origin === origin && location.pathname === "/prihlaseni" &&
      document.readyState === "complete",
    { timeout: 30_000 },
    new URL(p.baseUrl).origin,
  );
  await p.axe();
  p.assertNoProblems();
}
