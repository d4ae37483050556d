/**
 * The clerk's workspace home: links to every area the clerk's roles open, with what waits there
 * (app/workspace.ts), and the notices posted last. The notice list is `/urad/uredni-deska`.
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { assertClerk } from "../../lib/http/auth.ts";
import { workspaceSummary } from "../../app/workspace.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { WorkspaceHome } from "../../components/workspace/WorkspaceHome.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const summary = await workspaceSummary({ db: getDb() }, {
      tenantId: ctx.state.tenant.id,
      roles: ctx.state.clerk.roles,
      clerkId: ctx.state.clerk.clerkId,
    });
    return page({ summary });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("office.title")} state={state} />
      <h1>{t("office.title")}</h1>
      <p class="lead">{t("office.greeting", { name: state.clerk?.displayName ?? "" })}</p>
      <WorkspaceHome summary={data.summary} state={state} />
    </div>
  );
});
