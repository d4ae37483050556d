/**
 * Every route with an id in its path, and a real object of the demo town for each: the IDOR
 * suite (tests/idor_test.ts) asks for them as the wrong town and person, the clerk page sweep
 * (tests/browser/clerk_pages_test.ts) opens them as the right clerk. A new route with an id
 * needs an entry in OBJECT_ROUTES, or both fail and name it.
 */
import { demoTowns } from "./app.ts";
import { getDb } from "../../lib/db.ts";
import { insertDefectReport } from "./defect_fixture.ts";
import {
  bookPayment,
  createPaymentOrder,
  insertLedgerObligation,
} from "../../db/repositories/ledger.ts";
import { uniqueVs } from "./ledger_fixture.ts";
import { createCardPayment } from "../../db/repositories/card_payments.ts";
import { insertGrantApplication } from "./grant_fixture.ts";
import { insertOidcClient } from "../../db/repositories/oidc.ts";

export interface Fixtures {
  noticeId: string;
  documentId: string;
  personId: string;
  clerkId: string;
  representationId: string;
  caseId: string;
  caseFileId: string;
  defectId: string;
  statementId: string;
  statementLineId: string;
  cardPaymentId: string;
  obligationId: string;
  paymentOrderId: string;
  paymentId: string;
  /** A contract of the town and the IČO of a supplier only this town dealt with (issue 12). */
  contractId: string;
  supplierIco: string;
  /** A sent broadcast of the town and its news item (issue 13). */
  broadcastId: string;
  newsId: string;
  /** A grant programme of the town and a closed call of it (issue 14). */
  grantProgrammeId: string;
  grantCallId: string;
  /** An application of that call after its formal check; the demo clerk chairs its committee. */
  committeeApplicationId: string;
  committeeFileId: string;
  /** The person's application of that call with a confirmed contract and a settlement report
   * filed, and a payout batch of the town with its payout (issue 14, after the decision). */
  awardApplicationId: string;
  payoutBatchId: string;
  /** The person's booked appointment from the demo seed (issue 15). */
  appointmentId: string;
  /** The person's zábor case whose permit is issued (issue 15). */
  permitCaseId: string;
  /** A service of the town's appointments (the demo seed's building office). */
  appointmentServiceId: string;
  /** A confidential client application of the town's OpenID provider (issue 16, part 3). */
  oidcClientId: string;
}

export type Owner = "town" | "person";
export interface ObjectRoute {
  owner: Owner;
  path: (f: Fixtures) => string;
  methods: ("GET" | "POST")[];
}

/** Every route with a dynamic segment: what it points at, and who owns that. */
export const OBJECT_ROUTES: Record<string, ObjectRoute | { exempt: string }> = {
  "./routes/uredni-deska/[id].tsx": {
    owner: "town",
    path: (f) => `/uredni-deska/${f.noticeId}`,
    methods: ["GET"],
  },
  "./routes/uredni-deska/[id]/dokumenty/[docId].ts": {
    owner: "town",
    path: (f) => `/uredni-deska/${f.noticeId}/dokumenty/${f.documentId}`,
    methods: ["GET"],
  },
  "./routes/urad/uredni-deska/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/uredni-deska/${f.noticeId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/osoby/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/osoby/${f.personId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/urednici/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/urednici/${f.clerkId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/zastoupeni/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/zastoupeni/${f.representationId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/zastoupeni/[id]/dokument.ts": {
    owner: "town",
    path: (f) => `/urad/zastoupeni/${f.representationId}/dokument`,
    methods: ["GET"],
  },
  "./routes/ucet/zastoupeni/[id]/dokument.ts": {
    owner: "person",
    path: (f) => `/ucet/zastoupeni/${f.representationId}/dokument`,
    methods: ["GET"],
  },
  "./routes/ucet/zastoupeni/[id]/zpet-vzit.tsx": {
    owner: "person",
    path: (f) => `/ucet/zastoupeni/${f.representationId}/zpet-vzit`,
    methods: ["POST"],
  },
  "./routes/zivotni-situace/[slug].tsx": {
    owner: "town",
    // A guide only Lipnice has (Dubová Lhota has its own guides under the shared slugs).
    path: () => "/zivotni-situace/kaceni-drevin",
    methods: ["GET"],
  },
  "./routes/ucet/podani/[id].tsx": {
    owner: "person",
    path: (f) => `/ucet/podani/${f.caseId}`,
    methods: ["GET"],
  },
  "./routes/ucet/podani/[id]/potvrzeni.pdf.ts": {
    owner: "person",
    path: (f) => `/ucet/podani/${f.caseId}/potvrzeni.pdf`,
    methods: ["GET"],
  },
  "./routes/ucet/podani/[id]/povoleni.pdf.ts": {
    owner: "person",
    path: (f) => `/ucet/podani/${f.permitCaseId}/povoleni.pdf`,
    methods: ["GET"],
  },
  "./routes/ucet/podani/[id]/prilohy/[fileId].ts": {
    owner: "person",
    path: (f) => `/ucet/podani/${f.caseId}/prilohy/${f.caseFileId}`,
    methods: ["GET"],
  },
  "./routes/urad/ukoly/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/ukoly/${f.caseId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/ukoly/[id]/prilohy/[fileId].ts": {
    owner: "town",
    path: (f) => `/urad/ukoly/${f.caseId}/prilohy/${f.caseFileId}`,
    methods: ["GET"],
  },
  "./routes/ucet/podani/[id]/zpet-vzit.tsx": {
    owner: "person",
    path: (f) => `/ucet/podani/${f.caseId}/zpet-vzit`,
    methods: ["POST"],
  },
  "./routes/ucet/podani/[id]/znovu-otevrit.tsx": {
    owner: "person",
    path: (f) => `/ucet/podani/${f.defectId}/znovu-otevrit`,
    methods: ["POST"],
  },
  "./routes/hlaseni-zavad/[id].tsx": {
    owner: "town",
    path: (f) => `/hlaseni-zavad/${f.defectId}`,
    methods: ["GET"],
  },
  "./routes/urad/vypisy/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/vypisy/${f.statementId}`,
    methods: ["GET"],
  },
  "./routes/urad/platby/[lineId].tsx": {
    owner: "town",
    path: (f) => `/urad/platby/${f.statementLineId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/platby/karty/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/platby/karty/${f.cardPaymentId}`,
    methods: ["GET", "POST"],
  },
  "./routes/api/v1/forms/[slug].ts": {
    exempt: "a form's slug: the same public JSON Schema for every town and person",
  },
  "./routes/zivotni-situace/[slug]/formular.tsx": {
    owner: "person",
    path: (f) => `/zivotni-situace/poplatek-ze-psa/formular?oprava=${f.caseId}`,
    methods: ["GET", "POST"],
  },
  "./routes/zivotni-situace/[slug]/potvrzeni.tsx": {
    exempt:
      "a form's slug; the token in the e-mailed link is the capability (only its hash stored)",
  },
  "./routes/zivotni-situace/[slug]/koncept.ts": {
    exempt: "a form's slug; the draft saved is always the signed-in person's own",
  },
  "./routes/odber/odhlasit/[token].tsx": {
    exempt: "a subscription's random link token is the capability (RFC 8058), not an object id",
  },
  "./routes/odber/sprava/[token].tsx": {
    exempt: "a subscription's random link token is the capability, not an object id",
  },
  "./routes/oidc/[...path].ts": {
    exempt:
      "the town's OpenID provider's protocol endpoints: clients authenticate themselves, tokens " +
      "are the capability, and another town's client is refused (tests/oidc_idp_test.ts)",
  },
  "./routes/oidc/interaction/[uid].tsx": {
    exempt:
      "a random interaction id bound to the browser that started it by the provider's signed " +
      "cookie; another browser gets a 400 (tests/oidc_idp_test.ts)",
  },
  "./routes/prihlaseni/oidc/[provider].ts": {
    exempt: "a provider name from configuration, not an object",
  },
  "./routes/prihlaseni/oidc/[provider]/callback.tsx": { exempt: "a provider name, not an object" },
  "./routes/ucet/platby/karta/[id].tsx": {
    owner: "person",
    path: (f) => `/ucet/platby/karta/${f.cardPaymentId}`,
    methods: ["GET"],
  },
  "./routes/ucet/predpisy/[id].tsx": {
    owner: "person",
    path: (f) => `/ucet/predpisy/${f.obligationId}`,
    methods: ["GET"],
  },
  "./routes/ucet/platby/prikaz/[id].tsx": {
    owner: "person",
    path: (f) => `/ucet/platby/prikaz/${f.paymentOrderId}`,
    methods: ["GET"],
  },
  "./routes/ucet/platby/[id]/potvrzeni.pdf.ts": {
    owner: "person",
    path: (f) => `/ucet/platby/${f.paymentId}/potvrzeni.pdf`,
    methods: ["GET"],
  },
  "./routes/smlouvy/[id].tsx": {
    owner: "town",
    path: (f) => `/smlouvy/${f.contractId}`,
    methods: ["GET"],
  },
  "./routes/dodavatele/[ico].tsx": {
    owner: "town",
    path: (f) => `/dodavatele/${f.supplierIco}`,
    methods: ["GET"],
  },
  "./routes/opendata/faktury/[rok].json.ts": {
    exempt: "a year: the town's public invoices of that year, on its own host",
  },
  "./routes/opendata/rozpocet/[rok].json.ts": {
    exempt: "a year: the town's public budget of that year, on its own host",
  },
  "./routes/opendata/schema/[name].json.ts": {
    exempt: "a data set's name: the same public JSON Schema for every town",
  },
  "./routes/urad/aplikace/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/aplikace/${f.oidcClientId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/zpravy/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/zpravy/${f.broadcastId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/zpravy/[id]/stav.json.ts": {
    owner: "town",
    path: (f) => `/urad/zpravy/${f.broadcastId}/stav.json`,
    methods: ["GET"],
  },
  "./routes/aktuality/[id].tsx": {
    owner: "town",
    path: (f) => `/aktuality/${f.newsId}`,
    methods: ["GET"],
  },
  "./routes/urad/dotace/programy/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/programy/${f.grantProgrammeId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/programy/[id]/vyzva.tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/programy/${f.grantProgrammeId}/vyzva`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/vyzvy/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/vyzvy/${f.grantCallId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/vyzvy/[id]/komise.tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/vyzvy/${f.grantCallId}/komise`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/vyzvy/[id]/poradi.tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/vyzvy/${f.grantCallId}/poradi`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/vyzvy/[id]/rozhodnuti.tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/vyzvy/${f.grantCallId}/rozhodnuti`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/vyzvy/[id]/export.ts": {
    owner: "town",
    path: (f) => `/urad/dotace/vyzvy/${f.grantCallId}/export?dokument=poradi&format=xlsx`,
    methods: ["GET"],
  },
  // A committee member's pages: the demo clerk sits on the fixture call's committee; another
  // town's clerk (and a clerk of this town who does not sit on it: tests/grant_committee_test.ts)
  // gets 404.
  "./routes/urad/dotace/hodnoceni/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/hodnoceni/${f.grantCallId}`,
    methods: ["GET"],
  },
  "./routes/urad/dotace/hodnoceni/zadost/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/hodnoceni/zadost/${f.committeeApplicationId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/hodnoceni/zadost/[id]/prilohy/[fileId].ts": {
    owner: "town",
    path: (f) =>
      `/urad/dotace/hodnoceni/zadost/${f.committeeApplicationId}/prilohy/${f.committeeFileId}`,
    methods: ["GET"],
  },
  "./routes/dotace/[id].tsx": {
    owner: "town",
    path: (f) => `/dotace/${f.grantCallId}`,
    methods: ["GET"],
  },
  "./routes/dotace/[id]/zadost.tsx": {
    owner: "town",
    path: (f) => `/dotace/${f.grantCallId}/zadost`,
    methods: ["GET", "POST"],
  },
  "./routes/ucet/dotace/[id].tsx": {
    owner: "person",
    path: (f) => `/ucet/dotace/${f.awardApplicationId}`,
    methods: ["GET"],
  },
  "./routes/ucet/dotace/[id]/smlouva.tsx": {
    owner: "person",
    path: (f) => `/ucet/dotace/${f.awardApplicationId}/smlouva`,
    methods: ["GET", "POST"],
  },
  "./routes/ucet/dotace/[id]/smlouva.pdf.ts": {
    owner: "person",
    path: (f) => `/ucet/dotace/${f.awardApplicationId}/smlouva.pdf`,
    methods: ["GET"],
  },
  "./routes/ucet/dotace/[id]/smlouva.docx.ts": {
    owner: "person",
    path: (f) => `/ucet/dotace/${f.awardApplicationId}/smlouva.docx`,
    methods: ["GET"],
  },
  "./routes/ucet/dotace/[id]/vyuctovani.tsx": {
    owner: "person",
    path: (f) => `/ucet/dotace/${f.awardApplicationId}/vyuctovani`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/vyplaty/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/vyplaty/${f.payoutBatchId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/dotace/vyuctovani/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/dotace/vyuctovani/${f.awardApplicationId}`,
    methods: ["GET", "POST"],
  },
  "./routes/ucet/rezervace/[id].tsx": {
    owner: "person",
    path: (f) => `/ucet/rezervace/${f.appointmentId}`,
    methods: ["GET", "POST"],
  },
  "./routes/urad/rezervace/sluzby/[id].tsx": {
    owner: "town",
    path: (f) => `/urad/rezervace/sluzby/${f.appointmentServiceId}`,
    methods: ["GET", "POST"],
  },
  "./routes/rezervace/[slug].tsx": {
    owner: "town",
    // A service only Lipnice offers (Dubová Lhota has ID cards only).
    path: () => "/rezervace/stavebni-urad",
    methods: ["GET", "POST"],
  },
  "./routes/rezervace/dokonceni/[token].tsx": {
    exempt: "the hold's random token in the address is the capability (only its hash is " +
      "stored); a person's hold answers 404 to anyone else (tests/appointments_test.ts)",
  },
  "./routes/rezervace/potvrzeni/[token].tsx": {
    exempt: "the e-mailed confirmation token is the capability (only its hash is stored)",
  },
  "./routes/rezervace/sprava/[token].tsx": {
    exempt: "the e-mailed manage token is the capability (only its hash is stored)",
  },
  "./routes/kalendar/[token].ics.ts": {
    exempt: "the token in the address is the capability (only its hash is stored); another " +
      "town's host and a revoked token answer 404 (tests/ledger_test.ts)",
  },
};

/** A card payment attempt of the person, not yet at the gateway: its page is the payer's only. */
async function cardPaymentFixture(tenantId: string, personId: string, iban: string) {
  const db = getDb();
  const obligationId = (await insertLedgerObligation(db, tenantId, {
    personId,
    kind: "admin_fee",
    agenda: "poplatky",
    year: 2026,
    amountHalere: 10_000,
    dueDate: "2026-12-31",
    variableSymbol: `5${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    account: iban,
  }))!;
  return await db.transaction().execute(async (trx) => {
    const key = `idor-card-${crypto.randomUUID()}`;
    const order = await createPaymentOrder(trx, tenantId, {
      payerPersonId: personId,
      idempotencyKey: key,
      requestHash: "idor",
      account: iban,
      dueDate: "2026-12-31",
      items: [{ obligationId, amountHalere: 10_000 }],
      year: 2026,
    });
    const { payment } = await createCardPayment(trx, tenantId, {
      tenantSlug: "idor",
      personId,
      paymentOrderId: order.id,
      idempotencyKey: key,
      requestHash: "idor",
      amountHalere: 10_000,
    });
    return payment.id;
  });
}

/** A contract and an invoice of a supplier (an IČO no other town has) of the town. */
async function spendingFixture(tenantId: string) {
  const db = getDb();
  const supplierIco = `9${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  const imp = await db.insertInto("budget_imports").values({
    tenant_id: tenantId,
    kind: "seed",
    year: null,
    mode: "append",
    file_name: "idor",
    file_sha256: "0".repeat(64),
    row_count: 2,
    source: "seed",
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("accounting_entries").values({
    tenant_id: tenantId,
    import_id: imp.id,
    year: 2026,
    kind: "KDF",
    document: "IDOR-1",
    booked_on: "2026-11-30",
    paragraf: "3612",
    polozka: "5169",
    amount_halere: 10_000,
    supplier_ico: supplierIco,
    supplier_name: "IDOR s.r.o.",
    description: "IDOR",
  }).execute();
  const contract = await db.insertInto("contracts").values({
    tenant_id: tenantId,
    import_id: imp.id,
    register_id: `idor-${crypto.randomUUID()}`,
    subject: "IDOR",
    counterparty_ico: supplierIco,
    counterparty_name: "IDOR s.r.o.",
  }).returning("id").executeTakeFirstOrThrow();
  return { contractId: contract.id, supplierIco };
}

/** A broadcast of the town, already sent (nothing to start), and its news item. */
async function broadcastFixture(tenantId: string, clerkId: string) {
  const db = getDb();
  const b = await db.insertInto("broadcasts").values({
    tenant_id: tenantId,
    idempotency_key: `idor-${crypto.randomUUID()}`,
    subject: "IDOR: zpráva občanům",
    body: "Text zprávy.",
    sms_body: null,
    topics: ["culture"],
    channels: ["email"],
    send_at: new Date(),
    status: "sent",
    recipients_total: 0,
    created_by: clerkId,
    finished_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  const news = await db.insertInto("news_items").values({
    tenant_id: tenantId,
    broadcast_id: b.id,
    title: "IDOR: aktualita",
    body: "Text aktuality.",
  }).returning("id").executeTakeFirstOrThrow();
  return { broadcastId: b.id, newsId: news.id };
}

/** A grant programme of the town and a call of it that has closed (no workflow to start). */
async function grantFixture(tenantId: string) {
  const db = getDb();
  const key = crypto.randomUUID();
  const programme = await db.insertInto("grant_programmes").values({
    tenant_id: tenantId,
    title: `IDOR: program ${key.slice(0, 8)}`,
    purpose: "Účel programu.",
    eligible_applicants: "Spolky.",
    applicant_kinds: ["organisation"],
    total_halere: 10_000_000,
    min_grant_halere: 100_000,
    max_grant_halere: 1_000_000,
    cofinancing_bp: 3000,
    eligible_costs: "Nájem.",
    ineligible_costs: "Alkohol.",
    legal_basis: "Zákon č. 250/2000 Sb.",
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("grant_cost_categories").values({
    tenant_id: tenantId,
    programme_id: programme.id,
    position: 1,
    code: "najem",
    name: "Nájem",
    eligible: true,
  }).execute();
  await db.insertInto("grant_criteria").values({
    tenant_id: tenantId,
    programme_id: programme.id,
    position: 1,
    name: "Přínos",
    weight: 100,
  }).execute();
  const call = await db.insertInto("grant_calls").values({
    tenant_id: tenantId,
    programme_id: programme.id,
    idempotency_key: `idor-${key}`,
    title: "IDOR: výzva",
    opens_at: new Date("2026-01-01T08:00:00Z"),
    closes_at: new Date("2026-02-01T08:00:00Z"),
    decision_deadline: "2026-03-01",
    settlement_deadline: "2027-01-31",
    project_from: "2026-01-01",
    project_to: "2026-12-31",
    state: "closed",
  }).returning("id").executeTakeFirstOrThrow();
  return { grantProgrammeId: programme.id, grantCallId: call.id };
}

/**
 * The person's grant after the decision: a confirmed contract, a payout in a batch of the town,
 * a settlement report filed (so the applicant's and the clerk's pages all have something).
 */
async function awardFixture(tenantId: string, personId: string, callId: string) {
  const db = getDb();
  const { applicationId } = await insertGrantApplication({
    tenantId,
    callId,
    personId,
    state: "settlement_submitted",
    askedHalere: 500_000,
    grantedHalere: 500_000,
    settlementDue: "2027-01-31",
  });
  await db.updateTable("grant_applications").set({ paid_halere: 500_000 })
    .where("id", "=", applicationId).execute();
  const contract = await db.insertInto("grant_contracts").values({
    tenant_id: tenantId,
    application_id: applicationId,
    number: `SD-IDOR-${crypto.randomUUID()}`,
    granted_halere: 500_000,
    instalments: 1,
    settlement_due: "2027-01-31",
    template_version: "idor",
    docx: new TextEncoder().encode("PK idor"),
    pdf: new TextEncoder().encode("%PDF-1.4 idor"),
    sha256: "0".repeat(64),
    confirmed_at: new Date(),
    confirmed_by: personId,
  }).returning("id").executeTakeFirstOrThrow();
  const batch = await db.insertInto("grant_payout_batches").values({
    tenant_id: tenantId,
    number: `IDOR-${crypto.randomUUID()}`,
    idempotency_key: `idor-${crypto.randomUUID()}`,
    payouts: 1,
    total_halere: 500_000,
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("grant_payouts").values({
    tenant_id: tenantId,
    application_id: applicationId,
    contract_id: contract.id,
    instalment: 1,
    amount_halere: 500_000,
    due_on: "2026-12-31",
    account: "19-2000145399/0800",
    variable_symbol: "2026000001",
    state: "exported",
    export_batch: batch.id,
    exported_at: new Date(),
  }).execute();
  await db.insertInto("grant_settlements").values({
    tenant_id: tenantId,
    application_id: applicationId,
    submitted_by: personId,
    spent_halere: 700_000,
    eligible_halere: 500_000,
    report: "Zpráva o použití dotace pro test IDOR.",
  }).execute();
  return { awardApplicationId: applicationId, payoutBatchId: batch.id };
}

/** One object of the demo town "Lipnice" for each kind of route (created fresh where needed). */
/** A zábor case of the person with its permit issued. */
async function insertPermitCase(tenantId: string, personId: string): Promise<string> {
  const db = getDb();
  const c = await db.insertInto("cases").values({
    tenant_id: tenantId,
    reference: `IDOR-${crypto.randomUUID()}`,
    form_slug: "zabor-verejneho-prostranstvi",
    agenda: "poplatky",
    person_id: personId,
    acting_for: null,
    on_behalf_of: null,
    idempotency_key: `idor-${crypto.randomUUID()}`,
    values: JSON.stringify({}),
    assigned_clerk_id: null,
    last_clerk_id: null,
    due_at: new Date(Date.now() + 86_400_000),
    updated_at: new Date(),
    escalated_at: null,
    decision_text: null,
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("public_space_occupations").values({
    tenant_id: tenantId,
    case_id: c.id,
    street: "Náměstí Míru",
    street_key: "namesti miru",
    area_m2: 4,
    purpose: "stall",
    date_from: "2027-06-01",
    date_to: "2027-06-02",
    fee_halere: 24_000,
    permit_number: "ZAB-2027/000001",
    permit_issued_at: new Date(),
  }).execute();
  return c.id;
}

export async function objectFixtures(): Promise<Fixtures> {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const notice = await db.selectFrom("notices").select("id").where("tenant_id", "=", lipnice.id)
    .where("idempotency_key", "=", "seed-rozpocet-2027").executeTakeFirstOrThrow();
  const document = await db.selectFrom("notice_documents").select("id")
    .where("notice_id", "=", notice.id).executeTakeFirstOrThrow();
  const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow();
  const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "urednik").executeTakeFirstOrThrow();
  const representation = await db.insertInto("representations").values({
    tenant_id: lipnice.id,
    idempotency_key: `idor-${crypto.randomUUID()}`,
    representative_id: person.id,
    kind: "power_of_attorney",
    represented_name: "Zdeňka Horáková",
    scope: ["poplatky"],
    document_name: "plna-moc.pdf",
    document_type: "application/pdf",
    document: new TextEncoder().encode("%PDF-1.4 plná moc"),
  }).returning("id").executeTakeFirstOrThrow();
  const filed = await db.insertInto("cases").values({
    tenant_id: lipnice.id,
    reference: `IDOR-${crypto.randomUUID()}`,
    form_slug: "poplatek-ze-psa",
    agenda: "poplatky",
    person_id: person.id,
    acting_for: null,
    on_behalf_of: null,
    idempotency_key: `idor-${crypto.randomUUID()}`,
    values: JSON.stringify({}),
    assigned_clerk_id: null,
    last_clerk_id: null,
    due_at: new Date(Date.now() + 86_400_000),
    updated_at: new Date(),
    escalated_at: null,
    decision_text: null,
  }).returning("id").executeTakeFirstOrThrow();
  const caseFile = await db.insertInto("attachments").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    case_id: filed.id,
    field: "proof",
    file_name: "doklad.pdf",
    media_type: "application/pdf",
    size_bytes: 13,
    sha256: "0".repeat(64),
    content: new TextEncoder().encode("%PDF-1.4 test"),
  }).returning("id").executeTakeFirstOrThrow();
  const defectId = await insertDefectReport(db, {
    tenantId: lipnice.id,
    personId: person.id,
    category: "zelen",
    place: "Lesní, Lipnice nad Hájem",
  });
  // A bank statement of the town with one unmatched line (the clerk's statement pages).
  const statement = await db.insertInto("bank_statements").values({
    tenant_id: lipnice.id,
    identity: `idor:${crypto.randomUUID()}`,
    format: "gpc",
    account: lipnice.iban,
    statement_number: "1",
    statement_date: "2026-11-30",
    file_name: "idor.gpc",
    file_sha256: "0".repeat(64),
    source: "upload",
    imported_by: null,
    line_count: 1,
  }).returning("id").executeTakeFirstOrThrow();
  const statementLine = await db.insertInto("statement_lines").values({
    tenant_id: lipnice.id,
    statement_id: statement.id,
    line_no: 1,
    account: lipnice.iban,
    bank_ref: `idor-${crypto.randomUUID()}`,
    booking_date: "2026-11-30",
    amount_halere: 12_300,
    counter_account: null,
    counter_name: "IDOR",
    variable_symbol: null,
    constant_symbol: null,
    specific_symbol: null,
    message: null,
  }).returning("id").executeTakeFirstOrThrow();
  const cardPaymentId = await cardPaymentFixture(lipnice.id, person.id, lipnice.iban);
  // The ledger: an obligation of the person, a payment order of theirs, a payment to it.
  const obligationId = (await insertLedgerObligation(db, lipnice.id, {
    personId: person.id,
    kind: "waste_fee",
    agenda: "poplatky",
    year: 2026,
    amountHalere: 80_000,
    dueDate: "2026-12-31",
    variableSymbol: uniqueVs(),
    account: lipnice.iban,
  }))!;
  const { paymentOrderId, paymentId } = await db.transaction().execute(async (trx) => {
    const order = await createPaymentOrder(trx, lipnice.id, {
      payerPersonId: person.id,
      idempotencyKey: `idor-${crypto.randomUUID()}`,
      requestHash: "idor",
      account: lipnice.iban,
      dueDate: "2026-12-31",
      items: [{ obligationId, amountHalere: 80_000 }],
      year: 2026,
    });
    const payment = await bookPayment(trx, lipnice.id, {
      kind: "bank",
      amountHalere: 10_000,
      receivedOn: "2026-11-30",
      obligationId,
      sourceKey: `idor-${crypto.randomUUID()}`,
    });
    return { paymentOrderId: order.id, paymentId: payment! };
  });
  const { contractId, supplierIco } = await spendingFixture(lipnice.id);
  const { broadcastId, newsId } = await broadcastFixture(lipnice.id, clerk.id);
  const { grantProgrammeId, grantCallId } = await grantFixture(lipnice.id);
  const { applicationId: committeeApplicationId, caseId: committeeCaseId } =
    await insertGrantApplication({
      tenantId: lipnice.id,
      callId: grantCallId,
      personId: person.id,
      state: "formally_ok",
    });
  const committeeFile = await db.insertInto("attachments").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    case_id: committeeCaseId,
    field: "attachments",
    file_name: "stanovy.pdf",
    media_type: "application/pdf",
    size_bytes: 13,
    sha256: "0".repeat(64),
    content: new TextEncoder().encode("%PDF-1.4 test"),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("grant_committee_members").values({
    tenant_id: lipnice.id,
    call_id: grantCallId,
    clerk_id: clerk.id,
    role: "chair",
  }).execute();
  const { awardApplicationId, payoutBatchId } = await awardFixture(
    lipnice.id,
    person.id,
    grantCallId,
  );
  const appointment = await db.selectFrom("appointments").select("id")
    .where("tenant_id", "=", lipnice.id).where("person_id", "=", person.id)
    .where("status", "=", "booked").orderBy("starts_at").executeTakeFirstOrThrow();
  const appointmentService = await db.selectFrom("appointment_services").select("id")
    .where("tenant_id", "=", lipnice.id).where("slug", "=", "stavebni-urad")
    .executeTakeFirstOrThrow();
  const oidcClient = await insertOidcClient(db, lipnice.id, {
    clientId: `idor-${crypto.randomUUID()}`,
    name: "Aplikace pro test IDOR",
    redirectUris: ["https://aplikace.example/callback"],
    firstParty: false,
    agenda: null,
    backchannelLogoutUri: null,
    secretHash: "idor-not-a-real-hash",
    createdBy: null,
  });
  return {
    oidcClientId: oidcClient.id,
    appointmentId: appointment.id,
    appointmentServiceId: appointmentService.id,
    awardApplicationId,
    payoutBatchId,
    grantProgrammeId,
    grantCallId,
    committeeApplicationId,
    committeeFileId: committeeFile.id,
    broadcastId,
    newsId,
    contractId,
    supplierIco,
    obligationId,
    paymentOrderId,
    paymentId,
    cardPaymentId,
    statementId: statement.id,
    statementLineId: statementLine.id,
    caseId: filed.id,
    permitCaseId: await insertPermitCase(lipnice.id, person.id),
    caseFileId: caseFile.id,
    noticeId: notice.id,
    documentId: document.id,
    personId: person.id,
    clerkId: clerk.id,
    representationId: representation.id,
    defectId,
  };
}
