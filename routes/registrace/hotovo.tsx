/** Registration done: the generated user name, and what the basic level allows. */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Notice } from "../../components/layout/Notice.tsx";

export const handler = define.handlers({
  GET(ctx) {
    const person = ctx.state.person;
    if (!person) return ctx.redirect("/prihlaseni");
    // The user name shown is the signed-in person's own, never one taken from the URL.
    return page({ username: person.username });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div class="narrow">
      <PageTitle title={t("registration.doneTitle")} state={state} />
      <h1>{t("registration.doneTitle")}</h1>
      <Notice type="success" t={t} title={t("registration.doneNotice")}>
        <p>
          {t("registration.yourUsername")} <strong class="username">{data.username}</strong>
        </p>
      </Notice>
      <p>{t("registration.doneText")}</p>
      <p>
        <a href="/ucet">{t("registration.toAccount")}</a>
      </p>
    </div>
  );
});
