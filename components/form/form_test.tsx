import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { translator } from "../../lib/i18n.ts";
import type { FieldError } from "../../domain/validation.ts";
import { CsrfField } from "./CsrfField.tsx";
import { ErrorSummary } from "./ErrorSummary.tsx";
import { FileField } from "./FileField.tsx";
import { IdempotencyField } from "./IdempotencyField.tsx";
import { Select } from "./Select.tsx";
import { SubmitButton } from "./SubmitButton.tsx";
import { TextArea } from "./TextArea.tsx";
import { TextField } from "./TextField.tsx";

const t = translator("cs");

/** The opening tag of the first element matching `pattern` (e.g. `<input`). */
function tag(html: string, start: string): string {
  const at = html.indexOf(start);
  assert.ok(at >= 0, `no ${start} in ${html}`);
  return html.slice(at, html.indexOf(">", at) + 1);
}

function attr(openTag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(openTag)?.[1];
}

Deno.test("[form] a text field's label is tied to its input and says (povinné) in words", () => {
  const html = renderToString(
    <TextField name="email" type="email" label="E-mail" required t={t} autocomplete="email" />,
  );
  const label = tag(html, "<label");
  const input = tag(html, "<input");
  assert.equal(attr(label, "for"), "field-email");
  assert.equal(attr(input, "id"), "field-email");
  assert.equal(attr(input, "name"), "email");
  assert.equal(attr(input, "type"), "email");
  assert.equal(attr(input, "autocomplete"), "email");
  assert.equal(attr(input, "aria-required"), "true");
  assert.match(html, /<label[^>]*>.*E-mail.*\(povinné\).*<\/label>/s);
  assert.equal(attr(input, "aria-invalid"), undefined);
  assert.equal(attr(input, "aria-describedby"), undefined);
});

Deno.test("[form] an invalid field shows the Czech message beside it, tied by aria-describedby", () => {
  const errors: FieldError[] = [{ field: "email", code: "invalidEmail" }];
  const html = renderToString(
    <TextField
      name="email"
      label="E-mail"
      hint="Na tento e-mail odpovíme."
      value="jan@"
      t={t}
      errors={errors}
    />,
  );
  const input = tag(html, "<input");
  assert.equal(attr(input, "aria-invalid"), "true");
  assert.equal(attr(input, "aria-describedby"), "field-email-hint field-email-error");
  assert.equal(attr(input, "value"), "jan@");
  assert.match(html, /id="field-email-hint"[^>]*>.*Na tento e-mail odpovíme\./s);
  assert.match(
    html,
    /id="field-email-error"[^>]*>.*Chyba:.*Zadejte platnou e-mailovou adresu, například jan\.novak@example\.cz\./s,
  );
  // The error comes after the control, as the design system places it.
  assert.ok(html.indexOf('field-email-error"') > html.indexOf("<input"));
});

Deno.test("[form] a password field never echoes the password back", () => {
  const html = renderToString(
    <TextField name="password" type="password" label="Heslo" value="tajne-heslo" required t={t} />,
  );
  assert.equal(attr(tag(html, "<input"), "type"), "password");
  assert.doesNotMatch(html, /tajne-heslo/);
});

Deno.test("[form] an error of another field leaves this one valid", () => {
  const html = renderToString(
    <TextField
      name="phone"
      label="Telefon"
      t={t}
      errors={[{ field: "email", code: "required" }]}
    />,
  );
  assert.equal(attr(tag(html, "<input"), "aria-invalid"), undefined);
  assert.doesNotMatch(html, /field-phone-error/);
});

Deno.test("[form] a text area keeps what the user typed, escaped, and shows a too-long error", () => {
  const errors: FieldError[] = [{ field: "description", code: "tooLong", params: { max: 4000 } }];
  const html = renderToString(
    <TextArea
      name="description"
      label="Popis"
      value='<script>alert("x")</script>'
      t={t}
      errors={errors}
    />,
  );
  assert.match(
    html,
    /<textarea[^>]*id="field-description"[^>]*>&lt;script>alert\(&quot;x&quot;\)&lt;\/script><\/textarea>/,
  );
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /Text je příliš dlouhý, nejvýše 4000 znaků\./);
  assert.equal(attr(tag(html, "<textarea"), "aria-describedby"), "field-description-error");
});

Deno.test("[form] a select marks the chosen option and offers an empty first choice", () => {
  const html = renderToString(
    <Select
      name="agenda"
      label="Agenda"
      placeholder="Vyberte…"
      value="stavebni"
      options={[{ value: "matrika", label: "Matrika" }, {
        value: "stavebni",
        label: "Stavební úřad",
      }]}
      t={t}
    />,
  );
  assert.equal(attr(tag(html, "<label"), "for"), "field-agenda");
  assert.equal(attr(tag(html, "<select"), "id"), "field-agenda");
  assert.match(html, /<option value(="")?>Vyberte…<\/option>/);
  assert.match(html, /<option value="stavebni" selected>Stavební úřad<\/option>/);
});

Deno.test("[form] a file field accepts several files and, after a failed submit, asks for them again", () => {
  const clean = renderToString(
    <FileField name="documents" label="Přílohy" multiple accept=".pdf,.docx" t={t} />,
  );
  const input = tag(clean, "<input");
  assert.equal(attr(input, "type"), "file");
  assert.equal(attr(input, "accept"), ".pdf,.docx");
  assert.match(input, /\smultiple/);
  assert.doesNotMatch(clean, /vyberte je prosím znovu/);
  const again = renderToString(
    <FileField
      name="documents"
      label="Přílohy"
      t={t}
      errors={[{ field: "title", code: "required" }]}
    />,
  );
  assert.match(again, /id="field-documents-hint"[^>]*>.*vyberte je prosím znovu/s);
  assert.equal(attr(tag(again, "<input"), "aria-describedby"), "field-documents-hint");
});

Deno.test("[form] the error summary is an alert that links to each invalid field once, by label", () => {
  const errors: FieldError[] = [
    { field: "description", code: "required" },
    { field: "email", code: "invalidEmail" },
    { field: "email", code: "tooLong", params: { max: 254 } },
  ];
  const html = renderToString(
    <ErrorSummary
      errors={errors}
      t={t}
      labels={{ description: "Popis problému", email: "Váš e-mail" }}
    />,
  );
  const box = tag(html, "<div");
  assert.equal(attr(box, "role"), "alert");
  assert.equal(attr(box, "tabindex"), "-1");
  assert.match(html, /<h2[^>]*>Formulář obsahuje chyby<\/h2>/);
  const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(links, [
    ["#field-description", "Popis problému: Vyplňte prosím toto pole."],
    [
      "#field-email",
      "Váš e-mail: Zadejte platnou e-mailovou adresu, například jan.novak@example.cz.",
    ],
  ]);
});

Deno.test("[form] no errors, no error summary", () => {
  assert.equal(renderToString(<ErrorSummary errors={[]} t={t} labels={{}} />), "");
});

Deno.test("[form] messages follow the page's language", () => {
  const html = renderToString(
    <TextField
      name="email"
      label="E-mail"
      required
      t={translator("en")}
      errors={[{ field: "email", code: "required" }]}
    />,
  );
  assert.match(html, /\(required\)/);
  assert.match(html, /Error:.*Please fill in this field\./s);
});

Deno.test("[form] every form carries the CSRF token and its one-time key as hidden fields", () => {
  const html = renderToString(
    <form method="post">
      <CsrfField token="tok-123" />
      <IdempotencyField value="0b9a3c1e-8f7d-4e2a-9c4b-2d1f0e6a7b8c" />
      <SubmitButton>Odeslat</SubmitButton>
    </form>,
  );
  assert.match(html, /<input type="hidden" name="_csrf" value="tok-123"\/?>/);
  assert.match(
    html,
    /<input type="hidden" name="_idem" value="0b9a3c1e-8f7d-4e2a-9c4b-2d1f0e6a7b8c"\/?>/,
  );
  assert.match(html, /<button type="submit" class="gov-button"[^>]*>Odeslat<\/button>/);
});
