/**
 * The clerk's case page in parts: claim or release, the filer's verified identity, the decision
 * (approve, return with a message, reject with a reason) and the internal note. Each form posts
 * to the case page with its `action`.
 */
import type { Translate } from "../../lib/state.ts";
import type { openCase } from "../../app/cases.ts";
import { DECISION_TEXT_MAX } from "../../domain/cases.ts";
import type { FieldError } from "../../domain/validation.ts";
import { CsrfField, ErrorSummary, Select, SubmitButton, TextArea } from "../form/mod.ts";

type OpenedCase = NonNullable<Awaited<ReturnType<typeof openCase>>>;
type Filer = NonNullable<OpenedCase["person"]>;

/** "Převzít" a case nobody holds, or "Uvolnit" one the clerk holds. */
export function ClaimForm(
  { mine, free, csrfToken, t }: { mine: boolean; free: boolean; csrfToken: string; t: Translate },
) {
  if (!mine && !free) return null;
  return (
    <form method="post">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="action" value={mine ? "release" : "claim"} />
      <SubmitButton variant="secondary">
        {t(mine ? "cases.queue.release" : "cases.queue.claim")}
      </SubmitButton>
    </form>
  );
}

/** Who filed it, as verified: name, birth date, address, contacts and identities. */
export function FilerIdentity(
  { person: p, onBehalfOf, t }: { person: Filer; onBehalfOf: string | null; t: Translate },
) {
  return (
    <dl class="notice-facts">
      <div>
        <dt>{t("cases.clerk.name")}</dt>
        <dd>{p.givenName} {p.familyName}</dd>
      </div>
      <div>
        <dt>{t("cases.clerk.birthDate")}</dt>
        <dd>{p.birthDate ?? "—"}</dd>
      </div>
      <div>
        <dt>{t("cases.clerk.address")}</dt>
        <dd>{p.address ?? "—"}</dd>
      </div>
      <div>
        <dt>{t("cases.clerk.contacts")}</dt>
        <dd>{p.contacts.map((x) => x.value).join(", ") || "—"}</dd>
      </div>
      <div>
        <dt>{t("cases.clerk.identities")}</dt>
        <dd>
          {p.identities.length
            ? p.identities.map((i) =>
              t("cases.clerk.loa", { provider: i.provider, level: i.levelOfAssurance })
            ).join(", ")
            : t("cases.clerk.noIdentity")}
        </dd>
      </div>
      {onBehalfOf && (
        <div>
          <dt>{t("cases.clerk.actingFor")}</dt>
          <dd>{onBehalfOf}</dd>
        </div>
      )}
    </dl>
  );
}

export function DecisionForm(
  { decision, text, errors, csrfToken, t }: {
    decision: string;
    text: string;
    errors: FieldError<string>[];
    csrfToken: string;
    t: Translate;
  },
) {
  return (
    <section aria-labelledby="decision-heading">
      <h2 id="decision-heading">{t("cases.clerk.decisionHeading")}</h2>
      <ErrorSummary
        errors={errors.filter((e) => e.field !== "note")}
        t={t}
        labels={{ decision: t("cases.clerk.decision"), text: t("cases.clerk.text") }}
      />
      <form method="post" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="action" value="decide" />
        <Select
          name="decision"
          label={t("cases.clerk.decision")}
          value={decision}
          required
          placeholder=""
          options={[
            { value: "approve", label: t("cases.clerk.approve") },
            { value: "return", label: t("cases.clerk.return") },
            { value: "reject", label: t("cases.clerk.reject") },
          ]}
          errors={errors}
          t={t}
        />
        <TextArea
          name="text"
          label={t("cases.clerk.text")}
          hint={t("cases.clerk.textHint")}
          value={text}
          rows={4}
          maxLength={DECISION_TEXT_MAX}
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("cases.clerk.submit")}</SubmitButton>
      </form>
    </section>
  );
}

/** An internal note: on the timeline for the office, never shown to the citizen. */
export function NoteForm(
  { note, errors, csrfToken, t }: {
    note: string;
    errors: FieldError<string>[];
    csrfToken: string;
    t: Translate;
  },
) {
  return (
    <section aria-labelledby="note-heading">
      <h2 id="note-heading">{t("cases.clerk.noteHeading")}</h2>
      <form method="post" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="action" value="note" />
        <TextArea
          name="note"
          label={t("cases.clerk.note")}
          value={note}
          required
          rows={3}
          maxLength={DECISION_TEXT_MAX}
          errors={errors}
          t={t}
        />
        <SubmitButton variant="secondary">{t("cases.clerk.addNote")}</SubmitButton>
      </form>
    </section>
  );
}
