// `npm start`: from a fresh `npm install` to a running server, with nothing else installed.
//   1. Prisma clients generated (postinstall does it; regenerated here when app/generated is missing)
//   2. the app built when build/server/index.js is missing or older than the sources
//   3. migrations applied to DATABASE_URL (default SQLite file:./data/app.db)
//   4. demo data seeded when the database is empty (SEED_DEMO=0 skips it), demo accounts printed
//   5. the built server run in the foreground (server.mjs, else remix-serve; NODE_ENV=production, PORT
//      default 3000); SIGINT/SIGTERM are forwarded and its exit code is ours.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const DEFAULT_DATABASE_URL = "file:./data/app.db";
const SERVER_ENTRY = join(root, "build", "server", "index.js");
const started = Date.now();

const say = (s: string) => console.log(`[start] ${s}`);
const fail = (s: string): never => {
  console.error(`[start] ✗ ${s}`);
  process.exit(1);
};
const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

// Signals reach the current child (generate, build or the server); with no child running we stop.
let current: ChildProcess | null = null;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    if (current && current.exitCode == null && current.signalCode == null) current.kill(sig);
    else process.exit(sig === "SIGINT" ? 130 : 143);
  });
}

function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env });
    current = child;
    child.on("error", () => done(false));
    child.on("exit", (code, signal) => {
      current = null;
      if (signal) process.exit(signal === "SIGINT" ? 130 : 143);
      done(code === 0);
    });
  });
}

/** Newest modification time of the files under `dir` (tests excluded), 0 when it does not exist. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  const st = statSync(dir);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    if (/\.test\.[cm]?[jt]sx?$/.test(e.name)) continue;
    const m = newestMtime(join(dir, e.name));
    if (m > newest) newest = m;
  }
  return newest;
}

// 1. Prisma clients
async function ensurePrismaClients(): Promise<void> {
  const ok = ["sqlite", "postgres"].every((p) => existsSync(join(root, "app", "generated", p, "client.ts")));
  if (ok) return;
  const t = Date.now();
  say("生成 Prisma 客户端 / generating Prisma clients …");
  if (!(await runNode([join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "scripts", "db", "generate.ts")]))) fail("prisma generate failed");
  say(`Prisma clients generated (${since(t)})`);
}

// 2. Build
async function ensureBuild(): Promise<void> {
  const builtAt = existsSync(SERVER_ENTRY) ? statSync(SERVER_ENTRY).mtimeMs : 0;
  const sourcesAt = Math.max(
    newestMtime(join(root, "app")),
    newestMtime(join(root, "search")),
    newestMtime(join(root, "vite.config.ts")),
    newestMtime(join(root, "package.json")),
  );
  if (builtAt && builtAt >= sourcesAt) {
    say("构建已是最新 / build is up to date");
    return;
  }
  const t = Date.now();
  say(builtAt ? "源文件有更新，重新构建 / sources changed, rebuilding …" : "首次构建 / building the app …");
  const ok = await runNode([join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], { ...process.env, NODE_ENV: "production" });
  if (!ok || !existsSync(SERVER_ENTRY)) fail("build failed (remix vite:build) — see the output above");
  say(`build done (${since(t)})`);
}

// 3 + 4. Database
async function prepareDatabase(url: string): Promise<void> {
  const t = Date.now();
  if (url.startsWith("file:")) {
    const { sqliteFilePath } = await import("~/db.server");
    mkdirSync(dirname(sqliteFilePath(url)), { recursive: true });
  }
  const { migrateDeploy } = await import("./db/engine");
  const applied = await migrateDeploy(url);
  say(applied.length ? `数据库迁移 / applied ${applied.length} migration(s): ${applied.join(", ")} (${since(t)})` : `数据库已是最新 / database schema is up to date (${since(t)})`);

  const { getDb, disconnectDb } = await import("~/db.server");
  const { seedDemo, isDatabaseEmpty, formatDemoAccounts, DEMO_ACCOUNTS } = await import("../prisma/seed");
  try {
    const db = getDb();
    const skip = /^(0|false|no|off)$/i.test(process.env.SEED_DEMO ?? "");
    if (skip) {
      say("SEED_DEMO=0: 不加载演示数据 / demo data not loaded");
      return;
    }
    if (await isDatabaseEmpty(db)) {
      say("空数据库，加载演示数据 / empty database, loading demo data …");
      const r = await seedDemo(db, { log: (s) => say(s) });
      console.log(`\n${formatDemoAccounts(r.accounts)}\n`);
    } else {
      say("数据库已有数据，未加载演示数据 / database already has data, demo data not loaded");
      console.log(`\n${formatDemoAccounts(DEMO_ACCOUNTS)}\n  （如演示数据由本程序加载且未修改密码 / if the demo data was loaded by npm start and passwords were not changed）\n`);
    }
  } finally {
    await disconnectDb();
  }
}

// 5. Serve: server.mjs (Express + the Remix handler, with the client address in the load context for
// per-IP rate limits) when present, else remix-serve.
function serve(port: string, url: string): void {
  const custom = join(root, "server.mjs");
  const remixServe = join(root, "node_modules", "@remix-run", "serve", "dist", "cli.js");
  const entry = existsSync(custom) ? custom : remixServe;
  if (!existsSync(entry)) fail("@remix-run/serve is not installed — run npm install");
  const child = spawn(process.execPath, [entry, SERVER_ENTRY], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", PORT: port, DATABASE_URL: url },
  });
  current = child;
  child.on("error", (e) => fail(`server failed to start: ${e.message}`));
  child.on("exit", (code, signal) => {
    if (signal) say(`server stopped (${signal})`);
    process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1));
  });
  say(`工联桥 LaborBridge 已就绪 / ready in ${since(started)}`);
  say(`打开 / open  http://localhost:${port}`);
}

async function main(): Promise<void> {
  const port = process.env.PORT || "3000";
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  process.env.DATABASE_URL = url;
  await ensurePrismaClients();
  await ensureBuild();
  await prepareDatabase(url);
  serve(port, url);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
