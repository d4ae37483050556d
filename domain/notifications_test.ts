import assert from "node:assert/strict";
import { caseRecipients } from "./notifications.ts";

const both = { email: "jana@example.cz", phone: "+420601123456" };
const mail = { channel: "email", recipient: both.email };
const sms = { channel: "sms", recipient: both.phone };

Deno.test("[notifications] a case update goes by the channel the person chose", () => {
  assert.deepEqual(caseRecipients("email", both), [mail]);
  assert.deepEqual(caseRecipients("sms", both), [sms]);
  assert.deepEqual(caseRecipients("both", both), [mail, sms]);
});

Deno.test("[notifications] a chosen channel without a verified contact falls back to the other", () => {
  assert.deepEqual(caseRecipients("sms", { email: both.email, phone: null }), [mail]);
  assert.deepEqual(caseRecipients("email", { email: null, phone: both.phone }), [sms]);
  assert.deepEqual(caseRecipients("both", { email: null, phone: both.phone }), [sms]);
  assert.deepEqual(caseRecipients("both", { email: null, phone: null }), []);
});
