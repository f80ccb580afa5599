// npm run restore -- FILE [--force] [--no-safety-backup] [--no-files]
//
// Restores a backup made by `npm run backup` over the configured database (DATABASE_URL).
// STOP THE SERVER FIRST: restore refuses while another process has the SQLite file open (Linux /proc)
// or another session is connected to the PostgreSQL database; --force overrides (a server still running
// would keep writing to the replaced SQLite file and lose those writes).
//   SQLite      FILE must be a LaborBridge SQLite database (_prisma_migrations, AuditLog). It is copied
//               beside the live file, migrated and its audit chain verified, then renamed over it (atomic).
//   PostgreSQL  FILE must be a pg_dump custom-format dump of a LaborBridge database; it is applied with
//               pg_restore --clean --if-exists --no-owner (through psql, in one transaction), migrated and
//               verified.
// A backup from an older version is upgraded by the migrations. Before replacing anything, the current
// database is copied to backups/pre-restore-<stamp>.db|.dump (--no-safety-backup skips it). The search
// index and uploads saved next to FILE are restored too (--no-files skips them); without a saved index,
// run `npm run reindex`. Exit code: 0 restored and verified, 1 failed, 2 usage.
import { isAbsolute, resolve } from "node:path";
import { disconnectDb } from "../app/db.server";
import { BackupError, restoreBackup } from "../app/domain/backup.server";
import { migrateDeploy } from "./db/engine";

const USAGE = `用法 / usage: npm run restore -- FILE [--force] [--no-safety-backup] [--no-files]`;

const argv = process.argv.slice(2);
let file: string | undefined;
let force = false;
let safetyBackup = true;
let files = true;
for (const a of argv) {
  if (a === "--force") force = true;
  else if (a === "--no-safety-backup") safetyBackup = false;
  else if (a === "--no-files") files = false;
  else if (a === "-h" || a === "--help") {
    console.log(USAGE);
    process.exit(0);
  } else if (a.startsWith("-") || file) {
    console.error(USAGE);
    process.exit(2);
  } else file = a;
}
if (!file) {
  console.error(USAGE);
  process.exit(2);
}
const path = isAbsolute(file) ? file : resolve(process.env.INIT_CWD || process.cwd(), file);

let code = 0;
try {
  const r = await restoreBackup({ file: path, migrate: migrateDeploy, force, safetyBackup, files, log: (l) => console.log(`[restore] ${l}`) });
  const rows = Object.entries(r.counts).filter(([t]) => !t.startsWith("_")).reduce((a, [, n]) => a + n, 0);
  console.log(`[restore] 完成 / done in ${(r.ms / 1000).toFixed(1)} s`);
  console.log(`  数据库 / database:   ${r.target} ← ${path}`);
  console.log(`  迁移 / migrations:   ${r.migrationsApplied.length ? `applied ${r.migrationsApplied.join(", ")}` : "已是最新 / up to date"}`);
  console.log(`  审计链 / audit:      OK, ${r.audit.count} records verified`);
  console.log(`  表 / tables:         ${Object.keys(r.counts).length} (${rows} rows)`);
  for (const t of ["User", "Enterprise", "Organization", "Project", "Bid", "Award", "Invoice", "AuditLog"]) {
    if (t in r.counts) console.log(`    ${t.padEnd(14)} ${r.counts[t]}`);
  }
  console.log(`  搜索索引 / search:   ${r.search === "restored" ? "已恢复 / restored" : "未包含 — 请运行 npm run reindex / not in the backup: run npm run reindex"}`);
  console.log(`  上传 / uploads:      ${r.uploads === null ? "— (无 / none)" : `${r.uploads} files`}`);
  if (r.safetyBackup) console.log(`  原数据库副本 / previous database kept in: ${r.safetyBackup}`);
} catch (e) {
  console.error(`[restore] 失败 / failed: ${e instanceof BackupError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  code = 1;
} finally {
  await disconnectDb();
}
process.exit(code);
