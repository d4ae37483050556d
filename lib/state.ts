/**
 * The per-request state every route, layout and middleware sees (Fresh's `ctx.state`).
 * Filled by the platform middleware in `lib/http/`, read by routes and components.
 */
import type { LevelOfAssurance } from "../domain/identity.ts";

export type Locale = "cs" | "en";

export interface TenantBranding {
  /** Inline SVG markup of the town's crest (trusted: comes from the operator's tenant config). */
  crestSvg: string | null;
  /** Primary colour override, CSS colour. */
  color?: string;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  /** e.g. "Obec Horní Lhota" — the official name of the authority. */
  officialName: string;
  ico: string;
  iban: string;
  address: string;
  email: string;
  phone: string;
  hosts: string[];
  /** Configured origin for links in e-mails; see `tenantOrigin` (lib/http/tenant.ts). */
  publicOrigin?: string | null;
  branding: TenantBranding;
}

export interface ClerkSession {
  sessionId: string;
  clerkId: string;
  username: string;
  displayName: string;
  roles: string[];
  /** The administrator set the password: every /urad page leads to /urad/heslo until changed. */
  mustChangePassword?: boolean;
}

export interface PersonSession {
  sessionId: string;
  personId: string;
  username: string;
  displayName: string;
  /** How strongly this session's login proved who the person is (eIDAS). */
  levelOfAssurance: LevelOfAssurance;
  authMethod: string;
  /** Set when the person switched to acting for someone under a granted representation. */
  actingFor:
    | {
      representationId: string;
      name: string;
      scope: string[];
      representedPersonId: string | null;
    }
    | null;
}

/** A message catalog lookup: dotted key and `{name}` params → text (see lib/i18n.ts). */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface State {
  requestId: string;
  tenant: Tenant;
  locale: Locale;
  t: Translate;
  /** CSP nonce for inline scripts/styles of this response. */
  nonce: string;
  /** Token to put in every form as hidden `_csrf` (see components/CsrfField.tsx). */
  csrfToken: string;
  clerk: ClerkSession | null;
  person: PersonSession | null;
  /** Page title; set by a handler or page, used by _app. */
  title?: string;
}
