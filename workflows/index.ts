/** Every workflow the worker hosts (the bundle's entry point). */
export { noticeLifecycle } from "./notice.ts";
