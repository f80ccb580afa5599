// Removes the database playwright.config.ts chose for this run (not an E2E_DATABASE_URL given from
// outside). Runs while the webServer is still up (Playwright stops it afterwards): SQLite files can be
// unlinked while open, and PostgreSQL databases are dropped WITH (FORCE).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { dropDatabaseUrl, TMP_DIR } from "../http/server";

export default async function globalTeardown(): Promise<void> {
  if (process.env.LB_KEEP_TEST_DB) return;
  // The run's scratch directory: search index, uploads, mail outbox (and the SQLite database).
  if (process.env.LB_E2E_RUN_ID) rmSync(join(TMP_DIR, `e2e-${process.env.LB_E2E_RUN_ID}`), { recursive: true, force: true });
  const url = process.env.LB_E2E_DATABASE_URL;
  if (!url || process.env.LB_E2E_DROP_DB !== "1") return;
  await dropDatabaseUrl(url).catch((e) => console.warn(`[e2e] could not remove ${url}: ${(e as Error).message}`));
}
