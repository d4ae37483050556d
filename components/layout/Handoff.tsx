/**
 * A page that sends the browser on at once: an instant meta refresh (a navigation of its own,
 * which the CSP's `form-action` does not govern, unlike a redirect after a form's POST) and a
 * link for anyone whose browser does not follow it. The sign-in's hand-off to the OpenID
 * provider (`/prihlaseni/pokracovat`) and the end of an application's logout use it.
 */
import { Head } from "../../lib/web/mod.ts";
import type { State } from "../../lib/state.ts";
import { Notice } from "./Notice.tsx";
import { PageTitle } from "./DocumentTitle.tsx";

export function Handoff(props: {
  state: State;
  /** Its texts: `<messages>.title`, `.text` (what happens, in the notice) and `.link`. */
  messages: string;
  params?: Record<string, string>;
  type: "info" | "success";
  href: string;
}) {
  const { state, messages } = props;
  const title = state.t(`${messages}.title`, props.params);
  return (
    <div class="narrow">
      <Head>
        <meta http-equiv="refresh" content={`0;url=${props.href}`} />
      </Head>
      <PageTitle title={title} state={state} />
      <h1>{title}</h1>
      <Notice type={props.type} t={state.t} title={state.t(`${messages}.text`, props.params)}>
        <p>
          <a href={props.href} rel="noreferrer">{state.t(`${messages}.link`, props.params)}</a>
        </p>
      </Notice>
    </div>
  );
}
