/** The confirmation page before a clerk account is deactivated (issue 10). */
import type { State } from "../../lib/state.ts";
import { ConfirmAction } from "../layout/ConfirmAction.tsx";

export interface DeactivateConfirmData {
  account: { id: string; display_name: string; username: string; roles: string[] };
  reason: string;
}

export function DeactivateConfirm(
  { state, data, rolesText }: { state: State; data: DeactivateConfirmData; rolesText: string },
) {
  const { t } = state;
  const { account } = data;
  const action = `/urad/urednici/${account.id}`;
  return (
    <ConfirmAction
      state={state}
      action={action}
      title={t("officeClerks.confirmTitle", { name: account.display_name })}
      consequence={t("officeClerks.confirmConsequence")}
      summary={[
        {
          label: t("officeClerks.confirmAccount"),
          value: `${account.display_name} (${account.username})`,
        },
        { label: t("officeClerks.field.roles"), value: rolesText || "—" },
        ...(data.reason ? [{ label: t("officeClerks.confirmReason"), value: data.reason }] : []),
      ]}
      hidden={{ action: "deactivate", deactivateReason: data.reason }}
      confirmLabel={t("officeClerks.confirm")}
      backHref={action}
    />
  );
}
