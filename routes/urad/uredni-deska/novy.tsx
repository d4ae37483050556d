/**
 * Posting a notice. The form carries a one-time key: a double click or a retried request files
 * one notice and starts one workflow. The notice and the start of its workflow are committed
 * together (`postNotice`); the worker's relay starts the workflow, whenever Temporal answers.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { postNotice } from "../../../app/notices.ts";
import { offeredAgendas } from "../../../app/notice_agendas.ts";
import type { NoticeAgenda } from "../../../domain/notice_agendas.ts";
import {
  NOTICE_LIMITS,
  type NoticeFormValues,
  noticeFormValues,
  toPragueLocalInput,
  validateNoticeForm,
} from "../../../domain/notice.ts";
import type { FieldError } from "../../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  FileField,
  IdempotencyField,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from "../../../components/form/mod.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

interface FormData_ {
  /** The town's active agendas (the agenda select). */
  agendas: NoticeAgenda[];
  values: NoticeFormValues;
  errors: FieldError[];
  idempotencyKey: string;
}

const IDEMPOTENCY = /^[0-9a-f-]{36}$/;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "notices");
    const agendas = await offeredAgendas({ db: getDb() }, ctx.state.tenant.id);
    return page<FormData_>({
      agendas,
      values: {
        title: "",
        description: "",
        referenceNumber: "",
        agenda: "",
        postedFrom: toPragueLocalInput(new Date()),
        relevantUntil: "",
      },
      errors: [],
      idempotencyKey: crypto.randomUUID(),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "notices");
    const { tenant, clerk, requestId } = ctx.state;
    const form = await ctx.formData();
    // The town's active agendas: the select's options, and what the server accepts.
    const agendas = await offeredAgendas({ db: getDb() }, tenant.id);
    const submittedKey = form.get("_idem");
    const idempotencyKey = typeof submittedKey === "string" && IDEMPOTENCY.test(submittedKey)
      ? submittedKey
      : crypto.randomUUID();
    const result = await validateNoticeForm(form, new Date(), { agendas });
    if (!result.ok) {
      return page<FormData_>(
        { agendas, values: noticeFormValues(form), errors: result.errors, idempotencyKey },
        { status: 422 },
      );
    }
    const notice = await postNotice(
      { db: getDb() },
      { tenantId: tenant.id, clerkId: clerk.clerkId, requestId },
      { idempotencyKey, draft: result.value },
    );
    return ctx.redirect(`/urad/uredni-deska/${notice.id}?vyveseno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { values, errors } = data;
  const labels = {
    title: t("office.form.title"),
    description: t("office.form.description"),
    referenceNumber: t("noticeBoard.referenceNumber"),
    agenda: t("noticeBoard.agenda"),
    postedFrom: t("office.form.postedFrom"),
    relevantUntil: t("office.form.relevantUntil"),
    documents: t("office.form.documents"),
  };
  return (
    <div class="narrow">
      <PageTitle title={t("office.newNotice")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("office.newNotice")}</h1>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action="/urad/uredni-deska/novy" enctype="multipart/form-data" novalidate>
        <CsrfField token={state.csrfToken} />
        <IdempotencyField value={data.idempotencyKey} />
        <TextField
          name="title"
          label={labels.title}
          value={values.title}
          required
          maxLength={NOTICE_LIMITS.title}
          errors={errors}
          t={t}
        />
        <TextField
          name="referenceNumber"
          label={labels.referenceNumber}
          hint={t("office.form.referenceNumberHint")}
          value={values.referenceNumber}
          maxLength={NOTICE_LIMITS.referenceNumber}
          errors={errors}
          t={t}
        />
        <Select
          name="agenda"
          label={labels.agenda}
          hint={t("noticeAgendas.formHint")}
          placeholder={t("noticeAgendas.none")}
          options={data.agendas.map((a) => ({ value: a.code, label: a.name }))}
          // A draft keeps the agenda's name; a re-shown form the posted code.
          value={data.agendas.find((a) => a.code === values.agenda || a.name === values.agenda)
            ?.code}
          errors={errors}
          t={t}
        />
        <TextArea
          name="description"
          label={labels.description}
          value={values.description}
          rows={5}
          maxLength={NOTICE_LIMITS.description}
          errors={errors}
          t={t}
        />
        <TextField
          name="postedFrom"
          type="datetime-local"
          label={labels.postedFrom}
          hint={t("office.form.postedFromHint")}
          value={values.postedFrom}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="relevantUntil"
          type="datetime-local"
          label={labels.relevantUntil}
          hint={t("office.form.relevantUntilHint")}
          value={values.relevantUntil}
          errors={errors}
          t={t}
        />
        <FileField
          name="documents"
          label={labels.documents}
          hint={t("office.form.documentsHint", {
            max: NOTICE_LIMITS.maxDocuments,
            size: NOTICE_LIMITS.maxDocumentBytes / 1024 / 1024,
          })}
          multiple
          accept=".pdf,.docx,.odt,.xlsx,.ods,.txt,.png,.jpg,.jpeg"
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("office.form.submit")}</SubmitButton>
      </form>
    </div>
  );
});
