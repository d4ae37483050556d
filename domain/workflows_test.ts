import { assertEquals } from "../tests/assert.ts";
import {
  caseWorkflowId,
  noticeWorkflowId,
  startCase,
  storedWorkflowId,
  temporalUiWorkflowLink,
  workflowSummary,
} from "./workflows.ts";

Deno.test("[workflows] new ids carry the town; a row without a stored id has the old-style one", () => {
  assertEquals(noticeWorkflowId("lipnice", "n1"), "lipnice/notice/n1");
  assertEquals(caseWorkflowId("dubova", "c1"), "dubova/case/c1");
  assertEquals(storedWorkflowId(null, "case", "c1"), "case/c1");
  assertEquals(storedWorkflowId("lipnice/case/c1", "case", "c1"), "lipnice/case/c1");
});

Deno.test("[workflows] a case's start carries TenantSlug and a one-line summary with its reference", () => {
  const start = startCase({
    tenantId: "t1",
    caseId: "c1",
    reference: "LIP-2026/000042",
    slug: "poplatek-ze-psa",
    agenda: "poplatky",
    reviewDays: 30,
    dueAt: "2026-12-31T00:00:00.000Z",
    origin: "https://lipnice.example",
  }, { workflowId: "lipnice/case/c1", tenantSlug: "lipnice", title: "Přihlášení psa" });
  assertEquals(start.workflowId, "lipnice/case/c1");
  assertEquals(start.key, "start:lipnice/case/c1");
  assertEquals(start.searchAttributes.TenantSlug, "lipnice");
  assertEquals(start.summary, "lipnice · poplatek-ze-psa · LIP-2026/000042: Přihlášení psa");
  assertEquals(start.details?.split("\n")[0], "town: lipnice");
  assertEquals(workflowSummary("x", "notice", null, "a\n  b"), "x · notice: a b");
});

Deno.test("[workflows] the Temporal UI link is built from the configured address, encoded", () => {
  assertEquals(
    temporalUiWorkflowLink("http://localhost:8233", "default", "lipnice/case/c1"),
    "http://localhost:8233/namespaces/default/workflows?query=WorkflowId%3D%22lipnice%2Fcase%2Fc1%22",
  );
  const odd = new URL(temporalUiWorkflowLink("https://ops.example/temporal/", "a/b?c", 'x"y'));
  assertEquals(odd.origin, "https://ops.example");
  assertEquals(odd.pathname, "/temporal/namespaces/a%2Fb%3Fc/workflows");
  assertEquals(odd.searchParams.get("query"), 'WorkflowId="x\\"y"');
});
