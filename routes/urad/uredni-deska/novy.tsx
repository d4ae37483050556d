/**
 * Posting a notice. The form carries a one-time key: a double click or a retried request files
 * one notice and starts one workflow. The notice and the start of its workflow are committed
 * together (`postNotice`); the worker's relay starts the workflow, whenever Temporal answers.
 * A valid form is first kept as the clerk's draft (with its documents) and shown on a
 * confirmation page with a preview of the public page; only "Ano, vyvěsit" (the confirmation
 * field) files it. "Zpět" returns to the form filled in from the draft, its documents kept.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import {
  openNoticeDraft,
  postNotice,
  publishNoticeDraft,
  saveNoticeDraft,
} from "../../../app/notices.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import { offeredAgendas } from "../../../app/notice_agendas.ts";
import type { NoticeAgenda } from "../../../domain/notice_agendas.ts";
import { cleanText } from "../../../domain/validation.ts";
import {
  draftValues,
  type NoticeDraftView,
  PublishConfirm,
} from "../../../components/notices/NoticeConfirm.tsx";
import { Alert } from "../../../components/layout/Notice.tsx";
import {
  NOTICE_LIMITS,
  type NoticeFormValues,
  noticeFormValues,
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
  /** Back from the confirmation page: the clerk's draft, whose documents are kept. */
  draftId?: string | null;
  keptDocuments?: string[];
  problem?: "draftGone" | null;
  /** A valid form not yet confirmed: the confirmation page with the preview. */
  confirm?: NoticeDraftView | null;
  now?: Date;
}

const IDEMPOTENCY = /^[0-9a-f-]{36}$/;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "notices");
    const { tenant, clerk } = ctx.state;
    const agendas = await offeredAgendas({ db: getDb() }, tenant.id);
    const back = ctx.url.searchParams.get("koncept");
    const view = back
      ? await openNoticeDraft(getDb(), { tenantId: tenant.id, clerkId: clerk.clerkId }, back)
      : undefined;
    if (view) {
      return page<FormData_>({
        agendas,
        values: draftValues(view),
        errors: [],
        idempotencyKey: view.draft.idempotency_key,
        draftId: view.draft.id,
        keptDocuments: view.documents.map((d) => d.file_name),
      });
    }
    return page<FormData_>({
      agendas,
      values: {
        title: "",
        description: "",
        referenceNumber: "",
        agenda: "",
        // Empty means "as soon as it is confirmed" (the field's hint says so).
        postedFrom: "",
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
    const actor = { tenantId: tenant.id, clerkId: clerk.clerkId, requestId };
    const now = new Date();
    const draftId = cleanText(form.get("_draft")).slice(0, 36) || null;
    if (isConfirmed(form) && draftId) {
      // "Ano, vyvěsit": the notice is filed from the draft the clerk saw previewed.
      const r = await publishNoticeDraft({ db: getDb(), now }, actor, { draftId, idempotencyKey });
      if (r.ok) return ctx.redirect(`/urad/uredni-deska/${r.id}?vyveseno=1`);
      const view = r.code === "invalid"
        ? await openNoticeDraft(getDb(), actor, draftId)
        : undefined;
      if (!view) {
        return page<FormData_>({
          agendas,
          values: noticeFormValues(new FormData()),
          errors: [],
          idempotencyKey: crypto.randomUUID(),
          problem: "draftGone",
        }, { status: 409 });
      }
      return page<FormData_>({
        agendas,
        values: draftValues(view),
        errors: r.code === "invalid" ? r.errors : [],
        idempotencyKey,
        draftId,
        keptDocuments: view.documents.map((d) => d.file_name),
      }, { status: 422 });
    }
    const result = await validateNoticeForm(form, now, { agendas });
    if (!result.ok) {
      const kept = draftId ? await openNoticeDraft(getDb(), actor, draftId) : undefined;
      return page<FormData_>({
        agendas,
        values: noticeFormValues(form),
        errors: result.errors,
        idempotencyKey,
        draftId: kept?.draft.id ?? null,
        keptDocuments: kept?.documents.map((d) => d.file_name) ?? [],
      }, { status: 422 });
    }
    if (isConfirmed(form)) {
      // The whole form sent with the confirmation at once (API-like clients, the benchmark).
      const notice = await postNotice({ db: getDb() }, actor, {
        idempotencyKey,
        draft: result.value,
      });
      return ctx.redirect(`/urad/uredni-deska/${notice.id}?vyveseno=1`);
    }
    // Not yet confirmed: keep it as the clerk's draft and show what the public will see.
    const saved = await saveNoticeDraft({ db: getDb(), now }, actor, {
      idempotencyKey,
      draft: result.value,
      postedImmediately: cleanText(form.get("postedFrom")) === "",
      replaces: draftId,
    });
    const view = await openNoticeDraft(getDb(), actor, saved.id);
    return page<FormData_>({
      agendas,
      values: noticeFormValues(form),
      errors: [],
      idempotencyKey,
      confirm: view,
      now,
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { values, errors } = data;
  if (data.confirm) {
    return <PublishConfirm state={state} view={data.confirm} now={data.now ?? new Date()} />;
  }
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
      {data.problem && <Alert t={t} title={t(`office.confirm.${data.problem}`)} />}
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action="/urad/uredni-deska/novy" enctype="multipart/form-data" novalidate>
        <CsrfField token={state.csrfToken} />
        <IdempotencyField value={data.idempotencyKey} />
        {data.draftId && <input type="hidden" name="_draft" value={data.draftId} />}
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
        {data.keptDocuments && data.keptDocuments.length > 0 && (
          <p>{t("office.confirm.keptDocuments", { names: data.keptDocuments.join(", ") })}</p>
        )}
        <SubmitButton>{t("office.form.submit")}</SubmitButton>
      </form>
    </div>
  );
});
