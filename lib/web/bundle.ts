/**
 * Builds the browser code for islands with esbuild: one entry per island plus the client
 * runtime, shared code (Preact, signals) split into chunks, every file named by content hash.
 * Build-time only: imported lazily, so a server whose pages use no island never loads esbuild.
 */
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";

export interface IslandSource {
  name: string;
  /** `file:` URL of the island module. */
  url: string;
}

export interface IslandBundle {
  /** Every output file's JavaScript by name; served under `/_frsh/js/`. */
  files: ReadonlyMap<string, string>;
  /** File name of the client runtime (`client.ts`). */
  client: string;
  /** File name of each island's entry, by island name. */
  islands: ReadonlyMap<string, string>;
}

const CLIENT_ENTRY = "frsh-client";
const CLIENT_SOURCE = fileURLToPath(new URL("./client.ts", import.meta.url));
// Islands outside the repo tree (tests) still get the repo's one copy of Preact.
const NODE_MODULES = fileURLToPath(new URL("../../node_modules", import.meta.url));

let queue: Promise<unknown> = Promise.resolve();

/** Builds are queued: each one stops esbuild's service at its end, which would cut another. */
export function bundleIslands(islands: IslandSource[], minify = true): Promise<IslandBundle> {
  const run = queue.then(() => build(islands, minify));
  queue = run.catch(() => undefined);
  return run;
}

async function build(islands: IslandSource[], minify: boolean): Promise<IslandBundle> {
  try {
    const result = await esbuild.build({
      entryPoints: {
        [CLIENT_ENTRY]: CLIENT_SOURCE,
        ...Object.fromEntries(islands.map((island) => [island.name, fileURLToPath(island.url)])),
      },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify,
      write: false,
      outdir: "/_frsh/js",
      entryNames: "[name]-[hash]",
      chunkNames: "chunk-[hash]",
      jsx: "automatic",
      jsxImportSource: "preact",
      nodePaths: [NODE_MODULES],
      legalComments: "none",
      logLevel: "silent",
    });
    const files = new Map(result.outputFiles.map((file) => [baseName(file.path), file.text]));
    const entryFile = (name: string): string => {
      const pattern = new RegExp(`^${name}-[A-Z0-9]+\\.js$`);
      const file = [...files.keys()].find((candidate) => pattern.test(candidate));
      if (!file) throw new Error(`esbuild produced no entry file for ${name}`);
      return file;
    };
    return {
      files,
      client: entryFile(CLIENT_ENTRY),
      islands: new Map(islands.map((island) => [island.name, entryFile(island.name)])),
    };
  } finally {
    // Builds happen once per process; do not keep esbuild's child process (and the event loop).
    await esbuild.stop();
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
