/**
 * The database, typed for Kysely: one `Database` interface, one table interface per table,
 * and `Row`/`NewRow`/`RowUpdate` aliases. Migrations in `db/migrations/` are the truth;
 * this file follows them.
 */
import type {
  ColumnType,
  Generated,
  Insertable,
  JSONColumnType,
  Selectable,
  Updateable,
} from "kysely";
import type { NoticeStatus } from "../domain/notice.ts";
import type { LevelOfAssurance } from "../domain/identity.ts";
import type { RepresentationStatus } from "../domain/representation.ts";
import type { DogFeeOrdinance } from "../domain/dog_fee.ts";
import type { CaseState } from "../domain/cases.ts";
import type { CaseNotificationChoice } from "../domain/notifications.ts";
import type {
  BroadcastStatus,
  Channel,
  ChannelChoice,
  DeliveryState,
  MessageKind,
  SubscriberStatus,
  Topic,
} from "../domain/messaging.ts";

import type {
  ApplicantKind,
  GrantApplicationState,
  GrantCallState,
  SettlementRule,
} from "../domain/grants.ts";

export type { CaseNotificationChoice, CaseState, NoticeStatus };

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface TenantTable {
  id: Generated<string>;
  slug: string;
  name: string;
  official_name: string;
  ico: string;
  iban: string;
  address: string;
  email: string;
  phone: string;
  /** Host names (without port) that resolve to this tenant. */
  hosts: ColumnType<string[], string[], string[]>;
  /** Origin for links in e-mails and messages (`https://portal.obec.cz`); null: `https://` + hosts[0]. */
  public_origin: ColumnType<string | null, string | null | undefined, string | null>;
  crest_svg: string | null;
  settings: JSONColumnType<Record<string, unknown>>;
  created_at: CreatedAt;
}

export type AuditActorType = "clerk" | "person" | "system" | "anonymous";

/** Append-only (a trigger refuses UPDATE and DELETE). */
export interface AuditLogTable {
  id: Generated<string>;
  tenant_id: string;
  occurred_at: CreatedAt;
  actor_type: AuditActorType;
  actor_id: string | null;
  /** For representation: the person acted for. */
  on_behalf_of: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  request_id: string | null;
  details: JSONColumnType<Record<string, unknown>>;
}

export interface ClerkTable {
  id: Generated<string>;
  tenant_id: string;
  username: string;
  display_name: string;
  email: string;
  password_hash: string;
  phone: string | null;
  roles: ColumnType<string[], string[], string[]>;
  active: Generated<boolean>;
  /** A password the administrator set: the clerk must change it before anything else. */
  must_change_password: Generated<boolean>;
  /** The last completed sign-in (password + SMS code); null: never. */
  last_login_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
}

/** A SAML AuthnRequest or LogoutRequest sent and not yet answered (InResponseTo binding). */
export interface SamlRequestTable {
  id: string;
  tenant_id: string;
  kind: "login" | "logout";
  min_loa: LevelOfAssurance | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

/** An assertion accepted once (replays fail on the primary key). */
export interface SamlAssertionTable {
  tenant_id: string;
  assertion_id: string;
  used_at: CreatedAt;
  expires_at: Timestamp;
}

/** A portal session started by a SAML assertion: the IdP's NameID and SessionIndex for logout. */
export interface SamlSessionTable {
  session_id: string;
  tenant_id: string;
  name_id: string;
  name_id_format: string | null;
  session_index: string | null;
  created_at: CreatedAt;
}

/** A client application of the town's OpenID provider (db/migrations/2026_12_08_100000_create_oidc_idp.ts). */
export interface OidcClientTable {
  id: Generated<string>;
  tenant_id: string;
  client_id: string;
  name: string;
  redirect_uris: ColumnType<string[], string, string>;
  /** Where the application may have the person sent after it asked the portal to sign out. */
  post_logout_redirect_uris: ColumnType<string[], string | undefined, string>;
  first_party: Generated<boolean>;
  agenda: string | null;
  backchannel_logout_uri: string | null;
  /** sha256 (base64url) of a confidential client's secret; null for a public client. */
  secret_hash: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  disabled_at: Date | null;
  disabled_by: string | null;
}

/** oidc-provider's stored artifacts (its adapter), by town, model and id. */
export interface OidcPayloadTable {
  tenant_id: string;
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface OidcSigningKeyTable {
  tenant_id: string;
  kid: string;
  encrypted_jwk: string;
  created_at: CreatedAt;
}

export interface OidcClientSessionTable {
  tenant_id: string;
  session_id: string;
  client_id: string;
  person_id: string;
  issuer: string;
  sub: string;
  sid: string | null;
  created_at: CreatedAt;
  /** The last successful authorization of this client under this portal session. */
  last_used_at: Generated<Date>;
}

export interface OidcLogoutDeliveryTable {
  id: Generated<string>;
  tenant_id: string;
  session_id: string;
  client_id: string;
  status: Generated<"pending" | "sent" | "failed">;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
  /** The use of the client under the session that this token ends (its `last_used_at`). */
  for_use_at: Date;
}

export interface SessionTable {
  id: string;
  tenant_id: string;
  /** Exactly one of clerk_id and person_id is set. */
  clerk_id: string | null;
  person_id: string | null;
  /** The granted representation the person currently acts under, if any. */
  acting_for: string | null;
  level_of_assurance: LevelOfAssurance | null;
  /** "password", "password+sms", "oidc:<provider>". */
  auth_method: string | null;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Date | null;
  user_agent: string | null;
}

export interface NoticeTable {
  id: Generated<string>;
  tenant_id: string;
  /** The form's one-time key: a double click or a retried POST files one notice. */
  idempotency_key: string;
  title: string;
  description: string | null;
  reference_number: string | null;
  agenda: string | null;
  posted_from: Timestamp;
  /** null = relevant until further notice (OFN "nespecifikovaný"). */
  relevant_until: Date | null;
  status: Generated<NoticeStatus>;
  published_at: Date | null;
  taken_down_at: Date | null;
  withdrawn_reason: string | null;
  workflow_id: string;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A town's code list of notice agendas (db/migrations/2026_12_02_090000_create_notice_agendas.ts). */
export interface NoticeAgendaTable {
  id: Generated<string>;
  tenant_id: string;
  /** ASCII key the notice form posts, e.g. `uzemni-planovani`; never changes. */
  code: string;
  /** What people read, e.g. "Územní plánování"; `notices.agenda` keeps it. */
  name: string;
  /** False: retired, no longer offered for new notices. */
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface NoticeDocumentTable {
  id: Generated<string>;
  tenant_id: string;
  notice_id: string;
  position: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  created_at: CreatedAt;
}

/** A notice filled in but not yet confirmed (the confirmation page previews it). */
export interface NoticeDraftTable {
  id: string;
  tenant_id: string;
  clerk_id: string;
  idempotency_key: string;
  title: string;
  description: string | null;
  reference_number: string | null;
  agenda: string | null;
  /** null = as soon as it is confirmed. */
  posted_from: Date | null;
  relevant_until: Date | null;
  created_at: CreatedAt;
}

export interface NoticeDraftDocumentTable {
  id: string;
  draft_id: string;
  tenant_id: string;
  position: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  content: Uint8Array;
}

export interface AccessibilityReportTable {
  id: Generated<string>;
  tenant_id: string;
  idempotency_key: string;
  page_url: string | null;
  description: string;
  contact_email: string | null;
  status: Generated<"new" | "resolved">;
  created_at: CreatedAt;
  /** Set once the office has been e-mailed; a retried activity sees it and sends nothing. */
  notified_at: Date | null;
}

export interface PersonTable {
  id: Generated<string>;
  tenant_id: string;
  /** Generated at registration ("jan.novak.4821"), shown to the person. */
  username: string;
  given_name: string;
  family_name: string;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  address: string | null;
  /** Null for a person known only through an identity provider. */
  password_hash: string | null;
  sms_second_factor: Generated<boolean>;
  /** How the person hears about their cases (/ucet/nastaveni); see domain/notifications.ts. */
  case_notifications: Generated<CaseNotificationChoice>;
  /** Payment reminders: e-mail, SMS, both or none (/ucet/nastaveni). */
  reminder_notifications: Generated<ChannelChoice>;
  /** The language of what the town sends the person (case steps, receipts, reminders). */
  language: Generated<"cs" | "en">;
  /** Quiet hours for non-urgent SMS, minutes after local midnight (both null: none). */
  quiet_hours_from: ColumnType<number | null, number | null | undefined, number | null>;
  quiet_hours_to: ColumnType<number | null, number | null | undefined, number | null>;
  status: Generated<"pending" | "active" | "disabled" | "deleted">;
  /** When the person deleted their account (status `deleted`); the row stays for the records. */
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PersonContactTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  kind: "email" | "phone";
  /** E-mail lower-cased; phone in E.164 (+420…). */
  value: string;
  verified_at: Date | null;
  created_at: CreatedAt;
}

export interface ExternalIdentityTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  provider: string;
  subject: string;
  level_of_assurance: LevelOfAssurance;
  linked_at: CreatedAt;
  last_login_at: Date | null;
}

export type OneTimeCodePurpose =
  | "verify_email"
  | "verify_phone"
  | "login_sms"
  | "password_reset"
  | "pairing"
  /** Turning on the SMS second factor: a code to the phone first (app/account.ts). */
  | "sms_factor";

export interface OneTimeCodeTable {
  id: Generated<string>;
  tenant_id: string;
  purpose: OneTimeCodePurpose;
  person_id: string | null;
  clerk_id: string | null;
  contact_id: string | null;
  /** HMAC of the code; the code itself is never stored. */
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface AgendaAuthorizationTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  agenda: string;
  source: "clerk" | "identity";
  granted_by: string | null;
  /** What was checked, e.g. "občanský průkaz …1234" (masked); never a full document number. */
  evidence: string | null;
  granted_at: CreatedAt;
  revoked_at: Date | null;
  revoked_by: string | null;
  /** The clerk's reason, kept with the authorization (not in the audit log's details). */
  revoked_reason: string | null;
}

export interface RepresentationTable {
  id: Generated<string>;
  tenant_id: string;
  idempotency_key: string;
  representative_id: string;
  kind: "power_of_attorney" | "parent" | "company";
  represented_person_id: string | null;
  represented_name: string;
  represented_birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  represented_ico: string | null;
  scope: ColumnType<string[], string[], string[]>;
  valid_until: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<RepresentationStatus>;
  document_name: string | null;
  document_type: string | null;
  document: Uint8Array | null;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  /** The identity document the office checked when granting ("občanský průkaz …4821"). */
  grant_evidence: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OutboxMessageTable {
  id: Generated<string>;
  tenant_id: string;
  idempotency_key: string;
  channel: "email" | "sms";
  recipient: string;
  subject: string | null;
  /** Cleared once sent when `secret` (one-time codes do not linger); kept otherwise (history). */
  body: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
  /** Whom it was for (the history at /ucet/zpravy); null for an address without an account. */
  person_id: ColumnType<string | null, string | null | undefined, string | null>;
  kind: Generated<MessageKind>;
  /** Defaults to true: a caller must say a message may be kept. */
  secret: Generated<boolean>;
  status: Generated<"queued" | "sent" | "delivered" | "failed">;
  delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  failed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  /** An iTIP invitation the e-mail carries (appointments: METHOD:REQUEST or CANCEL). */
  calendar_ics: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StreetTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  /** Část obce. */
  part: string;
  created_at: CreatedAt;
}

export interface SubscriberTable {
  id: Generated<string>;
  tenant_id: string;
  channel: Channel;
  /** E-mail lower-cased, phone E.164. */
  address: string;
  person_id: string | null;
  status: Generated<SubscriberStatus>;
  confirm_secret_hash: string | null;
  confirm_expires_at: Date | null;
  confirm_attempts: Generated<number>;
  unsubscribe_token: string;
  all_streets: Generated<boolean>;
  language: Generated<"cs" | "en">;
  created_at: CreatedAt;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  updated_at: Generated<Date>;
}

export interface SubscriberTopicTable {
  tenant_id: string;
  subscriber_id: string;
  topic: Topic;
}

export interface SubscriberStreetTable {
  tenant_id: string;
  subscriber_id: string;
  street_id: string;
}

export interface ConsentEventTable {
  id: Generated<string>;
  tenant_id: string;
  subscriber_id: string | null;
  person_id: string | null;
  action: "requested" | "confirmed" | "changed" | "withdrawn";
  source:
    | "form"
    | "link"
    | "code"
    | "unsubscribe_link"
    | "one_click"
    | "sms_keyword"
    | "settings";
  channel: Channel;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  street_ids: ColumnType<string[], string[] | undefined, string[]>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface MessageTemplateTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  subject: string;
  body: string;
  sms_body: string;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  crisis: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface BroadcastTable {
  id: Generated<string>;
  tenant_id: string;
  idempotency_key: string;
  template_id: string | null;
  subject: string;
  body: string;
  sms_body: string | null;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  street_ids: ColumnType<string[], string[] | undefined, string[]>;
  everyone: Generated<boolean>;
  channels: ColumnType<Channel[], Channel[], Channel[]>;
  crisis: Generated<boolean>;
  publish_news: Generated<boolean>;
  publish_notice: Generated<boolean>;
  notice_id: string | null;
  send_at: Timestamp;
  status: Generated<BroadcastStatus>;
  workflow_id: string | null;
  recipients_total: number | null;
  created_by: string;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface BroadcastRecipientTable {
  /** bigserial: a string in JavaScript. */
  id: Generated<string>;
  tenant_id: string;
  broadcast_id: string;
  subscriber_id: string | null;
  person_id: string | null;
  channel: Channel;
  address: string;
  batch: number;
  status: Generated<DeliveryState>;
  attempts: Generated<number>;
  error: string | null;
  /** Deferred (quiet hours, the per-number hourly limit) until then. */
  not_before: Date | null;
  queued_at: CreatedAt;
  sent_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  updated_at: Generated<Date>;
}

export interface NewsItemTable {
  id: Generated<string>;
  tenant_id: string;
  broadcast_id: string | null;
  title: string;
  body: string;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  crisis: Generated<boolean>;
  published_at: Generated<Date>;
  withdrawn_at: Date | null;
}

export type WorkflowCommandKind = "start" | "signal" | "update";
export type WorkflowCommandStatus = "pending" | "done" | "rejected";

/**
 * The transactional outbox to Temporal: one row per start, signal or Update, written in the same
 * transaction as the domain rows it belongs to and executed by the worker's relay.
 */
export interface WorkflowCommandTable {
  id: Generated<string>;
  seq: Generated<string>;
  tenant_id: string;
  /** Unique per tenant: the same command enqueued twice (a retried request) is stored once. */
  command_key: string;
  kind: WorkflowCommandKind;
  workflow_id: string;
  /** For a start: the workflow type. */
  workflow_type: string | null;
  /** For a start: null means the worker's configured queue. */
  task_queue: string | null;
  /** For a signal or an Update: its name. */
  name: string | null;
  args: ColumnType<unknown[], string, string>;
  search_attributes: ColumnType<Record<string, string>, string | undefined, string>;
  /** For a start: the workflow's one-line summary and its details (Temporal user metadata). */
  static_summary: ColumnType<string | null, string | null | undefined, string | null>;
  static_details: ColumnType<string | null, string | null | undefined, string | null>;
  subject_type: string | null;
  subject_id: string | null;
  status: Generated<WorkflowCommandStatus>;
  /** An Update's result, or `{ code, message }` when Temporal refused the command for good. */
  outcome: ColumnType<unknown | null, string | null | undefined, string | null>;
  attempts: Generated<number>;
  last_error: string | null;
  available_at: Generated<Date>;
  claimed_by: string | null;
  claimed_until: Date | null;
  created_at: CreatedAt;
  processed_at: Date | null;
}

/** A filed form: one per (tenant, person, idempotency key); its timeline is `case_events`. */
export interface CaseTable {
  id: Generated<string>;
  tenant_id: string;
  /** Gap-free per town, year and prefix: `LIP-2026/000042`. */
  reference: string;
  form_slug: string;
  agenda: string;
  /** Who filed it. */
  person_id: string;
  /** The representation the filer acted under, if any. */
  acting_for: string | null;
  /** The audit log's `on_behalf_of` of the filing (see domain/representation.ts). */
  on_behalf_of: string | null;
  idempotency_key: string;
  values: ColumnType<Record<string, unknown>, string, string>;
  state: Generated<CaseState>;
  /** The clerk who claimed it, if any. */
  assigned_clerk_id: string | null;
  /** The clerk who last decided it (a resubmitted case goes back to them). */
  last_clerk_id: string | null;
  due_at: Timestamp;
  escalated_at: Date | null;
  /** The message of a return or the reason of a rejection, shown to the citizen. */
  decision_text: string | null;
  round: Generated<number>;
  /** Its workflow's id (`<tenant-slug>/case/<id>`; null or `case/<id>` for older cases). */
  workflow_id: ColumnType<string | null, string | null | undefined, never>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** An uploaded file; bound to a case when the form is filed. */
export interface AttachmentTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  case_id: string | null;
  field: string;
  file_name: string;
  /** Sniffed from the content, never taken from the name or the browser. */
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  created_at: CreatedAt;
}

/** A started form: one per person, town and form; expires 90 days after its last change. */
export interface DraftTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  form_slug: string;
  values: ColumnType<Record<string, unknown>, string | undefined, string>;
  step: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  expires_at: Timestamp;
  expiry_warned_at: Date | null;
}

export type CaseEventActorType = "person" | "clerk" | "system";

/** One step of a case's timeline; `event_key` makes a retried activity record it once. */
export interface CaseEventTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  event_key: string;
  occurred_at: CreatedAt;
  actor_type: CaseEventActorType;
  actor_id: string | null;
  kind: string;
  visible_to_citizen: boolean;
  message_key: string | null;
  params: ColumnType<Record<string, string>, string | undefined, string>;
  /** The person's or clerk's own words (a return message, a reason, a note). */
  text: string | null;
}

/** The last reference number given per town, year and prefix (locked while filing). */
export interface ReferenceCounterTable {
  tenant_id: string;
  year: number;
  prefix: string;
  last: number;
}

/** A reset request as typed; `identifier` is cleared once the request was handled. */
export interface PasswordResetRequestTable {
  id: Generated<string>;
  tenant_id: string;
  identifier: string | null;
  origin: string;
  locale: "cs" | "en";
  http_request_id: string | null;
  created_at: CreatedAt;
  processed_at: Date | null;
}

/** A guide to a life situation, per town (see routes/zivotni-situace). */
export interface GuideTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  /** The group the list shows it under, e.g. "Poplatky". */
  topic: string;
  title: string;
  summary: string;
  who_for: string;
  /** What the person needs, one item each. */
  requirements: JSONColumnType<string[], string, string>;
  fees: string | null;
  deadlines: string | null;
  legal_basis: string | null;
  department: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  /** The online form at `/zivotni-situace/<slug>/formular`, when it can be done online. */
  form_slug: string | null;
  position: Generated<number>;
  published: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/**
 * An obligation (předpis): what a person owes the town. Issued once per case (`case_id` unique)
 * or once per `source_key` (seeded or imported). `lines` is the computation shown to the person
 * (the dog fee: domain/dog_fee.ts lines). Its state is never stored: `obligation_balances`
 * derives it from the allocations (db/repositories/ledger.ts).
 */
export interface ObligationTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  case_id: string | null;
  kind: ObligationKind;
  agenda: string;
  year: number;
  /** Shown instead of the kind's name when set ("Nájemné – byt 3, leden 2026"). */
  title: ColumnType<string | null, string | null | undefined, string | null>;
  /** Haléře (bigint: pg returns it as text; the repository turns it into a number). */
  amount_halere: ColumnType<string, number, number>;
  /** ISO date, Europe/Prague. */
  due_date: ColumnType<string, string, string>;
  /** Up to 10 digits, unique per town together with the payment orders' (payment_symbols). */
  variable_symbol: string;
  specific_symbol: string | null;
  constant_symbol: ColumnType<string | null, string | null | undefined, string | null>;
  /** The town's IBAN. */
  account: string;
  lines: ColumnType<unknown, string, string>;
  source_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** Water and sewage: the billing period and the meter readings (m³). */
  billing_from: ColumnType<string | null, string | null | undefined, string | null>;
  billing_to: ColumnType<string | null, string | null | undefined, string | null>;
  meter_number: ColumnType<string | null, string | null | undefined, string | null>;
  /** numeric(12,3): pg returns text. */
  meter_start: ColumnType<string | null, number | null | undefined, number | null>;
  meter_end: ColumnType<string | null, number | null | undefined, number | null>;
  written_off_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  written_off_by: ColumnType<string | null, string | null | undefined, string | null>;
  written_off_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export type ObligationKind =
  | "waste_fee"
  | "dog_fee"
  | "admin_fee"
  | "fine"
  | "rent"
  | "water"
  | "grant_return";
export type ObligationState = "unpaid" | "partly_paid" | "paid" | "overpaid" | "written_off";

/** A view: each obligation's paid sum and derived state. */
export interface ObligationBalanceView {
  obligation_id: string;
  tenant_id: string;
  person_id: string;
  amount_halere: string;
  paid_halere: string;
  state: ObligationState;
}

/** Several obligations paid at once under the order's own variable symbol. */
export interface PaymentOrderTable {
  id: Generated<string>;
  tenant_id: string;
  payer_person_id: string;
  idempotency_key: string;
  /** SHA-256 of what was asked (the obligations): the same key with another request is a 409. */
  request_hash: string;
  variable_symbol: string;
  amount_halere: ColumnType<string, number, never>;
  account: string;
  due_date: ColumnType<string, string, never>;
  created_at: CreatedAt;
  cancelled_at: ColumnType<Date | null, never, Date | null>;
}

export interface PaymentOrderItemTable {
  payment_order_id: string;
  obligation_id: string;
  position: number;
  amount_halere: ColumnType<string, number, never>;
}

/** Filled by triggers on obligations and payment_orders: one namespace of symbols per town. */
export interface PaymentSymbolTable {
  tenant_id: string;
  variable_symbol: string;
  obligation_id: string | null;
  payment_order_id: string | null;
}

export interface BankStatementTable {
  id: Generated<string>;
  tenant_id: string;
  /** domain/statements: `${format}:${account}:${statementNumber}:${statementDate}`. */
  identity: string;
  format: "gpc" | "camt053";
  account: string;
  statement_number: string;
  statement_date: ColumnType<string, string, string>;
  file_name: string;
  file_sha256: string;
  source: "upload" | "drop";
  imported_by: string | null;
  line_count: number;
  imported_at: CreatedAt;
}

export interface StatementLineTable {
  id: Generated<string>;
  tenant_id: string;
  statement_id: string;
  line_no: number;
  account: string;
  /** The bank's identity of the transaction: (tenant, account, bank_ref) is unique. */
  bank_ref: string;
  booking_date: ColumnType<string, string, string>;
  /** Signed: credits positive. */
  amount_halere: ColumnType<string, number, never>;
  counter_account: string | null;
  counter_name: string | null;
  variable_symbol: string | null;
  constant_symbol: string | null;
  specific_symbol: string | null;
  message: string | null;
  dismissed_at: ColumnType<Date | null, never, Date | null>;
  dismissed_by: ColumnType<string | null, never, string | null>;
  dismiss_reason: ColumnType<string | null, never, string | null>;
}

export type CardPaymentState =
  | "created"
  | "started"
  | "authorised"
  | "captured"
  | "settled"
  | "failed"
  | "cancelled"
  | "expired"
  | "refunded";

/** One attempt at the card gateway; moved only along domain/payments/card_states.ts. */
export interface CardPaymentTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  payment_order_id: string;
  idempotency_key: string;
  /** SHA-256 of the request body: the same key with another body is a 409. */
  request_hash: string;
  amount_halere: ColumnType<string, number, never>;
  state: Generated<CardPaymentState>;
  pay_id: string | null;
  gateway_status: number | null;
  result_code: number | null;
  auth_code: string | null;
  settled_line_id: string | null;
  flagged_at: Date | null;
  flag_reason: string | null;
  /** Its workflow's id (`<tenant-slug>/card-payment/<id>`; null or `card-payment/<id>` before). */
  workflow_id: ColumnType<string | null, string | null | undefined, never>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CardPaymentTransitionTable {
  id: Generated<string>;
  card_payment_id: string;
  from_state: CardPaymentState;
  to_state: CardPaymentState;
  reason: string;
  at: CreatedAt;
}

/** Money the town received: a statement line, a captured card payment, or cash at the desk. */
export interface PaymentTable {
  id: Generated<string>;
  tenant_id: string;
  kind: "bank" | "card" | "cash";
  amount_halere: ColumnType<string, number, never>;
  received_on: ColumnType<string, string, never>;
  variable_symbol: string | null;
  payer_person_id: string | null;
  payer_name: string | null;
  obligation_id: string | null;
  payment_order_id: string | null;
  statement_line_id: string | null;
  card_payment_id: string | null;
  /** The clerk who assigned an unmatched line by hand (audited). */
  assigned_by: string | null;
  source_key: string | null;
  booked_at: CreatedAt;
  /** A whole refund (card payments): when, why and by which clerk; null while not refunded. */
  refunded_at: Date | null;
  refund_reason: string | null;
  refunded_by: string | null;
}

/**
 * How a payment is split over obligations. A credit moved from an overpaid obligation to another
 * is a `credit_out` (negative) and a `credit_in` (positive) of the same payment; a refunded
 * payment's allocations are reversed by `refund` rows (negative).
 */
export interface PaymentAllocationTable {
  id: Generated<string>;
  tenant_id: string;
  payment_id: string;
  obligation_id: string;
  amount_halere: ColumnType<string, number, never>;
  /** `refund`: the negative mirror of a `payment` allocation of a refunded payment. */
  kind: Generated<"payment" | "credit_out" | "credit_in" | "refund">;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface PaymentReminderTable {
  tenant_id: string;
  obligation_id: string;
  kind: "before_due" | "overdue";
  channel: string | null;
  sent_at: CreatedAt;
}

/** Something a citizen books at the office (issue 15): per department, with its desks. */
export interface AppointmentServiceTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  department: string;
  name: string;
  /** The name in English (migration 2026_12_08_500000). */
  name_en: Generated<string>;
  description: Generated<string>;
  location: Generated<string>;
  duration_minutes: number;
  desks: number;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface AppointmentHoursTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string;
  weekday: number;
  opens_minute: number;
  closes_minute: number;
}

export interface AppointmentExceptionTable {
  id: Generated<string>;
  tenant_id: string;
  /** Null: every service of the town. */
  service_id: string | null;
  date: ColumnType<string, string, string>;
  closed: boolean;
  opens_minute: number | null;
  closes_minute: number | null;
  note: Generated<string>;
}

export interface AppointmentServiceClerkTable {
  tenant_id: string;
  service_id: string;
  clerk_id: string;
}

export interface AppointmentTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string;
  starts_at: Date;
  ends_at: Date;
  status: "held" | "pending_email" | "booked" | "cancelled" | "no_show" | "expired";
  person_id: string | null;
  name: Generated<string>;
  email: string | null;
  phone: string | null;
  subject: Generated<string>;
  sequence: Generated<number>;
  hold_token_hash: string | null;
  hold_expires_at: Date | null;
  confirm_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  booked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  cancelled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  no_show_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  booked_by_clerk: ColumnType<string | null, string | null | undefined, string | null>;
  workflow_id: ColumnType<string | null, string | null | undefined, string | null>;
  reminder_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** One taken seat of a slot; the primary key is the capacity (issue 15). */
export interface AppointmentSeatTable {
  tenant_id: string;
  service_id: string;
  starts_at: Date;
  seat: number;
  kind: "hold" | "booking" | "block";
  appointment_id: string | null;
  hold_expires_at: Date | null;
  blocked_by: ColumnType<string | null, string | null | undefined, string | null>;
  block_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

/** A private ICS feed address; only the token's SHA-256 is stored. */
export interface CalendarTokenTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  token_hash: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

/** A form sent without an account, waiting (24 h) for its sender to confirm their e-mail. */
export interface PendingSubmissionTable {
  id: Generated<string>;
  tenant_id: string;
  form_slug: string;
  email: string;
  /** SHA-256 (hex) of the link's token; the token itself is only in the e-mail. */
  token_hash: string;
  values: ColumnType<Record<string, unknown>, string, string>;
  expires_at: Date;
  case_id: string | null;
  confirmed_at: Date | null;
  created_at: CreatedAt;
}

export interface PendingSubmissionFileTable {
  id: string;
  pending_id: string;
  tenant_id: string;
  field: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
}

/** A town's dog-fee ordinance from `valid_from` (the JSON is domain/dog_fee.ts `DogFeeOrdinance`). */
export interface DogFeeOrdinanceTable {
  id: Generated<string>;
  tenant_id: string;
  valid_from: ColumnType<string, string, string>;
  ordinance: JSONColumnType<DogFeeOrdinance, string, string>;
  created_at: CreatedAt;
}

/** A town's department a defect report can be assigned to (seeded per town). */
export interface DepartmentTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  position: Generated<number>;
  active: Generated<boolean>;
}

export type DefectStatus = "new" | "assigned" | "resolved" | "rejected" | "closed";

/** A defect report's public projection: no reporter, no description, no photos. */
export interface DefectReportTable {
  case_id: string;
  tenant_id: string;
  status: Generated<DefectStatus>;
  category: string;
  /** Street and town only (never a house number), or null when given by coordinates. */
  place: string | null;
  /** Rounded to three decimals (about 100 m). */
  latitude: number | null;
  longitude: number | null;
  department_id: string | null;
  resolution_note: string | null;
  round: Generated<number>;
  filed_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: Date | null;
  reopen_until: Date | null;
  closed_at: Date | null;
}

/** Public finance (db/migrations/2026_12_03_090000_create_public_finance.ts). Money in haléře. */
export type BudgetClassificationKind = "paragraf" | "polozka";
export interface BudgetClassificationTable {
  kind: BudgetClassificationKind;
  /** 1–4 digits: the level is the length (skupina/třída 1 … paragraf/položka 4). */
  code: string;
  name: string;
}
export interface BudgetDepartmentTable {
  tenant_id: string;
  code: string;
  name: string;
}
export interface BudgetProjectTable {
  tenant_id: string;
  code: string;
  name: string;
}
export interface BudgetOrganisationTable {
  tenant_id: string;
  ico: string;
  name: string;
}
export type BudgetImportKind =
  | "cityvizor"
  | "cityvizor_events"
  | "fin212m"
  | "contracts"
  | "orders"
  | "seed"
  /** A founded organisation's report, imported on the finance clerk's approval. */
  | "organisation_report";
export interface BudgetImportTable {
  id: Generated<string>;
  tenant_id: string;
  kind: BudgetImportKind;
  year: number | null;
  mode: "replace" | "append";
  file_name: string;
  file_sha256: string;
  row_count: number;
  total_halere: ColumnType<string, number | bigint | string | undefined, number | bigint | string>;
  imported_by: string | null;
  source: "upload" | "cli" | "seed";
  imported_at: CreatedAt;
}
/** bigint columns: pg returns them as strings; write numbers or bigints. */
type Halere = ColumnType<string, number | bigint | string, number | bigint | string>;
type HalereDefault = ColumnType<
  string,
  number | bigint | string | undefined,
  number | bigint | string
>;
export interface BudgetLineTable {
  id: ColumnType<string, never, never>;
  tenant_id: string;
  import_id: string;
  year: number;
  paragraf: string;
  polozka: string;
  orj: string | null;
  org: string | null;
  organisation_ico: string | null;
  approved_halere: HalereDefault;
  amended_halere: HalereDefault;
  actual_halere: HalereDefault;
}
/** budget_lines summed per dimensions, kept by triggers (…_091000_create_budget_line_sums). */
export interface BudgetLineSumTable {
  tenant_id: string;
  year: number;
  paragraf: string;
  polozka: string;
  /** '' where the lines have none. */
  orj: string;
  org: string;
  organisation_ico: string;
  approved_halere: ColumnType<string, never, never>;
  amended_halere: ColumnType<string, never, never>;
  actual_halere: ColumnType<string, never, never>;
  line_count: ColumnType<string, never, never>;
}
export interface AccountingEntryTable {
  id: ColumnType<string, never, never>;
  tenant_id: string;
  import_id: string;
  year: number;
  kind: "KDF" | "KOF";
  document: string | null;
  booked_on: ColumnType<string, string, string>;
  paragraf: string;
  polozka: string;
  orj: string | null;
  org: string | null;
  amount_halere: Halere;
  supplier_ico: string | null;
  supplier_name: string | null;
  description: string | null;
}
export interface ContractTable {
  id: Generated<string>;
  tenant_id: string;
  import_id: string;
  register_id: string;
  subject: string;
  concluded_on: ColumnType<string | null, string | null | undefined, string | null>;
  number: string | null;
  value_without_vat_halere: ColumnType<
    string | null,
    number | bigint | string | null,
    number | bigint | string | null
  >;
  value_with_vat_halere: ColumnType<
    string | null,
    number | bigint | string | null,
    number | bigint | string | null
  >;
  counterparty_ico: string | null;
  counterparty_name: string | null;
  url: string | null;
  attachments: ColumnType<
    { name: string; url: string | null }[],
    string | undefined,
    string
  >;
}
export interface OrderTable {
  id: Generated<string>;
  tenant_id: string;
  import_id: string;
  number: string;
  ordered_on: ColumnType<string, string, string>;
  subject: string;
  amount_halere: ColumnType<
    string | null,
    number | bigint | string | null,
    number | bigint | string | null
  >;
  supplier_ico: string | null;
  supplier_name: string | null;
}

// ---------------------------------------------------------------------------------------------
// Grants (issue 14): db/migrations/2026_12_05_090000_create_grants.ts

/** bigint haléře: pg returns text; written as a number. */
type Halere64 = ColumnType<string, number | bigint | string, number | bigint | string>;
type NullableHalere64 = ColumnType<
  string | null,
  number | bigint | string | null | undefined,
  number | bigint | string | null
>;
type IsoDate = ColumnType<string, string, string>;
type NullableIsoDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface GrantProgrammeTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  purpose: string;
  eligible_applicants: string;
  applicant_kinds: ColumnType<ApplicantKind[], ApplicantKind[], ApplicantKind[]>;
  total_halere: Halere64;
  min_grant_halere: Halere64;
  max_grant_halere: Halere64;
  cofinancing_bp: number;
  eligible_costs: string;
  ineligible_costs: string;
  form_slug: Generated<string>;
  settlement_rule: ColumnType<SettlementRule, SettlementRule | undefined, SettlementRule>;
  settlement_days: number | null;
  legal_basis: string;
  max_instalments: Generated<number>;
  /** Each applicant files at most one live application per call. */
  one_application_per_applicant: Generated<boolean>;
  /** The running sum of granted amounts; a check keeps it within total_halere. */
  granted_halere: ColumnType<
    string,
    number | bigint | string | undefined,
    number | bigint | string
  >;
  version: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  archived_at: Date | null;
}

export interface GrantCostCategoryTable {
  id: Generated<string>;
  tenant_id: string;
  programme_id: string;
  position: number;
  code: string;
  name: string;
  eligible: boolean;
}

export interface GrantCriterionTable {
  id: Generated<string>;
  tenant_id: string;
  programme_id: string;
  position: number;
  name: string;
  description: Generated<string>;
  /** Percent; a programme's weights sum to 100. */
  weight: number;
  max_score: Generated<number>;
}

export interface GrantCallTable {
  id: Generated<string>;
  tenant_id: string;
  programme_id: string;
  idempotency_key: string;
  title: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  decision_deadline: IsoDate;
  settlement_deadline: NullableIsoDate;
  project_from: IsoDate;
  project_to: IsoDate;
  state: ColumnType<GrantCallState, GrantCallState | undefined, GrantCallState>;
  workflow_id: string | null;
  version: Generated<number>;
  opened_at: Date | null;
  closed_at: Date | null;
  decided_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface GrantApplicationTable {
  id: Generated<string>;
  tenant_id: string;
  call_id: string;
  programme_id: string;
  case_id: string | null;
  reference: string | null;
  person_id: string;
  acting_for: string | null;
  idempotency_key: string;
  applicant_kind: ApplicantKind;
  applicant_name: string;
  applicant_ico: string | null;
  /** The applicant when the programme takes one application each (IČO or person), else null. */
  exclusive_key: ColumnType<string | null, string | null | undefined, string | null>;
  purpose: string;
  project_from: IsoDate;
  project_to: IsoDate;
  justification: Generated<string>;
  values: ColumnType<unknown, string | undefined, string>;
  state: ColumnType<
    GrantApplicationState,
    GrantApplicationState | undefined,
    GrantApplicationState
  >;
  total_budget_halere: Halere64;
  asked_halere: Halere64;
  proposed_halere: NullableHalere64;
  /** A proposal to refuse (proposed_halere 0) says why (2026_12_06_100000). */
  proposal_reason: ColumnType<string | null, string | null | undefined, string | null>;
  proposed_by: ColumnType<string | null, string | null | undefined, string | null>;
  proposed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  granted_halere: NullableHalere64;
  paid_halere: ColumnType<string, number | bigint | string | undefined, number | bigint | string>;
  settled_halere: NullableHalere64;
  returned_halere: ColumnType<
    string,
    number | bigint | string | undefined,
    number | bigint | string
  >;
  rank: number | null;
  completion_deadline: Date | null;
  settlement_due: NullableIsoDate;
  workflow_id: string | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  closed_at: Date | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface GrantBudgetItemTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  kind: "application" | "settlement";
  round: Generated<number>;
  position: number;
  cost_category_id: string;
  description: string;
  amount_halere: Halere64;
  grant_halere: Halere64;
}

export interface GrantCommitteeMemberTable {
  id: Generated<string>;
  tenant_id: string;
  call_id: string;
  clerk_id: string;
  role: ColumnType<"chair" | "member", "chair" | "member" | undefined, "chair" | "member">;
  added_by: string | null;
  added_at: CreatedAt;
  removed_at: Date | null;
}

export interface GrantConflictTable {
  id: Generated<string>;
  tenant_id: string;
  member_id: string;
  application_id: string;
  statement: string;
  declared_at: CreatedAt;
}

export interface GrantScoreTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  member_id: string;
  criterion_id: string;
  score: number;
  comment: Generated<string>;
  scored_at: Generated<Date>;
}

export interface GrantDecisionTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  outcome: "granted" | "refused";
  granted_halere: ColumnType<string, number | bigint | string | undefined, never>;
  reason: string | null;
  resolution: string;
  decided_on: IsoDate;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface GrantContractTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  number: string;
  granted_halere: Halere64;
  instalments: Generated<number>;
  settlement_due: IsoDate;
  template_version: string;
  docx: Uint8Array | null;
  pdf: Uint8Array | null;
  sha256: string | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  created_at: CreatedAt;
}

export interface GrantPayoutTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  contract_id: string;
  instalment: number;
  amount_halere: Halere64;
  due_on: IsoDate;
  account: string;
  variable_symbol: string;
  state: ColumnType<
    "planned" | "exported" | "paid",
    "planned" | "exported" | "paid" | undefined,
    "planned" | "exported" | "paid"
  >;
  export_batch: string | null;
  exported_at: Date | null;
  paid_at: Date | null;
}

export type GrantSettlementState =
  | "submitted"
  | "accepted"
  | "return_requested"
  | "resubmission_requested";

export interface GrantSettlementTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  round: Generated<number>;
  submitted_by: string;
  submitted_at: CreatedAt;
  late: Generated<boolean>;
  spent_halere: Halere64;
  eligible_halere: Halere64;
  report: string;
  state: ColumnType<
    GrantSettlementState,
    GrantSettlementState | undefined,
    GrantSettlementState
  >;
  return_halere: NullableHalere64;
  return_reason: string | null;
  obligation_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

/** One export of due payouts (db/migrations/2026_12_06_110000_create_grant_payout_batches.ts). */
export interface GrantPayoutBatchTable {
  id: Generated<string>;
  tenant_id: string;
  number: string;
  idempotency_key: string;
  payouts: number;
  total_halere: Halere64;
  created_by: string | null;
  created_at: CreatedAt;
  paid_at: Date | null;
  paid_by: string | null;
}

export interface GrantReminderTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  kind: "completion_due" | "settlement_before" | "settlement_due" | "settlement_overdue";
  sent_at: CreatedAt;
}

export type GrantProgrammeRow = Selectable<GrantProgrammeTable>;
export type GrantCallRow = Selectable<GrantCallTable>;
export type GrantCriterionRow = Selectable<GrantCriterionTable>;
export type GrantCostCategoryRow = Selectable<GrantCostCategoryTable>;
export type GrantApplicationRow = Selectable<GrantApplicationTable>;

// ---------------------------------------------------------------------------------------------
// Issue 15: wedding ceremonies and public-space occupations (situations on the case kit)

/** Where the registry office holds weddings: the ceremony room (no fee) and other places. */
export interface CeremonyPlaceTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  /** bigint: pg returns text. */
  fee_halere: ColumnType<string, number | undefined, number>;
  position: ColumnType<number, number | undefined, number>;
}

/** The slot a wedding case holds; unique per town and start among those not released. */
export interface CeremonyBookingTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  place_code: string;
  other_place: string | null;
  fee_halere: ColumnType<string, number | undefined, number>;
  created_at: CreatedAt;
  released_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The town's rates of the local fee for the use of public space, per m² and day by purpose. */
export interface PublicSpaceRateTable {
  tenant_id: string;
  purpose: string;
  valid_from: ColumnType<string, string, string>;
  halere_per_m2_day: ColumnType<string, number, number>;
}

/** A zábor case's occupation: place, purpose, dates, fee and the permit once paid. */
export interface PublicSpaceOccupationTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  street: string;
  /** The street without diacritics and case: how overlaps of one place are found. */
  street_key: string;
  /** numeric(9,1): pg returns text. */
  area_m2: ColumnType<string, number, number>;
  purpose: string;
  date_from: ColumnType<string, string, string>;
  date_to: ColumnType<string, string, string>;
  fee_halere: ColumnType<string, number, number>;
  permit_number: string | null;
  permit_issued_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  refused_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
}

export interface Database {
  tenants: TenantTable;
  audit_log: AuditLogTable;
  clerks: ClerkTable;
  sessions: SessionTable;
  notices: NoticeTable;
  notice_documents: NoticeDocumentTable;
  notice_agendas: NoticeAgendaTable;
  notice_drafts: NoticeDraftTable;
  notice_draft_documents: NoticeDraftDocumentTable;
  accessibility_reports: AccessibilityReportTable;
  persons: PersonTable;
  person_contacts: PersonContactTable;
  external_identities: ExternalIdentityTable;
  saml_requests: SamlRequestTable;
  saml_assertions: SamlAssertionTable;
  saml_sessions: SamlSessionTable;
  oidc_clients: OidcClientTable;
  oidc_payloads: OidcPayloadTable;
  oidc_signing_keys: OidcSigningKeyTable;
  oidc_client_sessions: OidcClientSessionTable;
  oidc_logout_deliveries: OidcLogoutDeliveryTable;
  one_time_codes: OneTimeCodeTable;
  agenda_authorizations: AgendaAuthorizationTable;
  representations: RepresentationTable;
  outbox_messages: OutboxMessageTable;
  streets: StreetTable;
  subscribers: SubscriberTable;
  subscriber_topics: SubscriberTopicTable;
  subscriber_streets: SubscriberStreetTable;
  consent_events: ConsentEventTable;
  message_templates: MessageTemplateTable;
  broadcasts: BroadcastTable;
  broadcast_recipients: BroadcastRecipientTable;
  news_items: NewsItemTable;
  workflow_commands: WorkflowCommandTable;
  password_reset_requests: PasswordResetRequestTable;
  cases: CaseTable;
  attachments: AttachmentTable;
  drafts: DraftTable;
  case_events: CaseEventTable;
  reference_counters: ReferenceCounterTable;
  guides: GuideTable;
  dog_fee_ordinances: DogFeeOrdinanceTable;
  departments: DepartmentTable;
  defect_reports: DefectReportTable;
  obligations: ObligationTable;
  obligation_balances: ObligationBalanceView;
  payment_orders: PaymentOrderTable;
  payment_order_items: PaymentOrderItemTable;
  payment_symbols: PaymentSymbolTable;
  bank_statements: BankStatementTable;
  statement_lines: StatementLineTable;
  card_payments: CardPaymentTable;
  card_payment_transitions: CardPaymentTransitionTable;
  payments: PaymentTable;
  payment_allocations: PaymentAllocationTable;
  payment_reminders: PaymentReminderTable;
  calendar_tokens: CalendarTokenTable;
  appointment_services: AppointmentServiceTable;
  appointment_hours: AppointmentHoursTable;
  appointment_exceptions: AppointmentExceptionTable;
  appointment_service_clerks: AppointmentServiceClerkTable;
  appointments: AppointmentTable;
  appointment_seats: AppointmentSeatTable;
  pending_submissions: PendingSubmissionTable;
  pending_submission_files: PendingSubmissionFileTable;
  budget_classification: BudgetClassificationTable;
  budget_departments: BudgetDepartmentTable;
  budget_projects: BudgetProjectTable;
  budget_organisations: BudgetOrganisationTable;
  budget_imports: BudgetImportTable;
  budget_lines: BudgetLineTable;
  budget_line_sums: BudgetLineSumTable;
  accounting_entries: AccountingEntryTable;
  contracts: ContractTable;
  orders: OrderTable;
  grant_programmes: GrantProgrammeTable;
  grant_cost_categories: GrantCostCategoryTable;
  grant_criteria: GrantCriterionTable;
  grant_calls: GrantCallTable;
  grant_applications: GrantApplicationTable;
  grant_budget_items: GrantBudgetItemTable;
  grant_committee_members: GrantCommitteeMemberTable;
  grant_conflicts: GrantConflictTable;
  grant_scores: GrantScoreTable;
  grant_decisions: GrantDecisionTable;
  grant_contracts: GrantContractTable;
  grant_payouts: GrantPayoutTable;
  grant_settlements: GrantSettlementTable;
  grant_reminders: GrantReminderTable;
  grant_payout_batches: GrantPayoutBatchTable;
  ceremony_places: CeremonyPlaceTable;
  ceremony_bookings: CeremonyBookingTable;
  public_space_rates: PublicSpaceRateTable;
  public_space_occupations: PublicSpaceOccupationTable;
}

export type TenantRow = Selectable<TenantTable>;
export type NoticeAgendaRow = Selectable<NoticeAgendaTable>;
export type NewTenant = Insertable<TenantTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLog = Insertable<AuditLogTable>;
export type ClerkRow = Selectable<ClerkTable>;
export type NewClerk = Insertable<ClerkTable>;
export type SessionRow = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
export type NoticeRow = Selectable<NoticeTable>;
export type NewNotice = Insertable<NoticeTable>;
export type NoticeUpdate = Updateable<NoticeTable>;
export type NoticeDocumentRow = Selectable<NoticeDocumentTable>;
export type NewNoticeDocument = Insertable<NoticeDocumentTable>;
export type AccessibilityReportRow = Selectable<AccessibilityReportTable>;
export type NewAccessibilityReport = Insertable<AccessibilityReportTable>;
export type PersonRow = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonContactRow = Selectable<PersonContactTable>;
export type ExternalIdentityRow = Selectable<ExternalIdentityTable>;
export type OneTimeCodeRow = Selectable<OneTimeCodeTable>;
export type AgendaAuthorizationRow = Selectable<AgendaAuthorizationTable>;
export type RepresentationRow = Selectable<RepresentationTable>;
export type OutboxMessageRow = Selectable<OutboxMessageTable>;
export type WorkflowCommandRow = Selectable<WorkflowCommandTable>;
export type CaseRow = Selectable<CaseTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
export type DraftRow = Selectable<DraftTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type GuideRow = Selectable<GuideTable>;
export type NewGuide = Insertable<GuideTable>;
export type DogFeeOrdinanceRow = Selectable<DogFeeOrdinanceTable>;
export type ObligationRow = Selectable<ObligationTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type DefectReportRow = Selectable<DefectReportTable>;
