/**
 * The statement drop folder: `STATEMENT_DROP_DIR/<town slug>/` holds bank statement files a
 * bank's export (or an accountant) saved there. The `statement-drop-poll` Schedule runs
 * `statementDropPoll`, which asks for the towns and imports each town's files through the same
 * use case as the clerk's upload (`importStatementFile`, source `drop`), then moves each file to
 * `processed/<date>-<name>`, or to `failed/<date>-<name>` with `<…>.error.txt` beside it saying
 * in Czech why (with the line number). Idempotent across retries: a file imported but not yet
 * moved when the worker died is imported again next time, found "already imported", and moved.
 * A file that changed in the last two seconds may still be being written: it waits for the
 * next poll. Hidden files and `.part`/`.tmp` files are never touched.
 */
import { heartbeat } from "@temporalio/activity";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { type ImportFailure, importStatementFile, STATEMENT_MAX_BYTES } from "../app/statements.ts";
import { formatPragueDate } from "../domain/time.ts";
import { formatIban } from "../domain/bank_account.ts";
import { config } from "../lib/config.ts";
import { translator } from "../lib/i18n.ts";
import { describeError, log } from "../lib/log.ts";

export interface DropTown {
  tenantId: string;
  slug: string;
}

export interface DropResult {
  /** Files imported (new statements stored). */
  imported: number;
  /** Files whose statements were all imported before (moved to processed/ all the same). */
  already: number;
  /** Files refused (moved to failed/ with the reason). */
  failed: number;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const SKIPPED = /^\.|\.(part|tmp|crdownload|error\.txt)$/i;
/** A file younger than this may still be being written. */
const SETTLE_MS = 2_000;

const cs = translator("cs");

/** The Czech reason a refused file gets in its `.error.txt`. */
export function failureReason(f: ImportFailure): string {
  switch (f.code) {
    case "parse":
      return cs("statements.errors.statementParse", { message: f.message });
    case "foreignAccount":
      return cs("statements.errors.foreignAccount", {
        number: f.number,
        account: /^[A-Z]{2}\d{2}/.test(f.account) ? formatIban(f.account) : f.account,
        townAccount: f.townAccount,
      });
    case "empty":
      return cs("validation.fileEmpty");
    case "tooLarge":
      return cs("validation.fileTooLarge", { max: Math.floor(f.maxBytes / 1024 / 1024) });
    case "unknownTown":
      return cs("statements.errors.unknownTown");
  }
}

function beat(details?: unknown): void {
  try {
    heartbeat(details);
  } catch {
    // Called outside an activity (a test calling the function directly): nothing to tell.
  }
}

/** `dir/name`, or `dir/name-2`, `-3` … when that exists already (never overwrite). */
async function freeName(dir: string, name: string): Promise<string> {
  for (let n = 1;; n++) {
    const candidate = n === 1 ? name : name.replace(/(\.[^.]*)?$/, (ext) => `-${n}${ext}`);
    try {
      await stat(join(dir, candidate));
    } catch {
      return candidate;
    }
  }
}

export function createStatementActivities(
  deps: { db: Kysely<Database>; dropDir?: string; now?: () => Date },
) {
  const { db } = deps;
  const root = () => deps.dropDir ?? config().statementDrop.dir;
  const now = deps.now ?? (() => new Date());

  /** The towns, each with its folder (and processed/, failed/) made if missing. */
  async function listStatementDropTowns(): Promise<DropTown[]> {
    const rows = await db.selectFrom("tenants").select(["id", "slug"]).orderBy("slug").execute();
    const towns = rows.filter((r) => SLUG.test(r.slug));
    for (const t of towns) {
      for (const sub of ["processed", "failed"]) {
        await mkdir(join(root(), t.slug, sub), { recursive: true });
      }
    }
    return towns.map((t) => ({ tenantId: t.id, slug: t.slug }));
  }

  /** Imports every settled file in the town's folder, oldest first, and moves each away. */
  async function importDroppedStatements(town: DropTown): Promise<DropResult> {
    if (!SLUG.test(town.slug)) throw new Error(`not a town slug: ${town.slug}`);
    const dir = join(root(), town.slug);
    const result: DropResult = { imported: 0, already: 0, failed: 0 };
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as { code?: string }).code === "ENOENT") return result;
      throw err;
    }
    const files: { name: string; mtime: number }[] = [];
    for (const e of entries) {
      if (!e.isFile() || SKIPPED.test(e.name)) continue;
      const info = await stat(join(dir, e.name));
      if (now().getTime() - info.mtimeMs < SETTLE_MS) continue;
      files.push({ name: e.name, mtime: info.mtimeMs });
    }
    files.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
    const date = formatPragueDate(now());
    for (const file of files) {
      beat({ file: file.name });
      const path = join(dir, file.name);
      const size = (await stat(path)).size;
      const imported = size > STATEMENT_MAX_BYTES
        ? { ok: false as const, code: "tooLarge" as const, maxBytes: STATEMENT_MAX_BYTES }
        : await importStatementFile({ db }, { system: "drop" }, {
          tenantId: town.tenantId,
          bytes: new Uint8Array(await readFile(path)),
          fileName: file.name,
          source: "drop",
        });
      if (imported.ok) {
        const target = await freeName(join(dir, "processed"), `${date}-${file.name}`);
        await rename(path, join(dir, "processed", target));
        if (imported.imported.length > 0) result.imported++;
        else result.already++;
        log.info("dropped statement imported", {
          tenantId: town.tenantId,
          statements: imported.imported.length,
          already: imported.already.length,
          booked: imported.booked,
          unmatched: imported.unmatched,
        });
      } else {
        const failedDir = join(dir, "failed");
        const target = await freeName(failedDir, `${date}-${file.name}`);
        // The reason first: a crash between the two leaves the file to be tried again.
        await writeFile(join(failedDir, `${target}.error.txt`), `${failureReason(imported)}\n`);
        await rename(path, join(failedDir, target));
        result.failed++;
        log.warn("dropped statement refused", { tenantId: town.tenantId, code: imported.code });
      }
    }
    return result;
  }

  return {
    listStatementDropTowns,
    async importDroppedStatements(town: DropTown): Promise<DropResult> {
      try {
        return await importDroppedStatements(town);
      } catch (err) {
        log.warn("statement drop folder failed", {
          tenantId: town.tenantId,
          ...describeError(err),
        });
        throw err;
      }
    },
  };
}

export type StatementActivities = ReturnType<typeof createStatementActivities>;
