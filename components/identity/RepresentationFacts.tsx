/**
 * What the person's list and the office's detail page both show of a representation: kind,
 * state with its dates, scope, expiry and the office's note; plus the state's label.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { RepresentationKind, RepresentationStatus } from "../../domain/representation.ts";
import { formatDate, formatDateTime } from "../../lib/http/format.ts";

export interface RepresentationFactsData {
  kind: RepresentationKind;
  status: RepresentationStatus;
  represented_birth_date: string | null;
  represented_ico: string | null;
  scope: string[];
  valid_until: string | null;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  /** The representative's identity document the office checked at the grant. */
  grant_evidence?: string | null;
}

/** `revoked` with no deciding clerk is a request the person took back (vzal zpět). */
export function isWithdrawn(r: Pick<RepresentationFactsData, "status" | "decided_by">): boolean {
  return r.status === "revoked" && r.decided_by === null;
}

export function statusLabel(
  t: Translate,
  r: Pick<RepresentationFactsData, "status" | "decided_by">,
) {
  return isWithdrawn(r)
    ? t("representation.status.withdrawn")
    : t(`representation.status.${r.status}`);
}

/** An ISO date (`YYYY-MM-DD`) for people. */
export function formatIsoDate(iso: string, locale: Locale): string {
  return formatDate(new Date(`${iso}T12:00:00Z`), locale);
}

/**
 * A withdrawn request was never decided and never valid: it shows when it was taken back, not
 * "Rozhodnuto" or "Platí do".
 */
export function RepresentationFacts(
  { r, t, locale }: { r: RepresentationFactsData; t: Translate; locale: Locale },
) {
  const withdrawn = isWithdrawn(r);
  return (
    <dl class="facts">
      <div>
        <dt>{t("representation.fact.kind")}</dt>
        <dd>{t(`representation.kind.${r.kind}`)}</dd>
      </div>
      <div>
        <dt>{t("representation.fact.status")}</dt>
        <dd>
          <strong class={`status status--${r.status}`}>{statusLabel(t, r)}</strong>
        </dd>
      </div>
      {r.represented_birth_date && (
        <div>
          <dt>{t("representation.fact.birthDate")}</dt>
          <dd>{formatIsoDate(r.represented_birth_date, locale)}</dd>
        </div>
      )}
      {r.represented_ico && (
        <div>
          <dt>{t("representation.fact.ico")}</dt>
          <dd>{r.represented_ico}</dd>
        </div>
      )}
      <div>
        <dt>{t("representation.fact.scope")}</dt>
        <dd>{r.scope.map((a) => t(`agenda.${a}`)).join(", ")}</dd>
      </div>
      {!withdrawn && (
        <div>
          <dt>{t("representation.fact.validUntil")}</dt>
          <dd>
            {r.valid_until
              ? formatIsoDate(r.valid_until, locale)
              : t("representation.fact.indefinite")}
          </dd>
        </div>
      )}
      <div>
        <dt>{t("representation.fact.requestedAt")}</dt>
        <dd>
          <time dateTime={r.requested_at.toISOString()}>
            {formatDateTime(r.requested_at, locale)}
          </time>
        </dd>
      </div>
      {r.decided_at && (
        <div>
          <dt>
            {withdrawn ? t("representation.fact.withdrawnAt") : t("representation.fact.decidedAt")}
          </dt>
          <dd>
            <time dateTime={r.decided_at.toISOString()}>
              {formatDateTime(r.decided_at, locale)}
            </time>
          </dd>
        </div>
      )}
      {r.grant_evidence && (
        <div>
          <dt>{t("representation.fact.evidence")}</dt>
          <dd>{r.grant_evidence}</dd>
        </div>
      )}
      {r.decision_note && (
        <div>
          <dt>{t("representation.fact.decisionNote")}</dt>
          <dd>{r.decision_note}</dd>
        </div>
      )}
    </dl>
  );
}
