/**
 * The SMS code of a phone's subscription (the second step of /odber). A wrong code or an unknown
 * number get the same answer; five wrong tries or 15 minutes end the code.
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { enforce } from "../../lib/http/ratelimit.ts";
import { limits } from "../../lib/http/identity/limits.ts";
import { confirmByCode } from "../../app/subscriptions.ts";
import { defaultDeps } from "../../app/deps.ts";
import { normalizePhone } from "../../domain/identity.ts";
import { readCode } from "../../domain/subscriptions.ts";
import { cleanText, type FieldError } from "../../domain/validation.ts";
import { CodeForm } from "../../components/subscriptions/CodeForm.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

type CodeData =
  | { kind: "code"; phone: string; errors: FieldError[] }
  | { kind: "confirmed"; unsubscribeToken: string }
  | { kind: "expired" };

export const handler = define.handlers({
  GET(ctx) {
    return ctx.redirect("/odber");
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const phone = normalizePhone(cleanText(form.get("phone")));
    if (!phone) return ctx.redirect("/odber", 303);
    const code = readCode(cleanText(form.get("code")));
    if (!code) {
      return page<CodeData>({
        kind: "code",
        phone,
        errors: [{ field: "code", code: "invalidCode" }],
      }, { status: 422 });
    }
    const { tenant } = ctx.state;
    await enforce(limits.code, `${tenant.id}:subscription:${phone}`, ctx);
    const r = await confirmByCode(defaultDeps(), tenant.id, phone, code);
    if (r.ok) return page<CodeData>({ kind: "confirmed", unsubscribeToken: r.unsubscribeToken });
    if (r.code === "expired") return page<CodeData>({ kind: "expired" }, { status: 422 });
    return page<CodeData>({
      kind: "code",
      phone,
      errors: [{ field: "code", code: "invalidCode" }],
    }, { status: 422 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div class="narrow">
      <PageTitle title={t("subscriptions.title")} state={state} />
      <h1>{t("subscriptions.title")}</h1>
      {data.kind === "code" && <CodeForm phone={data.phone} errors={data.errors} state={state} />}
      {data.kind === "expired" && (
        <>
          <Notice type="error" t={t} title={t("subscriptions.expiredTitle")}>
            {t("subscriptions.codeExpiredText")}
          </Notice>
          <p>
            <a href="/odber">{t("subscriptions.startAgain")}</a>
          </p>
        </>
      )}
      {data.kind === "confirmed" && (
        <>
          <Notice type="success" t={t} title={t("subscriptions.confirmedTitle")}>
            {t("subscriptions.confirmedText")}
          </Notice>
          <p>
            {t("subscriptions.manageHint")}{" "}
            <a href={`/odber/odhlasit/${data.unsubscribeToken}`}>{t("subscriptions.manageLink")}</a>
          </p>
        </>
      )}
    </div>
  );
});
