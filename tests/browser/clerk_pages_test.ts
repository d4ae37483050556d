/**
 * Every page of the clerk's workspace, found from the router (so a new page is covered the day
 * it is added), in Chromium at 1280 px and at 320 px: each passes axe (WCAG 2.1 A/AA, with the
 * harness's status, CSP and console checks) and none is wider than the screen (WCAG 1.4.10
 * reflow: lists stack their rows, nothing scrolls sideways). Pages with an id in the path get
 * one from the same fixtures the IDOR suite uses; a page neither clerk may open fails the test.
 */
import { manifest } from "../../routes.gen.ts";
import { assert, assertEquals } from "../assert.ts";
import { OBJECT_ROUTES, objectFixtures } from "../support/object_routes.ts";
import {
  BrowserSuite,
  browserTest,
  DEMO_ADMIN,
  DEMO_CLERK,
  type PortalPage,
  signIn,
} from "./support.ts";

/** The workspace's pages: `.tsx` files under routes/urad (downloads are `.ts`), not `_` files. */
export function clerkPageFiles(): string[] {
  return Object.keys(manifest.routes)
    .filter((r) => r.startsWith("./routes/urad/") && r.endsWith(".tsx"))
    .filter((r) => !r.split("/").some((part) => part.startsWith("_")))
    .sort();
}

/** "./routes/urad/osoby/index.tsx" → "/urad/osoby"; an id segment from the fixtures. */
function pathFor(file: string, fixtures: Awaited<ReturnType<typeof objectFixtures>>): string {
  if (file.includes("[")) {
    const route = OBJECT_ROUTES[file];
    assert(route && !("exempt" in route), `${file}: no fixture in tests/support/object_routes.ts`);
    return route.path(fixtures);
  }
  return file.slice("./routes".length).replace(/\.tsx$/, "").replace(/\/index$/, "");
}

const WIDTHS = [1280, 320] as const;

Deno.test({
  name: "[browser] every clerk page passes axe and fits the screen at 1280 px and at 320 px",
  ...browserTest,
  async fn() {
    const suite = new BrowserSuite();
    try {
      const fixtures = await objectFixtures();
      const clerk = await suite.newPage({ width: 1280, height: 900 });
      await signIn(clerk, DEMO_CLERK);
      const admin = await suite.newPage({ width: 1280, height: 900 });
      await signIn(admin, DEMO_ADMIN);
      const files = clerkPageFiles();
      assert(files.length >= 15, `only ${files.length} clerk pages found: ${files.join(", ")}`);

      const tooWide: string[] = [];
      const visited: string[] = [];
      for (const file of files) {
        const path = pathFor(file, fixtures);
        // The clerk of the agendas sees most pages; the town's admin the administration.
        let p: PortalPage = clerk;
        await p.page.setViewport({ width: 1280, height: 900 });
        let res = await p.page.goto(p.url(path), { waitUntil: "load" });
        if (res?.status() === 403) {
          // The clerk's refused visit logs its 403 to the console: expected, not a problem of
          // the next page the clerk opens (admin-only pages such as /urad/agendy sort first).
          const refused = res.url();
          p.assertNoProblems((pr) => !(pr.url === refused && pr.text.includes("status of 403")));
          p = admin;
          await p.page.setViewport({ width: 1280, height: 900 });
          res = await p.page.goto(p.url(path), { waitUntil: "load" });
        }
        assert(res, `no response for ${path}`);
        assertEquals(res.status(), 200, `${path} (${file}) for a clerk or the admin`);
        for (const width of WIDTHS) {
          if (width !== 1280) {
            await p.page.setViewport({ width, height: 720 });
            res = await p.page.goto(p.url(path), { waitUntil: "load" });
            assert(res, `no response for ${path} at ${width} px`);
          }
          await p.audit(res);
          const scroll = await p.scrollWidth();
          if (scroll > width) tooWide.push(`${path} at ${width} px is ${scroll} px wide`);
        }
        visited.push(path);
      }
      assertEquals(tooWide, [], "clerk pages wider than the screen (WCAG 1.4.10)");
      assert(visited.includes("/urad"), "the workspace home was visited");
    } finally {
      await suite.close();
    }
  },
});
