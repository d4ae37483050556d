/** Hono context variables the platform middleware sets, typed once. */
import type { ClerkSession, Locale, PersonSession, Tenant } from "../state.ts";

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
    tenant: Tenant | null;
    locale: Locale;
    /** Makes (once) and returns the CSRF token for forms; see lib/http/csrf.ts. */
    csrfToken: () => string;
    clerk: ClerkSession | null;
    person: PersonSession | null;
    secureHeadersNonce?: string;
    /** Makes (once) the CSP nonce for the page's scripts; see lib/http/security_headers.ts. */
    cspNonce: () => string;
  }
}
