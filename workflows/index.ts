/** Every workflow the worker hosts (the bundle's entry point). */
export { noticeLifecycle } from "./notice.ts";
export { accessibilityReportNotification } from "./accessibility_report.ts";
export { messageDelivery } from "./message.ts";
export { passwordResetRequest } from "./password_reset.ts";
export { caseReview } from "./case_review.ts";
export { dogFeeRegistration } from "./dog_fee.ts";
export { organisationReport } from "./organisation_report.ts";
export { draftExpirySweep } from "./draft_expiry.ts";
export { defectReport } from "./defect_report.ts";
export { cardPayment } from "./card_payment.ts";
export { cardRefund } from "./card_refund.ts";
export { paymentReminders } from "./payment_reminders.ts";
export { statementDropPoll } from "./statement_drop.ts";
export { broadcastMessage } from "./broadcasts.ts";
export { grantCall } from "./grants.ts";
export { grantApplication } from "./grant_application.ts";
export { appointmentReminder } from "./appointments.ts";
