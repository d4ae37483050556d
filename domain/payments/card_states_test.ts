import { assert, assertEquals } from "../../tests/assert.ts";
import {
  afterBusinessDays,
  canTransition,
  CARD_PAYMENT_STATES,
  CARD_TRANSITIONS,
  type CardPaymentState,
  cardRequestHash,
  gatewayEvent,
  isTerminal,
  nextState,
  TERMINAL_STATES,
} from "./card_states.ts";

const ALLOWED: [CardPaymentState, CardPaymentState][] = [
  ["created", "started"],
  ["created", "failed"],
  ["started", "authorised"],
  ["started", "failed"],
  ["started", "cancelled"],
  ["started", "expired"],
  ["authorised", "captured"],
  ["authorised", "cancelled"],
  ["captured", "settled"],
  ["captured", "refunded"],
  ["settled", "refunded"],
];

Deno.test("[card payments] every listed transition is allowed, and nothing else", () => {
  for (const from of CARD_PAYMENT_STATES) {
    for (const to of CARD_PAYMENT_STATES) {
      const listed = ALLOWED.some(([f, t]) => f === from && t === to);
      assertEquals(canTransition(from, to), listed, `${from} → ${to}`);
    }
  }
  assertEquals(CARD_TRANSITIONS.length, ALLOWED.length, "one row per move");
  // Each row has at least one event, and no event leads one state to two places.
  for (const from of CARD_PAYMENT_STATES) {
    const events = CARD_TRANSITIONS.filter((t) => t.from === from).flatMap((t) => t.on);
    assertEquals(new Set(events).size, events.length, `events out of ${from} are unambiguous`);
  }
  assert(CARD_TRANSITIONS.every((t) => t.on.length > 0));
});

Deno.test("[card payments] the happy path, and terminal states have no way out", () => {
  let s: CardPaymentState = "created";
  for (const e of ["initialised", "authorised", "captured", "settled"] as const) {
    s = nextState(s, e)!;
  }
  assertEquals(s, "settled");
  assertEquals(TERMINAL_STATES, ["failed", "cancelled", "expired", "refunded"]);
  for (const t of TERMINAL_STATES) {
    assert(isTerminal(t));
    for (const to of CARD_PAYMENT_STATES) assertEquals(canTransition(t, to), false);
  }
  // An event that does not apply to the state moves nothing.
  assertEquals(nextState("created", "captured"), null);
  assertEquals(nextState("captured", "declined"), null);
  assertEquals(nextState("settled", "settled"), null);
  assertEquals(nextState("started", "reversed"), "cancelled");
});

Deno.test("[card payments] ČSOB paymentStatus maps to events; unknown codes are not guessed", () => {
  assertEquals([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 11, -1].map(gatewayEvent), [
    "pending",
    "pending",
    "cancelled",
    "authorised",
    "reversed",
    "declined",
    "captured",
    "captured",
    "refunded",
    "refunded",
    "unknown",
    "unknown",
    "unknown",
  ]);
});

Deno.test("[card payments] five business days skip the weekend", () => {
  // Thursday 2026-12-03 10:00 UTC → Thursday 2026-12-10.
  assertEquals(
    afterBusinessDays(new Date("2026-12-03T10:00:00Z"), 5).toISOString(),
    "2026-12-10T10:00:00.000Z",
  );
  // Saturday → the next Friday.
  assertEquals(
    afterBusinessDays(new Date("2026-12-05T10:00:00Z"), 5).toISOString(),
    "2026-12-11T10:00:00.000Z",
  );
});

Deno.test("[card payments] the request hash is the sorted set of obligations", async () => {
  const a = "0b6b4f2e-7a2c-4f51-9d1c-2f7f0a4c1e11";
  const b = "9c3e1d2a-1b2c-4d3e-8f4a-5b6c7d8e9f00";
  assertEquals(await cardRequestHash([a, b]), await cardRequestHash([b, a, a.toUpperCase()]));
  assert((await cardRequestHash([a])) !== (await cardRequestHash([a, b])));
  assertEquals((await cardRequestHash([a])).length, 64);
});

// ---------------------------------------------------------------------------------------------
// Nothing but the repository moves a card payment

const ROOT = new URL("../../", import.meta.url).pathname;
const THE_ONLY_WRITER = "db/repositories/card_payments.ts";

async function* sourceFiles(dir = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(ROOT + dir)) {
    const path = dir + entry.name;
    if (entry.isDirectory) {
      if (/^(node_modules|\.)/.test(entry.name) || path === "static") continue;
      yield* sourceFiles(path + "/");
    } else if (/\.(ts|tsx|js|mjs|sql)$/.test(entry.name)) yield path;
  }
}

/** The text of the parenthesised argument list opening at `open` (balanced parentheses). */
function argumentAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/**
 * Where a source sets `card_payments.state` (Kysely or raw SQL); line numbers for the message.
 * An insert with a state counts too, except in tests (a fixture row in a state moves nothing).
 */
function stateWrites(text: string, opts: { inserts: boolean } = { inserts: true }): number[] {
  const lines: number[] = [];
  const lineOf = (index: number) => text.slice(0, index).split("\n").length;
  // Kysely: updateTable("card_payments") … .set(…state…) before the statement's end.
  for (const m of text.matchAll(/updateTable\(\s*["'`]card_payments["'`]\s*\)/g)) {
    const rest = text.slice(m.index);
    const end = rest.search(/;|\.execute|\bexecuteTake/);
    const statement = end < 0 ? rest : rest.slice(0, end);
    for (const set of statement.matchAll(/\.set\s*\(/g)) {
      const arg = argumentAt(statement, set.index + set[0].length - 1);
      if (/\bstate\b/.test(arg)) lines.push(lineOf(m.index));
    }
  }
  // Kysely inserting a state other than the default.
  for (
    const m of opts.inserts ? text.matchAll(/insertInto\(\s*["'`]card_payments["'`]\s*\)/g) : []
  ) {
    const rest = text.slice(m.index);
    const end = rest.search(/;|\.execute|\bexecuteTake/);
    const statement = end < 0 ? rest : rest.slice(0, end);
    if (/\bstate\s*:/.test(statement)) lines.push(lineOf(m.index));
  }
  // Raw SQL.
  for (
    const m of text.matchAll(/update\s+(?:"?public"?\.)?"?card_payments"?\b[\s\S]{0,400}?\bset\b/gi)
  ) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 600);
    const end = after.search(/\bwhere\b|`|;/i);
    if (/\bstate\s*=/.test(end < 0 ? after : after.slice(0, end))) lines.push(lineOf(m.index));
  }
  return lines;
}

Deno.test("[card payments] the scan finds state writes in Kysely and raw SQL", () => {
  assertEquals(
    stateWrites(`await db.updateTable("card_payments").set({ state: "captured" }).execute();`),
    [1],
  );
  assertEquals(
    stateWrites(
      `await db.updateTable("card_payments")\n  .set({ settled_line_id: id })\n` +
        `  .where("state", "=", "captured").execute();`,
    ),
    [],
    "reading the state in a where is no write",
  );
  assertEquals(
    stateWrites(`db.updateTable("card_payments")\n  .set((eb) => ({ state: eb.val(to) }))`),
    [1],
  );
  assertEquals(
    stateWrites(`await db.updateTable("card_payments").set({ flagged_at: now }).execute();`),
    [],
  );
  assertEquals(stateWrites("sql`update card_payments set state = 'settled' where id = ${id}`"), [
    1,
  ]);
  assertEquals(
    stateWrites("sql`UPDATE card_payments SET settled_line_id = ${l}, state = 'settled'`"),
    [1],
  );
  assertEquals(stateWrites("sql`update card_payments set flagged_at = now() where id = 1`"), []);
  const fixture = `db.insertInto("card_payments").values({ amount_halere: 1, state: "captured" })`;
  assertEquals(stateWrites(fixture), [1]);
  assertEquals(stateWrites(fixture, { inserts: false }), [], "a test's fixture row moves nothing");
});

Deno.test("[card payments] no file but the repository writes card_payments.state", async () => {
  const offenders: string[] = [];
  const self = new URL(import.meta.url).pathname.slice(ROOT.length);
  for await (const path of sourceFiles()) {
    if (path === THE_ONLY_WRITER || path === self) continue;
    const text = await Deno.readTextFile(ROOT + path);
    const inserts = !/(_test\.tsx?$|^tests\/)/.test(path);
    for (const line of stateWrites(text, { inserts })) offenders.push(`${path}:${line}`);
  }
  assertEquals(offenders, [], "card_payments.state moves only through transitionCardPayment");
  const writer = await Deno.readTextFile(ROOT + THE_ONLY_WRITER);
  assert(stateWrites(writer).length > 0, "the repository is where the move is (the scan works)");
});
