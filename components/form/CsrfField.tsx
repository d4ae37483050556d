/** The CSRF token (`state.csrfToken`); the platform middleware checks it on every POST. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
