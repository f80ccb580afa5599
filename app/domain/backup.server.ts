// Backups and restores of the whole installation: the database (SQLite online backup through
// better-sqlite3's backup API, or pg_dump/pg_restore on PostgreSQL), the embedded search index file and
// the uploads directory. Used by scripts/backup.ts and scripts/restore.ts (`npm run backup`,
// `npm run restore -- FILE`); see docs in those files.
//
// A backup set is named after its database file:
//   backups/laborbridge-20260501T102030Z.db            SQLite database (or .dump: pg_dump custom format)
//   backups/laborbridge-20260501T102030Z.search.db     the embedded search index (when the file exists)
//   backups/laborbridge-20260501T102030Z-uploads/      copy of the upload directory (when not empty)
//   backups/laborbridge-20260501T102030Z.manifest.json sha256, sizes, migrations, row counts, audit check
//
// Restore never overwrites the live database with something unchecked:
//   SQLite      the backup is copied next to the live file, migrated (a backup from an older version is
//               upgraded), its audit chain verified, and only then renamed over the live file (atomic).
//   PostgreSQL  the dump is checked (pg_restore --list), turned into SQL (pg_restore --clean --if-exists
//               --no-owner) and applied by psql in ONE transaction that first empties the public schema
//               (so tables added by later migrations go too); then migrated and verified.
// Both refuse while another process/connection uses the database (stop the server first) and take a
// safety backup of the current database before replacing it.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  cpSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createPrismaClient, databaseUrl, isPostgresUrl, sqliteFilePath, type Db } from "~/db.server";
import { verifyAuditChain, type ChainCheck } from "~/domain/audit.server";

export type BackupKind = "sqlite" | "postgres";

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

// ---------- paths ----------

function rootDir(): string {
  return process.env.LB_ROOT || process.cwd();
}

/** Where backups go by default: LB_BACKUP_DIR or ./backups. */
export function backupsDir(): string {
  const raw = process.env.LB_BACKUP_DIR || "backups";
  return isAbsolute(raw) ? raw : resolve(rootDir(), raw);
}

/** The embedded search index file (SEARCH_DB_PATH, default ./data/search.db), or null for ":memory:". */
export function searchDbPath(): string | null {
  const p = process.env.SEARCH_DB_PATH || "./data/search.db";
  if (p === ":memory:") return null;
  return isAbsolute(p) ? p : resolve(rootDir(), p);
}

/** The upload directory (UPLOAD_DIR, default ./data/uploads), as in uploads.server.ts. */
export function uploadsPath(): string {
  const raw = process.env.UPLOAD_DIR || "./data/uploads";
  return isAbsolute(raw) ? raw : resolve(rootDir(), raw);
}

/** 20260501T102030Z (UTC): sorts by time, safe in file names. */
export function backupStamp(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

export function kindOfUrl(url: string): BackupKind {
  return isPostgresUrl(url) ? "postgres" : "sqlite";
}

export function defaultBackupFile(kind: BackupKind, stamp = backupStamp(), dir = backupsDir()): string {
  return join(dir, `laborbridge-${stamp}.${kind === "sqlite" ? "db" : "dump"}`);
}

/** The files that travel with a backup file: search index copy, uploads copy, manifest. */
export function companionPaths(backupFile: string): { search: string; uploads: string; manifest: string } {
  const base = backupFile.replace(/\.(db|dump|sqlite|sqlite3|backup)$/i, "");
  return { search: `${base}.search.db`, uploads: `${base}-uploads`, manifest: `${base}.manifest.json` };
}

/** A URL safe to print: the password masked. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

// ---------- small helpers ----------

export function sha256File(file: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash("sha256");
    createReadStream(file)
      .on("data", (c) => h.update(c))
      .on("error", rej)
      .on("end", () => res(h.digest("hex")));
  });
}

function fsyncPath(path: string): void {
  try {
    const fd = openSync(path, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort (directories cannot be fsynced on every platform) */
  }
}

/** Moves `tmp` over `target` atomically (same directory), syncing file and directory. */
function atomicReplace(tmp: string, target: string): void {
  fsyncPath(tmp);
  renameSync(tmp, target);
  fsyncPath(dirname(target));
}

function tmpSibling(target: string, tag: string): string {
  return join(dirname(target), `.${basename(target)}.${tag}-${randomBytes(4).toString("hex")}.tmp`);
}

function removeSqliteFiles(file: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}

const SQLITE_MAGIC = "SQLite format 3\0";
const PGDMP_MAGIC = "PGDMP";

/** What a file is, from its first bytes. */
export function sniffBackupFile(file: string): BackupKind | null {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    const head = buf.subarray(0, n).toString("latin1");
    if (head === SQLITE_MAGIC) return "sqlite";
    if (head.startsWith(PGDMP_MAGIC)) return "postgres";
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Process ids (other than this one) holding `file` (or its journal/WAL) open, read from /proc/<pid>/fd
 * (Linux; elsewhere the list is empty). A running server keeps its database file open.
 */
export function processesHolding(file: string): number[] {
  if (!existsSync("/proc/self/fd")) return [];
  const targets = new Set(["", "-journal", "-wal", "-shm"].map((s) => resolve(file) + s));
  const pids: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  for (const p of entries) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      try {
        if (targets.has(readlinkSync(`/proc/${p}/fd/${fd}`))) {
          pids.push(Number(p));
          break;
        }
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return pids;
}

// ---------- SQLite ----------

/**
 * Online backup of a live SQLite database with SQLite's backup API (better-sqlite3 `db.backup()`):
 * consistent even while the server writes. Writes a temporary file and renames it into place.
 */
export async function sqliteOnlineBackup(source: string, dest: string): Promise<void> {
  if (!existsSync(source)) throw new BackupError(`数据库文件不存在 / database file not found: ${source}`);
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = tmpSibling(dest, "backup");
  const src = new Database(source, { fileMustExist: true, timeout: 15_000 });
  try {
    // Copy in steps of 4096 pages; SQLite restarts the copy if another connection writes meanwhile.
    await src.backup(tmp, { progress: () => 4096 });
  } catch (e) {
    removeSqliteFiles(tmp);
    throw e;
  } finally {
    src.close();
  }
  atomicReplace(tmp, dest);
}

export interface SqliteInspection {
  ok: boolean;
  problems: string[];
  tables: string[];
  migrations: string[];
  counts: Record<string, number>;
}

/** Checks that a SQLite file is an intact LaborBridge database (integrity, _prisma_migrations, AuditLog). */
export function inspectSqliteFile(file: string): SqliteInspection {
  const problems: string[] = [];
  if (sniffBackupFile(file) !== "sqlite") {
    return { ok: false, problems: ["不是 SQLite 数据库文件 / not a SQLite database file"], tables: [], migrations: [], counts: {} };
  }
  let conn: Database.Database;
  try {
    conn = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return { ok: false, problems: [`无法打开 / cannot open: ${(e as Error).message}`], tables: [], migrations: [], counts: {} };
  }
  try {
    const check = conn.pragma("quick_check", { simple: true });
    if (check !== "ok") problems.push(`完整性检查失败 / integrity check failed: ${String(check)}`);
    const tables = (conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    for (const t of ["_prisma_migrations", "AuditLog", "User"]) {
      if (!tables.includes(t)) problems.push(`缺少表 / table missing: ${t} — 不是工联桥数据库 / not a LaborBridge database`);
    }
    const migrations = tables.includes("_prisma_migrations")
      ? (conn.prepare("SELECT migration_name AS m FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name").all() as { m: string }[]).map((r) => r.m)
      : [];
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number((conn.prepare(`SELECT COUNT(*) AS n FROM "${t.replace(/"/g, '""')}"`).get() as { n: number }).n);
    return { ok: problems.length === 0, problems, tables, migrations, counts };
  } catch (e) {
    problems.push(`读取失败 / read failed: ${(e as Error).message}`);
    return { ok: false, problems, tables: [], migrations: [], counts: {} };
  } finally {
    conn.close();
  }
}

// ---------- PostgreSQL ----------

/** libpq environment for pg_dump / pg_restore / psql from a postgres:// URL (the password never on a command line). */
export function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.PGHOST = decodeURIComponent(u.hostname || "localhost");
  env.PGPORT = u.port || "5432";
  env.PGUSER = decodeURIComponent(u.username || "postgres");
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  else delete env.PGPASSWORD;
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, "") || "postgres");
  const ssl = u.searchParams.get("sslmode");
  if (ssl) env.PGSSLMODE = ssl;
  const schema = u.searchParams.get("schema");
  if (schema && schema !== "public") throw new BackupError(`只支持 public 模式 / only the public schema is supported (got schema=${schema})`);
  return env;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", (e) => rej(new BackupError(`${cmd}: ${e.message}${(e as NodeJS.ErrnoException).code === "ENOENT" ? " (未安装 / not installed: PostgreSQL client tools)" : ""}`)));
    child.on("close", (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

async function runOk(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  const r = await run(cmd, args, env);
  if (r.code !== 0) throw new BackupError(`${cmd} 失败 / failed (exit ${r.code}): ${r.stderr.trim().slice(0, 2000)}`);
  return r;
}

/** pg_dump --format=custom of the database at `url` into `dest` (temporary file + rename). */
export async function pgDump(url: string, dest: string): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = tmpSibling(dest, "dump");
  try {
    await runOk("pg_dump", ["--format=custom", "--no-password", `--file=${tmp}`], pgEnv(url));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  atomicReplace(tmp, dest);
}

export interface PgDumpInspection {
  ok: boolean;
  problems: string[];
  tables: string[];
}

/** Reads a custom-format dump's table of contents and checks it holds a LaborBridge database. */
export async function inspectPgDump(file: string): Promise<PgDumpInspection> {
  if (sniffBackupFile(file) !== "postgres") return { ok: false, problems: ["不是 pg_dump 自定义格式文件 / not a pg_dump custom-format file"], tables: [] };
  const r = await run("pg_restore", ["--list", file], process.env);
  if (r.code !== 0) return { ok: false, problems: [`pg_restore --list: ${r.stderr.trim().slice(0, 500)}`], tables: [] };
  // TOC lines: "215; 1259 16385 TABLE public AuditLog postgres"
  const tables = [...r.stdout.matchAll(/^\d+;\s+\d+\s+\d+\s+TABLE\s+public\s+(\S+)\s/gm)].map((m) => m[1]).sort();
  const problems: string[] = [];
  for (const t of ["_prisma_migrations", "AuditLog", "User"]) {
    if (!tables.includes(t)) problems.push(`缺少表 / table missing: ${t} — 不是工联桥数据库 / not a LaborBridge database`);
  }
  return { ok: problems.length === 0, problems, tables };
}

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const env = pgEnv(url);
  const c = new pg.Client({
    host: env.PGHOST,
    port: Number(env.PGPORT),
    user: env.PGUSER,
    password: env.PGPASSWORD,
    database: env.PGDATABASE,
    connectionTimeoutMillis: 10_000,
  });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** True when the database exists (connecting to it works). */
async function pgDatabaseExists(url: string): Promise<boolean> {
  const env = pgEnv(url);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  return withPg(admin.toString(), async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [env.PGDATABASE])).rowCount === 1);
}

async function pgCreateDatabase(url: string): Promise<void> {
  const name = pgEnv(url).PGDATABASE!;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  await withPg(admin.toString(), (c) => c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`));
}

/** Other sessions connected to the database of `url` (a running app holds a pool). */
export async function otherPgSessions(url: string): Promise<Array<{ pid: number; application: string; client: string | null }>> {
  return withPg(url, async (c) => {
    const r = await c.query(
      "SELECT pid, application_name, client_addr::text AS client FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    return r.rows.map((x) => ({ pid: Number(x.pid), application: String(x.application_name ?? ""), client: x.client ?? null }));
  });
}

// Empties the public schema (tables, their sequences, enum types, views, functions not owned by an
// extension) but keeps the schema and its grants.
const PG_EMPTY_PUBLIC = `DO $lb$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') LOOP
    EXECUTE format('DROP VIEW IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype = 'e' LOOP
    EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', r.typname);
  END LOOP;
  -- trigger functions (e.g. change_stamp_organizations, made by a migration)
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
           WHERE n.nspname = 'public' AND d.objid IS NULL LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.sig);
  END LOOP;
END
$lb$;`;

/** Replaces the database at `url` with the dump, in one transaction (nothing changes if any statement fails). */
async function pgRestoreAtomic(dump: string, url: string): Promise<void> {
  const dir = join(tmpdir(), `lb-restore-${randomBytes(6).toString("hex")}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sql = join(dir, "restore.sql");
  try {
    await runOk("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error", `--file=${sql}`, dump], process.env);
    await runOk(
      "psql",
      ["-X", "-q", "--no-password", "--single-transaction", "-v", "ON_ERROR_STOP=1", "-c", "SET lock_timeout = '15s'", "-c", PG_EMPTY_PUBLIC, "-f", sql],
      pgEnv(url),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- both ----------

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Every table of the database with its row count (both providers; `_prisma_migrations` included). */
export async function tableCounts(client: Db, kind: BackupKind): Promise<Record<string, number>> {
  const names = (
    kind === "sqlite"
      ? await client.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      : await client.$queryRawUnsafe<{ name: string }[]>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
        )
  ).map((r) => r.name);
  const out: Record<string, number> = {};
  for (const n of names) {
    const r = await client.$queryRawUnsafe<{ n: number | bigint | string }[]>(`SELECT COUNT(*) AS n FROM ${quoteIdent(n)}`);
    out[n] = Number(r[0]?.n ?? 0);
  }
  return out;
}

async function withClient<T>(url: string, fn: (c: Db) => Promise<T>): Promise<T> {
  const c = createPrismaClient(url);
  try {
    return await fn(c);
  } finally {
    await c.$disconnect();
  }
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countFiles(join(dir, e.name));
    else if (e.isFile()) n++;
  }
  return n;
}

export interface BackupManifest {
  app: "laborbridge";
  format: 1;
  kind: BackupKind;
  createdAt: string;
  database: string; // redacted URL
  file: string; // base name
  bytes: number;
  sha256: string;
  migrations?: string[];
  counts?: Record<string, number>;
  audit?: { ok: boolean; count: number; problem?: string };
  search: { file: string; bytes: number } | null;
  uploads: { dir: string; files: number } | null;
}

export interface BackupOptions {
  /** Database to back up (default: DATABASE_URL or the default SQLite file). */
  url?: string;
  /** The backup file (default: backups/laborbridge-<stamp>.db|.dump). */
  file?: string;
  /** Also copy the search index file and the uploads directory (default true). */
  files?: boolean;
  log?: (line: string) => void;
}

export interface BackupResult {
  file: string;
  manifestFile: string;
  manifest: BackupManifest;
  ms: number;
}

/** Makes a backup set (database + search index + uploads + manifest). Throws BackupError on failure. */
export async function createBackup(opts: BackupOptions = {}): Promise<BackupResult> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const url = opts.url ?? databaseUrl();
  const kind = kindOfUrl(url);
  const file = resolve(opts.file ?? defaultBackupFile(kind));
  const comp = companionPaths(file);
  if (existsSync(file)) throw new BackupError(`备份文件已存在 / backup file already exists: ${file}`);

  let migrations: string[] | undefined;
  let counts: Record<string, number> | undefined;
  let audit: BackupManifest["audit"];
  if (kind === "sqlite") {
    const source = sqliteFilePath(url);
    log(`数据库 / database: SQLite ${source} → ${file} (online backup)`);
    await sqliteOnlineBackup(source, file);
    const info = inspectSqliteFile(file);
    if (!info.ok) {
      removeSqliteFiles(file);
      throw new BackupError(`备份校验失败 / backup check failed: ${info.problems.join("; ")}`);
    }
    migrations = info.migrations;
    counts = info.counts;
    const chain = await withClient(`file:${file}`, (c) => verifyAuditChain(c));
    audit = { ok: chain.ok, count: chain.count, ...(chain.problem ? { problem: `seq ${chain.brokenAtSeq}: ${chain.problem}` } : {}) };
  } else {
    log(`数据库 / database: PostgreSQL ${redactUrl(url)} → ${file} (pg_dump --format=custom)`);
    await pgDump(url, file);
    const info = await inspectPgDump(file);
    if (!info.ok) {
      rmSync(file, { force: true });
      throw new BackupError(`备份校验失败 / backup check failed: ${info.problems.join("; ")}`);
    }
  }

  let search: BackupManifest["search"] = null;
  let uploads: BackupManifest["uploads"] = null;
  if (opts.files !== false) {
    const s = searchDbPath();
    if (s && existsSync(s)) {
      log(`搜索索引 / search index: ${s} → ${comp.search}`);
      rmSync(comp.search, { force: true });
      await sqliteOnlineBackup(s, comp.search);
      search = { file: basename(comp.search), bytes: statSync(comp.search).size };
    }
    const up = uploadsPath();
    if (existsSync(up) && readdirSync(up).length > 0) {
      log(`上传文件 / uploads: ${up} → ${comp.uploads}/`);
      rmSync(comp.uploads, { recursive: true, force: true });
      cpSync(up, comp.uploads, { recursive: true, preserveTimestamps: true });
      uploads = { dir: basename(comp.uploads), files: countFiles(comp.uploads) };
    }
  }

  const manifest: BackupManifest = {
    app: "laborbridge",
    format: 1,
    kind,
    createdAt: new Date().toISOString(),
    database: kind === "sqlite" ? sqliteFilePath(url) : redactUrl(url),
    file: basename(file),
    bytes: statSync(file).size,
    sha256: await sha256File(file),
    ...(migrations ? { migrations } : {}),
    ...(counts ? { counts } : {}),
    ...(audit ? { audit } : {}),
    search,
    uploads,
  };
  writeFileSync(comp.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return { file, manifestFile: comp.manifest, manifest, ms: Date.now() - t0 };
}

export interface RestoreOptions {
  /** The backup file (.db or .dump). */
  file: string;
  /** Database to restore into (default: DATABASE_URL or the default SQLite file). */
  url?: string;
  /** Applies pending migrations to a database URL; returns the names applied (scripts/db/engine migrateDeploy). */
  migrate: (url: string) => Promise<string[]>;
  /** Restore even when another process/connection uses the database (unsafe while a server runs). */
  force?: boolean;
  /** Keep a copy of the current database in backups/pre-restore-<stamp>.* first (default true). */
  safetyBackup?: boolean;
  /** Also restore the search index and uploads found next to the backup file (default true). */
  files?: boolean;
  log?: (line: string) => void;
}

export interface RestoreResult {
  kind: BackupKind;
  target: string;
  safetyBackup: string | null;
  migrationsApplied: string[];
  audit: ChainCheck;
  counts: Record<string, number>;
  search: "restored" | "absent";
  uploads: number | null;
  ms: number;
}

/** Restores a backup set over the configured database. Throws BackupError (nothing replaced) on failure. */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const url = opts.url ?? databaseUrl();
  const kind = kindOfUrl(url);
  const file = resolve(opts.file);
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`备份文件不存在 / backup file not found: ${file}`);
  const fileKind = sniffBackupFile(file);
  if (fileKind === null) throw new BackupError(`无法识别的备份文件 / not a LaborBridge backup (neither SQLite nor pg_dump custom format): ${file}`);
  if (fileKind !== kind) {
    throw new BackupError(
      `备份类型与数据库不符 / backup is ${fileKind === "sqlite" ? "a SQLite database" : "a PostgreSQL dump"} but DATABASE_URL is ${kind === "sqlite" ? "SQLite" : "PostgreSQL"}`,
    );
  }
  const comp = companionPaths(file);
  if (existsSync(comp.manifest)) {
    let m: Partial<BackupManifest> = {};
    try {
      m = JSON.parse(readFileSync(comp.manifest, "utf8")) as Partial<BackupManifest>;
    } catch {
      log(`清单无法读取，已忽略 / manifest unreadable, ignored: ${comp.manifest}`);
    }
    if (m.sha256 && m.file === basename(file)) {
      const actual = await sha256File(file);
      if (actual !== m.sha256) throw new BackupError(`备份文件已损坏 / backup file corrupted: sha256 ${actual} ≠ manifest ${m.sha256}`);
      log("校验和 / checksum: 与清单一致 / matches the manifest");
    }
  }

  let safety: string | null = null;
  let migrationsApplied: string[];
  let audit: ChainCheck;
  let counts: Record<string, number>;
  let target: string;

  if (kind === "sqlite") {
    target = sqliteFilePath(url);
    const info = inspectSqliteFile(file);
    if (!info.ok) throw new BackupError(`备份校验失败 / backup check failed: ${info.problems.join("; ")}`);
    if (!opts.force) {
      const holders = processesHolding(target);
      if (holders.length) {
        throw new BackupError(
          `数据库正被使用 (进程 ${holders.join(", ")}) — 请先停止服务器 / the database is open in process(es) ${holders.join(", ")}: stop the server first (or --force)`,
        );
      }
    }
    mkdirSync(dirname(target), { recursive: true });
    // Build and check the new database beside the live one; the live file is untouched until the rename.
    const tmp = tmpSibling(target, "restore");
    try {
      copyFileSync(file, tmp);
      log(`迁移 / migrating the restored copy`);
      migrationsApplied = await opts.migrate(`file:${tmp}`);
      ({ audit, counts } = await withClient(`file:${tmp}`, async (c) => ({ audit: await verifyAuditChain(c), counts: await tableCounts(c, "sqlite") })));
      if (!audit.ok) throw new BackupError(`审计链校验失败 / audit chain BROKEN in the backup at seq ${audit.brokenAtSeq}: ${audit.problem} — 未恢复 / nothing restored`);
      if (existsSync(target) && opts.safetyBackup !== false) {
        safety = join(backupsDir(), `pre-restore-${backupStamp()}.db`);
        log(`安全备份 / safety copy of the current database → ${safety}`);
        await sqliteOnlineBackup(target, safety);
      }
      // A journal or WAL left by the old file would be applied to the new one: remove them first.
      for (const s of ["-journal", "-wal", "-shm"]) rmSync(target + s, { force: true });
      atomicReplace(tmp, target);
    } finally {
      removeSqliteFiles(tmp);
    }
  } else {
    target = redactUrl(url);
    const info = await inspectPgDump(file);
    if (!info.ok) throw new BackupError(`备份校验失败 / backup check failed: ${info.problems.join("; ")}`);
    const exists = await pgDatabaseExists(url);
    if (exists && !opts.force) {
      const others = await otherPgSessions(url);
      if (others.length) {
        throw new BackupError(
          `数据库有其他连接 (${others.length}) — 请先停止服务器 / ${others.length} other session(s) connected (pids ${others.map((o) => o.pid).join(", ")}): stop the server first (or --force)`,
        );
      }
    }
    if (exists && opts.safetyBackup !== false) {
      safety = join(backupsDir(), `pre-restore-${backupStamp()}.dump`);
      log(`安全备份 / safety dump of the current database → ${safety}`);
      await pgDump(url, safety);
    }
    if (!exists) await pgCreateDatabase(url);
    log(`恢复 / pg_restore → psql (one transaction)`);
    await pgRestoreAtomic(file, url);
    log(`迁移 / migrating`);
    migrationsApplied = await opts.migrate(url);
    ({ audit, counts } = await withClient(url, async (c) => ({ audit: await verifyAuditChain(c), counts: await tableCounts(c, "postgres") })));
    if (!audit.ok) {
      throw new BackupError(
        `审计链校验失败 / audit chain BROKEN after restore at seq ${audit.brokenAtSeq}: ${audit.problem}${safety ? ` — 原数据库的副本 / the previous database: ${safety}` : ""}`,
      );
    }
  }

  let search: RestoreResult["search"] = "absent";
  let uploads: number | null = null;
  if (opts.files !== false) {
    const s = searchDbPath();
    if (s && existsSync(comp.search)) {
      log(`搜索索引 / search index ← ${comp.search}`);
      mkdirSync(dirname(s), { recursive: true });
      const tmp = tmpSibling(s, "restore");
      copyFileSync(comp.search, tmp);
      for (const suffix of ["-journal", "-wal", "-shm"]) rmSync(s + suffix, { force: true });
      atomicReplace(tmp, s);
      search = "restored";
    }
    if (existsSync(comp.uploads) && statSync(comp.uploads).isDirectory()) {
      const up = uploadsPath();
      log(`上传文件 / uploads ← ${comp.uploads}/`);
      mkdirSync(up, { recursive: true });
      cpSync(comp.uploads, up, { recursive: true, preserveTimestamps: true, force: true });
      uploads = countFiles(comp.uploads);
    }
  }
  return { kind, target, safetyBackup: safety, migrationsApplied, audit, counts, search, uploads, ms: Date.now() - t0 };
}
