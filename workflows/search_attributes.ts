/**
 * Custom search attributes, so an operator can filter the Temporal UI by town, case type and
 * status: `TenantSlug = "lipnice" AND CaseType = "notice" AND CaseStatus = "published"`.
 * The dev server is started with these registered; the worker registers them elsewhere.
 */
import { defineSearchAttributeKey, SearchAttributeType } from "@temporalio/common";

export const TENANT_ID = defineSearchAttributeKey("TenantId", SearchAttributeType.KEYWORD);
/** The town's slug (`lipnice`), set at start beside its id: `TenantSlug = "lipnice"`. */
export const TENANT_SLUG = defineSearchAttributeKey("TenantSlug", SearchAttributeType.KEYWORD);
export const CASE_TYPE = defineSearchAttributeKey("CaseType", SearchAttributeType.KEYWORD);
export const CASE_STATUS = defineSearchAttributeKey("CaseStatus", SearchAttributeType.KEYWORD);

export const CUSTOM_SEARCH_ATTRIBUTES = [TENANT_ID, TENANT_SLUG, CASE_TYPE, CASE_STATUS] as const;
