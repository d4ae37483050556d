import { renderToString } from "preact-render-to-string";
import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { translator } from "../../lib/i18n.ts";
import { DOG_FEE_FORM } from "../../domain/situations/dog_fee_form.ts";
import { DEFECT_REPORT_FORM } from "../../domain/situations/defect_report_form.ts";
import { emptyValues, parseSubmission, validateSubmission } from "../../domain/forms/engine.ts";
import type { FormDefinition, RawValues } from "../../domain/forms/types.ts";
import { FormView } from "./FormView.tsx";

const t = translator("cs");

function render(def: FormDefinition, values: RawValues, errors = [], step: number | null = 0) {
  return renderToString(
    <FormView
      def={def}
      values={values}
      errors={errors}
      t={t}
      action={`/zivotni-situace/${def.slug}`}
      csrfToken="tok"
      step={step}
      signedIn={false}
      enhance={false}
    />,
  );
}

/** Every visible control (not hidden inputs, not buttons) has a label or a legend. */
function unlabelled(html: string): string[] {
  const ids = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
  const missing: string[] = [];
  for (const m of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    if (/type="hidden"/.test(m[2])) continue;
    const id = /\sid="([^"]+)"/.exec(m[2])?.[1];
    if (!id || !ids.has(id)) missing.push(m[0]);
  }
  return missing;
}

Deno.test("[forms] every input of both forms has a label; steps are headed sections in order", () => {
  for (const def of [DOG_FEE_FORM, DEFECT_REPORT_FORM]) {
    const html = render(def, emptyValues(def));
    assertEquals(unlabelled(html), [], def.slug);
    const headings = [...html.matchAll(/<h2[^>]*>(.*?)<\/h2>/g)].map((m) =>
      m[1].replace(/<[^>]+>/g, "")
    );
    assertEquals(headings, def.steps.map((s, i) => `Krok ${i + 1} z 3: ${t(s.title)}`));
    assertMatch(html, /enctype="multipart\/form-data"/);
    assertMatch(html, /<input type="hidden" name="_csrf" value="tok"\/?>/);
  }
});

Deno.test("[forms] only the current step is shown; the others are hidden but still posted", () => {
  const html = render(DOG_FEE_FORM, emptyValues(DOG_FEE_FORM), [], 1);
  const sections = [...html.matchAll(/<section([^>]*)>/g)].map((m) => /\shidden/.test(m[1]));
  assertEquals(sections, [true, false, true]);
  assertMatch(html, /<button[^>]*name="_step" value="0"[^>]*>Zpět<\/button>/);
  assertMatch(html, /<button[^>]*name="_step" value="2"[^>]*>Pokračovat<\/button>/);
  assertMatch(html, /name="dogs\[0\]\.chipNumber"/);
});

Deno.test("[forms] a repeatable group renders its items, named by index, with add and remove", () => {
  const values = emptyValues(DOG_FEE_FORM);
  const one = render(DOG_FEE_FORM, values, [], 1);
  assertMatch(one, /<button[^>]*name="_action" value="add:dogs"[^>]*>Přidat dalšího psa<\/button>/);
  assertEquals(/remove:dogs/.test(one), false); // never below the minimum
  const dogs = values.dogs as RawValues[];
  const two = render(DOG_FEE_FORM, { ...values, dogs: [dogs[0], { ...dogs[0], name: "Bety" }] });
  assertMatch(two, /<legend[^>]*><span[^>]*>Pes 2<\/span><\/legend>/);
  assertMatch(two, /name="dogs\[1\]\.name"[^>]*value="Bety"/);
  assertMatch(two, /value="remove:dogs:1"[^>]*>Odebrat: Pes 2<\/button>/);
  assertEquals(unlabelled(two), []);
});

Deno.test("[forms] a failed submit keeps what was typed and shows errors at fields and on top", () => {
  const form = new FormData();
  form.append("givenName", "<b>Jana</b>");
  form.append("dogs[0].birthDate", "2099-01-01");
  form.append("address.postalCode", "123");
  const parsed = parseSubmission(DOG_FEE_FORM, form);
  assert(parsed.ok);
  const result = validateSubmission(DOG_FEE_FORM, parsed.values, {
    today: "2026-03-01",
    signedIn: true,
  });
  assert(!result.ok);
  const html = renderToString(
    <FormView
      def={DOG_FEE_FORM}
      values={parsed.values}
      errors={result.errors}
      t={t}
      action="/x"
      csrfToken="tok"
      step={null}
      signedIn
      enhance={false}
    />,
  );
  assertMatch(html, /role="alert"/);
  assertMatch(html, /value="&lt;b>Jana&lt;\/b>"/);
  assertMatch(
    html,
    /href="#field-dogs\[0\]\.birthDate">Pes 1 – Datum narození psa: Datum nesmí být v budoucnosti\./,
  );
  assertMatch(html, /id="field-address\.postalCode-error"/);
  assertEquals(/<section[^>]*hidden/.test(html), false); // every step shown after a final submit
});

Deno.test("[forms] conditional fields are rendered for JavaScript-off and marked for the island", () => {
  const html = render(DOG_FEE_FORM, emptyValues(DOG_FEE_FORM), [], 2);
  assertMatch(
    html,
    /data-when="\{&quot;field&quot;:&quot;action&quot;,&quot;oneOf&quot;:\[&quot;deregister&quot;\]\}"/,
  );
  assertMatch(html, /name="deregistrationDate"/);
  assertMatch(html, /<input[^>]*type="file"[^>]*name="proof"|name="proof"[^>]*type="file"/);
});
