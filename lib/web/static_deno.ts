/** A `FileReader` over a folder on disk, for Deno. */
import type { FileReader } from "./static.ts";

export function denoFileReader(root: string | URL): FileReader {
  const base = new URL(root.toString().replace(/\/?$/, "/"), `file://${Deno.cwd()}/`);
  return {
    async read(path) {
      const url = new URL(path.split("/").map(encodeURIComponent).join("/"), base);
      if (!url.href.startsWith(base.href)) return null;
      try {
        return await Deno.readFile(url);
      } catch (error) {
        if (
          error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory ||
          error instanceof Deno.errors.NotADirectory ||
          (error as { code?: string }).code === "ENAMETOOLONG"
        ) {
          return null;
        }
        throw error;
      }
    },
    /** The folder's files, listed once (a deployment does not change them). */
    async list() {
      const paths: string[] = [];
      const walk = async (dir: URL, prefix: string) => {
        let entries: Deno.DirEntry[];
        try {
          entries = await Array.fromAsync(Deno.readDir(dir));
        } catch (error) {
          if (error instanceof Deno.errors.NotFound) return;
          throw error;
        }
        for (const entry of entries) {
          if (entry.isDirectory) {
            await walk(
              new URL(`${encodeURIComponent(entry.name)}/`, dir),
              `${prefix}${entry.name}/`,
            );
          } else if (entry.isFile || entry.isSymlink) paths.push(prefix + entry.name);
        }
      };
      await walk(base, "");
      return paths;
    },
  };
}
