/**
 * A case as the clerk works it: the filed form (read-only, labelled by its definition), the
 * files, the filer's verified identity and the whole timeline; claim or release it; approve,
 * return with a message or reject with a reason, or add an internal note. Decisions and notes
 * go to the case's workflow as Updates through the outbox; the page waits a few seconds for the
 * outcome, else says "being processed" and refreshes itself. Every view and action is audited.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk, type ClerkState } from "../../../lib/http/auth.ts";
import { getOutcomeWaiter } from "../../../lib/outcomes.ts";
import {
  addCaseNote,
  type CaseClerk,
  caseProcessing,
  claimCase,
  decideCase,
  openCase,
} from "../../../app/cases.ts";
import { defaultCaseForms } from "../../../app/case_forms.ts";
import {
  DEFECT_SLUG,
  defectReportForClerk,
  resolveDefectReport,
  triageDefectReport,
} from "../../../app/defect_reports.ts";
import { isTriageOutcome } from "../../../domain/defect_reports.ts";
import { DefectReportActions } from "../../../components/cases/DefectReportActions.tsx";
import { DECISION_TEXT_MAX, isDecision, mayDecide } from "../../../domain/cases.ts";
import { cleanText, type FieldError } from "../../../domain/validation.ts";
import {
  ClaimForm,
  DecisionForm,
  FilerIdentity,
  NoteForm,
} from "../../../components/cases/ClerkCaseParts.tsx";
import { Alert, Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { AttachmentList, FiledValues, Timeline } from "../../../components/cases/CaseParts.tsx";
import { CasePredpis } from "../../../components/cases/CasePredpis.tsx";
import { ClerkCaseFacts } from "../../../components/cases/ClerkCaseFacts.tsx";
import { storedWorkflowId } from "../../../domain/workflows.ts";
import { temporalUiLinkFor } from "../../../lib/http/operators.ts";
import { ProcessingNotice } from "../../../components/layout/ProcessingNotice.tsx";
import { SituationFacts } from "../../../components/cases/SituationFacts.tsx";
import { situationFacts } from "../../../app/case_facts.ts";

type Problem = "notDecidable" | "failed" | "taken" | "notHolder" | "closed" | null;

function actorOf(state: ClerkState): CaseClerk {
  return {
    tenantId: state.tenant.id,
    clerkId: state.clerk.clerkId,
    requestId: state.requestId,
    roles: state.clerk.roles,
  };
}

async function load(actor: CaseClerk, id: string) {
  const db = getDb();
  const opened = await openCase({ db }, actor, id);
  if (!opened) throw new HttpError(404);
  return {
    ...opened,
    definition: defaultCaseForms(opened.case.form_slug)?.definition,
    processing: await caseProcessing(db, actor.tenantId, opened.case.id),
    // A situation's own actions: the defect report's triage and resolution.
    defect: opened.case.form_slug === DEFECT_SLUG
      ? await defectReportForClerk({ db }, actor, opened.case.id)
      : null,
    facts: await situationFacts(db, actor.tenantId, opened.case, "clerk"),
  };
}

const NO_DEFECT_FORM = { outcome: "", department: "", reason: "", resolution: "" };

const DONE = [
  "rozhodnuto",
  "poznamka",
  "prevzato",
  "uvolneno",
  "zpracovava",
  "posouzeno",
  "vyreseno",
] as const;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const data = await load(actorOf(ctx.state), ctx.params.id);
    const done = DONE.find((d) => ctx.url.searchParams.has(d)) ?? null;
    return page({
      ...data,
      done,
      decision: "",
      text: "",
      note: "",
      errors: [] as FieldError[],
      problem: null as Problem,
      defectForm: NO_DEFECT_FORM,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state);
    const actor = actorOf(ctx.state);
    const id = ctx.params.id;
    const form = await ctx.formData();
    const action = form.get("action");
    const back = (flag: string) => ctx.redirect(`/urad/ukoly/${id}?${flag}=1`);
    const db = getDb();
    let problem: Problem = null;
    let errors: FieldError[] = [];
    const decision = cleanText(form.get("decision"));
    const text = cleanText(form.get("text"));
    const note = cleanText(form.get("note"));
    const defectForm = {
      outcome: cleanText(form.get("outcome")),
      department: cleanText(form.get("department")),
      reason: cleanText(form.get("reason")).slice(0, DECISION_TEXT_MAX + 100),
      resolution: cleanText(form.get("resolution")).slice(0, DECISION_TEXT_MAX + 100),
    };
    if (action === "triage" || action === "resolve") {
      const deps = { db, outcomes: getOutcomeWaiter() };
      const r = action === "triage"
        ? isTriageOutcome(defectForm.outcome)
          ? await triageDefectReport(deps, actor, {
            caseId: id,
            outcome: defectForm.outcome,
            departmentId: defectForm.department,
            reason: defectForm.reason,
          })
          : {
            ok: false as const,
            code: "invalid" as const,
            errors: [{ field: "outcome", code: "invalidChoice" as const }],
          }
        : await resolveDefectReport(deps, actor, { caseId: id, note: defectForm.resolution });
      if (r.ok) {
        return back(
          r.status === "processing" ? "zpracovava" : action === "triage" ? "posouzeno" : "vyreseno",
        );
      }
      if (r.code === "notFound") throw new HttpError(404);
      if (r.code === "invalid") {
        errors = r.errors.map((e) => action === "resolve" ? { ...e, field: "resolution" } : e);
      } else problem = r.code === "notAllowed" ? "notDecidable" : "failed";
    } else if (action === "claim" || action === "release") {
      const r = await claimCase({ db }, actor, { caseId: id, release: action === "release" });
      if (r.ok) return back(action === "claim" ? "prevzato" : "uvolneno");
      if (r.code === "notFound") throw new HttpError(404);
      problem = r.code;
    } else if (action === "note") {
      const r = await addCaseNote({ db, outcomes: getOutcomeWaiter() }, actor, {
        caseId: id,
        text: note,
      });
      if (r.ok) return back(r.status === "added" ? "poznamka" : "zpracovava");
      if (r.code === "notFound") throw new HttpError(404);
      if (r.code === "invalid") errors = r.errors.map((e) => ({ ...e, field: "note" }));
      else problem = "failed";
    } else {
      if (!isDecision(decision)) {
        errors = [{ field: "decision", code: "invalidChoice" }];
      } else {
        const r = await decideCase({ db, outcomes: getOutcomeWaiter() }, actor, {
          caseId: id,
          decision,
          text,
        });
        if (r.ok) return back(r.status === "decided" ? "rozhodnuto" : "zpracovava");
        if (r.code === "notFound") throw new HttpError(404);
        if (r.code === "invalid") errors = r.errors;
        else problem = r.code;
      }
    }
    const data = await load(actor, id);
    return page({
      ...data,
      done: null,
      decision,
      text: text.slice(0, DECISION_TEXT_MAX + 100),
      note: note.slice(0, DECISION_TEXT_MAX + 100),
      errors,
      problem,
      defectForm,
    }, { status: errors.length ? 422 : 409 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const c = data.case;
  const formKey = `cases.forms.${c.form_slug}`;
  const formName = t(formKey) === formKey ? c.form_slug : t(formKey);
  const mine = c.assigned_clerk_id === state.clerk?.clerkId;
  const doneTitle: Record<string, string> = {
    rozhodnuto: "cases.clerk.decided",
    poznamka: "cases.clerk.noteAdded",
    prevzato: "cases.clerk.claimed",
    uvolneno: "cases.clerk.released",
    posouzeno: "defectReports.clerk.triaged",
    vyreseno: "defectReports.clerk.resolved",
  };
  const p = data.person;
  return (
    <div>
      <PageTitle title={`${c.reference} – ${formName}`} state={state} />
      <p>
        <a href="/urad/ukoly">{t("cases.clerk.back")}</a>
      </p>
      <h1>
        {c.reference} – {formName}
      </h1>
      {data.done && doneTitle[data.done] && (
        <Notice type="success" t={t} title={t(doneTitle[data.done])} />
      )}
      {data.problem && <Alert t={t} title={t(`cases.clerk.problem.${data.problem}`)} />}
      {data.processing && (
        <ProcessingNotice
          title={t("cases.clerk.processing")}
          hint={t("cases.clerk.processingHint")}
          t={t}
        />
      )}
      <ClerkCaseFacts
        c={c}
        assigneeName={data.assigneeName}
        workflowId={storedWorkflowId(c.workflow_id, "case", c.id)}
        uiLink={temporalUiLinkFor(state.clerk, storedWorkflowId(c.workflow_id, "case", c.id))}
        t={t}
        locale={locale}
      />
      <SituationFacts facts={data.facts} t={t} />
      {(c.state === "filed" || c.state === "returned") && (
        <ClaimForm
          mine={mine}
          free={c.assigned_clerk_id === null}
          csrfToken={state.csrfToken}
          t={t}
        />
      )}
      <h2>{t("cases.clerk.identity")}</h2>
      {p && <FilerIdentity person={p} onBehalfOf={c.on_behalf_of} t={t} />}
      {data.obligation && <CasePredpis o={data.obligation} t={t} />}
      <h2>{t("cases.detail.whatFiled")}</h2>
      <FiledValues values={c.values} definition={data.definition} t={t} />
      <h2>{t("cases.detail.attachments")}</h2>
      <AttachmentList
        files={data.attachments}
        href={(fileId) => `/urad/ukoly/${c.id}/prilohy/${fileId}`}
        t={t}
        locale={locale}
      />
      {data.defect && (
        <DefectReportActions
          report={data.defect.report}
          departments={data.defect.departments}
          fromPhoto={c.values.locationFromPhoto === true}
          enabled={!data.processing}
          form={data.defectForm}
          errors={data.errors}
          csrfToken={state.csrfToken}
          t={t}
          locale={locale}
        />
      )}
      {mayDecide(c.state) && !data.processing && !data.defect && (
        <DecisionForm
          decision={data.decision}
          text={data.text}
          errors={data.errors}
          csrfToken={state.csrfToken}
          t={t}
        />
      )}
      <NoteForm note={data.note} errors={data.errors} csrfToken={state.csrfToken} t={t} />
      <h2>{t("cases.detail.timeline")}</h2>
      <Timeline events={data.events} t={t} locale={locale} reference={c.reference} internal />
    </div>
  );
});
