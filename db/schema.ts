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
  roles: ColumnType<string[], string[], string[]>;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SessionTable {
  id: string;
  tenant_id: string;
  clerk_id: string | null;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Date | null;
  user_agent: string | null;
}

export type NoticeStatus = "scheduled" | "published" | "expired" | "withdrawn";

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
  workflow_started_at: Date | null;
  created_by: string;
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

export interface AccessibilityReportTable {
  id: Generated<string>;
  tenant_id: string;
  idempotency_key: string;
  page_url: string | null;
  description: string;
  contact_email: string | null;
  status: Generated<"new" | "resolved">;
  created_at: CreatedAt;
  workflow_started_at: Date | null;
  /** Set once the office has been e-mailed; a retried activity sees it and sends nothing. */
  notified_at: Date | null;
}

export interface Database {
  tenants: TenantTable;
  audit_log: AuditLogTable;
  clerks: ClerkTable;
  sessions: SessionTable;
  notices: NoticeTable;
  notice_documents: NoticeDocumentTable;
  accessibility_reports: AccessibilityReportTable;
}

export type TenantRow = Selectable<TenantTable>;
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
