/**
 * The representative takes back (vzít zpět) a request the office has not decided yet. The first
 * POST shows the confirmation page (ConfirmAction: whom the request is for, its kind, that the
 * attached document is deleted); the confirmed POST withdraws it. A decided request stays as it
 * is (back to the list saying so); someone else's is not found.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { isConfirmed } from "../../../../lib/http/confirm.ts";
import { requestToWithdraw, withdrawRepresentation } from "../../../../app/representation.ts";
import { defaultDeps } from "../../../../app/deps.ts";
import { ConfirmAction } from "../../../../components/layout/ConfirmAction.tsx";
import { formatDateTime } from "../../../../lib/http/format.ts";

const LIST = "/ucet/zastoupeni";

interface Data {
  id: string;
  representedName: string;
  kind: string;
  requestedAt: Date;
}

export const handler = define.handlers({
  GET(ctx) {
    return ctx.redirect(LIST);
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const actor = personActor(ctx.state);
    if (!isConfirmed(form)) {
      const found = await requestToWithdraw(defaultDeps(), actor, ctx.params.id);
      if (!found.ok && found.code === "notFound") throw new HttpError(404);
      if (!found.ok) return ctx.redirect(`${LIST}?rozhodnuto=1`);
      const r = found.request;
      return page<Data>({
        id: r.id,
        representedName: r.represented_name,
        kind: r.kind,
        requestedAt: r.requested_at,
      });
    }
    const outcome = await withdrawRepresentation(defaultDeps(), actor, ctx.params.id);
    if (outcome.ok) return ctx.redirect(`${LIST}?vzato-zpet=1`);
    if (outcome.code === "notFound") throw new HttpError(404);
    return ctx.redirect(`${LIST}?rozhodnuto=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const d = data as Data;
  return (
    <ConfirmAction
      state={state}
      action={`${LIST}/${d.id}/zpet-vzit`}
      title={t("representation.withdrawConfirm.title", { name: d.representedName })}
      consequence={t("representation.withdrawConfirm.consequence")}
      summary={[
        { label: t("representation.withdrawConfirm.for"), value: d.representedName },
        { label: t("representation.fact.kind"), value: t(`representation.kind.${d.kind}`) },
        {
          label: t("representation.fact.requestedAt"),
          value: formatDateTime(d.requestedAt, state.locale),
        },
      ]}
      hidden={{}}
      confirmLabel={t("representation.withdrawConfirm.confirm")}
      backHref={LIST}
    />
  );
});
