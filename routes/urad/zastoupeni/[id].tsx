/**
 * One representation request as the office sees it: who asks (the representative's identity),
 * for whom, the attached document, and the decision — grant (optionally linking the
 * represented person to a person of the town, found by name and birth date) or refuse with a
 * reason the representative will read. Decided once; both outcomes are audited.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import {
  decideRepresentation,
  type LinkSearch,
  loadRepresentationRequest,
  viewRepresentationRequest,
} from "../../../app/representation.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { OFFICE_MESSAGES, ROLE_IDENTITY } from "../../../domain/clerks.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import {
  type GrantConfirmData,
  GrantRepresentationConfirm,
} from "../../../components/identity/GrantRepresentationConfirm.tsx";
import { canDecide } from "../../../domain/representation.ts";
import { cleanText, type FieldError } from "../../../domain/validation.ts";
import { ErrorSummary, withErrorMessages } from "../../../components/form/mod.ts";
import { RepresentationFacts } from "../../../components/identity/RepresentationFacts.tsx";
import { RepresentationDecision } from "../../../components/identity/RepresentationDecision.tsx";
import { RepresentativeFacts } from "../../../components/identity/RepresentativeFacts.tsx";
import { Alert, Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { History } from "../../../components/history/History.tsx";

type Problem = "alreadyDecided" | null;

/** The first look searches by the requested name; the clerk can then refine the search. */
function searchFrom(url: URL, r: { represented_name: string }): LinkSearch {
  const given = url.searchParams.has("jmeno") || url.searchParams.has("narozeni");
  return {
    name: cleanText(given ? url.searchParams.get("jmeno") : r.represented_name).slice(0, 100),
    birthDate: cleanText(url.searchParams.get("narozeni")).slice(0, 10),
    done: true,
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const data = await viewRepresentationRequest(
      defaultDeps(),
      clerkActor(ctx.state),
      ctx.params.id,
      (r) => searchFrom(ctx.url, r),
    );
    if (!data) throw new HttpError(404);
    return page({
      ...data,
      reason: "",
      selected: "",
      document: { documentType: "", documentNumber: "" },
      errors: [] as FieldError[],
      problem: null as Problem,
      granted: ctx.url.searchParams.has("udeleno"),
      refused: ctx.url.searchParams.has("zamitnuto"),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const deps = defaultDeps();
    const form = await ctx.formData();
    const input = {
      decision: cleanText(form.get("decision")),
      reason: cleanText(form.get("reason")),
      representedPersonId: cleanText(form.get("representedPersonId")),
      documentType: cleanText(form.get("documentType")).slice(0, 30),
      documentNumber: cleanText(form.get("documentNumber")).slice(0, 40),
    };
    const id = ctx.params.id;
    // A grant shows its confirmation page first (issue 10); only the confirmed POST decides.
    const dryRun = input.decision === "grant" && !isConfirmed(form);
    const outcome = await decideRepresentation(deps, clerkActor(ctx.state), id, input, { dryRun });
    if (outcome.ok && outcome.status === "review") {
      const keep = ["decision", "representedPersonId", "documentType", "documentNumber"] as const;
      const hidden: Record<string, string> = Object.fromEntries(keep.map((k) => [k, input[k]]));
      for (const k of ["jmeno", "narozeni"]) hidden[k] = cleanText(form.get(k)).slice(0, 100);
      return page<{ confirmGrant: GrantConfirmData }>({
        confirmGrant: { id, review: outcome.review, hidden },
      });
    }
    if (outcome.ok) {
      return ctx.redirect(
        `/urad/zastoupeni/${id}?${outcome.status === "granted" ? "udeleno" : "zamitnuto"}=1`,
      );
    }
    if (outcome.code === "notFound") throw new HttpError(404);
    if (outcome.code === "unknownDecision") throw new HttpError(400);
    const search = {
      name: cleanText(form.get("jmeno")).slice(0, 100),
      birthDate: cleanText(form.get("narozeni")).slice(0, 10),
      done: form.has("jmeno"),
    };
    const data = await loadRepresentationRequest(deps, ctx.state.tenant.id, id, () => search);
    if (!data) throw new HttpError(404);
    const invalid = outcome.code === "invalid";
    return page({
      ...data,
      reason: input.reason.slice(0, 600),
      selected: input.representedPersonId,
      document: { documentType: input.documentType, documentNumber: input.documentNumber },
      errors: invalid ? outcome.errors : [],
      problem: (invalid ? null : "alreadyDecided") as Problem,
      granted: false,
      refused: false,
    }, { status: invalid ? 422 : 409 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  if ("confirmGrant" in data) {
    return <GrantRepresentationConfirm state={state} data={data.confirmGrant} />;
  }
  const { locale } = state;
  const t = withErrorMessages(state.t, OFFICE_MESSAGES);
  const { representation: r, errors } = data;
  const title = t("officeRepresentation.detailTitle", { name: r.represented_name });
  const labels = {
    reason: t("officeRepresentation.refuse.reason"),
    representedPersonId: t("officeRepresentation.grant.link"),
    documentType: t("officePersons.grant.documentType"),
    documentNumber: t("officePersons.grant.documentNumber"),
  };
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad/zastoupeni">{t("officeRepresentation.backToQueue")}</a>
      </p>
      <h1>{title}</h1>
      {data.granted && <Notice type="success" t={t} title={t("officeRepresentation.granted")} />}
      {data.refused && <Notice type="success" t={t} title={t("officeRepresentation.refused")} />}
      {data.problem && <Alert t={t} title={t("officeRepresentation.alreadyDecided")} />}
      <ErrorSummary errors={errors} t={t} labels={labels} />

      <h2>{t("officeRepresentation.representedHeading")}</h2>
      <RepresentationFacts r={r} t={t} locale={locale} />
      {data.linked && (
        <p>
          {t("officeRepresentation.linkedTo", {
            name: data.linked.name,
            username: data.linked.username,
          })}
        </p>
      )}
      {data.decidedBy && <p>{t("officeRepresentation.decidedBy", { name: data.decidedBy })}</p>}

      <h2>{t("officeRepresentation.documentHeading")}</h2>
      {r.document_name
        ? (
          <p>
            <a href={`/urad/zastoupeni/${r.id}/dokument`}>
              {t("officeRepresentation.download", { name: r.document_name })}
            </a>
            <br />
            <span class="u-muted">{t("officeRepresentation.downloadAudited")}</span>
          </p>
        )
        : <p>{t("officeRepresentation.noDocument")}</p>}

      <h2>{t("officeRepresentation.representativeHeading")}</h2>
      <RepresentativeFacts person={data.representative} t={t} locale={locale} />

      {canDecide(r.status) && (
        <RepresentationDecision
          id={r.id}
          kind={r.kind}
          search={data.search}
          candidates={data.candidates}
          selected={data.selected}
          requestedBirthDate={r.represented_birth_date}
          document={data.document}
          reason={data.reason}
          errors={errors}
          labels={labels}
          csrfToken={state.csrfToken}
          t={t}
          locale={locale}
        />
      )}

      <History
        entries={data.history}
        heading={t("officeRepresentation.historyHeading")}
        t={t}
        locale={locale}
      />
    </div>
  );
});
