/**
 * The town's grants (issue 14): calls open now (how long is left) and upcoming ones (when they
 * open), each with its programme's purpose and the range of a grant. Public and cacheable
 * (tag `grants`: a call's state changed by its workflow drops the page; the render cache also
 * expires it within minutes, so "zbývá N dní" follows the calendar).
 */
import { define } from "../../lib/http/define.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { publicCalls } from "../../app/grants.ts";
import { formatCzk } from "../../domain/money.ts";
import { CallTiming } from "../../components/grants/CallTiming.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import type { Translate } from "../../lib/state.ts";

type Call = Awaited<ReturnType<typeof publicCalls>>[number];

export const handler = define.handlers({
  async GET(ctx) {
    const calls = await publicCalls(getDb(), ctx.state.tenant.id);
    return publicPage(ctx, { calls, now: new Date() }, { tags: ["grants"] });
  },
});

function firstParagraph(text: string): string {
  return text.split(/\n{2,}/)[0];
}

function CallList({ calls, t, now }: { calls: Call[]; t: Translate; now: Date }) {
  return (
    <ul class="grant-calls">
      {calls.map((c) => (
        <li key={c.id} class="grant-call">
          <h3>
            <a href={`/dotace/${c.id}`}>{c.title}</a>
          </h3>
          <p class="grant-programme">{c.programme_title}</p>
          <CallTiming t={t} call={c} now={now} />
          <p>{firstParagraph(c.purpose)}</p>
          <p>
            {t("grants.public.amountRange", {
              min: formatCzk(Number(c.min_grant_halere)),
              max: formatCzk(Number(c.max_grant_halere)),
            })}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const now = new Date(data.now);
  const open = data.calls.filter((c) => c.state === "open");
  const upcoming = data.calls.filter((c) => c.state === "scheduled");
  return (
    <div class="grants">
      <PageTitle title={t("grants.public.title")} state={state} />
      <h1>{t("grants.public.title")}</h1>
      <p>{t("grants.public.lead")}</p>
      <p>
        <a href="/dotace/poskytnute">{t("grantAwards.open.link")}</a>
      </p>
      {data.calls.length === 0 && <p>{t("grants.public.none")}</p>}
      {open.length > 0 && (
        <section aria-labelledby="grants-open-heading">
          <h2 id="grants-open-heading">{t("grants.public.open")}</h2>
          <CallList calls={open} t={t} now={now} />
        </section>
      )}
      {upcoming.length > 0 && (
        <section aria-labelledby="grants-upcoming-heading">
          <h2 id="grants-upcoming-heading">{t("grants.public.upcoming")}</h2>
          <CallList calls={upcoming} t={t} now={now} />
        </section>
      )}
    </div>
  );
});
