/**
 * The identity providers a town offers at sign-in, in the order of the buttons: NIA (Identita
 * občana) over SAML2 when the town has its settings (`NIA_SAML`, lib/saml/config.ts), then the
 * OpenID Connect providers of `OIDC_PROVIDERS` (Bank iD, MojeID). NIA is SAML2 only: there is
 * no OpenID Connect "nia" (lib/oidc.ts refuses one).
 */
import { configuredProviders } from "../../oidc.ts";
import { niaSamlEnabled } from "../../saml/config.ts";
import type { Translate } from "../../state.ts";

export interface LoginProvider {
  id: string;
  name: string;
}

/** The providers of the town `slug`: id and name only, never their keys or secrets. */
export function loginProviders(slug: string, t: Translate): LoginProvider[] {
  return [
    ...(niaSamlEnabled(slug) ? [{ id: "nia", name: t("saml.nia") }] : []),
    ...configuredProviders().map(({ id, name }) => ({ id, name })),
  ];
}
