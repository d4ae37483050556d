// Frozen: never import app code here.
//
// Grants (issue 14), the committee's proposal: a proposal is an amount (`proposed_halere`, may
// be less than asked) or a proposal to refuse (`proposed_halere = 0` with its reason in
// `proposal_reason`); who proposed it and when. The ranking page and the council's papers read
// them. Scores are read per application and member.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table grant_applications
    add column proposal_reason text,
    add column proposed_by uuid references clerks(id),
    add column proposed_at timestamptz,
    add constraint grant_applications_proposal_reason_check
      check (proposal_reason is null or proposed_halere = 0)`.execute(db);
  await sql`create index grant_scores_application_idx on grant_scores (tenant_id, application_id)`
    .execute(db);
  await sql`create index grant_committee_members_clerk_idx
    on grant_committee_members (tenant_id, clerk_id) where removed_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index grant_committee_members_clerk_idx`.execute(db);
  await sql`drop index grant_scores_application_idx`.execute(db);
  await sql`alter table grant_applications
    drop constraint grant_applications_proposal_reason_check,
    drop column proposed_at,
    drop column proposed_by,
    drop column proposal_reason`.execute(db);
}
