import { assertEquals } from "./assert.ts";

Deno.test("[workflows] committed histories replay against the current workflow code", async () => {
  const root = new URL("..", import.meta.url);
  const out = await new Deno.Command("node", {
    args: ["--import", "tsx", "tests/histories/replay.ts"],
    cwd: root,
    env: { LOG_LEVEL: "warn" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const lines = new TextDecoder().decode(out.stdout).split("\n").filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { history: string; ok: boolean; error?: string });
  const expected = [
    "accessibility-report-sent",
    "appointment-reminded-after-restart-cancelled",
    "broadcast-crisis-sent",
    "broadcast-deferred-cancelled",
    "broadcast-scheduled-cancelled",
    "broadcast-scheduled-sent",
    "card-payment-flagged",
    "card-payment-paid-settled",
    "case-review-returned-approved",
    "case-review-withdrawn",
    "defect-report-reopened-closed",
    "dog-fee-returned-approved",
    "grant-application-lapsed",
    "grant-application-reminded-closed",
    "grant-application-returned-completed",
    "grant-call-closed-after-restart",
    "grant-call-edited-closed",
    "notice-expired",
    "notice-withdrawal-failed",
    "notice-withdrawn",
    "organisation-report-returned-approved",
    "public-space-paid-closed",
    "public-space-refused",
    "wedding-refused",
    "wedding-reminded-held",
  ];
  assertEquals(lines.map((l) => l.history).sort(), expected, new TextDecoder().decode(out.stderr));
  assertEquals(lines.filter((l) => !l.ok), []);
  assertEquals(out.code, 0);
});
