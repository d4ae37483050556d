/**
 * How island markers and props look in the HTML: shared by the server (render.ts,
 * serialize.ts) and the browser (client.ts), so it must stay free of server imports.
 *
 * An island's server output sits between `<!--frsh-Name:3-->` and `<!--/frsh-Name:3-->`; its
 * props are entry 3 of the JSON array in `<script type="application/json" id="__frsh_props">`.
 */
export const PROPS_SCRIPT_ID = "__frsh_props";

export const markerText = (name: string, index: number): string => `frsh-${name}:${index}`;
export const MARKER = /^frsh-([A-Za-z][A-Za-z0-9_]*):(\d+)$/;

/**
 * JSON, where an object with the key `TAG` stands for a value JSON cannot hold:
 * - `{ __frsh: "signal", id, value? }` a signal; `value` on its first occurrence only, so
 *   islands given the same signal share it in the browser too;
 * - `{ __frsh: "element", type, props }` an HTML element passed as children or a prop;
 * - `{ __frsh: "undefined" }`;
 * - `{ __frsh: "object", value }` a plain object that itself has a `__frsh` key.
 */
export const TAG = "__frsh";

export type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };
