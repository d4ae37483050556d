/**
 * HTTP/1.1 load generator for `deno task bench` (scripts/bench.ts), run as its own process:
 *
 *   deno run -A scripts/bench_load.ts --port=8000 --path=/ [--host=localhost] \
 *     [--connections=32] [--warmup=1] [--duration=5] [--encoding=gzip] [--cookie=…]
 *
 * Prints one JSON line (`LoadResult`) on stdout.
 *
 * Closed loop: `connections` keep-alive TCP connections, each sending one GET, reading the
 * whole response, and sending the next at once. Requests that complete during the warm-up are
 * not counted; after it, every completed request is counted and its latency (request written →
 * last byte of the body read) recorded, until `duration` seconds have passed.
 *
 * It speaks HTTP/1.1 over `Deno.connect` itself instead of using `fetch`: a hand-rolled client
 * costs a fraction of fetch's CPU per request, and on a 2-core machine the client shares the
 * CPU with the servers. With fetch the bare `Deno.serve` would be limited by the client, which
 * would flatter every ratio against it. The parser is minimal but strict: status line,
 * `Content-Length` or `Transfer-Encoding: chunked` bodies, keep-alive; anything else (a closed
 * connection, a malformed response) is counted as an error and the connection is reopened.
 * Bodies are read completely but not decoded (gzip stays gzip): the cost to a browser of
 * inflating is the browser's, not the server's.
 */
import process from "node:process";

export interface LoadOptions {
  port: number;
  path: string;
  /** Host header (the portal resolves the town from it). */
  host: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Accept-Encoding: "gzip" (what browsers send, the default) or "identity". */
  encoding: "gzip" | "identity";
  /** A Cookie header to send with every request (a signed-in page), if any. */
  cookie?: string;
}

export interface LoadResult {
  path: string;
  /** Completed requests in the measured window. */
  requests: number;
  /** Requests per second in the measured window. */
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * Non-200 responses and failed requests (connection errors, malformed responses), warm-up
   * included.
   */
  errors: number;
  /** Non-200 statuses seen, with counts; connection-level failures under "failed". */
  errorKinds: Record<string, number>;
  /** Mean body size in bytes as sent (compressed when gzip), to show what was transferred. */
  meanBytes: number;
  /** Measured window in seconds (slightly above `durationSeconds`: the last requests finish). */
  seconds: number;
  /** Requests answered over the whole run, warm-up included (for CPU time per request). */
  totalRequests: number;
  /** CPU time this generator spent during the run (warm-up included), in ms. */
  loadCpuMs: number;
  /** CPU time of this process over its whole life (start-up included), in ms. */
  processCpuMs: number;
}

const CR = 13;
const LF = 10;
const decoder = new TextDecoder("latin1");

/** A response as far as the benchmark cares. */
interface RawResponse {
  status: number;
  bytes: number;
  body: Uint8Array | null;
}

class MalformedResponse extends Error {}

/**
 * One keep-alive connection with a read buffer: `readResponse` parses exactly one response and
 * leaves any bytes after it in the buffer.
 */
class Connection {
  #conn: Deno.TcpConn;
  #buf = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  static async open(port: number): Promise<Connection> {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.setNoDelay(true);
    return new Connection(conn);
  }

  close(): void {
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    let rest = bytes;
    while (rest.length > 0) rest = rest.subarray(await this.#conn.write(rest));
  }

  /** Reads more bytes into the buffer (compacting or growing it); throws on EOF. */
  async #fill(): Promise<void> {
    if (this.#start > 0 && this.#end === this.#buf.length) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buf.length) {
      const bigger = new Uint8Array(this.#buf.length * 2);
      bigger.set(this.#buf.subarray(this.#start, this.#end));
      this.#end -= this.#start;
      this.#start = 0;
      this.#buf = bigger;
    }
    const n = await this.#conn.read(this.#buf.subarray(this.#end));
    if (n === null) throw new MalformedResponse("connection closed by the server");
    this.#end += n;
  }

  /** Offset (from the unread start) of the next CRLF at or after offset `from`. */
  async #crlf(from: number): Promise<number> {
    let i = from;
    while (true) {
      const buf = this.#buf;
      const s = this.#start;
      const n = this.#end - s;
      for (; i + 1 < n; i++) {
        if (buf[s + i] === CR && buf[s + i + 1] === LF) return i;
      }
      await this.#fill(); // keeps offsets from #start valid
    }
  }

  /** Makes sure `n` bytes are buffered from `#start`. */
  async #need(n: number): Promise<void> {
    while (this.#end - this.#start < n) await this.#fill();
  }

  /** Reads one response; keeps its body only when `keepBody`. */
  async readResponse(keepBody: boolean): Promise<RawResponse> {
    // Head: up to the empty line (offsets relative to #start, which stays put meanwhile).
    let lineStart = 0;
    let status = 0;
    let contentLength = -1;
    let chunked = false;
    let close = false;
    while (true) {
      const eol = await this.#crlf(lineStart);
      if (eol === lineStart) {
        this.#start += eol + 2;
        break;
      }
      // Only three headers matter here, and they all start with c or t: every other line is
      // skipped without being decoded, so that a response with many headers costs the
      // generator little more than one with few (its cost per response is paid for every
      // target alike, but on a 2-core machine it takes CPU from the server measured).
      const first = this.#buf[this.#start + lineStart] | 0x20;
      if (lineStart !== 0 && first !== 0x63 && first !== 0x74) {
        lineStart = eol + 2;
        continue;
      }
      const line = decoder.decode(
        this.#buf.subarray(this.#start + lineStart, this.#start + eol),
      );
      if (lineStart === 0) {
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(line);
        if (!m) throw new MalformedResponse(`bad status line: ${line.slice(0, 80)}`);
        status = Number(m[1]);
      } else {
        const colon = line.indexOf(":");
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim().toLowerCase();
        if (name === "content-length") contentLength = Number(value);
        else if (name === "transfer-encoding") chunked = value.includes("chunked");
        else if (name === "connection") close = value.includes("close");
      }
      lineStart = eol + 2;
    }
    let bytes = 0;
    const parts: Uint8Array[] = [];
    const take = async (n: number) => {
      // Consumes n body bytes, in buffer-sized pieces so that large bodies need no large buffer.
      while (n > 0) {
        if (this.#end === this.#start) await this.#fill();
        const k = Math.min(n, this.#end - this.#start);
        if (keepBody) parts.push(this.#buf.slice(this.#start, this.#start + k));
        this.#start += k;
        bytes += k;
        n -= k;
      }
    };
    if (chunked) {
      while (true) {
        const eol = await this.#crlf(0);
        const sizeLine = decoder.decode(this.#buf.subarray(this.#start, this.#start + eol));
        const size = parseInt(sizeLine, 16);
        if (!Number.isFinite(size) || size < 0) throw new MalformedResponse("bad chunk size");
        this.#start += eol + 2;
        if (size === 0) {
          // Trailer section: header lines up to an empty line (normally none).
          while (true) {
            const end = await this.#crlf(0);
            this.#start += end + 2;
            if (end === 0) break;
          }
          break;
        }
        await take(size);
        await this.#need(2);
        if (this.#buf[this.#start] !== CR || this.#buf[this.#start + 1] !== LF) {
          throw new MalformedResponse("chunk not followed by CRLF");
        }
        this.#start += 2;
      }
    } else if (contentLength >= 0) {
      await take(contentLength);
    } else if (status !== 204 && status !== 304) {
      throw new MalformedResponse("response without Content-Length or chunked encoding");
    }
    if (this.#start === this.#end) this.#start = this.#end = 0;
    if (close) throw new MalformedResponse("server closed the keep-alive connection");
    let body: Uint8Array | null = null;
    if (keepBody) {
      body = new Uint8Array(bytes);
      let at = 0;
      for (const p of parts) {
        body.set(p, at);
        at += p.length;
      }
    }
    return { status, bytes, body };
  }
}

function requestBytes(path: string, host: string, encoding: string, cookie?: string): Uint8Array {
  return new TextEncoder().encode(
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: portal-bench\r\n` +
      `Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\nAccept-Language: cs\r\n` +
      `Accept-Encoding: ${encoding}\r\n${cookie ? `Cookie: ${cookie}\r\n` : ""}` +
      `Connection: keep-alive\r\n\r\n`,
  );
}

/** One GET on a new connection, body as text (identity encoding): for checks before a run. */
export async function getOnce(
  port: number,
  path: string,
  host = "localhost",
): Promise<{ status: number; text: string }> {
  const conn = await Connection.open(port);
  try {
    await conn.write(requestBytes(path, host, "identity"));
    const res = await conn.readResponse(true);
    return { status: res.status, text: new TextDecoder().decode(res.body!) };
  } finally {
    conn.close();
  }
}

/**
 * One GET as the load generator sends it, answered whole and undecoded (gzip stays gzip): the
 * response's header lines and body bytes, for a bare server to replay (the ceiling target of
 * scripts/bench.ts). Null when the body is not sent with a Content-Length.
 */
export async function getRaw(
  port: number,
  path: string,
  encoding: "gzip" | "identity",
  host = "localhost",
): Promise<{ status: number; headers: [string, string][]; body: Uint8Array } | null> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const request = new TextDecoder().decode(requestBytes(path, host, encoding))
      .replace("Connection: keep-alive", "Connection: close");
    await conn.write(new TextEncoder().encode(request));
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(64 * 1024);
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
    }
    const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    const text = new TextDecoder("latin1").decode(all);
    const end = text.indexOf("\r\n\r\n");
    const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
    const headers = lines.map((l) => {
      const colon = l.indexOf(":");
      return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()] as [
        string,
        string,
      ];
    });
    const length = headers.find(([k]) => k === "content-length");
    if (!length) return null;
    const body = all.slice(end + 4, end + 4 + Number(length[1]));
    return { status: Number(statusLine.split(" ")[1]), headers, body };
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the server
    }
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Runs the closed-loop load and returns the figures of the measured window. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const request = requestBytes(o.path, o.host, o.encoding, o.cookie);
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupSeconds * 1000;
  const stopAt = measureFrom + o.durationSeconds * 1000;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let total = 0;
  let bytes = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  let lastDone = measureFrom;

  const record = (ms: number) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = ms;
  };
  // Errors count in the warm-up too: a failure is a failure whenever it happens.
  const fail = (kind: string) => {
    errors++;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };

  const loop = async () => {
    let conn: Connection | null = null;
    while (performance.now() < stopAt) {
      const started = performance.now();
      try {
        conn ??= await Connection.open(o.port);
        await conn.write(request);
        const res = await conn.readResponse(false);
        const done = performance.now();
        total++;
        if (res.status !== 200) fail(String(res.status));
        else if (done >= measureFrom) {
          record(done - started);
          bytes += res.bytes;
          if (done > lastDone) lastDone = done;
        }
      } catch (e) {
        fail(e instanceof MalformedResponse ? "failed" : `failed: ${(e as Error).name}`);
        conn?.close();
        conn = null;
        // A refused connection must not spin: back off a little.
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    conn?.close();
  };
  await Promise.all(Array.from({ length: o.connections }, loop));

  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.slice(0, count).sort();
  const seconds = (Math.max(lastDone, stopAt) - measureFrom) / 1000;
  return {
    path: o.path,
    requests: count,
    rps: count / seconds,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: count ? sorted[count - 1] : NaN,
    errors,
    errorKinds,
    meanBytes: count ? bytes / count : 0,
    seconds,
    totalRequests: total,
    loadCpuMs: (cpu.user + cpu.system) / 1000,
    processCpuMs: (() => {
      const life = process.cpuUsage();
      return (life.user + life.system) / 1000;
    })(),
  };
}

function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const arg of args) {
    const m = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg} (expected --name=value)`);
    flags[m[1]] = m[2];
  }
  return flags;
}

if (import.meta.main) {
  const f = parseFlags(Deno.args);
  if (!f.port) throw new Error("--port is required");
  const encoding = f.encoding ?? "gzip";
  if (encoding !== "gzip" && encoding !== "identity") {
    throw new Error("--encoding must be gzip or identity");
  }
  const result = await runLoad({
    port: Number(f.port),
    path: f.path ?? "/",
    host: f.host ?? "localhost",
    connections: Number(f.connections ?? 32),
    warmupSeconds: Number(f.warmup ?? 1),
    durationSeconds: Number(f.duration ?? 5),
    encoding,
    cookie: f.cookie,
  });
  console.log(JSON.stringify(result));
}
