/**
 * Sends the browser on at once: an instant meta refresh (a navigation of its own, which the CSP's
 * `form-action` does not govern, unlike a redirect after a form's POST) and a link for anyone
 * whose browser does not follow it. `HandoffNotice` is that part in a page of its own (the card
 * payment's hand-off to the gateway); `Handoff` is a whole page of it (the sign-in's hand-off to
 * the OpenID provider at `/prihlaseni/pokracovat`, the end of a logout, NIA's single logout).
 */
import type { ComponentChildren } from "preact";
import { Head } from "../../lib/web/mod.ts";
import type { State, Translate } from "../../lib/state.ts";
import { Notice } from "./Notice.tsx";
import { PageTitle } from "./DocumentTitle.tsx";

export function HandoffNotice(props: {
  t: Translate;
  type: "info" | "success";
  /** The notice's title: what happens. */
  title: string;
  href: string;
  linkLabel: string;
  /** More said before the link. */
  children?: ComponentChildren;
}) {
  return (
    <>
      <Head>
        <meta http-equiv="refresh" content={`0;url=${props.href}`} />
      </Head>
      <Notice type={props.type} t={props.t} title={props.title}>
        {props.children}
        <p>
          <a href={props.href} rel="noreferrer">{props.linkLabel}</a>
        </p>
      </Notice>
    </>
  );
}

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
      <PageTitle title={title} state={state} />
      <h1>{title}</h1>
      <HandoffNotice
        t={state.t}
        type={props.type}
        title={state.t(`${messages}.text`, props.params)}
        href={props.href}
        linkLabel={state.t(`${messages}.link`, props.params)}
      />
    </div>
  );
}
