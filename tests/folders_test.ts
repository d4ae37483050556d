/**
 * A file's folder says which runtime may load it (DESIGN.md, "Layout"): the web (routes/,
 * islands/, components/, lib/http/, lib/web/), the worker (workflows/, activities/, lib/worker/,
 * worker.ts), or both (domain/, db/, app/ and the rest of lib/). Read from the import statements
 * of every source file, so a misplaced import fails here, not in production.
 */
import { assertEquals } from "./assert.ts";

const ROOT = new URL("..", import.meta.url).pathname;

type Side = "web" | "worker" | "shared" | "workflow" | "other";

function sideOf(path: string): Side {
  if (/^(routes|islands|components|lib\/http|lib\/web)\//.test(path) || path === "main.ts") {
    return "web";
  }
  if (path.startsWith("workflows/")) return "workflow";
  if (/^(activities|lib\/worker)\//.test(path) || path === "worker.ts") return "worker";
  if (/^(domain|db|app|lib)\//.test(path)) return "shared";
  return "other";
}

/** Packages each side must not load. */
const FORBIDDEN_PACKAGES: Record<Side, RegExp | null> = {
  web: /^(@temporalio\/|@grpc\/|node:http2$|nodemailer$)/,
  shared: /^(@temporalio\/|@grpc\/|node:http2$|hono($|\/)|preact|nodemailer$|esbuild$)/,
  worker: /^(hono($|\/)|preact|esbuild$)/,
  workflow: /^(?!@temporalio\/(workflow|common)$)/,
  other: null,
};

/** Folders each side must not load (runtime imports; `import type` is erased and allowed). */
const FORBIDDEN_SIDES: Record<Side, Side[]> = {
  web: ["worker", "workflow"],
  shared: ["web", "worker", "workflow"],
  worker: ["web"],
  workflow: ["web", "worker", "other"],
  other: [],
};

async function* sources(dir = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(ROOT + dir)) {
    const path = dir + entry.name;
    if (entry.isDirectory) {
      if (/^(node_modules|\.|tests|scripts|static)/.test(path) || entry.name === "testdata") {
        continue;
      }
      yield* sources(path + "/");
    } else if (/\.tsx?$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) yield path;
  }
}

function resolve(from: string, specifier: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm;

Deno.test("[folders] every file loads only what its runtime may load", async () => {
  const violations: string[] = [];
  for await (const path of sources()) {
    const side = sideOf(path);
    const text = await Deno.readTextFile(ROOT + path);
    for (const m of text.matchAll(IMPORT)) {
      if (m[2]) continue; // `import type`: nothing is loaded
      const specifier = m[3];
      if (specifier.startsWith(".")) {
        const target = resolve(path, specifier);
        if (target.startsWith("components/") && /^(lib|db)\//.test(path)) {
          violations.push(`${path} → ${target} (lib/ and db/ never import components/)`);
        }
        const targetSide = sideOf(target);
        if (FORBIDDEN_SIDES[side].includes(targetSide) && targetSide !== side) {
          violations.push(`${path} (${side}) → ${target} (${targetSide})`);
        }
      } else if (FORBIDDEN_PACKAGES[side]?.test(specifier)) {
        violations.push(`${path} (${side}) → ${specifier}`);
      }
    }
  }
  assertEquals(violations, []);
});
