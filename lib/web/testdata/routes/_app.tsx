import { define } from "../define.ts";

export default define.page(({ Component, state }) => (
  <html lang="cs">
    <head>
      <meta charset="utf-8" />
      <title>Fixture</title>
      <link rel="icon" href="/favicon.svg" />
      <link rel="stylesheet" href="/styles.css" />
    </head>
    <body data-trail={state.trail.join(">")}>
      <Component />
    </body>
  </html>
));
