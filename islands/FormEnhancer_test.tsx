import puppeteer from "puppeteer-core";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { assert, assertEquals } from "../tests/assert.ts";
import { createApp, type Manifest, page } from "../lib/web/mod.ts";
import { translator } from "../lib/i18n.ts";
import { emptyValues } from "../domain/forms/engine.ts";
import { DOG_FEE_FORM } from "../domain/situations/dog_fee_form.ts";
import { FormView } from "../components/forms/FormView.tsx";
import * as FormEnhancerModule from "./FormEnhancer.tsx";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const saved: Record<string, string>[] = [];

function FormPage() {
  return (
    <html lang="cs">
      <body>
        <main>
          <FormView
            def={DOG_FEE_FORM}
            values={emptyValues(DOG_FEE_FORM)}
            errors={[]}
            t={translator("cs")}
            action="/formular"
            csrfToken="tok-1"
            step={0}
            signedIn
            autosaveUrl="/koncept"
          />
        </main>
      </body>
    </html>
  );
}

const manifest = {
  routes: {
    "./routes/formular.tsx": { handler: { GET: () => page({}) }, default: FormPage },
    "./routes/koncept.ts": {
      handler: {
        POST: async (ctx: { req: Request }) => {
          const form = await ctx.req.formData();
          saved.push(Object.fromEntries([...form].map(([k, v]) => [k, String(v)])));
          return new Response(null, { status: 204 });
        },
      },
    },
  },
  islands: { "./islands/FormEnhancer.tsx": FormEnhancerModule },
  baseUrl: new URL("../routes.gen.ts", import.meta.url).href,
} as unknown as Manifest;

Deno.test("[forms] the island validates on blur, shows conditional fields, steps and autosaves", async () => {
  const app = createApp({
    manifest,
    middleware: [secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: [NONCE, "'strict-dynamic'"] },
    })],
    initState: () => ({}),
    onError: (e) => console.error(e),
  });
  await app.prebuild();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const userDataDir = await Deno.makeTempDir({ prefix: "form-enhancer-" });
  const browser = await puppeteer.launch({
    executablePath: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`],
  });
  try {
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on("pageerror", (error) => problems.push(String(error)));
    // The page's stylesheets are not served here; its scripts must all load.
    tab.on("response", (r) => {
      if (r.status() >= 400 && r.url().includes("/_frsh/")) {
        problems.push(`${r.status()} ${r.url()}`);
      }
    });
    await tab.goto(`http://127.0.0.1:${server.addr.port}/formular`);
    await tab.waitForFunction(() => document.querySelector("[data-when]")?.hasAttribute("hidden"));

    // Inline validation on blur, with the server's rules (rodné číslo checksum).
    await tab.type("#field-birthNumber", "780123/4563");
    await tab.focus("#field-email");
    const error = await tab.waitForSelector('[id="field-birthNumber-error"]');
    assertEquals(
      await error!.evaluate((n) => n.textContent),
      "Chyba:Zadejte platné rodné číslo ve tvaru 785412/1234.",
    );
    assertEquals(
      await tab.$eval("#field-birthNumber", (n) => n.getAttribute("aria-invalid")),
      "true",
    );
    await tab.$eval("#field-birthNumber", (n) => (n as HTMLInputElement).value = "");
    await tab.type("#field-birthNumber", "780123/4562");
    await tab.focus("#field-email");
    await tab.waitForFunction(() => !document.getElementById("field-birthNumber-error"));

    // Step navigation without a round trip: the unfinished step stays, then moves on.
    await tab.click('button[name="_step"][value="1"]');
    assert(await tab.$eval("section[data-step='1']", (n) => (n as HTMLElement).hidden));
    for (
      const [id, text] of [
        ["givenName", "Jana"],
        ["familyName", "Dvořáková"],
        ["address.street", "Na Výsluní"],
        ["address.houseNumber", "12"],
        ["address.town", "Lipnice"],
        ["address.postalCode", "25082"],
        ["email", "jana@example.cz"],
      ]
    ) await tab.type(`[id="field-${id}"]`, text);
    await tab.click('button[name="_step"][value="1"]');
    await tab.waitForFunction(() =>
      !(document.querySelector("section[data-step='1']") as HTMLElement).hidden
    );
    assertEquals(tab.url().endsWith("/formular"), true);

    // A conditional field appears when its condition holds.
    await tab.$eval("section[data-step='2']", (n) => (n as HTMLElement).hidden = false);
    await tab.click('[name="action"][value="deregister"]');
    await tab.waitForFunction(() => !document.querySelector("[data-when]")?.hasAttribute("hidden"));

    // Autosave: the fields with the CSRF token, and a polite status.
    const status = await tab.waitForFunction(
      () => document.querySelector("[role=status]")?.textContent?.startsWith("Koncept uložen v"),
      { timeout: 15_000 },
    );
    assert(status);
    const last = saved.at(-1)!;
    assertEquals([last._csrf, last.givenName, last.action], ["tok-1", "Jana", "deregister"]);
    assertEquals(problems, []);
  } finally {
    await browser.close();
    await server.shutdown();
    await Deno.remove(userDataDir, { recursive: true });
  }
});
