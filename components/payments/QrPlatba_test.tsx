import { renderToString } from "preact-render-to-string";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../tests/assert.ts";
import { translator } from "../../lib/i18n.ts";
import { buildSpayd } from "../../domain/spayd.ts";
import { QrPlatba } from "./QrPlatba.tsx";

const spayd = buildSpayd({
  iban: "CZ6508000000192000145399",
  amountHalere: 48050,
  variableSymbol: "2026000123",
  message: "Poplatek za psa – Žluťoučký kůň * 2026",
});

Deno.test("[qr platba] a figure with the named QR image, the Czech caption and the string to copy", () => {
  const html = renderToString(
    <QrPlatba spayd={spayd} t={translator("cs")} label="QR Platba: poplatek ze psa, 480,50 Kč" />,
  );
  assertMatch(html, /^<figure class="qr-platba">/);
  assertMatch(
    html,
    /<svg [^>]*role="img"[^>]*><title>QR Platba: poplatek ze psa, 480,50 Kč<\/title>/,
  );
  assertEquals(html.match(/<svg /g)?.length, 1);
  assertStringIncludes(
    html,
    '<figcaption class="qr-platba__caption">QR Platba – naskenujte v aplikaci své banky</figcaption>',
  );
  const code = /<details class="qr-platba__text">.*<code>([^<]*)<\/code><\/details>/s.exec(html);
  assert(code, html);
  assertEquals(code[1], spayd);
});

Deno.test("[qr platba] without a label the image is named from the catalog, in English too", () => {
  const html = renderToString(<QrPlatba spayd={spayd} t={translator("en")} />);
  assertStringIncludes(html, "<title>QR code for the payment</title>");
  assertMatch(html, /QR payment – scan it in your bank(&#39;|')s app/);
  assertStringIncludes(html, "<summary>Show the QR payment data as text</summary>");
});
