/**
 * The link e-mailed to a visitor who sent a form without an account. Opening it (GET) files
 * nothing — mail scanners open links too — but shows a button; pressing it (POST) files the
 * submission once and shows its reference. Past 24 hours the link files nothing (410).
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { tenantOrigin } from "../../../lib/http/tenant.ts";
import { confirmAnonymousFiling } from "../../../app/anonymous_filing.ts";
import { findForm } from "../../../domain/forms/mod.ts";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

type ConfirmData =
  | { kind: "ask"; token: string; title: string }
  | { kind: "filed"; reference: string; title: string }
  | { kind: "expired"; slug: string };

function tokenOf(value: unknown): string {
  const token = typeof value === "string" ? value : "";
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new HttpError(404);
  return token;
}

export const handler = define.handlers({
  GET(ctx) {
    const def = findForm(ctx.params.slug);
    if (!def) throw new HttpError(404);
    const token = tokenOf(ctx.url.searchParams.get("token"));
    return page<ConfirmData>({ kind: "ask", token, title: def.title });
  },
  async POST(ctx) {
    const slug = ctx.params.slug;
    const def = findForm(slug);
    if (!def) throw new HttpError(404);
    const token = tokenOf((await ctx.formData()).get("token"));
    const { tenant, t } = ctx.state;
    const r = await confirmAnonymousFiling(
      { db: getDb(), now: () => new Date() },
      {
        tenantId: tenant.id,
        requestId: ctx.state.requestId,
        t,
        origin: tenantOrigin(tenant),
        townName: tenant.name,
      },
      { slug, token },
    );
    if (r.ok) return page<ConfirmData>({ kind: "filed", reference: r.reference, title: def.title });
    if (r.code === "expired") return page<ConfirmData>({ kind: "expired", slug }, { status: 410 });
    throw new HttpError(404);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  if (data.kind === "expired") {
    return (
      <div class="narrow">
        <PageTitle title={t("anonymousFiling.expiredTitle")} state={state} />
        <h1>{t("anonymousFiling.expiredTitle")}</h1>
        <p>{t("anonymousFiling.expiredText")}</p>
        <p>
          <a href={`/zivotni-situace/${data.slug}/formular`}>{t("anonymousFiling.again")}</a>
        </p>
      </div>
    );
  }
  if (data.kind === "filed") {
    return (
      <div class="narrow">
        <PageTitle title={t("anonymousFiling.filedTitle")} state={state} />
        <h1>{t("anonymousFiling.filedTitle")}</h1>
        <Notice
          type="success"
          t={t}
          title={t("anonymousFiling.filedText", { reference: data.reference })}
        />
        <p>{t("anonymousFiling.filedHint")}</p>
      </div>
    );
  }
  return (
    <div class="narrow">
      <PageTitle title={t("anonymousFiling.confirmTitle")} state={state} />
      <h1>{t("anonymousFiling.confirmTitle")}</h1>
      <p class="lead">{t("anonymousFiling.confirmText", { form: t(data.title) })}</p>
      <form method="post" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="token" value={data.token} />
        <SubmitButton>{t("anonymousFiling.confirmButton")}</SubmitButton>
      </form>
    </div>
  );
});
