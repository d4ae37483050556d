import { createDefine } from "../web/mod.ts";
import type { State } from "../state.ts";

/** Typed helpers for routes: `define.handlers`, `define.page`, `define.middleware`. */
export const define = createDefine<State>();
