/**
 * Changing the e-mail or the phone: the new one is typed here, a code goes to it (rate-limited
 * per person), and the code typed back on the next step (`?overeni=email|phone`) makes it the
 * account's; the old one is told (app/account.ts). Until then nothing changes.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { limits } from "../../../lib/http/identity/limits.ts";
import { enforce } from "../../../lib/http/ratelimit.ts";
import {
  confirmContactChange,
  type ContactKind,
  pendingContactChange,
  startContactChange,
} from "../../../app/account.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { listContacts } from "../../../db/repositories/persons.ts";
import { formatPhone, normalizeCode } from "../../../domain/identity.ts";
import { cleanText, type FieldError } from "../../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../../../components/form/mod.ts";
import { OneTimeCodeField } from "../../../components/identity/OneTimeCodeField.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import type { State } from "../../../lib/state.ts";

const PATH = "/ucet/nastaveni/kontakt";
const MESSAGES = {
  contactUnchanged: "accountSettings.contact.errors.unchanged",
  contactTaken: "accountSettings.contact.errors.taken",
};

type Data =
  | {
    view: "form";
    email: string | null;
    phone: string | null;
    values: { email: string; phone: string };
    errors: FieldError<string>[];
  }
  | { view: "code"; kind: ContactKind; shown: string; errors: FieldError<string>[] };

const isKind = (v: unknown): v is ContactKind => v === "email" || v === "phone";

async function formData(
  state: State,
  values = { email: "", phone: "" },
  errors: FieldError<string>[] = [],
): Promise<Data> {
  const contacts = await listContacts(getDb(), state.tenant.id, state.person!.personId);
  const current = (kind: ContactKind) =>
    contacts.find((c) => c.kind === kind && c.verified_at)?.value ?? null;
  const phone = current("phone");
  return {
    view: "form",
    email: current("email"),
    phone: phone ? formatPhone(phone) : null,
    values,
    errors,
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    const kind = ctx.url.searchParams.get("overeni");
    if (isKind(kind)) {
      const shown = await pendingContactChange(defaultDeps(), personActor(ctx.state), kind);
      if (shown) return page<Data>({ view: "code", kind, shown, errors: [] });
    }
    return page<Data>(await formData(ctx.state));
  },
  async POST(ctx) {
    const actor = personActor(ctx.state);
    const form = await ctx.formData();
    const kind = form.get("kind");
    if (!isKind(kind)) return ctx.redirect(PATH);
    const deps = defaultDeps();
    if (form.get("action") === "start") {
      const raw = cleanText(form.get(kind)).slice(0, 254);
      const started = await startContactChange(
        deps,
        ctx.state,
        actor,
        kind,
        raw,
        () => enforce(limits.codeSend, `contact:${actor.personId}`, ctx),
      );
      if (started.ok) return ctx.redirect(`${PATH}?overeni=${kind}`);
      const values = { email: "", phone: "", [kind]: raw };
      return page<Data>(await formData(ctx.state, values, started.errors), { status: 422 });
    }
    await enforce(limits.code, `contact:${actor.personId}`, ctx);
    const code = normalizeCode(cleanText(form.get("code"))).slice(0, 20);
    const outcome = await confirmContactChange(deps, ctx.state, actor, kind, code);
    if (outcome.ok) return ctx.redirect(`/ucet/nastaveni?kontakt=${kind}`);
    if (outcome.code === "nothingPending") return ctx.redirect(PATH);
    const shown = await pendingContactChange(deps, actor, kind);
    if (!shown) {
      return page<Data>(await formData(ctx.state, undefined, outcome.errors), { status: 422 });
    }
    return page<Data>({ view: "code", kind, shown, errors: outcome.errors }, { status: 422 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const t = withErrorMessages(state.t, MESSAGES);
  const d = data as Data;
  const title = t("accountSettings.contact.title");
  const labels = {
    email: t("accountSettings.contact.newEmail"),
    phone: t("accountSettings.contact.newPhone"),
    code: t("accountSettings.contact.code"),
  };
  return (
    <div class="narrow">
      <PageTitle title={title} state={state} />
      <p>
        <a href="/ucet/nastaveni">{t("accountSettings.back")}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={d.errors} t={t} labels={labels} />
      {d.view === "code"
        ? (
          <form method="post" action={PATH} novalidate>
            <p class="lead">{t(`accountSettings.contact.sent.${d.kind}`, { to: d.shown })}</p>
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="kind" value={d.kind} />
            <input type="hidden" name="action" value="confirm" />
            <OneTimeCodeField
              name="code"
              label={labels.code}
              hint={t("accountSettings.contact.codeHint", { to: d.shown })}
              errors={d.errors}
              t={t}
            />
            <SubmitButton>{t("accountSettings.contact.confirm")}</SubmitButton>
            <p>
              <a href={PATH}>{t("accountSettings.contact.startOver")}</a>
            </p>
          </form>
        )
        : (
          <>
            <p class="lead">{t("accountSettings.contact.lead")}</p>
            {(["email", "phone"] as const).map((kind) => (
              <section key={kind} aria-labelledby={`heading-${kind}`}>
                <h2 id={`heading-${kind}`}>{t(`accountSettings.contact.heading.${kind}`)}</h2>
                <p>
                  {d[kind]
                    ? t("accountSettings.contact.current", { value: d[kind]! })
                    : t(`accountSettings.contact.none.${kind}`)}
                </p>
                <form method="post" action={PATH} novalidate>
                  <CsrfField token={state.csrfToken} />
                  <input type="hidden" name="kind" value={kind} />
                  <input type="hidden" name="action" value="start" />
                  <TextField
                    name={kind}
                    type={kind === "email" ? "email" : "tel"}
                    label={labels[kind]}
                    hint={kind === "phone" ? t("accountSettings.contact.phoneHint") : undefined}
                    value={d.values[kind]}
                    autocomplete={kind === "email" ? "email" : "tel"}
                    inputMode={kind === "email" ? "email" : "tel"}
                    maxLength={254}
                    spellcheck={false}
                    required
                    errors={d.errors}
                    t={t}
                  />
                  <SubmitButton>{t(`accountSettings.contact.send.${kind}`)}</SubmitButton>
                </form>
              </section>
            ))}
          </>
        )}
    </div>
  );
});
