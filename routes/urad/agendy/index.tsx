/**
 * The town's code list of notice agendas, kept by its admin: add, rename (the notices carrying
 * the agenda follow), retire or offer again — each audited (app/notice_agendas.ts). After a
 * change the page is shown again by a redirect (`?zmena=<kind>&kod=<code>`).
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { ROLE_ADMIN } from "../../../domain/clerks.ts";
import {
  addAgenda,
  type AgendaChange,
  renameAgenda,
  setAgendaOffered,
  townAgendas,
} from "../../../app/notice_agendas.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import {
  AGENDA_CHANGES,
  type AgendaChangeKind,
  AgendaCodeList,
  type AgendaPageData,
} from "../../../components/notices/AgendaCodeList.tsx";

const KIND_OF_ACTION: Record<string, AgendaChangeKind> = {
  add: "added",
  rename: "renamed",
  retire: "retired",
  restore: "restored",
};

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const agendas = await townAgendas({ db: getDb() }, ctx.state.tenant.id);
    const kind = ctx.url.searchParams.get("zmena") as AgendaChangeKind | null;
    const changed = agendas.find((a) => a.code === ctx.url.searchParams.get("kod"));
    const done = kind && AGENDA_CHANGES.includes(kind) && changed
      ? { kind, name: changed.name }
      : null;
    return page<AgendaPageData>({ agendas, target: null, errors: [], value: "", done });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const form = await ctx.formData();
    const action = String(form.get("action") ?? "");
    const code = String(form.get("code") ?? "");
    const deps = { db: getDb() };
    const actor = clerkActor(ctx.state);
    let result: AgendaChange;
    if (action === "add") result = await addAgenda(deps, actor, { name: form.get("name") });
    else if (action === "rename") {
      result = await renameAgenda(deps, actor, { code, name: form.get("name") });
    } else if (action === "retire" || action === "restore") {
      result = await setAgendaOffered(deps, actor, { code, active: action === "restore" });
    } else throw new HttpError(400, "noticeAgendas.errors.action");
    if (!result.ok && result.code === "notFound") throw new HttpError(404);
    if (!result.ok) {
      const agendas = await townAgendas(deps, ctx.state.tenant.id);
      const typed = form.get("name");
      return page<AgendaPageData>({
        agendas,
        target: action === "add" ? "add" : code,
        errors: result.errors,
        value: typeof typed === "string" ? typed.slice(0, 200) : "",
        done: null,
      }, { status: 422 });
    }
    return ctx.redirect(`/urad/agendy?zmena=${KIND_OF_ACTION[action]}&kod=${result.code}`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("noticeAgendas.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("noticeAgendas.title")}</h1>
      <p class="lead">{t("noticeAgendas.lead")}</p>
      <AgendaCodeList data={data} state={state} />
    </div>
  );
});
