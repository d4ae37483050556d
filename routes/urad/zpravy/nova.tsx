/**
 * Composing a broadcast (issue 13). GET: the templates to start from (`?sablona=<id>` fills the
 * form from one). POST: the form is checked (placeholders filled, a channel, topics or everyone,
 * known streets, an SMS that fits, a time not in the past) and the audience counted per channel;
 * a valid one shows the preview with the counts; only the POST with `_confirm=ano` sends it,
 * once per form token (a double submit creates one broadcast). `_edit=ano` returns to the form.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import { tenantOrigin } from "../../../lib/http/tenant.ts";
import {
  composeOptions,
  openTemplate,
  previewBroadcast,
  sendBroadcast,
} from "../../../app/broadcasts.ts";
import {
  type BroadcastDraft,
  type BroadcastFormValues,
  broadcastFormValues,
} from "../../../domain/broadcasts.ts";
import type { FieldError } from "../../../domain/validation.ts";
import type { AudienceCounts } from "../../../db/repositories/subscribers.ts";
import { ComposeForm } from "../../../components/broadcasts/ComposeForm.tsx";
import { BroadcastPreview } from "../../../components/broadcasts/BroadcastPreview.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

type Options = Awaited<ReturnType<typeof composeOptions>>;

interface Data {
  options: Options;
  values: BroadcastFormValues | null;
  templateName: string | null;
  errors: FieldError<string>[];
  idempotencyKey: string;
  preview: { draft: BroadcastDraft; counts: AudienceCounts } | null;
  origin: string;
}

const IDEMPOTENCY = /^[0-9a-f-]{36}$/;

function emptyValues(): BroadcastFormValues {
  return {
    templateId: "",
    subject: "",
    body: "",
    smsBody: "",
    values: {},
    channels: ["email"],
    topics: [],
    everyone: false,
    streetIds: [],
    crisis: false,
    publishNews: true,
    publishNotice: false,
    when: "now",
    sendAt: "",
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "messages");
    const { tenant } = ctx.state;
    const db = getDb();
    const options = await composeOptions(db, tenant.id);
    const templateId = ctx.url.searchParams.get("sablona");
    const template = templateId ? await openTemplate(db, tenant.id, templateId) : undefined;
    const blank = ctx.url.searchParams.has("prazdna");
    const values = template
      ? {
        ...emptyValues(),
        templateId: template.id,
        subject: template.subject,
        body: template.body,
        smsBody: template.sms_body,
        topics: template.topics,
        crisis: template.crisis,
        channels: ["email", "sms"],
      }
      : blank
      ? emptyValues()
      : null;
    return page<Data>({
      options,
      values,
      templateName: template?.name ?? null,
      errors: [],
      idempotencyKey: crypto.randomUUID(),
      preview: null,
      origin: tenantOrigin(tenant),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "messages");
    const { tenant, clerk, requestId } = ctx.state;
    const db = getDb();
    const form = await ctx.formData();
    const submitted = form.get("_idem");
    const idempotencyKey = typeof submitted === "string" && IDEMPOTENCY.test(submitted)
      ? submitted
      : crypto.randomUUID();
    const values = broadcastFormValues(form);
    const options = await composeOptions(db, tenant.id);
    const origin = tenantOrigin(tenant);
    const templateName = options.templates.find((x) => x.id === values.templateId)?.name ?? null;
    const base = { options, values, templateName, idempotencyKey, origin };
    const now = new Date();
    if (form.get("_edit") === "ano") {
      return page<Data>({ ...base, errors: [], preview: null });
    }
    if (isConfirmed(form)) {
      const r = await sendBroadcast(
        { db },
        { tenantId: tenant.id, clerkId: clerk.clerkId, requestId },
        { idempotencyKey, values, now, origin },
      );
      if (r.ok) return ctx.redirect(`/urad/zpravy/${r.id}?odeslano=1`);
      return page<Data>({ ...base, errors: r.errors, preview: null }, { status: 422 });
    }
    const r = await previewBroadcast({ db }, tenant.id, values, { now, origin });
    if (!r.ok) return page<Data>({ ...base, errors: r.errors, preview: null }, { status: 422 });
    return page<Data>({ ...base, errors: [], preview: { draft: r.draft, counts: r.counts } });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  if (data.preview && data.values) {
    return (
      <BroadcastPreview
        state={state}
        values={data.values}
        draft={data.preview.draft}
        counts={data.preview.counts}
        idempotencyKey={data.idempotencyKey}
        streets={data.options.streets}
        origin={data.origin}
      />
    );
  }
  return (
    <div class="narrow">
      <PageTitle title={t("broadcasts.newTitle")} state={state} />
      <p>
        <a href="/urad/zpravy">{t("broadcasts.backToList")}</a>
      </p>
      <h1>{t("broadcasts.newTitle")}</h1>
      {data.values
        ? (
          <ComposeForm
            state={state}
            values={data.values}
            errors={data.errors}
            idempotencyKey={data.idempotencyKey}
            streets={data.options.streets}
            templateName={data.templateName}
          />
        )
        : (
          <section aria-labelledby="templates-heading">
            <h2 id="templates-heading">{t("broadcasts.templatesHeading")}</h2>
            <p>{t("broadcasts.templatesLead")}</p>
            <ul class="broadcast-templates">
              {data.options.templates.map((tpl) => (
                <li>
                  <a href={`/urad/zpravy/nova?sablona=${tpl.id}`}>{tpl.name}</a>
                  {tpl.crisis && <>({t("broadcasts.crisisLabel")})</>}
                </li>
              ))}
              <li>
                <a href="/urad/zpravy/nova?prazdna=1">{t("broadcasts.blank")}</a>
              </li>
            </ul>
          </section>
        )}
    </div>
  );
});
