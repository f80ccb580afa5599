// Test server launcher: prepares DATABASE_URL (migrate; seed when LB_SEED is set and the database is empty),
// then runs the BUILT server exactly as production (scripts/start.ts) does:
//   node server.mjs build/server/index.js          (the production server, when server.mjs exists)
//   node node_modules/@remix-run/serve/dist/cli.js build/server/index.js   (otherwise, or LB_TEST_SERVER=remix-serve)
// Playwright's webServer runs it (Playwright starts webServer BEFORE globalSetup, so the database must
// be prepared here), and so does tests/http/server.ts startServer().
//
//   DATABASE_URL=file:/abs/x.db PORT=4123 LB_SEED=demo node --import tsx tests/e2e/serve.ts
//   LB_SEED: demo (prisma/seed.ts seedDemo) | minimal (the demo accounts only) | 0 (none).
//   LB_FRESH_DB=1 also deletes/drops the database first.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { migrateDeploy } from "../../scripts/db/engine";
import { dropDatabaseUrl, serverCommand, SERVER_ENTRY } from "../http/server";

const log = (msg: string) => console.log(`[serve] ${msg}`);

async function prepare(url: string): Promise<void> {
  const t0 = Date.now();
  if (process.env.LB_FRESH_DB === "1") await dropDatabaseUrl(url);
  const applied = await migrateDeploy(url);
  log(`migrated ${url.replace(/\/\/[^@/]*@/, "//***@")} (${applied.length} new migration(s)) in ${Date.now() - t0} ms`);
  const mode = process.env.LB_SEED === "minimal" ? "minimal" : process.env.LB_SEED === "demo" || process.env.LB_SEED === "1" ? "demo" : null;
  if (!mode) return;
  const t1 = Date.now();
  const { getDb, disconnectDb } = await import("../../app/db.server");
  const { seedTestDatabase } = await import("./seed");
  try {
    const how = await seedTestDatabase(getDb(), mode);
    log(`seed: ${how} in ${Date.now() - t1} ms`);
  } finally {
    await disconnectDb();
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL must be set");
  if (!process.env.PORT) throw new Error("PORT must be set");
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npx remix vite:build\` first`);
  // Directories for the per-server files (search index, uploads, mail outbox) the harness points elsewhere.
  for (const f of [process.env.SEARCH_DB_PATH, process.env.MAIL_OUTBOX_FILE]) if (f && f !== ":memory:") mkdirSync(dirname(f), { recursive: true });
  if (process.env.UPLOAD_DIR) mkdirSync(process.env.UPLOAD_DIR, { recursive: true });
  await prepare(url);

  const { cmd, args, cwd } = serverCommand();
  log(`starting ${args[0].replace(cwd + "/", "")} on port ${process.env.PORT}`);
  const child = spawn(cmd, args, {
    cwd,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV || "production" },
  });
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(sig, () => {
      if (child.exitCode === null) child.kill(sig);
    });
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((e) => {
  console.error("[serve] failed:", e);
  process.exit(1);
});
