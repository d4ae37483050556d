/**
 * "Jednat za": the person picks whom they act for — themselves, or someone whose
 * representation the office granted. A plain form (POST /ucet/jednat-za), no JavaScript.
 */
import type { Translate } from "../../lib/state.ts";
import { CsrfField } from "../form/CsrfField.tsx";
import { Select } from "../form/Select.tsx";
import { SubmitButton } from "../form/SubmitButton.tsx";

export interface ActingForSwitchProps {
  t: Translate;
  csrfToken: string;
  /** Granted, unexpired representations of the person. */
  representations: readonly { id: string; name: string }[];
  /** The representation acted under now; null: the person themselves. */
  current: string | null;
  /** Where to come back to (a path on this site). */
  next: string;
}

export function ActingForSwitch(
  { t, csrfToken, representations, current, next }: ActingForSwitchProps,
) {
  const options = [
    { value: "self", label: t("representation.switch.self") },
    ...representations.map((r) => ({ value: r.id, label: r.name })),
  ];
  return (
    <form method="post" action="/ucet/jednat-za" class="form acting-for-switch">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="next" value={next} />
      <Select
        name="representation"
        label={t("representation.switch.label")}
        options={options}
        value={current ?? "self"}
        t={t}
      />
      <SubmitButton variant="secondary">{t("representation.switch.submit")}</SubmitButton>
    </form>
  );
}
