import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { translator } from "../../lib/i18n.ts";
import type { State } from "../../lib/state.ts";
import { isConfirmed } from "../../lib/http/confirm.ts";
import { ConfirmAction } from "./ConfirmAction.tsx";
import { TENANT } from "./test_fixtures.ts";

const state = {
  t: translator("cs"),
  locale: "cs",
  tenant: TENANT,
  csrfToken: "token-123",
} as unknown as State;

Deno.test("[confirm] the page states the consequence and carries the input, the token and the confirmation", () => {
  const html = renderToString(
    <ConfirmAction
      state={state}
      action="/urad/osoby/p1"
      title="Opravdu odvolat oprávnění?"
      consequence="Nelze to vrátit zpět."
      summary={[{ label: "Důvod", value: "Omyl <b>" }]}
      hidden={{ action: "revoke", reason: 'Omyl "x"', roles: ["a", "b"] }}
      confirmLabel="Ano, odvolat oprávnění"
      backHref="/urad/osoby/p1"
    />,
  );
  assert.match(html, /<h1>Opravdu odvolat oprávnění\?<\/h1>/);
  assert.match(html, /Nelze to vrátit zpět\./);
  assert.match(html, /<dt>Důvod<\/dt><dd>Omyl &lt;b><\/dd>/);
  assert.match(html, /<form method="post" action="\/urad\/osoby\/p1"/);
  assert.match(html, /name="_csrf" value="token-123"/);
  assert.match(html, /name="action" value="revoke"/);
  assert.match(html, /name="reason" value="Omyl &quot;x&quot;"/);
  assert.equal(html.match(/name="roles"/g)?.length, 2);
  assert.match(html, /name="_confirm" value="ano"/);
  assert.match(html, />Ano, odvolat oprávnění<\/button>/);
  assert.match(html, /<a href="\/urad\/osoby\/p1">Zpět<\/a>/);
  // A static page, not news: the warning does not interrupt a screen reader.
  assert.doesNotMatch(html, /role="alert"/);
});

Deno.test("[confirm] only the confirmation field confirms", () => {
  const form = new FormData();
  assert.equal(isConfirmed(form), false);
  form.set("_confirm", "1");
  assert.equal(isConfirmed(form), false);
  form.set("_confirm", "ano");
  assert.equal(isConfirmed(form), true);
});
