/**
 * Report an accessibility barrier (Act 99/2019 Sb., § 9). A plain form: works without
 * JavaScript, POST → validate → 422 with the errors and the input kept, or store once per
 * idempotency key → 303 to a confirmation with the report's reference.
 */
import { define } from "../../lib/http/define.ts";
import { getDb } from "../../lib/db.ts";
import { page } from "../../lib/web/mod.ts";
import type { FieldError } from "../../domain/validation.ts";
import {
  DESCRIPTION_MAX,
  isIdempotencyKey,
  parseReportReference,
  prefillPage,
  REPORT_FIELDS,
  reportReference,
  validateAccessibilityReport,
} from "../../domain/accessibility_report.ts";
import { reportBarrier } from "../../app/accessibility.ts";
import { enforceAnonymousForm } from "../../lib/http/ratelimit.ts";
import { CsrfField } from "../../components/form/CsrfField.tsx";
import { ErrorSummary } from "../../components/form/ErrorSummary.tsx";
import { IdempotencyField } from "../../components/form/IdempotencyField.tsx";
import { SubmitButton } from "../../components/form/SubmitButton.tsx";
import { TextArea } from "../../components/form/TextArea.tsx";
import { TextField } from "../../components/form/TextField.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { DocumentTitle } from "../../components/layout/DocumentTitle.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import { PageHeading } from "../../components/layout/PageHeading.tsx";
import { RichText } from "../../components/layout/RichText.tsx";
import { telHref } from "../../components/layout/SiteFooter.tsx";

export const REPORT_PATH = "/pristupnost/nahlasit";
const STATEMENT_PATH = "/pristupnost";

interface FormValues {
  page: string;
  description: string;
  email: string;
}

type Data =
  | { kind: "form"; values: FormValues; errors: FieldError[]; idem: string }
  | { kind: "sent"; reference: string };

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export const handler = define.handlers({
  GET(ctx) {
    const reference = parseReportReference(ctx.url.searchParams.get("odeslano"));
    if (reference) return page<Data>({ kind: "sent", reference });
    const prefill = prefillPage(
      ctx.url.searchParams.get("stranka"),
      ctx.req.headers.get("referer"),
      ctx.url.origin,
      [STATEMENT_PATH, REPORT_PATH],
    );
    return page<Data>({
      kind: "form",
      values: { page: prefill, description: "", email: "" },
      errors: [],
      idem: crypto.randomUUID(),
    });
  },

  async POST(ctx) {
    const form = await ctx.formData();
    const values: FormValues = {
      page: text(form, REPORT_FIELDS.page),
      description: text(form, REPORT_FIELDS.description),
      email: text(form, REPORT_FIELDS.email),
    };
    const posted = form.get("_idem");
    // Without a valid key (a hand-made request) the report is still taken, just not deduplicated.
    const idem = isIdempotencyKey(posted) ? posted : crypto.randomUUID();
    const result = validateAccessibilityReport(values);
    if (!result.ok) {
      return page<Data>({ kind: "form", values, errors: result.errors, idem }, { status: 422 });
    }
    await enforceAnonymousForm(ctx, "accessibility-report");
    const tenantId = ctx.state.tenant.id;
    const { id } = await reportBarrier({ db: getDb() }, tenantId, {
      idempotencyKey: idem,
      ...result.value,
    });
    return ctx.redirect(`${REPORT_PATH}?odeslano=${reportReference(id).toLowerCase()}`, 303);
  },
});

export default define.page<typeof handler>(function ReportBarrier({ data, state }) {
  const { t, tenant } = state;
  const title = t("a11y.report.title");
  const crumbs = [
    { label: t("a11y.statement.title"), href: STATEMENT_PATH },
    { label: title },
  ];

  if (data.kind === "sent") {
    return (
      <>
        <DocumentTitle
          title={t("a11y.report.sentTitle")}
          town={tenant.name}
          portal={t("common.portalName")}
        />
        <Breadcrumbs items={crumbs} t={t} />
        <PageHeading title={t("a11y.report.sentTitle")} />
        <div class="prose">
          <Notice type="success" t={t}>
            <p>
              <RichText
                t={t}
                k="a11y.report.sentText"
                elements={{ reference: <strong class="reference">{data.reference}</strong> }}
              />
            </p>
          </Notice>
          <p>
            <a href={REPORT_PATH}>{t("a11y.report.sentAnother")}</a>
          </p>
          <p>
            <a href={STATEMENT_PATH}>{t("a11y.report.statementLink")}</a>
          </p>
        </div>
      </>
    );
  }

  const { values, errors } = data;
  const labels = {
    [REPORT_FIELDS.page]: t("a11y.report.pageLabel"),
    [REPORT_FIELDS.description]: t("a11y.report.descriptionLabel"),
    [REPORT_FIELDS.email]: t("a11y.report.emailLabel"),
  };
  const pageTitle = errors.length > 0 ? t("layout.form.errorTitle", { title }) : title;
  return (
    <>
      <DocumentTitle title={pageTitle} town={tenant.name} portal={t("common.portalName")} />
      <Breadcrumbs items={crumbs} t={t} />
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <PageHeading title={title} lead={t("a11y.report.lead")} />
      <form class="form" method="post" action={REPORT_PATH} novalidate>
        <CsrfField token={state.csrfToken} />
        <IdempotencyField value={data.idem} />
        <TextField
          name={REPORT_FIELDS.page}
          label={labels.page}
          hint={t("a11y.report.pageHint")}
          value={values.page}
          inputMode="url"
          spellcheck={false}
          t={t}
          errors={errors}
        />
        <TextArea
          name={REPORT_FIELDS.description}
          label={labels.description}
          hint={t("a11y.report.descriptionHint", { max: DESCRIPTION_MAX })}
          value={values.description}
          rows={8}
          required
          t={t}
          errors={errors}
        />
        <TextField
          name={REPORT_FIELDS.email}
          type="email"
          label={labels.email}
          hint={t("a11y.report.emailHint")}
          value={values.email}
          autocomplete="email"
          spellcheck={false}
          t={t}
          errors={errors}
        />
        <p class="u-muted">{t("a11y.report.privacy")}</p>
        <div class="form-actions">
          <SubmitButton>{t("a11y.report.submit")}</SubmitButton>
        </div>
      </form>
      <p class="prose">
        <RichText
          t={t}
          k="a11y.report.otherWays"
          elements={{
            email: <a href={`mailto:${tenant.email}`}>{tenant.email}</a>,
            phone: <a href={telHref(tenant.phone)}>{tenant.phone}</a>,
          }}
        />
      </p>
    </>
  );
});
