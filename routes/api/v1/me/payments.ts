/**
 * `GET /api/v1/me/payments`: the payments received from the signed-in person and for everyone
 * they pay for, each with what it paid and its receipt.
 *
 * `POST /api/v1/me/payments`: pays obligations — body `{"obligations": [ids], "method": "qr" |
 * "card"}`, header `Idempotency-Key` (required; 400 without). `qr` answers the payment order
 * (its own variable symbol) with its QR Platba string; `card` starts a card payment at the
 * gateway and answers where to send the person. The same key with the same body answers the
 * same result (200, `Idempotent-Replayed: true`; the first answer is 201); with another body
 * 409. Described in `/api/v1/openapi.json`; CSRF: see `_middleware.ts`.
 */
import { define } from "../../../../lib/http/define.ts";
import { defaultDeps } from "../../../../app/deps.ts";
import { paymentHistory } from "../../../../app/ledger.ts";
import {
  createPaymentOrderFor,
  isIdempotencyKey,
  keyUsedFor,
  MAX_ORDER_ITEMS,
  orderSpayd,
} from "../../../../app/payment_orders.ts";
import { startCardPayment } from "../../../../app/card_payments.ts";
import { accountForms } from "../../../../app/ledger.ts";
import { listPayees } from "../../../../db/repositories/representations.ts";
import type { PaymentOrder } from "../../../../db/repositories/ledger.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../../lib/http/tenant.ts";
import { translator } from "../../../../lib/i18n.ts";
import { formatPragueDate } from "../../../../domain/time.ts";
import { json, problem } from "./_middleware.ts";

const cs = translator("cs");

/** The request body, checked: `null` when it is not what the API takes. */
function parseBody(text: string): { obligations: string[]; method: "qr" | "card" } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { obligations, method } = value as Record<string, unknown>;
  if (method !== "qr" && method !== "card") return null;
  if (!Array.isArray(obligations) || obligations.length > MAX_ORDER_ITEMS) return null;
  if (!obligations.every((id) => typeof id === "string" && id.length <= 100)) return null;
  return { obligations: obligations as string[], method };
}

function orderJson(order: PaymentOrder, spayd: string | null) {
  const account = accountForms(order.account);
  return {
    id: order.id,
    variableSymbol: order.variable_symbol,
    currency: "CZK",
    amountHalere: order.amount_halere,
    dueDate: order.due_date,
    account: { iban: account.iban, czech: account.czech },
    items: order.items.map((i) => ({
      obligationId: i.obligation_id,
      amountHalere: i.amount_halere,
    })),
    createdAt: order.created_at.toISOString(),
    spayd,
    url: `/ucet/platby/prikaz/${order.id}`,
  };
}

const INVALID_TEXT: Record<string, string> = {
  none: "ledger.errors.none",
  notFound: "ledger.errors.notFound",
  nothingToPay: "ledger.errors.nothingToPay",
  mixedAccounts: "ledger.errors.mixedAccounts",
};

export const handler = define.handlers({
  async GET(ctx) {
    const { payments } = await paymentHistory(defaultDeps(), personActor(ctx.state));
    return json({
      payments: payments.map((p) => ({
        id: p.id,
        kind: p.kind,
        currency: "CZK",
        amountHalere: p.amount_halere,
        receivedOn: p.received_on,
        variableSymbol: p.variable_symbol,
        paymentOrderId: p.payment_order_id,
        allocations: p.paid.map((a) => ({
          obligationId: a.obligationId,
          name: a.name,
          personName: a.personName,
          amountHalere: a.amount,
          kind: a.allocationKind,
        })),
        receiptUrl: `/ucet/platby/${p.id}/potvrzeni.pdf`,
      })),
    }, ctx.state.csrfToken);
  },

  async POST(ctx) {
    const type = ctx.req.headers.get("content-type") ?? "";
    if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(type)) {
      return problem(415, "contentType", { headers: { Accept: "application/json" } });
    }
    const key = ctx.req.headers.get("idempotency-key")?.trim() ?? "";
    if (!isIdempotencyKey(key)) return problem(400, "key");
    const body = parseBody(await ctx.req.text().catch(() => ""));
    if (!body) return problem(400, "badJson");
    const actor = personActor(ctx.state);
    const deps = defaultDeps();
    // The same key with the other method is another request: 409, as the body differs.
    const used = await keyUsedFor(deps, actor, key);
    if (used !== null && used !== body.method) return problem(409, "conflict");

    if (body.method === "card") {
      const outcome = await startCardPayment(
        { ...deps, language: ctx.state.locale },
        actor,
        {
          obligationIds: body.obligations,
          idempotencyKey: key,
          returnOrigin: tenantOrigin(ctx.state.tenant),
        },
      );
      if (outcome.kind === "conflict") return problem(409, "conflict");
      if (outcome.kind === "invalid") {
        if (outcome.code === "unavailable") return problem(503, "cardUnavailable");
        if (outcome.code === "key") return problem(400, "key");
        return problem(422, "card", {
          code: outcome.code,
          detail: cs(INVALID_TEXT[outcome.code] ?? "ledger.errors.notFound"),
        });
      }
      const replayed = used === "card";
      return json(
        {
          method: "card",
          cardPayment: { id: outcome.cardPaymentId, redirectUrl: outcome.redirectUrl },
        },
        ctx.state.csrfToken,
        {
          status: replayed ? 200 : 201,
          headers: replayed ? { "Idempotent-Replayed": "true" } : {},
        },
      );
    }

    const outcome = await createPaymentOrderFor(deps, actor, {
      obligationIds: body.obligations,
      idempotencyKey: key,
    });
    if (outcome.kind === "conflict") return problem(409, "conflict");
    if (outcome.kind === "invalid") {
      if (outcome.code === "key") return problem(400, "key");
      return problem(422, "invalid", {
        code: outcome.code,
        detail: cs(INVALID_TEXT[outcome.code]),
      });
    }
    const { order, created } = outcome;
    const day = formatPragueDate(deps.now());
    const payees = await listPayees(deps.db, actor.tenantId, actor.personId, day);
    const spayd = orderSpayd(order, payees.find((p) => p.self)?.name ?? "", day);
    return json({ method: "qr", paymentOrder: orderJson(order, spayd) }, ctx.state.csrfToken, {
      status: created ? 201 : 200,
      headers: {
        Location: `/ucet/platby/prikaz/${order.id}`,
        ...(created ? {} : { "Idempotent-Replayed": "true" }),
      },
    });
  },
});
