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
  title: string;
  /** What happens, said in the notice. */
  text: string;
  type: "info" | "success";
  href: string;
  linkLabel: string;
}) {
  const { state } = props;
  return (
    <div class="narrow">
      <Head>
        <meta http-equiv="refresh" content={`0;url=${props.href}`} />
      </Head>
      <PageTitle title={props.title} state={state} />
      <h1>{props.title}</h1>
      <Notice type={props.type} t={state.t} title={props.text}>
        <p>
          <a href={props.href} rel="noreferrer">{props.linkLabel}</a>
        </p>
      </Notice>
    </div>
  );
}
