/**
 * One clerk account, for the town's administrator: its roles (changed at once: roles are read
 * on every request), deactivation (which also ends the clerk's sessions) and reactivation, and
 * the account's history. Nobody locks themselves out, and the town keeps an active admin.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { findClerkAccount } from "../../../db/repositories/clerks_admin.ts";
import { subjectHistory } from "../../../app/history.ts";
import {
  changeClerkRoles,
  type ClerkChangeOutcome,
  deactivateClerk,
  reactivateClerk,
} from "../../../app/clerks.ts";
import { defaultDeps } from "../../../app/deps.ts";
import {
  type ClerkChangeProblem,
  OFFICE_MESSAGES,
  type OfficeFieldError,
  ROLE_ADMIN,
} from "../../../domain/clerks.ts";
import { formatPhone } from "../../../domain/identity.ts";
import { cleanText } from "../../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  withErrorMessages,
} from "../../../components/form/mod.ts";
import { Alert, Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { RoleCheckboxes, roleNames } from "./_roles.tsx";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import {
  DeactivateConfirm,
  type DeactivateConfirmData,
} from "../../../components/identity/DeactivateConfirm.tsx";
import { History } from "../../../components/history/History.tsx";
import { ReasonField } from "../../../components/history/ReasonField.tsx";

/** The account's own history, as the office reads it (other entries are not shown here). */
const HISTORY = [
  "clerk.created",
  "clerk.roles_changed",
  "clerk.deactivated",
  "clerk.reactivated",
  "clerk.password_changed",
] as const;

type Saved = "created" | "roles" | "deactivated" | "reactivated" | null;

interface ClerkPage {
  roles: string[];
  errors: OfficeFieldError[];
  problem: ClerkChangeProblem | null;
  saved: Saved;
  /** The reasons typed, shown again with an error. */
  reasons: Record<string, string>;
}

async function load(tenantId: string, id: string) {
  const db = getDb();
  const account = await findClerkAccount(db, tenantId, id);
  if (!account) throw new HttpError(404);
  const history = await subjectHistory({ db }, tenantId, {
    type: "clerk",
    id: account.id,
    actions: HISTORY,
  });
  return { account, history };
}

const SAVED: Record<string, Saved> = {
  zalozeno: "created",
  role: "roles",
  deaktivovano: "deactivated",
  aktivovano: "reactivated",
};

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const data = await load(ctx.state.tenant.id, ctx.params.id);
    const saved = Object.keys(SAVED).find((k) => ctx.url.searchParams.has(k));
    return page<Awaited<ReturnType<typeof load>> & ClerkPage>({
      ...data,
      roles: data.account.roles,
      errors: [],
      problem: null,
      saved: saved ? SAVED[saved] : null,
      reasons: {},
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const { account } = await load(ctx.state.tenant.id, ctx.params.id);
    const form = await ctx.formData();
    const action = form.get("action");
    const deps = defaultDeps();
    const actor = clerkActor(ctx.state);
    let outcome: ClerkChangeOutcome;
    let saved: string;
    if (action === "roles") {
      outcome = await changeClerkRoles(
        deps,
        actor,
        account.id,
        form.getAll("roles"),
        form.get("rolesReason"),
      );
      saved = "role";
    } else if (action === "deactivate") {
      // The confirmation page first (issue 10): checked, but nothing changes until it is sent.
      const dryRun = !isConfirmed(form);
      outcome = await deactivateClerk(deps, actor, account.id, form.get("deactivateReason"), {
        dryRun,
      });
      if (outcome.ok && dryRun) {
        const reason = cleanText(form.get("deactivateReason"));
        return page<{ confirmDeactivate: DeactivateConfirmData }>({
          confirmDeactivate: { account, reason },
        });
      }
      saved = "deaktivovano";
    } else if (action === "reactivate") {
      outcome = await reactivateClerk(deps, actor, account.id, form.get("reactivateReason"));
      saved = "aktivovano";
    } else throw new HttpError(400);
    if (outcome.ok) return ctx.redirect(`/urad/urednici/${account.id}?${saved}=1`);
    if (outcome.code === "notFound") throw new HttpError(404);
    const again = async (
      status: number,
      p: Pick<ClerkPage, "errors" | "problem"> & {
        roles?: string[];
      },
    ) =>
      page<Awaited<ReturnType<typeof load>> & ClerkPage>({
        ...await load(ctx.state.tenant.id, account.id),
        roles: p.roles ?? account.roles,
        errors: p.errors,
        problem: p.problem,
        saved: null,
        reasons: Object.fromEntries(
          ["rolesReason", "deactivateReason", "reactivateReason"].map((
            k,
          ) => [k, cleanText(form.get(k)).slice(0, 600)]),
        ),
      }, { status });
    if (outcome.code === "invalid") {
      return again(422, { errors: outcome.errors, problem: null, roles: outcome.roles });
    }
    return again(409, { errors: [], problem: outcome.code, roles: outcome.roles });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  if ("confirmDeactivate" in data) {
    const roles = roleNames(data.confirmDeactivate.account.roles, state.t);
    return <DeactivateConfirm state={state} data={data.confirmDeactivate} rolesText={roles} />;
  }
  const { locale } = state;
  const t = withErrorMessages(state.t, OFFICE_MESSAGES);
  const { account, errors } = data;
  const self = account.id === state.clerk?.clerkId;
  return (
    <div>
      <PageTitle title={account.display_name} state={state} />
      <p>
        <a href="/urad/urednici">{t("officeClerks.backToList")}</a>
      </p>
      <h1>{account.display_name}</h1>
      {data.saved && <Notice type="success" t={t} title={t(`officeClerks.saved.${data.saved}`)} />}
      {data.problem && <Alert t={t} title={t(`officeClerks.problem.${data.problem}`)} />}
      <dl class="notice-facts">
        <div>
          <dt>{t("officeClerks.field.username")}</dt>
          <dd>{account.username}</dd>
        </div>
        <div>
          <dt>{t("officeClerks.field.email")}</dt>
          <dd>{account.email}</dd>
        </div>
        <div>
          <dt>{t("officeClerks.field.phone")}</dt>
          <dd>{account.phone ? formatPhone(account.phone) : "—"}</dd>
        </div>
        <div>
          <dt>{t("officeClerks.field.roles")}</dt>
          <dd>{roleNames(account.roles, t) || "—"}</dd>
        </div>
        <div>
          <dt>{t("officeClerks.field.state")}</dt>
          <dd>{account.active ? t("officeClerks.active") : t("officeClerks.inactive")}</dd>
        </div>
        <div>
          <dt>{t("officeClerks.field.created")}</dt>
          <dd>{formatDateTime(account.created_at, locale)}</dd>
        </div>
        <div>
          <dt>{t("clerkAccount.lastLogin")}</dt>
          <dd>
            {account.last_login_at
              ? formatDateTime(account.last_login_at, locale)
              : t("clerkAccount.never")}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="roles-heading">
        <h2 id="roles-heading">{t("officeClerks.rolesHeading")}</h2>
        <ErrorSummary
          errors={errors}
          t={t}
          labels={{
            roles: t("officeClerks.field.roles"),
            rolesReason: t("history.form.rolesReason"),
            deactivateReason: t("history.form.deactivateReason"),
            reactivateReason: t("history.form.reactivateReason"),
          }}
        />
        <form method="post" novalidate>
          <CsrfField token={state.csrfToken} />
          <input type="hidden" name="action" value="roles" />
          <RoleCheckboxes checked={data.roles} errors={errors} t={t} />
          <ReasonField name="rolesReason" value={data.reasons} errors={errors} t={t} />
          <SubmitButton>{t("officeClerks.saveRoles")}</SubmitButton>
        </form>
      </section>

      <section aria-labelledby="state-heading">
        <h2 id="state-heading">{t("officeClerks.stateHeading")}</h2>
        {account.active
          ? (
            self ? <p>{t("officeClerks.cannotDeactivateSelf")}</p> : (
              <form method="post">
                <p>{t("officeClerks.deactivateLead")}</p>
                <CsrfField token={state.csrfToken} />
                <input type="hidden" name="action" value="deactivate" />
                <ReasonField
                  name="deactivateReason"
                  value={data.reasons}
                  errors={errors}
                  required
                  t={t}
                />
                <SubmitButton variant="secondary">{t("officeClerks.deactivate")}</SubmitButton>
              </form>
            )
          )
          : (
            <form method="post">
              <p>{t("officeClerks.reactivateLead")}</p>
              <CsrfField token={state.csrfToken} />
              <input type="hidden" name="action" value="reactivate" />
              <ReasonField name="reactivateReason" value={data.reasons} errors={errors} t={t} />
              <SubmitButton>{t("officeClerks.reactivate")}</SubmitButton>
            </form>
          )}
      </section>

      <History entries={data.history} t={t} locale={locale} />
    </div>
  );
});
