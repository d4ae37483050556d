import puppeteer from "puppeteer-core";
import { assertEquals } from "./testdata/assert.ts";
import { createFixtureApp } from "./testdata/fixture.ts";

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

Deno.test("[web] islands hydrate in Chromium under a strict CSP and share a signal", async () => {
  const app = createFixtureApp();
  await app.prebuild();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const userDataDir = await Deno.makeTempDir({ prefix: "web-hydration-" });
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`],
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on("pageerror", (error) => problems.push(String(error)));
    await page.goto(`http://127.0.0.1:${server.addr.port}/counter`);

    const outputs = () => page.$$eval("output", (nodes) => nodes.map((node) => node.textContent));
    assertEquals(await outputs(), ["3", "3"]);

    await page.locator("::-p-aria(Přidat 1)").click();
    await page.waitForFunction(() => document.querySelector("output")?.textContent === "4");
    assertEquals(await outputs(), ["4", "4"]);

    await page.locator("::-p-aria(Přidat 10)").click();
    await page.waitForFunction(() => document.querySelector("output")?.textContent === "14");
    assertEquals(await outputs(), ["14", "14"]);

    // The panel's children came through its props: hide them, then show them again.
    await page.locator("::-p-aria(Skrýt)").click();
    await page.waitForFunction(() => !document.querySelector(".panel-body"));
    await page.locator("::-p-aria(Zobrazit)").click();
    const body = await page.waitForSelector(".panel-body");
    assertEquals(
      await body!.evaluate((node) => node.innerHTML),
      "<p>Klikněte na <strong>Přidat</strong>.</p>",
    );
    assertEquals(problems, []);
  } finally {
    await browser.close();
    await server.shutdown();
    await Deno.remove(userDataDir, { recursive: true });
  }
});
