/**
 * A grant application as it stands in the database after filing (and, with `state`, after any
 * later step), without running a workflow: the kit's case (a reference from the filing office,
 * the grants situation `zadost-o-dotaci`, agenda `dotace`, filed values) and its
 * `grant_applications` row, consistent with the call's programme (the amount asked within the
 * programme's minimum and maximum, the co-financing share kept), with budget lines
 * (`grant_budget_items`, kind `application`) in the programme's eligible cost categories.
 * For tests of later steps (committee, decision, contract, payout, settlement) and of pages.
 */
import { getDb } from "../../lib/db.ts";
import { nextReferenceNumber } from "../../db/repositories/cases.ts";
import { formatReference, pragueYear, referencePrefix } from "../../domain/cases.ts";
import { caseWorkflowId } from "../../domain/workflows.ts";

export type FixtureApplicantKind = "person" | "entrepreneur" | "organisation";

export interface GrantApplicationFixture {
  tenantId: string;
  callId: string;
  personId: string;
  /** grant_applications.state (default `submitted`). */
  state?: string;
  askedHalere?: bigint | number;
  totalBudgetHalere?: bigint | number;
  applicantKind?: FixtureApplicantKind;
  applicantName?: string;
  applicantIco?: string | null;
  /** The representation the person acted under (an organisation's application). */
  actingFor?: string | null;
  /** grant_applications.settlement_due (ISO date). */
  settlementDue?: string | null;
  /** grant_applications.completion_deadline. */
  completionDeadline?: Date | null;
  grantedHalere?: bigint | number | null;
}

/** The case's state that goes with an application's state. */
function caseStateOf(state: string): string {
  switch (state) {
    case "draft":
    case "submitted":
      return "filed";
    case "returned":
      return "returned";
    case "excluded":
      return "rejected";
    case "lapsed":
    case "withdrawn":
      return "closed";
    default:
      return "approved";
  }
}

export async function insertGrantApplication(
  opts: GrantApplicationFixture,
): Promise<{ applicationId: string; caseId: string; reference: string }> {
  const db = getDb();
  const call = await db.selectFrom("grant_calls")
    .innerJoin("grant_programmes", "grant_programmes.id", "grant_calls.programme_id")
    .select([
      "grant_calls.programme_id",
      "grant_calls.title as call_title",
      "grant_calls.project_from",
      "grant_calls.project_to",
      "grant_programmes.applicant_kinds",
      "grant_programmes.min_grant_halere",
      "grant_programmes.max_grant_halere",
      "grant_programmes.cofinancing_bp",
    ])
    .where("grant_calls.tenant_id", "=", opts.tenantId)
    .where("grant_calls.id", "=", opts.callId)
    .executeTakeFirstOrThrow();
  const categories = await db.selectFrom("grant_cost_categories")
    .select(["id", "code", "name"])
    .where("tenant_id", "=", opts.tenantId)
    .where("programme_id", "=", call.programme_id)
    .where("eligible", "=", true)
    .orderBy("position").execute();
  if (!categories.length) throw new Error("the programme has no eligible cost category");

  const asked = BigInt(opts.askedHalere ?? call.min_grant_halere);
  // The smallest whole-crown budget that keeps the applicant's co-financing share.
  const minTotal = (asked * 10000n + BigInt(9999 - call.cofinancing_bp)) /
    BigInt(10000 - call.cofinancing_bp);
  const total = BigInt(opts.totalBudgetHalere ?? ((minTotal + 99n) / 100n) * 100n);
  const kind = opts.applicantKind ??
    (call.applicant_kinds.includes("organisation")
      ? "organisation"
      : call.applicant_kinds[0] as FixtureApplicantKind);
  const name = opts.applicantName ??
    (kind === "organisation" ? "Spolek Testovací, z. s." : "Testovací Žadatel");
  const ico = opts.applicantIco !== undefined
    ? opts.applicantIco
    : kind === "person"
    ? null
    : "12345678";
  const state = opts.state ?? "submitted";

  // Two budget lines when there are two categories: the first carries most of the grant.
  const lines = categories.length > 1 && total >= 200n
    ? (() => {
      const firstAmount = (total / 200n) * 100n;
      const firstGrant = asked < firstAmount ? asked : firstAmount;
      return [
        { cat: categories[0], amount: firstAmount, grant: firstGrant },
        { cat: categories[1], amount: total - firstAmount, grant: asked - firstGrant },
      ];
    })()
    : [{ cat: categories[0], amount: total, grant: asked }];
  const purpose = "Celoroční činnost oddílu pro děti a mládež";
  const projectFrom = String(call.project_from).slice(0, 10);
  const projectTo = String(call.project_to).slice(0, 10);

  return await db.transaction().execute(async (trx) => {
    const tenant = await trx.selectFrom("tenants").select(["slug", "settings"])
      .where("id", "=", opts.tenantId).executeTakeFirstOrThrow();
    const now = new Date();
    const year = pragueYear(now);
    const prefix = referencePrefix(tenant.slug, tenant.settings as Record<string, unknown>);
    const reference = formatReference(
      prefix,
      year,
      await nextReferenceNumber(trx, opts.tenantId, year, prefix),
    );
    const caseId = crypto.randomUUID();
    const workflowId = caseWorkflowId(tenant.slug, caseId);
    const key = `test-${crypto.randomUUID()}`;
    const values = {
      callId: opts.callId,
      applicantKind: kind,
      applicantName: name,
      applicantIco: ico ?? "",
      purpose,
      projectFrom,
      projectTo,
      justification: "Oddíl pracuje s 40 dětmi z obce každý týden.",
      askedKc: Number(asked) / 100,
      budget: lines.map((l) => ({
        category: l.cat.code,
        description: l.cat.name,
        amountKc: Number(l.amount) / 100,
        grantKc: Number(l.grant) / 100,
      })),
      representatives: kind === "organisation" ? "Jan Testovací, předseda" : "",
      ownership: kind === "organisation" ? "Spolek nemá podíly v jiných osobách." : "",
    };
    await trx.insertInto("cases").values({
      id: caseId,
      tenant_id: opts.tenantId,
      reference,
      form_slug: "zadost-o-dotaci",
      agenda: "dotace",
      person_id: opts.personId,
      acting_for: opts.actingFor ?? null,
      on_behalf_of: null,
      idempotency_key: key,
      values: JSON.stringify(values),
      state: caseStateOf(state),
      assigned_clerk_id: null,
      last_clerk_id: null,
      due_at: new Date(now.getTime() + 30 * 86_400_000),
      escalated_at: null,
      decision_text: null,
      workflow_id: workflowId,
      updated_at: now,
    } as never).execute();
    await trx.insertInto("case_events").values({
      tenant_id: opts.tenantId,
      case_id: caseId,
      event_key: `case/${caseId}:filed:1`,
      actor_type: "person",
      actor_id: opts.personId,
      kind: "filed",
      visible_to_citizen: true,
      params: JSON.stringify({ reference }),
      occurred_at: now,
    } as never).execute();
    const granted = opts.grantedHalere ?? null;
    const app = await trx.insertInto("grant_applications").values({
      tenant_id: opts.tenantId,
      call_id: opts.callId,
      programme_id: call.programme_id,
      case_id: caseId,
      reference,
      person_id: opts.personId,
      acting_for: opts.actingFor ?? null,
      idempotency_key: key,
      applicant_kind: kind,
      applicant_name: name,
      applicant_ico: ico,
      purpose,
      project_from: projectFrom,
      project_to: projectTo,
      justification: values.justification,
      values: JSON.stringify(values),
      state,
      total_budget_halere: total,
      asked_halere: asked,
      granted_halere: granted === null ? null : BigInt(granted),
      completion_deadline: opts.completionDeadline ?? null,
      settlement_due: opts.settlementDue ?? null,
      workflow_id: workflowId,
      submitted_at: state === "draft" ? null : now,
    } as never).returning("id").executeTakeFirstOrThrow();
    let position = 1;
    for (const l of lines) {
      await trx.insertInto("grant_budget_items").values({
        tenant_id: opts.tenantId,
        application_id: app.id,
        kind: "application",
        round: 0,
        position: position++,
        cost_category_id: l.cat.id,
        description: l.cat.name,
        amount_halere: l.amount,
        grant_halere: l.grant,
      } as never).execute();
    }
    return { applicationId: app.id, caseId, reference };
  });
}
