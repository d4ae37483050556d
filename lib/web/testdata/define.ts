import { createDefine } from "../mod.ts";

export interface FixtureState {
  /** Names of the middlewares that ran, outermost first. */
  trail: string[];
  /** The `_csrf` field as the root middleware read it from a POST body. */
  csrf?: string;
}

export const define = createDefine<FixtureState>();
