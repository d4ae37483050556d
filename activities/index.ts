/** All activities the worker hosts, built from their dependencies. */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Mailer } from "../lib/worker/mail.ts";
import type { SmsSender } from "../lib/worker/sms.ts";
import { createNoticeActivities } from "./notices.ts";
import { createAccessibilityActivities } from "./accessibility.ts";
import { createMessageActivities } from "./messages.ts";
import { createPasswordActivities } from "./passwords.ts";
import { createCaseActivities } from "./cases.ts";
import { createDogFeeActivities } from "./dog_fee.ts";
import { createOrganisationReportActivities } from "./organisation_report.ts";
import { createDefectReportActivities } from "./defect_reports.ts";
import { createCardPaymentActivities } from "./card_payments.ts";
import { createCardRefundActivities } from "./card_refunds.ts";
import { createPaymentReminderActivities } from "./payment_reminders.ts";
import { createStatementActivities } from "./statements.ts";
import { createBroadcastActivities } from "./broadcasts.ts";
import { createGrantActivities } from "./grants.ts";
import { createGrantApplicationActivities } from "./grant_applications.ts";
import { createAppointmentActivities } from "./appointments.ts";
import { createWeddingActivities } from "./weddings.ts";
import { createPublicSpaceActivities } from "./public_space.ts";
import { createOidcLogoutActivities } from "./oidc_logout.ts";
import { failPermanentlyOnBadInput } from "./errors.ts";

export interface ActivityDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  sms: SmsSender;
}

export function createActivities(deps: ActivityDeps) {
  return failPermanentlyOnBadInput({
    ...createNoticeActivities(deps),
    ...createAccessibilityActivities(deps),
    ...createMessageActivities(deps),
    ...createPasswordActivities(deps),
    ...createCaseActivities(deps),
    ...createDogFeeActivities(deps),
    ...createOrganisationReportActivities(deps),
    ...createDefectReportActivities(deps),
    ...createStatementActivities(deps),
    ...createCardPaymentActivities(deps),
    ...createCardRefundActivities(deps),
    ...createPaymentReminderActivities(deps),
    ...createBroadcastActivities(deps),
    ...createGrantActivities(deps),
    ...createGrantApplicationActivities(deps),
    ...createAppointmentActivities(deps),
    ...createWeddingActivities(deps),
    ...createPublicSpaceActivities(deps),
    ...createOidcLogoutActivities(deps),
  });
}
