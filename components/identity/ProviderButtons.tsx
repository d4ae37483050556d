/**
 * Sign-in through a national identity provider: one gov-styled link per configured provider
 * (NIA – Identita občana, Bank iD, MojeID), and what the portal receives from it. Renders
 * nothing when no provider is configured.
 */
import type { Translate } from "../../lib/state.ts";
import { GovCss } from "../gov/GovCss.tsx";

export interface ProviderButtonsProps {
  /** From `loginProviders()` (lib/http/identity/providers.ts): id and name only. */
  providers: readonly { id: string; name: string }[];
  t: Translate;
  /** A local path to return to after the sign-in (checked again by the route). */
  next?: string;
  /** Level of the block's heading (default 2). */
  level?: 2 | 3;
}

/**
 * Where a provider's button leads: the start of its OpenID Connect login; for NIA the SAML2
 * login (`/prihlaseni/nia`).
 */
export function providerLoginHref(id: string, next?: string): string {
  const path = id === "nia" ? "/prihlaseni/nia" : `/prihlaseni/oidc/${encodeURIComponent(id)}`;
  return next ? `${path}?${new URLSearchParams({ next })}` : path;
}

export function ProviderButtons({ providers, t, next, level = 2 }: ProviderButtonsProps) {
  if (providers.length === 0) return null;
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section class="provider-buttons" aria-labelledby="provider-buttons-title">
      <GovCss names={["gov-button"]} />
      <Heading id="provider-buttons-title">{t("oidc.title")}</Heading>
      <p>{t("oidc.explain")}</p>
      <div class="form-actions">
        {providers.map((p) => (
          <a
            key={p.id}
            class="gov-button"
            data-color="primary"
            data-type="outlined"
            data-size="m"
            href={providerLoginHref(p.id, next)}
          >
            {t("oidc.loginWith", { name: p.name })}
          </a>
        ))}
      </div>
    </section>
  );
}
