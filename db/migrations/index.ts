/**
 * The migrations, listed statically (no directory scan, so it runs on an edge runtime and in a
 * bundle). Add each new migration file here; names sort by their timestamp.
 */
import type { Migration, MigrationProvider } from "kysely";
import * as m20261121000100 from "./2026_11_21_000100_create_platform.ts";
import * as m20261121000200 from "./2026_11_21_000200_track_report_notification.ts";
import * as m20261121000300 from "./2026_11_21_000300_create_identity.ts";
import * as m20261121000400 from "./2026_11_21_000400_record_authorization_revocation.ts";
import * as m20261130000100 from "./2026_11_30_000100_create_workflow_commands.ts";
import * as m20261130121000 from "./2026_11_30_121000_create_password_reset_requests.ts";
import * as m20261130120000 from "./2026_11_30_120000_add_tenant_public_origin.ts";
import * as m20261130130000 from "./2026_11_30_130000_create_guides.ts";
import * as m20261130140000 from "./2026_11_30_140000_create_cases.ts";
import * as m20261130150000 from "./2026_11_30_150000_create_defect_reports.ts";
import * as m20261130160000 from "./2026_11_30_160000_create_obligations.ts";
import * as m20261130170000 from "./2026_11_30_170000_create_pending_submissions.ts";
import * as m20261130180000 from "./2026_11_30_180000_add_person_case_notifications.ts";
import * as m20261201090000 from "./2026_12_01_090000_create_ledger.ts";
import * as m20261201100000 from "./2026_12_01_100000_ledger_indexes.ts";
import * as m20261201110000 from "./2026_12_01_110000_notice_board_indexes.ts";
import * as m20261202090000 from "./2026_12_02_090000_create_notice_agendas.ts";
import * as m20261202120000 from "./2026_12_02_120000_add_clerk_sign_in_facts.ts";
import * as m20261202120100 from "./2026_12_02_120100_store_workflow_ids.ts";
import * as m20261202100000 from "./2026_12_02_100000_add_audit_indexes.ts";
import * as m20261202110000 from "./2026_12_02_110000_create_notice_drafts.ts";
import * as m20261202110100 from "./2026_12_02_110100_record_representation_evidence.ts";
import * as m20261203090000 from "./2026_12_03_090000_create_public_finance.ts";
import * as m20261203091000 from "./2026_12_03_091000_create_budget_line_sums.ts";
import * as m20261203093000 from "./2026_12_03_093000_add_organisation_report_kind.ts";
import * as m20261204090000 from "./2026_12_04_090000_create_messaging.ts";
import * as m20261204095000 from "./2026_12_04_095000_check_ledger_references_per_statement.ts";
import * as m20261205090000 from "./2026_12_05_090000_create_grants.ts";
import * as m20261206100000 from "./2026_12_06_100000_add_grant_proposals.ts";
import * as m20261206110000 from "./2026_12_06_110000_create_grant_payout_batches.ts";
import * as m20261207100000 from "./2026_12_07_100000_create_appointments.ts";
import * as m20261207200000 from "./2026_12_07_200000_create_ceremonies_and_occupations.ts";
import * as m20261207300000 from "./2026_12_07_300000_create_saml_logins.ts";
import * as m20261208100000 from "./2026_12_08_100000_create_oidc_idp.ts";
import * as m20261208200000 from "./2026_12_08_200000_add_person_deletion.ts";
import * as m20261208500000 from "./2026_12_08_500000_add_appointment_service_name_en.ts";
import * as m20261208700000 from "./2026_12_08_700000_logout_delivery_per_use.ts";
import * as m20261209100000 from "./2026_12_09_100000_grant_one_application_per_applicant.ts";
import * as m20261209200000 from "./2026_12_09_200000_oidc_post_logout_redirect_uris.ts";
import * as m20261209300000 from "./2026_12_09_300000_person_message_language.ts";
import * as m20261208600000 from "./2026_12_08_600000_add_oidc_client_session_last_used.ts";

const migrations: Record<string, Migration> = {
  "2026_11_21_000100_create_platform": m20261121000100,
  "2026_11_21_000200_track_report_notification": m20261121000200,
  "2026_11_21_000300_create_identity": m20261121000300,
  "2026_11_21_000400_record_authorization_revocation": m20261121000400,
  "2026_11_30_000100_create_workflow_commands": m20261130000100,
  "2026_11_30_120000_add_tenant_public_origin": m20261130120000,
  "2026_11_30_121000_create_password_reset_requests": m20261130121000,
  "2026_11_30_130000_create_guides": m20261130130000,
  "2026_11_30_140000_create_cases": m20261130140000,
  "2026_11_30_150000_create_defect_reports": m20261130150000,
  "2026_11_30_160000_create_obligations": m20261130160000,
  "2026_11_30_170000_create_pending_submissions": m20261130170000,
  "2026_11_30_180000_add_person_case_notifications": m20261130180000,
  "2026_12_01_090000_create_ledger": m20261201090000,
  "2026_12_01_100000_ledger_indexes": m20261201100000,
  "2026_12_01_110000_notice_board_indexes": m20261201110000,
  "2026_12_02_090000_create_notice_agendas": m20261202090000,
  "2026_12_02_120000_add_clerk_sign_in_facts": m20261202120000,
  "2026_12_02_120100_store_workflow_ids": m20261202120100,
  "2026_12_02_100000_add_audit_indexes": m20261202100000,
  "2026_12_02_110000_create_notice_drafts": m20261202110000,
  "2026_12_02_110100_record_representation_evidence": m20261202110100,
  "2026_12_03_090000_create_public_finance": m20261203090000,
  "2026_12_03_091000_create_budget_line_sums": m20261203091000,
  "2026_12_03_093000_add_organisation_report_kind": m20261203093000,
  "2026_12_04_090000_create_messaging": m20261204090000,
  "2026_12_04_095000_check_ledger_references_per_statement": m20261204095000,
  "2026_12_05_090000_create_grants": m20261205090000,
  "2026_12_06_100000_add_grant_proposals": m20261206100000,
  "2026_12_06_110000_create_grant_payout_batches": m20261206110000,
  "2026_12_07_100000_create_appointments": m20261207100000,
  "2026_12_07_200000_create_ceremonies_and_occupations": m20261207200000,
  "2026_12_07_300000_create_saml_logins": m20261207300000,
  "2026_12_08_100000_create_oidc_idp": m20261208100000,
  "2026_12_08_200000_add_person_deletion": m20261208200000,
  "2026_12_08_500000_add_appointment_service_name_en": m20261208500000,
  "2026_12_08_600000_add_oidc_client_session_last_used": m20261208600000,
  "2026_12_08_700000_logout_delivery_per_use": m20261208700000,
  "2026_12_09_100000_grant_one_application_per_applicant": m20261209100000,
  "2026_12_09_200000_oidc_post_logout_redirect_uris": m20261209200000,
  "2026_12_09_300000_person_message_language": m20261209300000,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
