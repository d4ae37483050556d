/**
 * The defect report's part of the clerk's case view: its state, department and reopen window,
 * and the actions its state allows — triage (accept for a department, or reject as not a defect
 * or a duplicate, with a reason) and the department's resolution with a note. Plain forms: they
 * work without JavaScript.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { DEFECT_TEXT_MAX, type DefectStatus } from "../../domain/defect_reports.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import { CsrfField, ErrorSummary, Select, SubmitButton, TextArea } from "../form/mod.ts";

export interface DefectReportActionsProps {
  report: {
    status: DefectStatus;
    department: string | null;
    reopen_until: Date | null;
  };
  departments: readonly { id: string; name: string }[];
  /** Coordinates came from a photo, with the reporter's consent. */
  fromPhoto: boolean;
  /** Whether an action may be offered now (nothing on its way to the workflow). */
  enabled: boolean;
  form: { outcome: string; department: string; reason: string; resolution: string };
  errors: readonly FieldError[];
  csrfToken: string;
  t: Translate;
  locale: Locale;
}

const K = "defectReports.clerk";

export function DefectReportActions(p: DefectReportActionsProps) {
  const { t } = p;
  const r = p.report;
  const triageErrors = p.errors.filter((e) =>
    ["outcome", "department", "reason"].includes(e.field)
  );
  const resolveErrors = p.errors.filter((e) => e.field === "resolution");
  return (
    <section aria-labelledby="defect-heading">
      <h2 id="defect-heading">{t(`${K}.heading`)}</h2>
      <dl class="notice-facts">
        <div>
          <dt>{t(`${K}.status`)}</dt>
          <dd>{t(`defectReports.status.${r.status}`)}</dd>
        </div>
        <div>
          <dt>{t(`${K}.department`)}</dt>
          <dd>{r.department ?? "—"}</dd>
        </div>
        {r.status === "resolved" && r.reopen_until && (
          <div>
            <dt>{t(`${K}.reopenUntil`)}</dt>
            <dd>{formatDateTime(r.reopen_until, p.locale)}</dd>
          </div>
        )}
      </dl>
      {p.fromPhoto && <p>{t(`${K}.fromPhoto`)}</p>}
      {p.enabled && r.status === "new" && (
        <>
          <h3>{t(`${K}.triageHeading`)}</h3>
          <ErrorSummary
            errors={triageErrors}
            t={t}
            labels={{
              outcome: t(`${K}.outcome`),
              department: t(`${K}.department`),
              reason: t(`${K}.reason`),
            }}
          />
          <form method="post" novalidate>
            <CsrfField token={p.csrfToken} />
            <input type="hidden" name="action" value="triage" />
            <Select
              name="outcome"
              label={t(`${K}.outcome`)}
              value={p.form.outcome || "accept"}
              required
              options={[
                { value: "accept", label: t(`${K}.accept`) },
                { value: "notDefect", label: t(`${K}.notDefect`) },
                { value: "duplicate", label: t(`${K}.duplicate`) },
              ]}
              errors={triageErrors}
              t={t}
            />
            <Select
              name="department"
              label={t(`${K}.department`)}
              value={p.form.department}
              placeholder=""
              options={p.departments.map((d) => ({ value: d.id, label: d.name }))}
              errors={triageErrors}
              t={t}
            />
            <TextArea
              name="reason"
              label={t(`${K}.reason`)}
              hint={t(`${K}.reasonHint`)}
              value={p.form.reason}
              rows={3}
              maxLength={DEFECT_TEXT_MAX}
              errors={triageErrors}
              t={t}
            />
            <SubmitButton>{t(`${K}.triageSubmit`)}</SubmitButton>
          </form>
        </>
      )}
      {p.enabled && r.status === "assigned" && (
        <>
          <h3>{t(`${K}.resolveHeading`)}</h3>
          <ErrorSummary errors={resolveErrors} t={t} labels={{ resolution: t(`${K}.note`) }} />
          <form method="post" novalidate>
            <CsrfField token={p.csrfToken} />
            <input type="hidden" name="action" value="resolve" />
            <TextArea
              name="resolution"
              label={t(`${K}.note`)}
              hint={t(`${K}.noteHint`)}
              value={p.form.resolution}
              required
              rows={4}
              maxLength={DEFECT_TEXT_MAX}
              errors={resolveErrors}
              t={t}
            />
            <SubmitButton>{t(`${K}.resolveSubmit`)}</SubmitButton>
          </form>
        </>
      )}
    </section>
  );
}
