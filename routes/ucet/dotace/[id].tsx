/**
 * One application in "Moje dotace" (`/ucet/dotace/<id>`, issue 14): the call, the state in
 * words, the amounts (asked, the budget's total, granted, paid, settled, returned), the
 * deadlines (completion of a returned application, the settlement report), the budget, the
 * documents (the receipt; later the contract), the applicant's actions (a slot later slices
 * fill through the use case's view) and the timeline. Another person's or town's id is a 404.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { myGrantApplication } from "../../../app/grant_applications.ts";
import { formatCzk } from "../../../domain/money.ts";
import { czechDate } from "../../../domain/grants.ts";
import { formatPragueDate } from "../../../domain/time.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { DataTable } from "../../../components/layout/DataTable.tsx";
import { Timeline } from "../../../components/cases/CaseParts.tsx";
import { ApplicationActions } from "../../../components/grants/ApplicationActions.tsx";
import { GovCss } from "../../../components/gov/GovCss.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const a = await myGrantApplication(
      { db: getDb(), now: () => new Date() },
      personActor(ctx.state),
      ctx.params.id,
    );
    if (!a) throw new HttpError(404);
    return page({ a });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { a } = data;
  const money = (h: number | null) => h === null ? "–" : formatCzk(h);
  const title = t("grantApplications.detail.title", { reference: a.reference ?? "" });
  const amounts: [string, string][] = [
    [t("grantApplications.detail.asked"), money(a.askedHalere)],
    [t("grantApplications.detail.total"), money(a.totalBudgetHalere)],
    [t("grantApplications.detail.granted"), money(a.grantedHalere)],
    [t("grantApplications.detail.paid"), money(a.paidHalere)],
    [t("grantApplications.detail.settled"), money(a.settledHalere)],
  ];
  if (a.returnedHalere > 0) {
    amounts.push([t("grantApplications.detail.returned"), money(a.returnedHalere)]);
  }
  return (
    <div class="grant-application">
      <PageTitle title={title} state={state} />
      <p>
        <a href="/ucet/dotace">{t("grantApplications.detail.back")}</a>
      </p>
      <h1>{title}</h1>
      <dl class="notice-facts">
        <div>
          <dt>{t("grantApplications.detail.call")}</dt>
          <dd>
            <a href={`/dotace/${a.callId}`}>{a.callTitle}</a>
          </dd>
        </div>
        <div>
          <dt>{t("grantApplications.detail.applicant")}</dt>
          <dd>
            {a.applicantName} ({t(`grantApplications.form.kinds.${a.applicantKind}`)})
          </dd>
        </div>
        <div>
          <dt>{t("grantApplications.detail.state")}</dt>
          <dd>
            <strong>{t(`grantApplications.state.${a.state}`)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t("grantApplications.detail.purpose")}</dt>
          <dd>{a.purpose}</dd>
        </div>
        {a.submittedAt && (
          <div>
            <dt>{t("grantApplications.detail.submittedAt")}</dt>
            <dd>{formatDateTime(a.submittedAt, locale)}</dd>
          </div>
        )}
      </dl>
      {a.correctionHref && (
        <Notice
          type="warning"
          t={t}
          title={t("grantApplications.detail.returnedNotice", {
            date: a.completionDeadline
              ? czechDate(formatPragueDate(new Date(a.completionDeadline)))
              : "–",
          })}
        >
          <GovCss names={["gov-button"]} />
          <p>
            <a
              class="gov-button gov-button--primary"
              data-color="primary"
              data-type="solid"
              href={a.correctionHref}
            >
              {t("grantApplications.detail.complete")}
            </a>
          </p>
        </Notice>
      )}
      <ApplicationActions actions={a.actions} csrfToken={state.csrfToken} t={t} />

      <h2>{t("grantApplications.detail.amounts")}</h2>
      <dl class="facts">
        {amounts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>

      <h2>{t("grantApplications.detail.deadlines")}</h2>
      <dl class="facts">
        <div>
          <dt>{t("grantApplications.detail.completionDeadline")}</dt>
          <dd>
            {a.completionDeadline
              ? czechDate(formatPragueDate(new Date(a.completionDeadline)))
              : "–"}
          </dd>
        </div>
        <div>
          <dt>{t("grantApplications.detail.settlementDue")}</dt>
          <dd>{a.settlementDue ? czechDate(a.settlementDue) : "–"}</dd>
        </div>
      </dl>

      <h2>{t("grantApplications.detail.budget")}</h2>
      <DataTable
        caption={t("grantApplications.detail.budget")}
        captionHidden
        rows={a.budget}
        rowKey={(b) => `${b.category}-${b.description}-${b.amountHalere}`}
        empty="–"
        columns={[
          {
            header: t("grantApplications.detail.category"),
            rowHeader: true,
            cell: (b) => b.category,
          },
          { header: t("grantApplications.detail.description"), cell: (b) => b.description },
          {
            header: t("grantApplications.detail.amount"),
            num: true,
            cell: (b) => formatCzk(b.amountHalere),
          },
          {
            header: t("grantApplications.detail.grantPart"),
            num: true,
            cell: (b) => formatCzk(b.grantHalere),
          },
        ]}
      />

      <h2>{t("grantApplications.detail.documents")}</h2>
      {a.documents.length
        ? (
          <ul>
            {a.documents.map((d) => (
              <li key={d.href}>
                <a href={d.href}>{t(d.label)}</a>
              </li>
            ))}
          </ul>
        )
        : <p>{t("grantApplications.detail.noDocuments")}</p>}

      <h2>{t("grantApplications.detail.timeline")}</h2>
      {a.own && a.caseId && (
        <p>
          <a href={`/ucet/podani/${a.caseId}`}>{t("grantApplications.detail.caseLink")}</a>
        </p>
      )}
      <Timeline events={a.events} t={t} locale={locale} reference={a.reference ?? ""} />
    </div>
  );
});
