/**
 * One unmatched statement line: its facts; a search of the town's obligations and payment
 * orders (by the line's own variable symbol at first, then by what the clerk types: a symbol,
 * a name or a user name); choosing one shows a confirmation, and confirming books the line to
 * it (once: a double submit books nothing more). Or the line is dismissed with a reason. Both
 * are audited. Another town's line is a 404.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { assertClerk, type ClerkState } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { getDb } from "../../../lib/db.ts";
import {
  assignQueueLine,
  dismissQueueLine,
  findQueueLine,
  openQueueLine,
  parseTargetQuery,
  parseTargetRef,
  type TargetQuery,
  type TargetRef,
} from "../../../app/clerk_payments.ts";
import type { StatementLineView } from "../../../db/repositories/statements.ts";
import type { AssignmentTarget } from "../../../db/repositories/reconciliation.ts";
import { cleanText, type FieldError } from "../../../domain/validation.ts";
import { formatCzk } from "../../../domain/money.ts";
import { ErrorSummary } from "../../../components/form/mod.ts";
import { Alert } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import {
  ConfirmAssignment,
  DismissForm,
  LineFacts,
  TargetSearch,
  TargetsTable,
} from "../../../components/statements/AssignParts.tsx";
import { isoDate } from "../../../components/statements/StatementParts.tsx";

const ROLE = "agenda:poplatky";

type Problem = "notOpen" | "targetNotFound" | null;

interface Data {
  line: StatementLineView;
  targets: AssignmentTarget[];
  chosen: AssignmentTarget | null;
  /** The search as typed ("" before any search). */
  q: string;
  /** The search was the line's own variable symbol (no search typed yet). */
  fromLine: boolean;
  searchErrors: FieldError[];
  reason: string;
  dismissErrors: FieldError[];
  problem: Problem;
}

async function load(
  state: ClerkState,
  lineId: string,
  input: {
    q: string | null;
    chosen: TargetRef | null;
    reason?: string;
    dismissErrors?: FieldError[];
    problem?: Problem;
  },
): Promise<{ data: Data; searchFailed: boolean }> {
  let query: TargetQuery | null = null;
  let searchErrors: FieldError[] = [];
  if (input.q !== null) {
    const parsed = parseTargetQuery(input.q);
    if (parsed.ok) query = parsed.value;
    else searchErrors = parsed.errors;
  }
  const opened = await openQueueLine({ db: getDb() }, clerkActor(state), {
    lineId,
    // A search that failed validation shows no results rather than the line's own symbol.
    query: searchErrors.length ? { vs: null, text: null } : query,
    chosen: input.chosen,
  });
  if (!opened.ok) throw new HttpError(404);
  return {
    data: {
      line: opened.line,
      targets: opened.targets,
      chosen: opened.chosen,
      q: (input.q ?? "").slice(0, 100),
      fromLine: input.q === null && opened.line.variable_symbol !== null,
      searchErrors,
      reason: input.reason ?? "",
      dismissErrors: input.dismissErrors ?? [],
      problem: input.problem ?? null,
    },
    searchFailed: searchErrors.length > 0,
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE);
    const params = ctx.url.searchParams;
    const { data, searchFailed } = await load(ctx.state, ctx.params.lineId, {
      q: params.get("q"),
      chosen: parseTargetRef(params.get("cil") ?? ""),
    });
    return page(data, { status: searchFailed ? 422 : 200 });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE);
    const lineId = ctx.params.lineId;
    const actor = clerkActor(ctx.state);
    const deps = { db: getDb() };
    const form = await ctx.formData();
    // Another town's (or an unknown) line is a 404 whatever was posted.
    if (!await findQueueLine(deps, actor, lineId)) throw new HttpError(404);
    const action = form.get("action");
    if (action === "assign") {
      const target = parseTargetRef(cleanText(form.get("target")));
      const result = target
        ? await assignQueueLine(deps, actor, { lineId, target })
        : { ok: false as const, code: "targetNotFound" as const };
      if (result.ok) {
        const done = result.status === "booked" ? "assigned" : "alreadyBooked";
        return ctx.redirect(`/urad/platby?hotovo=${done}`);
      }
      if (result.code === "notFound") throw new HttpError(404);
      const { data } = await load(ctx.state, lineId, {
        q: null,
        chosen: null,
        problem: result.code,
      });
      return page(data, { status: result.code === "notOpen" ? 409 : 422 });
    }
    if (action === "dismiss") {
      const reason = cleanText(form.get("reason"));
      const result = await dismissQueueLine(deps, actor, { lineId, reason });
      if (result.ok) return ctx.redirect("/urad/platby?hotovo=dismissed");
      if (result.code === "notFound") throw new HttpError(404);
      const { data } = await load(ctx.state, lineId, {
        q: null,
        chosen: null,
        reason: reason.slice(0, 500),
        dismissErrors: result.code === "invalid" ? result.errors : [],
        problem: result.code === "notOpen" ? "notOpen" : null,
      });
      return page(data, { status: result.code === "notOpen" ? 409 : 422 });
    }
    throw new HttpError(400);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { line } = data;
  const title = t("clerkPayments.line.title", {
    amount: formatCzk(line.amount_halere),
    date: isoDate(line.booking_date, locale),
  });
  const open = line.result === "unmatched";
  const errors = [...data.searchErrors, ...data.dismissErrors];
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad/platby">{t("clerkPayments.backToQueue")}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary
        errors={errors}
        t={t}
        labels={{ q: t("clerkPayments.search.label"), reason: t("clerkPayments.dismiss.label") }}
      />
      {data.problem && <Alert t={t} title={t(`clerkPayments.problem.${data.problem}`)} />}
      <LineFacts line={line} t={t} locale={locale} />
      {!open ? <p>{t("clerkPayments.line.notOpen")}</p> : (
        <>
          {data.chosen && (
            <ConfirmAssignment
              line={line}
              target={data.chosen}
              q={data.q}
              csrfToken={state.csrfToken}
              t={t}
            />
          )}
          <h2>{t("clerkPayments.search.heading")}</h2>
          <TargetSearch lineId={line.id} q={data.q} errors={data.searchErrors} t={t} />
          {data.fromLine && (
            <p>{t("clerkPayments.search.fromLine", { vs: line.variable_symbol ?? "" })}</p>
          )}
          {data.targets.length > 0
            ? (
              <TargetsTable
                lineId={line.id}
                q={data.q}
                targets={data.targets}
                t={t}
                locale={locale}
              />
            )
            : (data.q !== "" || data.fromLine) && <p>{t("clerkPayments.search.none")}</p>}
          <DismissForm
            lineId={line.id}
            reason={data.reason}
            errors={data.dismissErrors}
            csrfToken={state.csrfToken}
            t={t}
          />
        </>
      )}
    </div>
  );
});
