/** The SMS gateway protocol's signature and message parsing (lib/sms_gateway.ts). */
import { assertEquals } from "../tests/assert.ts";
import {
  checkGatewaySignature,
  parseDeliveryReceipt,
  parseInboundSms,
  signedHeaders,
  signGatewayBody,
} from "./sms_gateway.ts";

const SECRET = "k".repeat(40);
const body = JSON.stringify({ id: "m-1", status: "delivered", at: "2026-12-01T10:00:00Z" });
const headersOf = (h: Record<string, string>) => new Headers(h);

Deno.test("the signature is HMAC-SHA256 over timestamp.body, hex (a known vector)", () => {
  // echo -n '1764583200.{"a":1}' | openssl dgst -sha256 -hmac "$(printf 'k%.0s' {1..40})"
  assertEquals(
    signGatewayBody(SECRET, "1764583200", '{"a":1}'),
    "3f646d6468115c09bbaed7049e05b145341dc2a52d12f5ce5b0137a105f5fc80",
  );
  assertEquals(/^[0-9a-f]{64}$/.test(signGatewayBody(SECRET, "1", "x")), true);
  // Another timestamp, body or secret: another signature.
  const base = signGatewayBody(SECRET, "1", "x");
  assertEquals(signGatewayBody(SECRET, "2", "x") === base, false);
  assertEquals(signGatewayBody(SECRET, "1", "y") === base, false);
  assertEquals(signGatewayBody("j".repeat(40), "1", "x") === base, false);
});

Deno.test("a fresh signature passes; tampered, missing, foreign or stale ones do not", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  const ok = signedHeaders(SECRET, body, now);
  assertEquals(checkGatewaySignature(SECRET, headersOf(ok), body, now), "ok");
  // A gateway's clock a few minutes off is fine; an hour is a replay.
  assertEquals(
    checkGatewaySignature(SECRET, headersOf(ok), body, new Date(now.getTime() + 240_000)),
    "ok",
  );
  assertEquals(
    checkGatewaySignature(SECRET, headersOf(ok), body, new Date(now.getTime() + 3_600_000)),
    "stale",
  );
  assertEquals(checkGatewaySignature(SECRET, headersOf(ok), body + " ", now), "invalid");
  assertEquals(checkGatewaySignature("j".repeat(40), headersOf(ok), body, now), "invalid");
  assertEquals(checkGatewaySignature(SECRET, headersOf({}), body, now), "missing");
  assertEquals(
    checkGatewaySignature(SECRET, headersOf({ "x-timestamp": ok["x-timestamp"] }), body, now),
    "missing",
  );
  // No secret configured (no gateway): nothing is ever believed.
  assertEquals(checkGatewaySignature("", headersOf(ok), body, now), "missing");
  // The timestamp is part of what is signed: moving it breaks the signature.
  const moved = { ...ok, "x-timestamp": String(Number(ok["x-timestamp"]) + 1) };
  assertEquals(checkGatewaySignature(SECRET, headersOf(moved), body, now), "invalid");
  // Upper-case hex is the same signature.
  const upper = { ...ok, "x-signature": ok["x-signature"].toUpperCase() };
  assertEquals(checkGatewaySignature(SECRET, headersOf(upper), body, now), "ok");
});

Deno.test("a receipt is parsed strictly; its error loses control characters", () => {
  assertEquals(parseDeliveryReceipt(body)?.status, "delivered");
  const failed = parseDeliveryReceipt(
    JSON.stringify({ id: "b-12", status: "failed", error: "a\nb", at: "2026-12-01T10:00:00Z" }),
  );
  assertEquals([failed?.id, failed?.error], ["b-12", "a b"]);
  for (
    const bad of [
      "",
      "[]",
      "null",
      JSON.stringify({ id: 1, status: "delivered", at: "2026-12-01T10:00:00Z" }),
      JSON.stringify({ id: "m-1", status: "read", at: "2026-12-01T10:00:00Z" }),
      JSON.stringify({ id: "m-1", status: "delivered", at: "yesterday" }),
      JSON.stringify({ id: "m-1", status: "delivered" }),
      JSON.stringify({ id: "m-1", status: "failed", error: 5, at: "2026-12-01T10:00:00Z" }),
    ]
  ) assertEquals(parseDeliveryReceipt(bad), null, bad);
  // A receipt dated in the future counts as now.
  const future = parseDeliveryReceipt(
    JSON.stringify({ id: "m-1", status: "delivered", at: "2099-01-01T00:00:00Z" }),
  );
  assertEquals(future!.at.getTime() <= Date.now(), true);
});

Deno.test("an inbound SMS needs an E.164 sender and a text", () => {
  assertEquals(parseInboundSms(JSON.stringify({ from: "+420777123456", text: "STOP" })), {
    from: "+420777123456",
    text: "STOP",
  });
  for (
    const bad of [
      JSON.stringify({ from: "777123456", text: "STOP" }),
      JSON.stringify({ from: "+420777123456" }),
      JSON.stringify({ from: "+420777123456", text: "x".repeat(1601) }),
      "{",
    ]
  ) assertEquals(parseInboundSms(bad), null, bad);
});
