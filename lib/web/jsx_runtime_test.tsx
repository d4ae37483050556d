import { renderToString } from "preact-render-to-string";
import { assertEquals } from "./testdata/assert.ts";

// These components are compiled by Deno's "jsx": "precompile" (deno.json) through
// lib/web/jsx_runtime.ts: the markup must be what preact-render-to-string writes for the
// classic transform.

Deno.test("[web] an attribute that renders as nothing leaves no space behind", () => {
  const none: string | undefined = undefined;
  const off = false;
  assertEquals(
    renderToString(
      <ul>
        <li class={none}>a</li>
        <li class="x" data-y={none} hidden={off}>b</li>
      </ul>,
    ),
    `<ul><li>a</li><li class="x">b</li></ul>`,
  );
});

Deno.test("[web] boolean aria-, data- and enumerated attributes are written as strings", () => {
  const no = false;
  const yes = true;
  assertEquals(
    renderToString(
      <button type="button" aria-expanded={no} aria-hidden={yes} data-open={no} spellcheck={no}>
        x
      </button>,
    ),
    `<button type="button" aria-expanded="false" aria-hidden="true" data-open="false" ` +
      `spellcheck="false">x</button>`,
  );
});

Deno.test("[web] an empty attribute is a bare name; a select's value selects its option", () => {
  const empty = "";
  const chosen = "b";
  const text = "a & <b>";
  assertEquals(
    renderToString(
      <form>
        <input type="hidden" name="next" value={empty} />
        <select name="s" value={chosen}>
          <option value="a">A</option>
          <option value="b">B</option>
        </select>
        <textarea name="t" value={text} />
      </form>,
    ),
    `<form><input type="hidden" name="next" value><select name="s"><option value="a">A</option>` +
      `<option selected value="b">B</option></select><textarea name="t">a &amp; &lt;b></textarea>` +
      `</form>`,
  );
});

Deno.test("[web] a boolean attribute with a dynamic value keeps its space before it", () => {
  const value = "email";
  const on = true;
  const off = false;
  assertEquals(
    renderToString(
      <p>
        <input type="radio" name="n" value={value} checked={on} />
        <input type="checkbox" value={value} checked disabled={on} />
        <input type="radio" name="n" value={value} checked={off} required={on} />
      </p>,
    ),
    `<p><input type="radio" name="n" value="email" checked>` +
      `<input type="checkbox" value="email" checked disabled>` +
      `<input type="radio" name="n" value="email" required></p>`,
  );
});
