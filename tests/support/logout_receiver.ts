/**
 * An agenda system's back-channel logout endpoint for tests of the portal's OpenID provider:
 * it keeps every `logout_token` POSTed to `uri` and answers 204.
 */
export interface LogoutReceiver {
  /** The logout tokens received, in order. */
  received: string[];
  /** The back-channel logout URI to register for the client. */
  uri: string;
  shutdown(): Promise<void>;
}

export function logoutReceiver(): LogoutReceiver {
  const received: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    received.push(String((await req.formData()).get("logout_token")));
    return new Response(null, { status: 204 });
  });
  return {
    received,
    uri: `http://127.0.0.1:${server.addr.port}/backchannel`,
    shutdown: () => server.shutdown(),
  };
}
