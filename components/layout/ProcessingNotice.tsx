/**
 * "Being processed": a request whose workflow has not answered within the wait (Temporal busy or
 * away) is saved, and the page says so and asks again by itself every few seconds — a meta
 * refresh, so it works without JavaScript — until the outcome is there.
 */
import { Head } from "../../lib/web/mod.ts";
import type { Translate } from "../../lib/state.ts";
import { Notice } from "./Notice.tsx";

export function ProcessingNotice(
  { title, hint, t }: { title: string; hint: string; t: Translate },
) {
  return (
    <>
      <Head>
        <meta http-equiv="refresh" content="3" />
      </Head>
      <Notice type="info" t={t} title={title}>
        <p>{hint}</p>
      </Notice>
    </>
  );
}
