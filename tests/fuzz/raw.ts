/**
 * Requests `fetch` cannot make: odd `Host` headers, absolute-form targets and bytes that are not
 * UTF-8 in the request line, written to a TCP connection as they are.
 */

export interface RawResult {
  /** The status of the response, or undefined when the server closed without one. */
  status?: number;
}

/** Sends `head` (request line and headers, without the blank line) and reads the status. */
export async function rawRequest(port: number, head: Uint8Array | string): Promise<RawResult> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const bytes = typeof head === "string" ? new TextEncoder().encode(head) : head;
    const end = new TextEncoder().encode("\r\nConnection: close\r\n\r\n");
    const request = new Uint8Array(bytes.length + end.length);
    request.set(bytes);
    request.set(end, bytes.length);
    await conn.write(request);
    const buffer = new Uint8Array(64);
    let text = "";
    const deadline = AbortSignal.timeout(15_000);
    while (!/\r\n/.test(text) && !deadline.aborted) {
      const n = await conn.read(buffer);
      if (n === null) break;
      text += new TextDecoder("latin1").decode(buffer.subarray(0, n));
    }
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
    return { status: status ? Number(status) : undefined };
  } finally {
    try {
      conn.close();
    } catch { /* closed by the server */ }
  }
}

/** Host headers no town has, or no host name is. */
export const ODD_HOSTS: readonly string[] = [
  "localhost:abc",
  "local host",
  "",
  "localhost:99999",
  "[::1",
  "unknown.example",
  "dubova.localhost:1",
  "x".repeat(300),
  "localhost/../dubova.localhost",
  "localhost@dubova.localhost",
  "LOCALHOST.",
];

/** `GET <target>` requests for `path` with odd hosts, absolute-form targets and raw bytes. */
export function rawRequests(path: string): (Uint8Array | string)[] {
  const out: (Uint8Array | string)[] = ODD_HOSTS.map((host) =>
    `GET ${path} HTTP/1.1\r\nHost: ${host}`
  );
  out.push(`GET http://dubova.localhost${path} HTTP/1.1\r\nHost: localhost`);
  out.push(`GET http://localhost:abc${path} HTTP/1.1\r\nHost: localhost`);
  out.push(`GET ${path} HTTP/1.0`);
  out.push(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nHost: dubova.localhost`);
  const latin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  out.push(latin(`GET ${path}/\xff\xfe\x85 HTTP/1.1\r\nHost: localhost`));
  out.push(latin(`GET ${path}?q=\xc0\xaf&agenda=\x00 HTTP/1.1\r\nHost: localhost`));
  out.push(
    latin(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nCookie: lang=\xff; __Host-session=\x01`),
  );
  out.push(`GET ${path}/${"a".repeat(300)} HTTP/1.1\r\nHost: localhost`);
  return out;
}
