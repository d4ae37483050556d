// Frozen: never import app code here.
//
// Grants (issue 14), the whole domain at once so later slices only add code:
//
// - grant_programmes: what the town funds (purpose, who may apply, the total, the minimum and
//   maximum grant, the applicant's co-financing share in basis points, eligible and ineligible
//   costs, the application form's slug, how the settlement deadline is set, the legal basis) and
//   `granted_halere`, the running sum of granted amounts, which a check keeps within the total:
//   a decision adds to it with one UPDATE (a row lock), so concurrent decisions serialise and
//   the one that does not fit is refused (db/repositories/grants.ts `reserveGrantedAmount`).
// - grant_cost_categories: the programme's cost categories, each eligible or not; an
//   application's budget lines name one.
// - grant_criteria: evaluation criteria with weights (percent; a programme's weights sum to 100)
//   and the highest score a member may give.
// - grant_calls: one application window of a programme (opens_at/closes_at), the decision and
//   settlement deadlines, the period the grant may fund, its state (draft → scheduled → open →
//   closed → decided), and its workflow (`<slug>/grant-call/<id>`, which opens and closes it).
// - grant_applications: one per applicant and call (the case kit's case when filed), with
//   amounts asked / proposed / granted / paid / returned / settled in haléře and its state.
// - grant_budget_items: the application's budget (and the settlement report's, `kind`).
// - grant_committee_members, grant_conflicts, grant_scores: the call's committee, conflicts of
//   interest declared per application (a trigger refuses a score from a conflicted member),
//   scores per criterion.
// - grant_decisions, grant_contracts, grant_payouts, grant_settlements, grant_reminders: the
//   council's decision, the contract, payout instalments, settlement reports, reminders sent.
//
// Money is integer haléře (bigint). Every table has tenant_id; unique keys make every
// activity's write idempotent.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table grant_programmes (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    title text not null,
    purpose text not null,
    -- who may apply, in words, and as kinds of applicant
    eligible_applicants text not null,
    applicant_kinds text[] not null,
    total_halere bigint not null check (total_halere > 0),
    min_grant_halere bigint not null check (min_grant_halere > 0),
    max_grant_halere bigint not null,
    -- the applicant's own share of the project's total budget, at least (basis points)
    cofinancing_bp integer not null check (cofinancing_bp between 0 and 9999),
    eligible_costs text not null,
    ineligible_costs text not null,
    form_slug text not null default 'zadost-o-dotaci',
    -- the settlement deadline: a fixed date per call ('fixed'), or N days after the funded
    -- project ends ('after_project')
    settlement_rule text not null default 'fixed'
      check (settlement_rule in ('fixed', 'after_project')),
    settlement_days integer check (settlement_days between 1 and 365),
    legal_basis text not null,
    -- installments: at most this many payouts per contract
    max_instalments integer not null default 1 check (max_instalments between 1 and 12),
    granted_halere bigint not null default 0,
    version integer not null default 1,
    created_by uuid references clerks(id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    archived_at timestamptz,
    unique (tenant_id, title),
    unique (tenant_id, id),
    check (min_grant_halere <= max_grant_halere and max_grant_halere <= total_halere),
    check (granted_halere >= 0 and granted_halere <= total_halere),
    check (cardinality(applicant_kinds) > 0
      and applicant_kinds <@ array['person', 'entrepreneur', 'organisation']::text[]),
    check ((settlement_rule = 'after_project') = (settlement_days is not null))
  )`.execute(db);

  await sql`create table grant_cost_categories (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    programme_id uuid not null references grant_programmes(id) on delete cascade,
    position integer not null,
    code text not null,
    name text not null,
    eligible boolean not null,
    unique (programme_id, code),
    unique (programme_id, position),
    unique (tenant_id, id)
  )`.execute(db);

  await sql`create table grant_criteria (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    programme_id uuid not null references grant_programmes(id) on delete cascade,
    position integer not null,
    name text not null,
    description text not null default '',
    weight integer not null check (weight between 1 and 100),
    max_score integer not null default 10 check (max_score between 1 and 100),
    unique (programme_id, position),
    unique (tenant_id, id)
  )`.execute(db);

  await sql`create table grant_calls (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    programme_id uuid not null references grant_programmes(id),
    -- the clerk's form token: a double submit announces one call
    idempotency_key text not null,
    title text not null,
    opens_at timestamptz not null,
    closes_at timestamptz not null,
    decision_deadline date not null,
    settlement_deadline date,
    project_from date not null,
    project_to date not null,
    state text not null default 'draft'
      check (state in ('draft', 'scheduled', 'open', 'closed', 'decided')),
    workflow_id text,
    -- bumped by every change of the dates; the workflow's signal carries it
    version integer not null default 1,
    opened_at timestamptz,
    closed_at timestamptz,
    decided_at timestamptz,
    created_by uuid references clerks(id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, idempotency_key),
    unique (tenant_id, id),
    check (closes_at > opens_at),
    check (decision_deadline >= (closes_at at time zone 'Europe/Prague')::date),
    check (project_to >= project_from),
    check (settlement_deadline is null or settlement_deadline >= project_to)
  )`.execute(db);
  await sql`create index grant_calls_programme_idx on grant_calls (tenant_id, programme_id)`
    .execute(db);
  await sql`create index grant_calls_public_idx on grant_calls (tenant_id, state, opens_at)`
    .execute(db);

  await sql`create table grant_applications (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    call_id uuid not null references grant_calls(id),
    programme_id uuid not null references grant_programmes(id),
    -- the case kit's case once filed (its reference, timeline, attachments)
    case_id uuid references cases(id),
    reference text,
    person_id uuid not null references persons(id),
    acting_for uuid references representations(id),
    idempotency_key text not null,
    applicant_kind text not null check (applicant_kind in ('person', 'entrepreneur', 'organisation')),
    applicant_name text not null,
    applicant_ico text,
    -- § 10a(3) of Act 250/2000 Sb.: purpose, period, justification; representatives and
    -- ownership of a legal person are in values (the form's answers)
    purpose text not null,
    project_from date not null,
    project_to date not null,
    justification text not null default '',
    values jsonb not null default '{}',
    state text not null default 'draft' check (state in (
      'draft', 'submitted', 'returned', 'lapsed', 'formally_ok', 'excluded', 'evaluated',
      'proposed', 'granted', 'refused', 'contracted', 'paid', 'settlement_submitted',
      'return_requested', 'closed', 'withdrawn')),
    total_budget_halere bigint not null check (total_budget_halere > 0),
    asked_halere bigint not null check (asked_halere > 0),
    proposed_halere bigint check (proposed_halere >= 0),
    granted_halere bigint check (granted_halere >= 0),
    paid_halere bigint not null default 0 check (paid_halere >= 0),
    settled_halere bigint check (settled_halere >= 0),
    returned_halere bigint not null default 0 check (returned_halere >= 0),
    rank integer,
    completion_deadline timestamptz,
    settlement_due date,
    workflow_id text,
    submitted_at timestamptz,
    decided_at timestamptz,
    closed_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, reference),
    unique (tenant_id, person_id, idempotency_key),
    unique (case_id),
    unique (tenant_id, id),
    check (asked_halere <= total_budget_halere),
    check (granted_halere is null or granted_halere <= asked_halere),
    check (paid_halere <= coalesce(granted_halere, 0)),
    check (project_to >= project_from)
  )`.execute(db);
  await sql`create index grant_applications_call_idx on grant_applications (tenant_id, call_id, state)`
    .execute(db);
  await sql`create index grant_applications_person_idx on grant_applications (tenant_id, person_id)`
    .execute(db);

  await sql`create table grant_budget_items (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    application_id uuid not null references grant_applications(id) on delete cascade,
    -- the application's budget, or a settlement report's actual costs (settlement round)
    kind text not null check (kind in ('application', 'settlement')),
    round integer not null default 0,
    position integer not null,
    cost_category_id uuid not null references grant_cost_categories(id),
    description text not null,
    amount_halere bigint not null check (amount_halere >= 0),
    -- the part of this line paid from the grant
    grant_halere bigint not null check (grant_halere >= 0 and grant_halere <= amount_halere),
    unique (application_id, kind, round, position)
  )`.execute(db);

  await sql`create table grant_committee_members (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    call_id uuid not null references grant_calls(id),
    clerk_id uuid not null references clerks(id),
    role text not null default 'member' check (role in ('chair', 'member')),
    added_by uuid references clerks(id),
    added_at timestamptz not null default now(),
    removed_at timestamptz,
    unique (call_id, clerk_id),
    unique (tenant_id, id)
  )`.execute(db);

  await sql`create table grant_conflicts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    member_id uuid not null references grant_committee_members(id),
    application_id uuid not null references grant_applications(id),
    statement text not null,
    declared_at timestamptz not null default now(),
    unique (member_id, application_id)
  )`.execute(db);

  await sql`create table grant_scores (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    application_id uuid not null references grant_applications(id),
    member_id uuid not null references grant_committee_members(id),
    criterion_id uuid not null references grant_criteria(id),
    score integer not null check (score >= 0),
    comment text not null default '',
    scored_at timestamptz not null default now(),
    unique (application_id, member_id, criterion_id)
  )`.execute(db);
  // A member who declared a conflict with an application can never score it, whatever the
  // code above the database does.
  await sql`create function grant_scores_refuse_conflict() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from grant_conflicts c
                 where c.member_id = new.member_id and c.application_id = new.application_id) then
        raise exception 'grant member % has a declared conflict with application %',
          new.member_id, new.application_id using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger grant_scores_conflict before insert or update on grant_scores
    for each row execute function grant_scores_refuse_conflict()`.execute(db);

  await sql`create table grant_decisions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    application_id uuid not null references grant_applications(id),
    outcome text not null check (outcome in ('granted', 'refused')),
    granted_halere bigint not null default 0 check (granted_halere >= 0),
    reason text,
    -- the council's resolution (usnesení) and its date
    resolution text not null,
    decided_on date not null,
    recorded_by uuid references clerks(id),
    created_at timestamptz not null default now(),
    unique (application_id),
    unique (tenant_id, id),
    check ((outcome = 'granted') = (granted_halere > 0)),
    check (outcome = 'granted' or reason is not null)
  )`.execute(db);

  await sql`create table grant_contracts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    application_id uuid not null references grant_applications(id),
    number text not null,
    granted_halere bigint not null check (granted_halere > 0),
    instalments integer not null default 1 check (instalments between 1 and 12),
    settlement_due date not null,
    template_version text not null,
    docx bytea,
    pdf bytea,
    sha256 text,
    confirmed_at timestamptz,
    confirmed_by uuid references persons(id),
    created_at timestamptz not null default now(),
    unique (application_id),
    unique (tenant_id, number),
    unique (tenant_id, id)
  )`.execute(db);

  await sql`create table grant_payouts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    application_id uuid not null references grant_applications(id),
    contract_id uuid not null references grant_contracts(id),
    instalment integer not null check (instalment >= 1),
    amount_halere bigint not null check (amount_halere > 0),
    due_on date not null,
    account text not null,
    variable_symbol text not null,
    state text not null default 'planned' check (state in ('planned', 'exported', 'paid')),
    export_batch text,
    exported_at timestamptz,
    paid_at timestamptz,
    unique (contract_id, instalment),
    unique (tenant_id, id)
  )`.execute(db);

  await sql`create table grant_settlements (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    application_id uuid not null references grant_applications(id),
    round integer not null default 1,
    submitted_by uuid not null references persons(id),
    submitted_at timestamptz not null default now(),
    late boolean not null default false,
    spent_halere bigint not null check (spent_halere >= 0),
    eligible_halere bigint not null check (eligible_halere >= 0),
    report text not null,
    state text not null default 'submitted'
      check (state in ('submitted', 'accepted', 'return_requested', 'resubmission_requested')),
    return_halere bigint check (return_halere >= 0),
    return_reason text,
    obligation_id uuid references obligations(id),
    decided_by uuid references clerks(id),
    decided_at timestamptz,
    unique (application_id, round),
    unique (tenant_id, id)
  )`.execute(db);

  await sql`create table grant_reminders (
    id bigserial primary key,
    tenant_id uuid not null references tenants(id),
    application_id uuid not null references grant_applications(id),
    kind text not null check (kind in
      ('completion_due', 'settlement_before', 'settlement_due', 'settlement_overdue')),
    sent_at timestamptz not null default now(),
    unique (application_id, kind)
  )`.execute(db);

  // The public grant pages (/dotace) show programmes, their categories and criteria, and calls.
  for (const table of PUBLIC_TABLES) {
    await sql`create trigger ${sql.raw(`${table}_portal_cache`)}
      after insert or update or delete on ${sql.table(table)}
      for each row execute function portal_cache_notify('grants')`.execute(db);
  }
}

const PUBLIC_TABLES = [
  "grant_programmes",
  "grant_cost_categories",
  "grant_criteria",
  "grant_calls",
] as const;

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of PUBLIC_TABLES) {
    await sql`drop trigger ${sql.raw(`${table}_portal_cache`)} on ${sql.table(table)}`.execute(db);
  }
  for (
    const table of [
      "grant_reminders",
      "grant_settlements",
      "grant_payouts",
      "grant_contracts",
      "grant_decisions",
      "grant_scores",
      "grant_conflicts",
      "grant_committee_members",
      "grant_budget_items",
      "grant_applications",
      "grant_calls",
      "grant_criteria",
      "grant_cost_categories",
      "grant_programmes",
    ]
  ) await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`drop function grant_scores_refuse_conflict()`.execute(db);
}
