/**
 * The upload form of `/urad/vypisy` (multipart, one file) and the notice that reports what an
 * import did: the statements stored with their counts, or that a statement was imported before.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import type { ImportedStatement, StatementRef } from "../../app/statements.ts";
import { CsrfField, ErrorSummary, FileField, SubmitButton } from "../form/mod.ts";
import { Notice } from "../layout/Notice.tsx";
import { isoDate } from "./StatementParts.tsx";

export function StatementUploadForm(
  { errors, maxMegabytes, accept, csrfToken, t }: {
    errors: readonly FieldError<string>[];
    maxMegabytes: number;
    accept: string;
    csrfToken: string;
    t: Translate;
  },
) {
  const label = t("statements.upload.label");
  return (
    <section aria-labelledby="nahrat-vypis">
      <h2 id="nahrat-vypis">{t("statements.upload.heading")}</h2>
      <ErrorSummary errors={errors} t={t} labels={{ file: label }} />
      <form method="post" action="/urad/vypisy" enctype="multipart/form-data" novalidate>
        <CsrfField token={csrfToken} />
        <FileField
          name="file"
          label={label}
          hint={t("statements.upload.hint", { max: maxMegabytes })}
          accept={accept}
          required
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("statements.upload.submit")}</SubmitButton>
      </form>
      <p>{t("statements.upload.drop")}</p>
    </section>
  );
}

export interface ImportOutcome {
  imported: ImportedStatement[];
  already: StatementRef[];
  booked: number;
  settledCard: number;
  unmatched: number;
}

export function ImportNotice(
  { outcome, t, locale }: { outcome: ImportOutcome; t: Translate; locale: Locale },
) {
  const { imported, already } = outcome;
  const overlap = imported.reduce((n, s) => n + (s.lines - s.newLines), 0);
  return (
    <>
      {imported.length > 0 && (
        <Notice
          type="success"
          t={t}
          title={imported.length === 1
            ? t("statements.imported.title")
            : t("statements.imported.titleMany", { n: imported.length })}
        >
          <ul>
            {imported.map((s) => (
              <li>
                <a href={`/urad/vypisy/${s.id}`}>
                  {t("statements.imported.statement", {
                    number: s.number,
                    date: isoDate(s.date, locale),
                    lines: s.lines,
                  })}
                </a>
              </li>
            ))}
          </ul>
          <p>
            {t("statements.imported.summary", {
              booked: outcome.booked,
              card: outcome.settledCard,
              unmatched: outcome.unmatched,
            })}
          </p>
          {overlap > 0 && <p>{t("statements.imported.overlap", { n: overlap })}</p>}
        </Notice>
      )}
      {already.length > 0 && (
        <Notice
          type="info"
          t={t}
          title={already.length === 1
            ? t("statements.already", {
              number: already[0].number,
              date: isoDate(already[0].date, locale),
            })
            : undefined}
        >
          {already.length > 1 && (
            <ul>
              {already.map((s) => (
                <li>
                  {t("statements.already", { number: s.number, date: isoDate(s.date, locale) })}
                </li>
              ))}
            </ul>
          )}
          {imported.length === 0 && <p>{t("statements.alreadyNothing")}</p>}
        </Notice>
      )}
    </>
  );
}
