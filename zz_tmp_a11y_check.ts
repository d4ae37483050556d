// Temporary (a11y engineer's visual + axe check); deleted after use.
import puppeteer from "puppeteer-core";
const base = "http://localhost:8765";
const axeSource = await Deno.readTextFile("node_modules/axe-core/axe.min.js");
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
await page.setBypassCSP(true);
async function axe(label: string) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // @ts-ignore axe is global
    const r = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] });
    return r.violations.map((v: any) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n: any) => n.target.join(" ")).join(" | ")}`);
  });
  console.log(`axe ${label}: ${result.length ? "\n  " + result.join("\n  ") : "no violations"}`);
}
async function overflow(label: string) {
  const o = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(`overflow ${label}: ${o}px`);
}
for (const width of [320, 1280]) {
  await page.setViewport({ width, height: 900 });
  for (const path of ["/", "/pristupnost", "/pristupnost/nahlasit", "/neexistuje", "/uredni-deska"]) {
    const res = await page.goto(base + path, { waitUntil: "load" });
    console.log(`${width} ${path} → ${res?.status()}`);
    await overflow(`${width} ${path}`);
    if (width === 320) await axe(path);
  }
  // Submit the report form with errors.
  await page.goto(base + "/pristupnost/nahlasit?stranka=/uredni-deska", { waitUntil: "load" });
  await page.type("#field-email", "jan.novak@");
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  const focused = await page.evaluate(() => document.activeElement?.id);
  console.log(`${width} after invalid submit: title="${await page.title()}", focus on #${focused}`);
  await page.screenshot({ path: `/tmp/form-errors-${width}.png`, fullPage: true });
  if (width === 320) await axe("422 form");
  await overflow(`${width} 422`);
  // Fix and submit.
  await page.type("#field-description", "Odkaz Archiv nemá viditelné zaměření.");
  await page.click("#field-email", { clickCount: 3 });
  await page.type("#field-email", "jan.novak@example.cz");
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  console.log(`${width} after valid submit: ${page.url()} title="${await page.title()}"`);
  await page.screenshot({ path: `/tmp/form-sent-${width}.png`, fullPage: true });
  if (width === 320) await axe("sent");
  await page.goto(base + "/neexistuje", { waitUntil: "load" });
  await page.screenshot({ path: `/tmp/404-${width}.png`, fullPage: true });
  await page.goto(base + "/", { waitUntil: "load" });
  await page.screenshot({ path: `/tmp/home-${width}.png`, fullPage: false });
  // Keyboard: first Tab reaches the skip link, and it is visible.
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    const r = a.getBoundingClientRect();
    return `${a.className} visible=${r.top >= 0 && r.height > 0}`;
  });
  console.log(`${width} first Tab: ${skip}`);
  await page.screenshot({ path: `/tmp/skip-${width}.png`, clip: { x: 0, y: 0, width, height: 200 } });
}
await browser.close();
