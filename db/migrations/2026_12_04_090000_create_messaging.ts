// Frozen: never import app code here.
//
// Messages (issue 13): the town's street register, subscriptions without an account (double
// opt-in, consent recorded), a person's message preferences and quiet hours, message templates,
// broadcasts with one row per recipient and channel (their delivery status), news items on the
// website, and the history of every message sent to a person (outbox_messages gains the person,
// the kind of message, the delivery status and the gateway's receipts; its body is kept unless
// it is a secret such as a one-time code).
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

const TOPICS = `('crisis', 'outages', 'waste', 'culture', 'council')`;

export async function up(db: Kysely<any>): Promise<void> {
  // The street register: every street of the town with the part of the town (část obce) it lies in.
  await sql`create table streets (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    name text not null,
    part text not null,
    created_at timestamptz not null default now(),
    unique (tenant_id, name),
    unique (tenant_id, id)
  )`.execute(db);

  // One subscription per town, channel and address: an e-mail (lower-cased) or a phone (E.164).
  // A person's own news subscription (from /ucet/nastaveni) is a row with person_id set, active
  // at once (the contact is verified); an anonymous one starts 'pending' until confirmed.
  await sql`create table subscribers (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    channel text not null check (channel in ('email', 'sms')),
    address text not null,
    person_id uuid references persons(id),
    status text not null default 'pending' check (status in ('pending', 'active', 'unsubscribed')),
    -- sha256 (hex) of the confirmation link's token or the SMS code, while pending
    confirm_secret_hash text,
    confirm_expires_at timestamptz,
    confirm_attempts integer not null default 0,
    -- the capability in every message's unsubscribe link (random, url-safe)
    unsubscribe_token text not null,
    -- no street chosen: the whole town
    all_streets boolean not null default true,
    language text not null default 'cs' check (language in ('cs', 'en')),
    created_at timestamptz not null default now(),
    confirmed_at timestamptz,
    unsubscribed_at timestamptz,
    updated_at timestamptz not null default now(),
    unique (tenant_id, channel, address),
    unique (unsubscribe_token),
    unique (tenant_id, id)
  )`.execute(db);
  await sql`create index subscribers_person_idx on subscribers (tenant_id, person_id)
    where person_id is not null`.execute(db);
  await sql`create table subscriber_topics (
    tenant_id uuid not null,
    subscriber_id uuid not null references subscribers(id) on delete cascade,
    topic text not null check (topic in ${sql.raw(TOPICS)}),
    primary key (subscriber_id, topic)
  )`.execute(db);
  await sql`create index subscriber_topics_topic_idx on subscriber_topics (tenant_id, topic)`
    .execute(db);
  await sql`create table subscriber_streets (
    tenant_id uuid not null,
    subscriber_id uuid not null references subscribers(id) on delete cascade,
    street_id uuid not null references streets(id),
    primary key (subscriber_id, street_id)
  )`.execute(db);
  await sql`create index subscriber_streets_street_idx on subscriber_streets (tenant_id, street_id)`
    .execute(db);

  // Consent and its withdrawal (GDPR art. 7(1): the controller must be able to show it).
  await sql`create table consent_events (
    id bigserial primary key,
    tenant_id uuid not null references tenants(id),
    subscriber_id uuid references subscribers(id),
    person_id uuid references persons(id),
    action text not null check (action in ('requested', 'confirmed', 'changed', 'withdrawn')),
    -- where it happened: the /odber form, the confirmation link or code, an unsubscribe link,
    -- the List-Unsubscribe-Post one-click, an SMS keyword, the person's settings
    source text not null check (source in
      ('form', 'link', 'code', 'unsubscribe_link', 'one_click', 'sms_keyword', 'settings')),
    channel text not null check (channel in ('email', 'sms')),
    topics text[] not null default '{}',
    street_ids uuid[] not null default '{}',
    -- the wording the person agreed to (its version), never the address itself
    details jsonb not null default '{}',
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index consent_events_subscriber_idx on consent_events (subscriber_id, id)`
    .execute(db);

  // A person's preferences: payment reminders by e-mail, SMS, both or none; quiet hours for
  // non-urgent SMS (minutes after local midnight, Europe/Prague; both null = none).
  await sql`alter table persons
    add column reminder_notifications text not null default 'email'
      check (reminder_notifications in ('email', 'sms', 'both', 'none')),
    add column quiet_hours_from smallint check (quiet_hours_from between 0 and 1439),
    add column quiet_hours_to smallint check (quiet_hours_to between 0 and 1439),
    add constraint persons_quiet_hours_check
      check ((quiet_hours_from is null) = (quiet_hours_to is null))`.execute(db);

  // Templates a clerk writes a message from; placeholders are {name} in subject and bodies.
  await sql`create table message_templates (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    name text not null,
    subject text not null,
    body text not null,
    sms_body text not null,
    topics text[] not null default '{}',
    crisis boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, name)
  )`.execute(db);

  // A broadcast: the texts as sent (placeholders filled, except the per-recipient ones), whom to
  // (topics and streets, or everyone), by which channels, when, and how it went.
  await sql`create table broadcasts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    idempotency_key text not null,
    template_id uuid references message_templates(id),
    subject text not null,
    body text not null,
    sms_body text,
    topics text[] not null default '{}',
    street_ids uuid[] not null default '{}',
    everyone boolean not null default false,
    channels text[] not null,
    crisis boolean not null default false,
    publish_news boolean not null default false,
    publish_notice boolean not null default false,
    notice_id uuid references notices(id),
    send_at timestamptz not null,
    status text not null default 'scheduled'
      check (status in ('scheduled', 'sending', 'sent', 'cancelled', 'failed')),
    workflow_id text,
    recipients_total integer,
    created_by uuid not null references clerks(id),
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    cancelled_at timestamptz,
    cancelled_by uuid references clerks(id),
    cancel_reason text,
    unique (tenant_id, idempotency_key),
    unique (tenant_id, id),
    check (cardinality(channels) > 0 and channels <@ array['email', 'sms']::text[])
  )`.execute(db);
  await sql`create index broadcasts_list_idx on broadcasts (tenant_id, created_at desc, id)`
    .execute(db);

  // One row per recipient address and channel of a broadcast: its delivery, exactly once.
  await sql`create table broadcast_recipients (
    id bigserial primary key,
    tenant_id uuid not null,
    broadcast_id uuid not null references broadcasts(id),
    subscriber_id uuid references subscribers(id),
    person_id uuid references persons(id),
    channel text not null check (channel in ('email', 'sms')),
    address text not null,
    batch integer not null,
    status text not null default 'queued'
      check (status in ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
    attempts integer not null default 0,
    error text,
    not_before timestamptz,
    queued_at timestamptz not null default now(),
    sent_at timestamptz,
    delivered_at timestamptz,
    failed_at timestamptz,
    updated_at timestamptz not null default now(),
    unique (broadcast_id, channel, address)
  )`.execute(db);
  await sql`create index broadcast_recipients_batch_idx
    on broadcast_recipients (broadcast_id, batch, status)`.execute(db);
  await sql`create index broadcast_recipients_person_idx
    on broadcast_recipients (tenant_id, person_id, id desc) where person_id is not null`
    .execute(db);
  await sql`create index broadcast_recipients_rate_idx
    on broadcast_recipients (tenant_id, address, sent_at) where channel = 'sms'`.execute(db);

  // News on the website (/aktuality), from a published broadcast or written by a clerk.
  await sql`create table news_items (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    broadcast_id uuid references broadcasts(id),
    title text not null,
    body text not null,
    topics text[] not null default '{}',
    crisis boolean not null default false,
    published_at timestamptz not null default now(),
    withdrawn_at timestamptz,
    unique (tenant_id, broadcast_id)
  )`.execute(db);
  await sql`create index news_items_list_idx on news_items (tenant_id, published_at desc, id)
    where withdrawn_at is null`.execute(db);

  // The history of communication: whom a message was for, what kind, how its delivery went.
  await sql`alter table outbox_messages
    add column person_id uuid references persons(id),
    add column kind text not null default 'other' check (kind in
      ('code', 'account', 'case', 'reminder', 'receipt', 'payment', 'other')),
    add column secret boolean not null default true,
    add column status text not null default 'queued'
      check (status in ('queued', 'sent', 'delivered', 'failed')),
    add column delivered_at timestamptz,
    add column failed_at timestamptz,
    add column error text`.execute(db);
  // Rows from before: the ones sent are 'sent' (their bodies were already cleared).
  await sql`update outbox_messages set status = 'sent' where sent_at is not null`.execute(db);
  await sql`create index outbox_messages_person_idx on outbox_messages
    (tenant_id, person_id, created_at desc, id) where person_id is not null`.execute(db);

  // Public pages that show news are dropped from the render cache when news changes.
  await sql`create trigger news_items_portal_cache after insert or update or delete
    on news_items for each row execute function portal_cache_notify('news')`.execute(db);
  await sql`create trigger streets_portal_cache after insert or update or delete
    on streets for each row execute function portal_cache_notify('streets')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_messages_person_idx`.execute(db);
  await sql`alter table outbox_messages drop column person_id, drop column kind,
    drop column secret, drop column status, drop column delivered_at, drop column failed_at,
    drop column error`.execute(db);
  await sql`drop table news_items`.execute(db);
  await sql`drop table broadcast_recipients`.execute(db);
  await sql`drop table broadcasts`.execute(db);
  await sql`drop table message_templates`.execute(db);
  await sql`alter table persons drop constraint persons_quiet_hours_check,
    drop column reminder_notifications, drop column quiet_hours_from,
    drop column quiet_hours_to`.execute(db);
  await sql`drop table consent_events`.execute(db);
  await sql`drop table subscriber_streets`.execute(db);
  await sql`drop table subscriber_topics`.execute(db);
  await sql`drop table subscribers`.execute(db);
  await sql`drop table streets`.execute(db);
}
