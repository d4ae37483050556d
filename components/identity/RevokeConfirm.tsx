/** The confirmation page before an agenda authorization is revoked (issue 10). */
import type { State } from "../../lib/state.ts";
import { ConfirmAction } from "../layout/ConfirmAction.tsx";

export interface RevokeConfirmData {
  person: { id: string; name: string };
  authorizationId: string;
  agenda: string;
  reason: string;
}

export function RevokeConfirm({ state, data }: { state: State; data: RevokeConfirmData }) {
  const { t } = state;
  const agenda = t(`agenda.${data.agenda}`);
  const action = `/urad/osoby/${data.person.id}`;
  return (
    <ConfirmAction
      state={state}
      action={action}
      title={t("officePersons.revoke.confirmTitle", { agenda })}
      consequence={t("officePersons.revoke.confirmConsequence", { agenda })}
      summary={[
        { label: t("officePersons.revoke.confirmPerson"), value: data.person.name },
        { label: t("officePersons.revoke.authorization"), value: agenda },
        { label: t("officePersons.revoke.reason"), value: data.reason },
      ]}
      hidden={{ action: "revoke", authorization: data.authorizationId, reason: data.reason }}
      confirmLabel={t("officePersons.revoke.confirm")}
      backHref={action}
    />
  );
}
