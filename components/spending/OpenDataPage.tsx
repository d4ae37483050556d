/** `/opendata`: the town's open data sets with their schemas, and the API's description. */
import type { State } from "../../lib/state.ts";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { SpendingNav } from "./common.tsx";

export interface OpenDataPageData {
  invoices: number[];
  budget: number[];
}

function Dataset(
  { href, schema, label, t }: { href: string; schema: string; label: string; t: State["t"] },
) {
  return (
    <li>
      <a href={href} type="application/json">{label}</a>{" "}
      (<a href={`/opendata/schema/${schema}.json`} type="application/schema+json">
        {t("openData.schema")}
      </a>)
    </li>
  );
}

export function OpenDataPage({ data, state }: { data: OpenDataPageData; state: State }) {
  const { t } = state;
  return (
    <div class="open-data">
      <PageTitle title={t("openData.title")} state={state} />
      <SpendingNav current="/opendata" t={t} />
      <h1>{t("openData.title")}</h1>
      <p>{t("openData.intro")}</p>
      <h2>{t("openData.datasets")}</h2>
      <ul>
        <li>
          <a href="/uredni-deska.jsonld" type="application/ld+json">
            {t("openData.noticeBoard")}
          </a>
        </li>
        <Dataset
          href="/opendata/smlouvy.json"
          schema="smlouvy"
          label={t("openData.contracts")}
          t={t}
        />
        <Dataset
          href="/opendata/objednavky.json"
          schema="objednavky"
          label={t("openData.orders")}
          t={t}
        />
        {data.invoices.map((year) => (
          <Dataset
            key={`f${year}`}
            href={`/opendata/faktury/${year}.json`}
            schema="faktury"
            label={t("openData.invoices", { year })}
            t={t}
          />
        ))}
        {data.budget.map((year) => (
          <Dataset
            key={`r${year}`}
            href={`/opendata/rozpocet/${year}.json`}
            schema="rozpocet"
            label={t("openData.budget", { year })}
            t={t}
          />
        ))}
      </ul>
      <p>
        <a href="/api/v1/openapi.json" type="application/json">{t("openData.api")}</a>
      </p>
    </div>
  );
}
