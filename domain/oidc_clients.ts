/**
 * The rules of the town's registry of client applications (its OpenID provider's clients):
 * what a registration must say and which addresses are acceptable. Pure functions, no I/O.
 */
import type { FieldError } from "./validation.ts";
import { type Agenda, AGENDAS } from "./identity.ts";

export const CLIENT_NAME_MAX = 100;
export const REDIRECT_URIS_MAX = 5;

export type ClientFormField =
  | "name"
  | "redirectUris"
  | "postLogoutRedirectUris"
  | "backchannelLogoutUri"
  | "agenda"
  | "clientType";

export interface ClientRegistration {
  name: string;
  redirectUris: string[];
  /** Where the application may send people after asking the portal to sign them out. */
  postLogoutRedirectUris: string[];
  firstParty: boolean;
  agenda: Agenda | null;
  backchannelLogoutUri: string | null;
  /** Confidential clients get a secret; public ones (mobile, browser apps) PKCE only. */
  confidential: boolean;
}

const LOOPBACK = /^(localhost|[a-z0-9-]+\.localhost|127\.0\.0\.1|\[::1\])$/;

/**
 * An address a client may be sent to or called at: https, or http on the loopback interface
 * (development); no user name or password, no fragment.
 */
export function acceptableClientUri(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password || url.hash || value.includes("#")) return null;
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && LOOPBACK.test(url.hostname)) return url;
  return null;
}

/** A textarea's addresses, one per line, blank lines dropped. */
function uriLines(value: unknown): string[] {
  return (typeof value === "string" ? value : "").split(/\r?\n/).map((l) => l.trim())
    .filter(Boolean);
}

/** The lines as acceptable addresses (at most five), or null with the field's error. */
function checkUris(errors: FieldError<string>[], field: string, lines: string[]): URL[] | null {
  if (lines.length > REDIRECT_URIS_MAX) {
    errors.push({ field, code: "tooManyUris", params: { max: REDIRECT_URIS_MAX } });
    return null;
  }
  const urls = lines.map((l) => l.length > 500 ? null : acceptableClientUri(l));
  if (urls.some((u) => u === null)) {
    errors.push({ field, code: "clientUri" });
    return null;
  }
  return urls as URL[];
}

export function parseClientRegistration(input: {
  name: unknown;
  redirectUris: unknown;
  postLogoutRedirectUris?: unknown;
  firstParty: unknown;
  agenda: unknown;
  backchannelLogoutUri: unknown;
  clientType: unknown;
}): { ok: true; value: ClientRegistration } | {
  ok: false;
  errors: FieldError<string>[];
} {
  const errors: FieldError<string>[] = [];
  const text = (v: unknown) => typeof v === "string" ? v.trim() : "";
  const name = text(input.name);
  if (!name) errors.push({ field: "name", code: "required" });
  else if (name.length > CLIENT_NAME_MAX) {
    errors.push({ field: "name", code: "tooLong", params: { max: CLIENT_NAME_MAX } });
  }
  const lines = uriLines(input.redirectUris);
  const redirectUris: string[] = [];
  if (lines.length === 0) errors.push({ field: "redirectUris", code: "required" });
  else {
    const urls = checkUris(errors, "redirectUris", lines);
    if (urls && new Set(urls.map((u) => u.host)).size > 1) {
      // Pairwise subjects are computed per client, but oidc-provider (as the standard) wants a
      // sector_identifier_uri for redirect URIs on several hosts: one host per client.
      errors.push({ field: "redirectUris", code: "oneHost" });
    } else if (urls) redirectUris.push(...urls.map((u) => u.href));
  }
  const postLogoutRedirectUris = (checkUris(
    errors,
    "postLogoutRedirectUris",
    uriLines(input.postLogoutRedirectUris),
  ) ?? []).map((u) => u.href);
  const logout = text(input.backchannelLogoutUri);
  let backchannelLogoutUri: string | null = null;
  if (logout) {
    const url = logout.length <= 500 ? acceptableClientUri(logout) : null;
    if (!url) errors.push({ field: "backchannelLogoutUri", code: "clientUri" });
    else backchannelLogoutUri = url.href;
  }
  const agendaText = text(input.agenda);
  let agenda: Agenda | null = null;
  if (agendaText) {
    if (!(AGENDAS as readonly string[]).includes(agendaText)) {
      errors.push({ field: "agenda", code: "invalidChoice" });
    } else agenda = agendaText as Agenda;
  }
  const clientType = text(input.clientType);
  if (clientType !== "confidential" && clientType !== "public") {
    errors.push({ field: "clientType", code: "invalidChoice" });
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      redirectUris,
      postLogoutRedirectUris,
      firstParty: input.firstParty === "on" || input.firstParty === "true",
      agenda,
      backchannelLogoutUri,
      confidential: clientType === "confidential",
    },
  };
}
