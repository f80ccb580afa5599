// npm run backup [-- FILE] [--no-files]
//
// Backs up the configured database (DATABASE_URL; default the SQLite file ./data/app.db) while the app
// keeps running:
//   SQLite      SQLite's online backup API (better-sqlite3 db.backup) → backups/laborbridge-<stamp>.db
//   PostgreSQL  pg_dump --format=custom                                 → backups/laborbridge-<stamp>.dump
// plus, unless --no-files, the embedded search index (SEARCH_DB_PATH, default ./data/search.db; online
// backup → <name>.search.db) and the uploads directory (UPLOAD_DIR, default ./data/uploads → <name>-uploads/),
// and a manifest (<name>.manifest.json: sha256, migrations, row counts, audit-chain check).
// FILE (optional) names the database backup file; the others are named after it. LB_BACKUP_DIR changes
// the default directory. Exit code: 0 done, 1 failed, 2 usage.
import { isAbsolute, resolve } from "node:path";
import { disconnectDb } from "../app/db.server";
import { BackupError, createBackup, redactUrl } from "../app/domain/backup.server";

const USAGE = `用法 / usage: npm run backup [-- FILE] [--no-files]`;

const argv = process.argv.slice(2);
let file: string | undefined;
let files = true;
for (const a of argv) {
  if (a === "--no-files") files = false;
  else if (a === "-h" || a === "--help") {
    console.log(USAGE);
    process.exit(0);
  } else if (a.startsWith("-") || file) {
    console.error(USAGE);
    process.exit(2);
  } else file = a;
}
// `npm run` changes into the package root; a relative FILE means relative to where the user typed it.
const userPath = (p: string) => (isAbsolute(p) ? p : resolve(process.env.INIT_CWD || process.cwd(), p));

let code = 0;
try {
  const r = await createBackup({ file: file ? userPath(file) : undefined, files, log: (l) => console.log(`[backup] ${l}`) });
  const m = r.manifest;
  console.log(`[backup] 完成 / done in ${(r.ms / 1000).toFixed(1)} s`);
  console.log(`  数据库 / database:  ${m.kind === "sqlite" ? m.database : redactUrl(m.database)}`);
  console.log(`  备份 / backup:      ${r.file} (${(m.bytes / 1024).toFixed(0)} KiB, sha256 ${m.sha256.slice(0, 16)}…)`);
  if (m.counts) {
    const rows = Object.entries(m.counts).filter(([t]) => !t.startsWith("_")).reduce((a, [, n]) => a + n, 0);
    console.log(`  表 / tables:        ${Object.keys(m.counts).length} (${rows} rows; ${m.migrations?.length ?? 0} migrations)`);
  }
  if (m.audit) console.log(`  审计链 / audit:     ${m.audit.ok ? "OK" : `BROKEN (${m.audit.problem})`}, ${m.audit.count} records`);
  console.log(`  搜索索引 / search:  ${m.search ? m.search.file : "— (无 / none)"}`);
  console.log(`  上传 / uploads:     ${m.uploads ? `${m.uploads.dir}/ (${m.uploads.files} files)` : "— (无 / none)"}`);
  console.log(`  清单 / manifest:    ${r.manifestFile}`);
  if (m.audit && !m.audit.ok) {
    console.error("[backup] 警告: 数据库的审计链已损坏 / WARNING: the database's audit chain is broken (the backup was written)");
    code = 1;
  }
} catch (e) {
  console.error(`[backup] 失败 / failed: ${e instanceof BackupError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  code = 1;
} finally {
  await disconnectDb();
}
process.exit(code);
