// Test databases: one migrated template per run, one fresh copy per test file.
// SQLite by default; PostgreSQL when LB_TEST_DB=postgres (PG_URL, default postgres://postgres@127.0.0.1:5432).
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDeploy } from "../../scripts/db/engine";
import { root } from "../../scripts/db/assemble";

export const TMP_DIR = join(root, "tests", ".tmp");
export const testDbKind = (): "sqlite" | "postgres" => (process.env.LB_TEST_DB === "postgres" ? "postgres" : "sqlite");
export const pgBaseUrl = () => (process.env.PG_URL || "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "");

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `${pgBaseUrl()}/postgres` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates and migrates the run's template database; returns its URL. */
export async function createTemplate(runId: string): Promise<string> {
  mkdirSync(TMP_DIR, { recursive: true });
  if (testDbKind() === "sqlite") {
    const file = join(TMP_DIR, `template-${runId}.db`);
    rmSync(file, { force: true });
    await migrateDeploy(`file:${file}`);
    return `file:${file}`;
  }
  const name = `lb_test_tpl_${runId}`;
  await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}"`));
  const url = `${pgBaseUrl()}/${name}`;
  await migrateDeploy(url); // creates the database
  return url;
}

/** A fresh database for one test file, copied from the template. */
export async function cloneTemplate(templateUrl: string): Promise<string> {
  const id = randomBytes(6).toString("hex");
  if (templateUrl.startsWith("file:")) {
    const file = join(TMP_DIR, `t-${id}.db`);
    copyFileSync(templateUrl.slice(5), file);
    return `file:${file}`;
  }
  const tpl = new URL(templateUrl).pathname.slice(1);
  const name = `${tpl.replace("_tpl_", "_f_")}_${id}`;
  await pgAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${tpl}"`));
  return `${pgBaseUrl()}/${name}`;
}

export async function dropDatabase(url: string): Promise<void> {
  if (url.startsWith("file:")) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(url.slice(5) + suffix, { force: true });
    return;
  }
  const name = new URL(url).pathname.slice(1);
  await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops every database of a run (PostgreSQL) or its template file (SQLite). */
export async function dropRun(runId: string, templateUrl: string): Promise<void> {
  if (templateUrl.startsWith("file:")) return dropDatabase(templateUrl);
  await pgAdmin(async (c) => {
    const r = await c.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [`lb_test_%${runId}%`]);
    for (const row of r.rows) await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  });
}
