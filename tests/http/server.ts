// Runs the BUILT server (build/server/index.js, as in production) on a fresh database for integration
// tests over real HTTP. Used by tests/integration/http-*.test.ts (vitest) and, through
// tests/e2e/serve.ts, by Playwright's webServer.
//
//   const srv = await startServer({ db: "sqlite", seed: true });
//   const res = await fetch(`${srv.baseUrl}/healthz`);
//   await srv.stop();   // kills the server and drops its database
//
// The server process runs `tests/e2e/serve.ts`, which migrates (and optionally seeds) the database and
// then starts `node node_modules/@remix-run/serve/dist/cli.js build/server/index.js`. It is spawned in
// its own process group so stop() ends the server and its helper together.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmSync, rmdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";

export type DbKind = "sqlite" | "postgres";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const TMP_DIR = join(ROOT, "tests", ".tmp");
export const SERVER_ENTRY = join(ROOT, "build", "server", "index.js");
export const SERVE_CLI = join(ROOT, "node_modules", "@remix-run", "serve", "dist", "cli.js");
export const SERVE_SCRIPT = join(ROOT, "tests", "e2e", "serve.ts");
export const PROD_SERVER = join(ROOT, "server.mjs");

/**
 * The command that serves the build, the same choice scripts/start.ts makes: server.mjs (Express with the
 * client address in the load context) when it exists, else remix-serve. LB_TEST_SERVER=remix-serve forces
 * the latter.
 */
export function serverCommand(): { cmd: string; args: string[]; cwd: string } {
  const useProd = process.env.LB_TEST_SERVER !== "remix-serve" && existsSync(PROD_SERVER);
  return { cmd: process.execPath, args: [useProd ? PROD_SERVER : SERVE_CLI, SERVER_ENTRY], cwd: ROOT };
}

/** The database kind of this test run: LB_TEST_DB=postgres switches the whole suite to PostgreSQL. */
export const defaultDbKind = (): DbKind => (process.env.LB_TEST_DB === "postgres" ? "postgres" : "sqlite");

export const pgBaseUrl = (): string => (process.env.PG_URL || "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "");

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => (port ? res(port) : rej(new Error("no port"))));
    });
  });
}

/** "<LB_RUN_ID>_" or "": scripts/test.sh sets LB_RUN_ID so it can sweep what a crashed test left behind. */
function runTag(): string {
  const run = (process.env.LB_RUN_ID || "").replace(/[^a-z0-9_]/gi, "").toLowerCase();
  return run ? `${run}_` : "";
}

/** A URL for a database that does not exist yet: a SQLite file under tests/.tmp, or a PostgreSQL database name. */
export function freshDatabaseUrl(kind: DbKind, label = "http"): string {
  const id = `${runTag()}${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  if (kind === "sqlite") {
    mkdirSync(TMP_DIR, { recursive: true });
    return `file:${join(TMP_DIR, `${label}-${id}.db`)}`;
  }
  return `${pgBaseUrl()}/lb_${label.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${id}`;
}

function pgDbName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

async function pgAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(url);
  u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Removes a SQLite file (and its -wal/-shm/-journal) or drops a PostgreSQL database (and its _shadow). */
export async function dropDatabaseUrl(url: string): Promise<void> {
  if (url.startsWith("file:")) {
    const file = url.slice(5);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    return;
  }
  const name = pgDbName(url);
  await pgAdmin(url, async (c) => {
    for (const n of [name, `${name}_shadow`]) await c.query(`DROP DATABASE IF EXISTS "${n.replace(/"/g, '""')}" WITH (FORCE)`);
  });
}

/**
 * Per-server files that default to shared paths under ./data and ./var: the embedded search index,
 * uploads and the mail outbox. A test server gets its own directory, so servers running side by side
 * (and the developer's own `npm start`) never share them.
 */
export function scratchEnv(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  return {
    SEARCH_DB_PATH: join(dir, "search.db"),
    UPLOAD_DIR: join(dir, "uploads"),
    MAIL_OUTBOX_FILE: join(dir, "mail-outbox.jsonl"),
  };
}

/** True when a PostgreSQL server answers at PG_URL. */
export async function pgReachable(base = pgBaseUrl()): Promise<boolean> {
  const c = new pg.Client({ connectionString: `${base}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * Makes sure build/server/index.js exists. The full suite (scripts/test.sh) builds first; when a test
 * file is run alone without a build, this builds once (a lock directory keeps parallel test files
 * from building at the same time). It never rebuilds an existing build: rebuild yourself after changes.
 * LB_NO_AUTO_BUILD=1 (scripts/test.sh) turns the build into an error instead.
 */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(SERVER_ENTRY)) return;
  if (process.env.LB_NO_AUTO_BUILD === "1") {
    throw new Error(`${SERVER_ENTRY} is missing (the build step failed?): run \`npx remix vite:build\``);
  }
  mkdirSync(TMP_DIR, { recursive: true });
  const lock = join(TMP_DIR, "build.lock");
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process builds; a lock older than 5 minutes is stale.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmdirSync(lock);
      } catch {
        /* gone already */
      }
      if (existsSync(SERVER_ENTRY)) return;
      if (Date.now() > deadline) throw new Error("timed out waiting for another process to build the app");
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (existsSync(SERVER_ENTRY)) return;
    console.log("[tests/http] build/server/index.js is missing: running `npx remix vite:build` once");
    const r = spawnSync("npx", ["remix", "vite:build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production", VITEST: "" } });
    if (r.status !== 0 || !existsSync(SERVER_ENTRY)) throw new Error("`npx remix vite:build` failed");
  } finally {
    rmdirSync(lock);
  }
}

/** Polls GET /healthz until it answers 200 (or the process dies, or the timeout passes). */
export async function waitForHealthy(baseUrl: string, opts: { timeoutMs?: number; proc?: ChildProcess; log?: () => string } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  let last = "";
  while (Date.now() < deadline) {
    if (opts.proc && opts.proc.exitCode !== null) {
      throw new Error(`server exited with code ${opts.proc.exitCode} before it was healthy\n${opts.log?.() ?? ""}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${baseUrl} not healthy after ${opts.timeoutMs ?? 90_000} ms (last: ${last})\n${opts.log?.() ?? ""}`);
}

export interface StartServerOptions {
  /** sqlite (default unless LB_TEST_DB=postgres) or postgres (at PG_URL). */
  db?: DbKind;
  /**
   * Seed: true / "demo" = the demo data (prisma/seed.ts seedDemo; the demo accounts alone until that
   * exists), "minimal" = only the demo accounts of tests/e2e/accounts.ts, false (default) = empty.
   */
  seed?: boolean | "demo" | "minimal";
  /** Use this database instead of creating a fresh one (it is then NOT dropped by stop()). The search
   *  index, uploads and mail outbox always live in a scratch directory of this server. */
  databaseUrl?: string;
  /** Extra environment for the server (defaults: NODE_ENV=production, HOST=127.0.0.1, TRUST_PROXY=1). */
  env?: Record<string, string | undefined>;
  /** Forward the server's output to this process (default: only on failure, or when LB_TEST_VERBOSE=1). */
  verbose?: boolean;
  timeoutMs?: number;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  databaseUrl: string;
  /** The server's output so far (stdout + stderr). */
  output(): string;
  /** Stops the server (SIGTERM to its process group, SIGKILL after 5 s), drops a database it created and
   *  removes its scratch directory (LB_KEEP_TEST_DB=1 keeps both). */
  stop(): Promise<void>;
}

/** The environment the server process gets: this process's, minus test-only variables, plus overrides. */
function serverEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Variables vitest sets that must not leak into a production server.
  for (const k of Object.keys(env)) if (k.startsWith("VITEST") || k === "TEST") delete env[k];
  delete env.NODE_OPTIONS;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  await ensureBuilt();
  const kind = opts.db ?? defaultDbKind();
  const ownDb = !opts.databaseUrl;
  const databaseUrl = opts.databaseUrl ?? freshDatabaseUrl(kind, "http");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const scratch = join(TMP_DIR, `srv-${runTag()}${port}-${randomBytes(3).toString("hex")}`);
  const verbose = opts.verbose ?? process.env.LB_TEST_VERBOSE === "1";

  const proc = spawn(process.execPath, ["--import", "tsx", SERVE_SCRIPT], {
    cwd: ROOT,
    detached: true, // own process group: stop() kills serve.ts and the server together
    stdio: ["ignore", "pipe", "pipe"],
    env: serverEnv({
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      // Clients name their address in X-Forwarded-For (see HttpClient.ip), as behind one proxy.
      TRUST_PROXY: "1",
      ...scratchEnv(scratch),
      ...opts.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      LB_SEED: opts.seed === true ? "demo" : opts.seed || "0",
    }),
  });
  let out = "";
  const collect = (chunk: Buffer) => {
    const s = chunk.toString();
    out += s;
    if (out.length > 200_000) out = out.slice(-100_000);
    if (verbose) process.stdout.write(`[server:${port}] ${s}`);
  };
  proc.stdout!.on("data", collect);
  proc.stderr!.on("data", collect);
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (proc.exitCode === null && proc.signalCode === null && proc.pid) {
      try {
        process.kill(-proc.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (!process.env.LB_KEEP_TEST_DB) {
      if (ownDb) await dropDatabaseUrl(databaseUrl).catch(() => {});
      rmSync(scratch, { recursive: true, force: true });
    }
  };

  try {
    await waitForHealthy(baseUrl, { timeoutMs: opts.timeoutMs ?? 120_000, proc, log: () => out });
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, port, databaseUrl, output: () => out, stop };
}
