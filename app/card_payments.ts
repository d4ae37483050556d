/**
 * Paying obligations by card at the ČSOB payment gateway (eAPI 1.9, lib/payments/csob.ts).
 *
 * `startCardPayment`: the payer picks obligations of the people they pay for; ONE transaction
 * writes a payment order (its own variable symbol, which becomes the gateway's orderNo), the
 * card payment attempt, the audit entry and the start of the attempt's workflow
 * (`card-payment/<id>`, workflows/card_payment.ts). The same idempotency key with the same
 * selection finds the same attempt (a double click, a reload: no second payment/init); with
 * another selection it is a conflict (409). Then it waits a few seconds for the workflow to
 * have initialised the payment at the gateway and returns the gateway's page to send the person
 * to (or null: the page says "being processed" and refreshes until it can send them).
 *
 * `handleGatewayReturn`: the person's browser brings the gateway's signed result back. It is
 * verified (a bad signature is refused with a log line and changes nothing), and becomes a
 * signal to the attempt's workflow, once per signed return (payId + dttm): a replayed or
 * reloaded return queues nothing new. The workflow asks payment/status itself before it books
 * anything: the return is a hint to look now, never the proof.
 */
import { type Kysely, sql } from "kysely";
import type { CardPaymentState, Database } from "../db/schema.ts";
import {
  type CardPaymentRow,
  createCardPayment,
  findCardPayment,
  findCardPaymentByKey,
  findCardPaymentByPayId,
  findCardPaymentForPerson,
  listCardPaymentObligations,
  listCardPaymentTransitions,
} from "../db/repositories/card_payments.ts";
import {
  createPaymentOrder,
  findObligations,
  findPaymentOrder,
  isUuid,
} from "../db/repositories/ledger.ts";
import { listPayees } from "../db/repositories/representations.ts";
import { isUniqueViolation } from "../db/repositories/persons.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { tenantSlugOf } from "../db/repositories/tenants.ts";
import { formatCzk } from "../domain/money.ts";
import {
  cardGatewayReturned,
  type CardPaymentTimings,
  startCardPaymentWorkflow,
  storedWorkflowId,
} from "../domain/workflows.ts";
import { cardRequestHash, isAwaitingGateway, isPaid } from "../domain/payments/card_states.ts";
import { formatPragueDate } from "../domain/time.ts";
import {
  csobClient,
  type CsobConfig,
  CsobSignatureError,
  verifyReturn,
} from "../lib/payments/csob.ts";
import { config } from "../lib/config.ts";
import { describeError, log } from "../lib/log.ts";
import { type PersonActor, personAudit } from "./deps.ts";

type GatewayConfig = Omit<CsobConfig, "fetch" | "timeoutMs" | "now">;

export interface CardPaymentDeps {
  db: Kysely<Database>;
  now: () => Date;
  /** The gateway; default the process's configuration (`CSOB_*`); null: card payments off. */
  csob?: GatewayConfig | null;
  /** Tests run a worker of their own. */
  taskQueue?: string;
  /** How long `startCardPayment` waits for the gateway's payId (default 5 s). */
  readyWaitMs?: number;
  /** The workflow's timings (tests shorten them). */
  timings?: CardPaymentTimings;
  /** The gateway page's language (the reader's). */
  language?: "cs" | "en";
}

export type StartCardPaymentResult =
  | { kind: "ok"; cardPaymentId: string; redirectUrl: string | null }
  | { kind: "conflict" }
  | {
    kind: "invalid";
    /**
     * unavailable: card payments are off; key: the idempotency key is not 1–200 printable ASCII
     * characters; none: nothing selected; notFound: an id is not an obligation of the payer's
     * payees (or there are too many); nothingToPay: everything selected is paid; origin: the
     * return origin is not an http(s) origin.
     */
    code: "unavailable" | "key" | "none" | "notFound" | "nothingToPay" | "origin";
  };

/** At most this many obligations in one card payment. */
export const MAX_CARD_ITEMS = 100;
const POLL_MS = 150;

function gatewayConfig(deps: CardPaymentDeps): GatewayConfig | null {
  return deps.csob === undefined ? config().payments.csob ?? null : deps.csob;
}

function isIdempotencyKey(key: string): boolean {
  return /^[\x21-\x7e]{1,200}$/.test(key);
}

function httpOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** The gateway's page for an attempt that waits for the person there, else null. */
async function gatewayPage(cfg: GatewayConfig, cp: CardPaymentRow): Promise<string | null> {
  if (cp.state !== "started" || !cp.pay_id) return null;
  // Only while the gateway has not finished with it (1 created, 2 in progress).
  if (cp.gateway_status !== null && cp.gateway_status > 2) return null;
  return await csobClient(cfg).processUrl(cp.pay_id);
}

/** Waits up to `ms` for the workflow to have initialised the attempt at the gateway. */
async function waitForGateway(
  deps: CardPaymentDeps,
  cfg: GatewayConfig,
  tenantId: string,
  id: string,
  ms: number,
): Promise<string | null> {
  const deadline = Date.now() + ms;
  for (;;) {
    const cp = await findCardPayment(deps.db, tenantId, id);
    if (!cp) return null;
    if (cp.state !== "created") return await gatewayPage(cfg, cp);
    const left = deadline - Date.now();
    if (left <= 0) return null;
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, left)));
  }
}

/**
 * Starts paying the selected obligations by card (see the module comment). Keep this
 * signature: the JSON API calls it too.
 */
export async function startCardPayment(
  deps: CardPaymentDeps,
  actor: PersonActor,
  req: { obligationIds: string[]; idempotencyKey: string; returnOrigin: string },
): Promise<StartCardPaymentResult> {
  const cfg = gatewayConfig(deps);
  if (!cfg) return { kind: "invalid", code: "unavailable" };
  const key = req.idempotencyKey;
  if (!isIdempotencyKey(key)) return { kind: "invalid", code: "key" };
  const origin = httpOrigin(req.returnOrigin);
  if (!origin) return { kind: "invalid", code: "origin" };
  const ids = [...new Set(req.obligationIds.map((id) => id.trim().toLowerCase()))]
    .filter((id) => id !== "");
  if (ids.length === 0) return { kind: "invalid", code: "none" };
  if (ids.length > MAX_CARD_ITEMS || !ids.every(isUuid)) {
    return { kind: "invalid", code: "notFound" };
  }
  const hash = await cardRequestHash(ids);
  const now = deps.now();
  const day = formatPragueDate(now);

  type Step =
    | { kind: "attempt"; id: string }
    | Extract<StartCardPaymentResult, { kind: "conflict" | "invalid" }>;
  const attempt = () =>
    deps.db.transaction().execute(async (trx): Promise<Step> => {
      // One start per (payer, key) at a time: a double click waits, then finds the first.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`card:${actor.tenantId}:${actor.personId}:${key}`}, 0))`
        .execute(trx);
      const existing = await findCardPaymentByKey(trx, actor.tenantId, actor.personId, key);
      if (existing) {
        return existing.request_hash === hash
          ? { kind: "attempt", id: existing.id }
          : { kind: "conflict" };
      }
      const payees = await listPayees(trx, actor.tenantId, actor.personId, day);
      const found = await findObligations(
        trx,
        actor.tenantId,
        payees.map((p) => p.personId),
        ids,
      );
      if (found.length !== ids.length) return { kind: "invalid", code: "notFound" };
      const due = found.filter((o) => o.outstanding_halere > 0);
      if (due.length === 0) return { kind: "invalid", code: "nothingToPay" };
      // The form's key may have made a QR payment order already: the same selection is that order.
      const order = await createPaymentOrder(trx, actor.tenantId, {
        payerPersonId: actor.personId,
        idempotencyKey: key,
        requestHash: hash,
        account: due[0].account,
        dueDate: day,
        items: due.map((o) => ({ obligationId: o.id, amountHalere: o.outstanding_halere })),
        year: Number(day.slice(0, 4)),
      });
      if (order.request_hash !== hash) return { kind: "conflict" };
      const tenantSlug = await tenantSlugOf(trx, actor.tenantId);
      const { payment } = await createCardPayment(trx, actor.tenantId, {
        tenantSlug,
        personId: actor.personId,
        paymentOrderId: order.id,
        idempotencyKey: key,
        requestHash: hash,
        amountHalere: order.amount_halere,
      });
      await appendAudit(trx, {
        ...personAudit(actor),
        action: "card_payment.started",
        subjectType: "card_payment",
        subjectId: payment.id,
        details: {
          paymentOrderId: order.id,
          variableSymbol: order.variable_symbol,
          amountHalere: order.amount_halere,
          obligations: order.items.map((i) => i.obligation_id),
        },
      });
      await enqueueCommand(
        trx,
        startCardPaymentWorkflow({
          ...deps.timings,
          tenantId: actor.tenantId,
          cardPaymentId: payment.id,
          returnUrl: `${origin}/platby/navrat`,
          origin,
          language: deps.language ?? "cs",
        }, {
          workflowId: storedWorkflowId(payment.workflow_id, "card-payment", payment.id),
          tenantSlug,
          variableSymbol: order.variable_symbol,
          amount: formatCzk(order.amount_halere),
          taskQueue: deps.taskQueue,
        }),
      );
      return { kind: "attempt", id: payment.id };
    });
  let step: Step;
  try {
    step = await attempt();
  } catch (error) {
    // The form's QR order made with the same key at the same moment: the second insert hit
    // the unique key and rolled back; asking again finds that order (same selection) or not.
    if (!isUniqueViolation(error)) throw error;
    step = await attempt();
  }
  if (step.kind !== "attempt") return step;
  const redirectUrl = await waitForGateway(
    deps,
    cfg,
    actor.tenantId,
    step.id,
    deps.readyWaitMs ?? 5000,
  );
  return { kind: "ok", cardPaymentId: step.id, redirectUrl };
}

export interface CardPaymentView {
  id: string;
  state: CardPaymentState;
  amountHalere: number;
  variableSymbol: string;
  createdAt: Date;
  obligations: {
    id: string;
    kind: string;
    year: number;
    title: string | null;
    amountHalere: number;
  }[];
  /** The gateway's page, when the person should be sent there now (`handoff`). */
  gatewayUrl: string | null;
  /** The booked payment (its receipt), once captured. */
  paymentId: string | null;
  moves: { from: CardPaymentState; to: CardPaymentState; at: Date }[];
}

/**
 * The payer's own attempt, for its page; null for anyone else's (404). With `handoff` (right
 * after the person asked to pay) it carries the gateway's page to send them to, while the
 * gateway still waits for them.
 */
export async function cardPaymentView(
  deps: CardPaymentDeps,
  actor: PersonActor,
  id: string,
  opts: { handoff?: boolean } = {},
): Promise<CardPaymentView | null> {
  const cp = await findCardPaymentForPerson(deps.db, actor.tenantId, actor.personId, id);
  if (!cp) return null;
  const [order, obligations, moves, payment] = await Promise.all([
    findPaymentOrder(deps.db, actor.tenantId, [actor.personId], cp.payment_order_id),
    listCardPaymentObligations(deps.db, actor.tenantId, cp.payment_order_id),
    listCardPaymentTransitions(deps.db, actor.tenantId, cp.id),
    isPaid(cp.state) || cp.state === "refunded"
      ? deps.db.selectFrom("payments").select("id").where("tenant_id", "=", actor.tenantId)
        .where("card_payment_id", "=", cp.id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const cfg = gatewayConfig(deps);
  return {
    id: cp.id,
    state: cp.state,
    amountHalere: cp.amount_halere,
    variableSymbol: order?.variable_symbol ?? "",
    createdAt: cp.created_at,
    obligations: obligations.map((o) => ({
      id: o.id,
      kind: o.kind,
      year: o.year,
      title: o.title,
      amountHalere: Number(o.amount_halere),
    })),
    gatewayUrl: opts.handoff && cfg ? await gatewayPage(cfg, cp) : null,
    paymentId: payment?.id ?? null,
    moves: moves.map((m) => ({ from: m.from_state, to: m.to_state, at: m.at })),
  };
}

export type GatewayReturnResult =
  | { kind: "ok"; cardPaymentId: string; queued: boolean }
  | { kind: "badSignature" }
  | { kind: "notFound" }
  | { kind: "unavailable" };

/**
 * The gateway's signed return (the form fields of its POST, or the query of a GET), in the town
 * of the request. No session is needed: the gateway's signature is the proof, and the answer
 * names only the attempt's id, whose page needs the payer's session.
 */
export async function handleGatewayReturn(
  deps: Pick<CardPaymentDeps, "db" | "csob">,
  params: { tenantId: string; requestId: string | null; fields: Record<string, string> },
): Promise<GatewayReturnResult> {
  const cfg = gatewayConfig(deps as CardPaymentDeps);
  if (!cfg) return { kind: "unavailable" };
  let ret;
  try {
    ret = await verifyReturn(cfg, params.fields);
  } catch (err) {
    if (!(err instanceof CsobSignatureError)) throw err;
    // Identifiers only: the fields come from a stranger's browser.
    log.warn("card payment return refused: bad signature", {
      requestId: params.requestId,
      tenantId: params.tenantId,
      ...describeError(err),
    });
    return { kind: "badSignature" };
  }
  const cp = await findCardPaymentByPayId(deps.db, params.tenantId, ret.payId);
  if (!cp) {
    log.warn("card payment return for an unknown payId", {
      requestId: params.requestId,
      tenantId: params.tenantId,
    });
    return { kind: "notFound" };
  }
  let queued = false;
  if (isAwaitingGateway(cp.state)) {
    const r = await enqueueCommand(
      deps.db,
      cardGatewayReturned(
        {
          tenantId: params.tenantId,
          cardPaymentId: cp.id,
          workflowId: cp.workflow_id,
          payId: ret.payId,
        },
        { paymentStatus: ret.paymentStatus, resultCode: ret.resultCode, dttm: ret.dttm },
      ),
    );
    queued = r.created;
  }
  log.info("card payment return", {
    requestId: params.requestId,
    tenantId: params.tenantId,
    cardPaymentId: cp.id,
    paymentStatus: ret.paymentStatus,
    queued,
  });
  return { kind: "ok", cardPaymentId: cp.id, queued };
}
