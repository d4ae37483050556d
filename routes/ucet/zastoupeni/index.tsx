/**
 * The person's representations (zastoupení): whom they act for or asked to, in which state,
 * the switch of whom they act for now, and the request form (the document attached). The
 * form carries a one-time key: a double submit files one request.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { listForRepresentative, listGrantedFor } from "../../../db/repositories/representations.ts";
import { requestRepresentation } from "../../../app/representation.ts";
import { defaultDeps } from "../../../app/deps.ts";
import {
  canWithdraw,
  emptyRepresentationValues,
  isRepresentationKind,
  REPRESENTATION_MESSAGES,
  type RepresentationFieldError,
  type RepresentationFormValues,
  representationFormValues,
  representationReference,
} from "../../../domain/representation.ts";
import { formatPragueDate } from "../../../domain/time.ts";
import { CsrfField, SubmitButton, withErrorMessages } from "../../../components/form/mod.ts";
import { ActingForSwitch } from "../../../components/identity/ActingForSwitch.tsx";
import { RepresentationFacts } from "../../../components/identity/RepresentationFacts.tsx";
import { RepresentationRequestForm } from "../../../components/identity/RepresentationRequestForm.tsx";
import { Alert, Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

const IDEMPOTENCY = /^[0-9a-f-]{36}$/;
const PATH = "/ucet/zastoupeni";

async function load(tenantId: string, personId: string) {
  const db = getDb();
  const [items, granted] = await Promise.all([
    listForRepresentative(db, tenantId, personId),
    listGrantedFor(db, tenantId, personId, formatPragueDate(new Date())),
  ]);
  return { items, granted };
}

interface FormState {
  values: RepresentationFormValues;
  errors: RepresentationFieldError[];
  idempotencyKey: string;
}

type Flash = "filed" | "withdrawn" | "alreadyDecided" | "switchFailed" | null;

function flash(params: URLSearchParams): Flash {
  if (params.has("podano")) return "filed";
  if (params.has("vzato-zpet")) return "withdrawn";
  if (params.has("rozhodnuto")) return "alreadyDecided";
  if (params.get("prepnuti") === "nelze") return "switchFailed";
  return null;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant, person } = ctx.state;
    // The kind chosen on the form's first step (a GET form), if any.
    const kind = ctx.url.searchParams.get("druh") ?? "";
    const form: FormState = {
      values: { ...emptyRepresentationValues(), kind: isRepresentationKind(kind) ? kind : "" },
      errors: [],
      idempotencyKey: crypto.randomUUID(),
    };
    return page({
      ...(await load(tenant.id, person!.personId)),
      ...form,
      flash: flash(ctx.url.searchParams),
    });
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const submittedKey = form.get("_idem");
    const idempotencyKey = typeof submittedKey === "string" && IDEMPOTENCY.test(submittedKey)
      ? submittedKey
      : crypto.randomUUID();
    const actor = personActor(ctx.state);
    const outcome = await requestRepresentation(
      defaultDeps(),
      actor,
      idempotencyKey,
      form,
      ctx.state,
    );
    if (outcome.ok) return ctx.redirect(`${PATH}?podano=1`);
    return page({
      ...(await load(actor.tenantId, actor.personId)),
      values: representationFormValues(form),
      errors: outcome.errors,
      idempotencyKey,
      flash: null as Flash,
    }, { status: 422 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { locale } = state;
  const t = withErrorMessages(state.t, REPRESENTATION_MESSAGES);
  const { items, granted } = data;
  return (
    <div>
      <PageTitle title={t("representation.title")} state={state} />
      <p>
        <a href="/ucet">{t("representation.backToAccount")}</a>
      </p>
      <h1>{t("representation.title")}</h1>
      <p class="lead">{t("representation.lead")}</p>
      {data.flash === "filed" && <Notice type="success" t={t} title={t("representation.filed")} />}
      {data.flash === "withdrawn" && (
        <Notice type="success" t={t} title={t("representation.withdrawn")} />
      )}
      {data.flash === "alreadyDecided" && (
        <Alert t={t} title={t("representation.alreadyDecided")} />
      )}
      {data.flash === "switchFailed" && <Alert t={t} title={t("representation.switch.failed")} />}

      <section aria-labelledby="jednat-za">
        <h2 id="jednat-za" tabindex={-1}>{t("representation.switch.heading")}</h2>
        {state.person?.actingFor && (
          <p>{t("layout.user.actingFor", { name: state.person.actingFor.name })}</p>
        )}
        {granted.length > 0
          ? (
            <ActingForSwitch
              t={t}
              csrfToken={state.csrfToken}
              representations={granted}
              current={state.person?.actingFor?.representationId ?? null}
              next={PATH}
            />
          )
          : <p>{t("representation.switch.none")}</p>}
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t("representation.listHeading")}</h2>
        {items.length === 0 ? <p>{t("representation.empty")}</p> : (
          <ul class="representation-list">
            {items.map((r) => (
              <li key={r.id}>
                <h3>{r.represented_name}</h3>
                <p>
                  {t("representation.reference")}: {representationReference(r.id)}
                </p>
                <RepresentationFacts r={r} t={t} locale={locale} />
                {r.document_name && r.status !== "revoked" && (
                  <p>
                    {t("representation.fact.document")}:{" "}
                    <a href={`${PATH}/${r.id}/dokument`}>{r.document_name}</a>
                  </p>
                )}
                {canWithdraw(r.status) && (
                  <form method="post" action={`${PATH}/${r.id}/zpet-vzit`}>
                    <CsrfField token={state.csrfToken} />
                    <SubmitButton variant="secondary">
                      {t("representation.withdraw")}
                      <span class="u-sr-only">: {r.represented_name}</span>
                    </SubmitButton>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <RepresentationRequestForm
        action={PATH}
        values={data.values}
        errors={data.errors}
        idempotencyKey={data.idempotencyKey}
        csrfToken={state.csrfToken}
        t={t}
      />
    </div>
  );
});
