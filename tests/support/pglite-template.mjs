// A pristine PGlite cluster, made once per machine and copied into each new test store.
//
// Why: initdb of a new PGlite data dir costs 8 s on this machine (24 s under load) and ~750 MB at its peak;
// copying a 39 MB initialised directory costs about 1.5 s and opening the copy under 1 s. The copy is the
// same cluster the app would create (initdb only: no migration is applied), so every test still runs the
// app's own migrations. Plain .mjs so that tests/e2e/serve.mjs (run by node itself) can use it too.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// Small buffers only keep the one-off initdb's memory down; the app passes its own settings at every open.
const INIT_CONF = ["shared_buffers=16MB", "work_mem=4MB", "maintenance_work_mem=16MB", "temp_buffers=4MB"];

function pgliteVersion() {
  return JSON.parse(readFileSync(path.join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8")).version;
}

/** True when dir already holds a PostgreSQL cluster (a restart of a test store must keep its rows). */
function holdsCluster(dir) {
  return existsSync(path.join(dir, "PG_VERSION"));
}

let pending;

/** The template's path, creating it on first use (atomically: concurrent test processes never see half of one). */
export function pgliteTemplate() {
  pending ??= (async () => {
    const dir = path.join(os.tmpdir(), `handback-pglite-template-${pgliteVersion()}`);
    if (holdsCluster(dir)) return dir;
    const building = `${dir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const pg = await PGlite.create(building, { postgresqlconf: INIT_CONF });
    await pg.close();
    try {
      renameSync(building, dir);
    } catch (error) {
      // Another process won the race: its template is complete (rename is atomic); drop ours.
      rmSync(building, { recursive: true, force: true });
      if (!holdsCluster(dir)) throw error;
    }
    return dir;
  })();
  return pending;
}

/** Copies the template into dir (created if needed) unless dir already holds a cluster; returns dir. */
export async function seedPgliteDir(dir) {
  if (holdsCluster(dir)) return dir;
  const template = await pgliteTemplate();
  mkdirSync(dir, { recursive: true });
  cpSync(template, dir, { recursive: true });
  return dir;
}
