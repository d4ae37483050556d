/** What a route handler returns to have its page component rendered with `data`. */
export interface PageResponse<T> {
  readonly [PAGE]: true;
  readonly data: T;
  readonly status?: number;
  readonly headers?: HeadersInit;
}

const PAGE: unique symbol = Symbol("frsh.page");

export interface PageInit {
  status?: number;
  headers?: HeadersInit;
}

/** Render this route's page component with `data` (Fresh 2's `page()`). */
export function page<T = undefined>(data?: T, init: PageInit = {}): PageResponse<T> {
  return { [PAGE]: true, data: data as T, status: init.status, headers: init.headers };
}

export function isPageResponse(value: unknown): value is PageResponse<unknown> {
  return typeof value === "object" && value !== null && PAGE in value;
}

/** Thrown anywhere in a request to answer with `status` and the `_error` (or `_404`) page. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(public readonly status: number, message?: string) {
    super(message ?? `HTTP ${status}`);
  }
}
