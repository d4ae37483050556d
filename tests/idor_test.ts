/**
 * No object is reachable across towns or persons (no IDOR). The router is enumerated: every
 * route with an id in its path must have a fixture in tests/support/object_routes.ts, or this
 * test fails and names it. Each
 * is asked for by another town's clerk (on their own town's host), and a person's own objects
 * by another person of the town and by a person of another town; every answer is 404, never 200, 403 or a redirect that would
 * confirm the object exists.
 */
import { assertEquals } from "./assert.ts";
import { client, hasServices, shared, signedInCitizen } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { maildevUrl } from "./support/maildev.ts";
import { manifest } from "../routes.gen.ts";
import { SECOND_TOWN_CLERK } from "../db/seeds/demo.ts";
import { OBJECT_ROUTES, objectFixtures } from "./support/object_routes.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };

async function ask(c: TestClient, method: "GET" | "POST", path: string): Promise<number> {
  const res = method === "GET"
    ? await c.get(path)
    : await c.post(path, { action: "grant", reason: "IDOR", representation: "self" });
  await res.body?.cancel();
  return res.status;
}

Deno.test({
  name: "[security] every route with an id answers 404 to another town's clerk and another person",
  ...opts,
  async fn() {
    const dynamic = Object.keys(manifest.routes).filter((r) => r.includes("["));
    const unmapped = dynamic.filter((r) => !(r in OBJECT_ROUTES));
    assertEquals(unmapped, [], "add these routes to OBJECT_ROUTES with a fixture");

    const f = await objectFixtures();
    const foreignClerk = await client("dubova.localhost");
    await foreignClerk.loginClerk(
      SECOND_TOWN_CLERK.username,
      SECOND_TOWN_CLERK.password,
      SECOND_TOWN_CLERK.phone,
    );
    assertEquals(await ask(foreignClerk, "GET", "/urad"), 200, "the foreign clerk is signed in");
    const otherPerson = await signedInCitizen("lipnice");
    const foreignPerson = await signedInCitizen("dubova");

    const leaks: string[] = [];
    for (const [file, route] of Object.entries(OBJECT_ROUTES)) {
      if ("exempt" in route) continue;
      const path = route.path(f);
      // A town's object is probed by another town's clerk; a person's by another person of
      // this town and by a person of another town.
      const probes: [string, TestClient][] = route.owner === "town"
        ? [["another town's clerk", foreignClerk]]
        : [["another person", otherPerson], ["a person of another town", foreignPerson]];
      for (const method of route.methods) {
        for (const [who, c] of probes) {
          const status = await ask(c, method, path);
          if (status !== 404) leaks.push(`${method} ${path} (${file}) → ${status} to ${who}`);
        }
      }
    }
    assertEquals(leaks, []);

    // The owner does reach their own objects: the fixtures are real, the 404s are not vacuous.
    assertEquals(await ask(await client(), "GET", `/hlaseni-zavad/${f.defectId}`), 200);
    assertEquals(await ask(await client(), "GET", `/smlouvy/${f.contractId}`), 200);
    assertEquals(await ask(await client(), "GET", `/dodavatele/${f.supplierIco}`), 200);
    const owner = await client();
    await owner.loginCitizen();
    assertEquals(await ask(owner, "GET", `/ucet/zastoupeni/${f.representationId}/dokument`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/podani/${f.caseId}`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/platby/karta/${f.cardPaymentId}`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/podani/${f.caseId}/potvrzeni.pdf`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/podani/${f.permitCaseId}/povoleni.pdf`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/predpisy/${f.obligationId}`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/platby/prikaz/${f.paymentOrderId}`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/platby/${f.paymentId}/potvrzeni.pdf`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/dotace/${f.awardApplicationId}/smlouva`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/dotace/${f.awardApplicationId}/smlouva.pdf`), 200);
    assertEquals(await ask(owner, "GET", `/ucet/dotace/${f.awardApplicationId}/vyuctovani`), 200);
    const homeClerk = await client();
    await homeClerk.loginClerk();
    for (
      const path of [
        `/urad/osoby/${f.personId}`,
        `/urad/zastoupeni/${f.representationId}`,
        `/urad/ukoly/${f.caseId}`,
        `/urad/vypisy/${f.statementId}`,
        `/urad/platby/${f.statementLineId}`,
        `/urad/platby/karty/${f.cardPaymentId}`,
        `/urad/dotace/vyplaty/${f.payoutBatchId}`,
        `/urad/dotace/vyuctovani/${f.awardApplicationId}`,
      ]
    ) {
      assertEquals(await ask(homeClerk, "GET", path), 200, path);
    }
  },
});
