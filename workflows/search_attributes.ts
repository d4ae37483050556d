/**
 * Custom search attributes, so an operator can filter the Temporal UI by town, case type and
 * status: `TenantId = "…" AND CaseType = "notice" AND CaseStatus = "published"`.
 * The dev server is started with these registered; the worker registers them elsewhere.
 */
import { defineSearchAttributeKey, SearchAttributeType } from "@temporalio/common";

export const TENANT_ID = defineSearchAttributeKey("TenantId", SearchAttributeType.KEYWORD);
export const CASE_TYPE = defineSearchAttributeKey("CaseType", SearchAttributeType.KEYWORD);
export const CASE_STATUS = defineSearchAttributeKey("CaseStatus", SearchAttributeType.KEYWORD);

export const CUSTOM_SEARCH_ATTRIBUTES = [TENANT_ID, CASE_TYPE, CASE_STATUS] as const;
