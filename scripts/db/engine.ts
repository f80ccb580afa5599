// Prisma's schema engine, compiled to WebAssembly, driven through driver adapters. It makes and
// applies standard Prisma migrations offline (the native schema-engine binary cannot be downloaded
// here). See ../shared/notes/prisma-offline.md for the workarounds applied below.
import { mkdirSync, readFileSync, readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { root, schemaText, type Provider } from "./assemble";

const require = createRequire(import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

export function sqlitePath(url: string): string {
  const raw = url.replace(/^file:/, "");
  return raw.startsWith("/") ? raw : join(process.env.LB_ROOT || process.cwd(), raw);
}

let bgModule: Any | undefined;
async function loadWasm(): Promise<Any> {
  if (bgModule) return bgModule;
  const pkgDir = dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bg = await import(pathToFileURL(join(pkgDir, "schema_engine_bg.js")).href);
  const module = new WebAssembly.Module(readFileSync(join(pkgDir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as Any).__wbindgen_start?.();
  bgModule = bg;
  return bg;
}

function track(opened: Any[], adapter: Any): Any {
  opened.push(adapter);
  return adapter;
}

/** Workaround 1: better-sqlite3 rejects multi-statement SQL in executeRaw; route argument-less SQL to executeScript. */
function patchSqlite(adapter: Any): Any {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: Any) => {
    if (!query.args || query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

/** Workaround 2: @prisma/adapter-pg rejects the PostgreSQL "char" type (OID 18) from catalog queries; report it as text. */
function patchPg(adapter: Any): Any {
  const performIO = adapter.performIO.bind(adapter);
  adapter.performIO = async (...args: Any[]) => {
    const result = await performIO(...args);
    for (const f of result.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return result;
  };
  // Workaround 4: @prisma/adapter-pg's executeScript splits the script on every ";", which breaks
  // dollar-quoted function bodies (the triggers of the matching_stamp migration). PostgreSQL's simple
  // query protocol runs a multi-statement script as sent, so send it whole.
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.client.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

function pgConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password || ""),
    database: decodeURIComponent(u.pathname.replace(/^\//, "") || "postgres"),
  };
}

/** Creates the PostgreSQL database named in the URL when it does not exist. */
export async function ensurePgDatabase(url: string): Promise<void> {
  const cfg = pgConfig(url);
  const admin = new pg.Client({ ...cfg, database: "postgres" });
  await admin.connect();
  try {
    const r = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [cfg.database]);
    if (r.rowCount === 0) await admin.query(`CREATE DATABASE "${String(cfg.database).replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

function adapterFactory(url: string, opened: Any[]): Any {
  if (providerOf(url) === "sqlite") {
    const file = sqlitePath(url);
    mkdirSync(dirname(file), { recursive: true });
    const f = new PrismaBetterSqlite3({ url: `file:${file}` });
    return {
      provider: "sqlite",
      adapterName: f.adapterName,
      connect: async () => track(opened, patchSqlite(await f.connect())),
      connectToShadowDb: async () => track(opened, patchSqlite(await f.connectToShadowDb())), // in-memory shadow
    };
  }
  // Workaround 3: PrismaPg.connectToShadowDb() lets connectionString override the shadow database
  // name; use an explicit shadow database given as separate fields, wiped before each use.
  const cfg = pgConfig(url);
  const main = new PrismaPg(cfg);
  const shadowCfg = { ...cfg, database: `${cfg.database}_shadow` };
  return {
    provider: "postgres",
    adapterName: main.adapterName,
    connect: async () => track(opened, patchPg(await main.connect())),
    connectToShadowDb: async () => {
      await ensurePgDatabase(`postgres://${encodeURIComponent(cfg.user!)}:${encodeURIComponent(String(cfg.password ?? ""))}@${cfg.host}:${cfg.port}/${shadowCfg.database}`);
      const c = new pg.Client(shadowCfg);
      await c.connect();
      await c.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
      await c.end();
      return track(opened, patchPg(await new PrismaPg(shadowCfg).connect()));
    },
  };
}

export function migrationsDir(provider: Provider): string {
  return join(root, "prisma", provider, "migrations");
}

export function migrationsList(provider: Provider): Any {
  const baseDir = migrationsDir(provider);
  const lockPath = join(baseDir, "migration_lock.toml");
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: readFileSync(join(baseDir, d, "migration.sql"), "utf8") } },
    })),
  };
}

export const filters = { externalTables: [] as string[], externalEnums: [] as string[] };

export async function withEngine<T>(url: string, fn: (engine: Any, provider: Provider) => Promise<T>): Promise<T> {
  const provider = providerOf(url);
  if (provider === "postgres") await ensurePgDatabase(url);
  const bg = await loadWasm();
  const schemaPath = join(root, "prisma", provider, "schema.prisma");
  const logs: string[] = [];
  const opened: Any[] = [];
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText(provider)]] },
    (msg: string) => {
      if (process.env.DEBUG_SCHEMA_ENGINE) console.error(msg);
      logs.push(msg);
    },
    bindMigrationAwareSqlAdapterFactory(adapterFactory(url, opened)),
  );
  try {
    return await fn(engine, provider);
  } finally {
    engine.free();
    // The engine does not dispose what it connected; close pools so the process can exit promptly.
    await Promise.allSettled(opened.map((a) => a.dispose?.()));
  }
}

/** Applies every pending migration. Returns the names applied. */
export async function migrateDeploy(url: string): Promise<string[]> {
  return withEngine(url, async (engine, provider) => {
    const out = await engine.applyMigrations({ migrationsList: migrationsList(provider), filters });
    return out.appliedMigrationNames as string[];
  });
}

export function isEmptyMigration(sql: string): boolean {
  return !sql.trim() || /^--\s*This is an empty migration\.?\s*$/i.test(sql.trim());
}

/** The SQL that would take the migrations' end state to the schema; empty when there is no drift. */
export async function diffMigrationsToSchema(url: string): Promise<string> {
  return withEngine(url, async (engine, provider) => {
    const out = await engine.diff({
      from: { tag: "migrations", ...migrationsList(provider) },
      to: { tag: "schemaDatamodel", files: [{ path: join(root, "prisma", provider, "schema.prisma"), content: schemaText(provider) }] },
      script: true,
      exitCode: true,
      filters,
    });
    return String(out.stdout ?? "").trim();
  });
}

/** The SQL that would take the live database to the schema; empty when the database matches. */
export async function diffDatabaseToSchema(url: string): Promise<string> {
  return withEngine(url, async (engine, provider) => {
    const out = await engine.diff({
      from: { tag: "url", url: providerOf(url) === "sqlite" ? `file:${sqlitePath(url)}` : url },
      to: { tag: "schemaDatamodel", files: [{ path: join(root, "prisma", provider, "schema.prisma"), content: schemaText(provider) }] },
      script: true,
      exitCode: true,
      filters,
    });
    return String(out.stdout ?? "").trim();
  });
}
