/**
 * The person's representations (zastoupení): whom they act for or asked to, in which state,
 * the switch of whom they act for now, and the request form (the document attached). The
 * form carries a one-time key: a double submit files one request.
 */
import { define } from "../../../lib/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { auditActor } from "../../../lib/identity/actor.ts";
import { appendAudit } from "../../../db/repositories/audit.ts";
import {
  createRepresentationRequest,
  listForRepresentative,
  listGrantedFor,
} from "../../../db/repositories/representations.ts";
import { AGENDAS } from "../../../domain/identity.ts";
import {
  canWithdraw,
  emptyRepresentationValues,
  REPRESENTATION_DOCUMENT_ACCEPT,
  REPRESENTATION_KINDS,
  REPRESENTATION_LIMITS,
  type RepresentationFieldError,
  type RepresentationFormValues,
  representationFormValues,
  validateRepresentationRequest,
} from "../../../domain/representation.ts";
import { formatPragueDate } from "../../../domain/time.ts";
import {
  CsrfField,
  ErrorSummary,
  FileField,
  IdempotencyField,
  SubmitButton,
  TextField,
} from "../../../components/form/mod.ts";
import { ChoiceGroup } from "../../../components/identity/ChoiceGroup.tsx";
import { ActingForSwitch } from "../../../components/identity/ActingForSwitch.tsx";
import {
  asFieldErrors,
  RepresentationFacts,
  representationT,
} from "../../../components/identity/RepresentationFacts.tsx";
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
  if (params.has("stazeno")) return "withdrawn";
  if (params.has("rozhodnuto")) return "alreadyDecided";
  if (params.get("prepnuti") === "nelze") return "switchFailed";
  return null;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant, person } = ctx.state;
    const form: FormState = {
      values: emptyRepresentationValues(),
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
    const { tenant, person, requestId } = ctx.state;
    const form = await ctx.formData();
    const submittedKey = form.get("_idem");
    const idempotencyKey = typeof submittedKey === "string" && IDEMPOTENCY.test(submittedKey)
      ? submittedKey
      : crypto.randomUUID();
    const result = await validateRepresentationRequest(form, formatPragueDate(new Date()));
    if (!result.ok) {
      return page({
        ...(await load(tenant.id, person!.personId)),
        values: representationFormValues(form),
        errors: result.errors,
        idempotencyKey,
        flash: null as Flash,
      }, { status: 422 });
    }
    const db = getDb();
    const filed = await createRepresentationRequest(
      db,
      tenant.id,
      idempotencyKey,
      person!.personId,
      result.value,
    );
    if (filed.created) {
      await appendAudit(db, {
        ...auditActor(ctx.state),
        tenantId: tenant.id,
        action: "representation.requested",
        subjectType: "representation",
        subjectId: filed.id,
        requestId,
        details: { kind: result.value.kind, scope: result.value.scope },
      });
    }
    return ctx.redirect(`${PATH}?podano=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { locale } = state;
  const t = representationT(state.t);
  const { values, items, granted } = data;
  const errors = asFieldErrors(data.errors);
  const labels = {
    kind: t("representation.form.kind"),
    representedName: t("representation.form.name"),
    birthDate: t("representation.form.birthDate"),
    ico: t("representation.form.ico"),
    scope: t("representation.form.scope"),
    validUntil: t("representation.form.validUntil"),
    document: t("representation.form.document"),
  };
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
                <RepresentationFacts r={r} t={t} locale={locale} />
                {r.document_name && r.status !== "revoked" && (
                  <p>
                    {t("representation.fact.document")}:{" "}
                    <a href={`${PATH}/${r.id}/dokument`}>{r.document_name}</a>
                  </p>
                )}
                {canWithdraw(r.status) && (
                  <form method="post" action={`${PATH}/${r.id}/stahnout`}>
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

      <section aria-labelledby="request-heading">
        <h2 id="request-heading">{t("representation.form.heading")}</h2>
        <p>{t("representation.form.lead")}</p>
        <ErrorSummary errors={errors} t={t} labels={labels} />
        <form
          method="post"
          action={PATH}
          enctype="multipart/form-data"
          class="form"
          novalidate
        >
          <CsrfField token={state.csrfToken} />
          <IdempotencyField value={data.idempotencyKey} />
          <ChoiceGroup
            type="radio"
            name="kind"
            legend={labels.kind}
            options={REPRESENTATION_KINDS.map((k) => ({
              value: k,
              label: t(`representation.kindOption.${k}`),
            }))}
            selected={[values.kind]}
            required
            errors={errors}
            t={t}
          />
          <TextField
            name="representedName"
            label={labels.representedName}
            hint={t("representation.form.nameHint")}
            value={values.representedName}
            required
            maxLength={REPRESENTATION_LIMITS.name}
            errors={errors}
            t={t}
          />
          <TextField
            name="birthDate"
            type="date"
            label={labels.birthDate}
            hint={t("representation.form.birthDateHint")}
            value={values.birthDate}
            width="m"
            errors={errors}
            t={t}
          />
          <TextField
            name="ico"
            label={labels.ico}
            hint={t("representation.form.icoHint")}
            value={values.ico}
            inputMode="numeric"
            maxLength={12}
            width="s"
            errors={errors}
            t={t}
          />
          <ChoiceGroup
            type="checkbox"
            name="scope"
            legend={labels.scope}
            hint={t("representation.form.scopeHint")}
            options={AGENDAS.map((a) => ({ value: a, label: t(`agenda.${a}`) }))}
            selected={values.scope}
            required
            errors={errors}
            t={t}
          />
          <TextField
            name="validUntil"
            type="date"
            label={labels.validUntil}
            hint={t("representation.form.validUntilHint")}
            value={values.validUntil}
            width="m"
            errors={errors}
            t={t}
          />
          <FileField
            name="document"
            label={labels.document}
            hint={t("representation.form.documentHint", {
              size: REPRESENTATION_LIMITS.maxDocumentBytes / 1024 / 1024,
            })}
            accept={REPRESENTATION_DOCUMENT_ACCEPT}
            required
            errors={errors}
            t={t}
          />
          <SubmitButton>{t("representation.form.submit")}</SubmitButton>
        </form>
      </section>
    </div>
  );
});
