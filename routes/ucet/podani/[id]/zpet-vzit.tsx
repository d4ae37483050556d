/**
 * The citizen takes their filing back (zpětvzetí) while the office has not decided it. The first
 * POST shows the confirmation page (the reason in a hidden field); the confirmed POST sends the
 * kit's `withdraw` Update through the outbox and returns to the case page. Czech errors (422)
 * for a reason that is too long; 409 when the case may no longer be withdrawn; 404 when it is
 * not theirs.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { getOutcomeWaiter } from "../../../../lib/outcomes.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { isConfirmed } from "../../../../lib/http/confirm.ts";
import { citizenCase } from "../../../../app/cases.ts";
import { defaultCaseForms } from "../../../../app/case_forms.ts";
import {
  checkWithdrawReason,
  mayWithdrawCase,
  withdrawCase,
} from "../../../../app/case_withdrawal.ts";
import { WITHDRAW_REASON_MAX } from "../../../../domain/cases.ts";
import type { CaseState } from "../../../../domain/cases.ts";
import { cleanText, type FieldError } from "../../../../domain/validation.ts";
import { Alert } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { ConfirmAction } from "../../../../components/layout/ConfirmAction.tsx";
import { CaseWithdrawForm } from "../../../../components/cases/CaseWithdrawForm.tsx";

type Data =
  | { view: "form"; id: string; reason: string; errors: FieldError[] }
  | { view: "refused"; id: string }
  | { view: "confirm"; id: string; reason: string; reference: string; form: string };

export const handler = define.handlers({
  GET(ctx) {
    return ctx.redirect(`/ucet/podani/${encodeURIComponent(ctx.params.id)}`);
  },
  async POST(ctx) {
    const id = ctx.params.id;
    const form = await ctx.formData();
    const reason = cleanText(form.get("reason"));
    const actor = personActor(ctx.state);
    if (!isConfirmed(form)) {
      const found = await citizenCase({ db: getDb() }, actor, id);
      if (!found) throw new HttpError(404);
      const c = found.case;
      if (
        found.processing || !mayWithdrawCase(defaultCaseForms(c.form_slug), c.state as CaseState)
      ) {
        return page<Data>({ view: "refused", id }, { status: 409 });
      }
      const errors = checkWithdrawReason(reason);
      if (errors.length) {
        return page<Data>({
          view: "form",
          id,
          reason: reason.slice(0, WITHDRAW_REASON_MAX + 100),
          errors,
        }, { status: 422 });
      }
      return page<Data>({
        view: "confirm",
        id,
        reason,
        reference: c.reference,
        form: c.form_slug,
      });
    }
    const r = await withdrawCase(
      { db: getDb(), outcomes: getOutcomeWaiter() },
      actor,
      { caseId: id, reason },
    );
    if (r.ok) {
      return ctx.redirect(
        `/ucet/podani/${id}?${r.status === "withdrawn" ? "vzato-zpet" : "zpracovava"}=1`,
      );
    }
    if (r.code === "notFound") throw new HttpError(404);
    if (r.code === "invalid") {
      return page<Data>({
        view: "form",
        id,
        reason: reason.slice(0, WITHDRAW_REASON_MAX + 100),
        errors: r.errors,
      }, { status: 422 });
    }
    return page<Data>({ view: "refused", id }, { status: 409 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const d = data as Data;
  if (d.view === "confirm") {
    const formKey = `cases.forms.${d.form}`;
    return (
      <ConfirmAction
        state={state}
        action={`/ucet/podani/${d.id}/zpet-vzit`}
        title={t("cases.withdraw.confirmTitle", { reference: d.reference })}
        consequence={t("cases.withdraw.consequence")}
        summary={[
          { label: t("cases.list.reference"), value: d.reference },
          { label: t("cases.withdraw.form"), value: t(formKey) === formKey ? d.form : t(formKey) },
          {
            label: t("cases.withdraw.reasonShort"),
            value: d.reason || t("cases.withdraw.noReason"),
          },
        ]}
        hidden={{ reason: d.reason }}
        confirmLabel={t("cases.withdraw.confirm")}
        backHref={`/ucet/podani/${d.id}`}
      />
    );
  }
  return (
    <div>
      <PageTitle title={t("cases.withdraw.heading")} state={state} />
      <p>
        <a href={`/ucet/podani/${d.id}`}>{t("cases.detail.back")}</a>
      </p>
      <h1>{t("cases.withdraw.heading")}</h1>
      {d.view === "refused"
        ? <Alert t={t} title={t("cases.withdraw.notAllowed")} />
        : (
          <CaseWithdrawForm
            caseId={d.id}
            reason={d.reason}
            errors={d.errors}
            csrfToken={state.csrfToken}
            t={t}
          />
        )}
    </div>
  );
});
