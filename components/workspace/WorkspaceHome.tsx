/**
 * The clerk's workspace home: each area the clerk's roles open, with what waits there, and the
 * notices posted last (the full list is `/urad/uredni-deska`).
 */
import type { State } from "../../lib/state.ts";
import type { WorkspaceSummary } from "../../app/workspace.ts";
import { formatDateTime } from "../../lib/http/format.ts";

function Area(
  { href, label, counts = [] }: {
    href: string;
    label: string;
    counts?: { href: string; text: string }[];
  },
) {
  return (
    <li class="workspace-area">
      <a href={href}>{label}</a>
      {counts.length > 0 && (
        <ul class="workspace-area__counts">
          {counts.map((c) => (
            <li key={c.href}>
              <a href={c.href}>{c.text}</a>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function WorkspaceHome({ summary, state }: { summary: WorkspaceSummary; state: State }) {
  const { t, locale } = state;
  const s = summary;
  return (
    <>
      <h2 id="workspace-pending">{t("workspace.pendingHeading")}</h2>
      <ul class="office-links workspace-areas" aria-labelledby="workspace-pending">
        {s.notices && (
          <Area
            href="/urad/uredni-deska"
            label={t("workspace.notices")}
            counts={[
              {
                href: "/urad/uredni-deska?stav=scheduled",
                text: t("workspace.noticesScheduled", { n: s.notices.scheduled }),
              },
              {
                href: "/urad/uredni-deska?stav=published",
                text: t("workspace.noticesPublished", { n: s.notices.published }),
              },
            ]}
          />
        )}
        {s.unclaimedCases !== null && (
          <Area
            href="/urad/ukoly"
            label={t("workspace.tasks")}
            counts={[{
              href: "/urad/ukoly",
              text: t("workspace.tasksUnclaimed", { n: s.unclaimedCases }),
            }]}
          />
        )}
        {s.representations !== null && (
          <Area
            href="/urad/zastoupeni"
            label={t("officeRepresentation.workspaceLink")}
            counts={[{
              href: "/urad/zastoupeni",
              text: t("workspace.representationsPending", { n: s.representations }),
            }]}
          />
        )}
        {s.identity && <Area href="/urad/osoby" label={t("officePersons.title")} />}
        {s.unmatchedPayments !== null && (
          <>
            <Area href="/urad/vypisy" label={t("statements.workspaceLink")} />
            <Area
              href="/urad/platby"
              label={t("clerkPayments.workspaceLink", { n: s.unmatchedPayments })}
            />
            <Area href="/urad/platby/karty" label={t("cardRefund.paymentsLink")} />
          </>
        )}
        {s.finance && <Area href="/urad/rozpocet" label={t("financeImports.workspaceLink")} />}
        {s.messages && <Area href="/urad/zpravy" label={t("broadcasts.title")} />}
        {s.grants && <Area href="/urad/dotace" label={t("grants.office.title")} />}
        {s.appointments && <Area href="/urad/rezervace" label={t("appointments.office.title")} />}
        {s.committee && (
          <Area href="/urad/dotace/hodnoceni" label={t("grantCommittee.member.title")} />
        )}
        {s.admin && <Area href="/urad/urednici" label={t("officeClerks.title")} />}
        {s.admin && <Area href="/urad/agendy" label={t("workspace.agendas")} />}
        {s.admin && <Area href="/urad/aplikace" label={t("oidcClients.workspaceLink")} />}
        {s.admin && <Area href="/urad/audit" label={t("auditView.workspaceLink")} />}
      </ul>
      {s.notices && (
        <>
          <p>
            <a
              class="gov-button gov-button--primary"
              data-color="primary"
              data-type="solid"
              href="/urad/uredni-deska/novy"
            >
              {t("office.newNotice")}
            </a>
          </p>
          <h2>{t("workspace.recentHeading")}</h2>
          {s.notices.recent.length === 0
            ? <p>{t("workspace.recentEmpty")}</p>
            : (
              <ul class="recent-notices">
                {s.notices.recent.map((n) => (
                  <li key={n.id}>
                    <a href={`/urad/uredni-deska/${n.id}`}>{n.title}</a>
                    <span class="recent-notices__meta">
                      {formatDateTime(n.posted_from, locale)} ·{" "}
                      {t(`noticeBoard.status.${n.status}`)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          <p>
            <a href="/urad/uredni-deska">{t("workspace.allNotices")}</a>
          </p>
        </>
      )}
    </>
  );
}
