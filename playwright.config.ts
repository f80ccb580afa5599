// Playwright e2e: Debian's chromium (/usr/bin/chromium; `npx playwright install` cannot download here)
// against the BUILT server (build/server/index.js; run `npx remix vite:build` first — scripts/test.sh does).
//
// The database: a fresh SQLite file under tests/.tmp by default; a fresh PostgreSQL database at PG_URL
// when LB_TEST_DB=postgres; or E2E_DATABASE_URL when given (scripts/test.sh creates and drops it).
// Playwright starts webServer BEFORE globalSetup, so tests/e2e/serve.ts migrates and seeds the
// database itself and then starts the server; tests/e2e/global-teardown.ts removes the database it
// created (E2E_DATABASE_URL is left to whoever made it). The server is killed (SIGKILL to its process
// group) after the teardown.
//
// This file is evaluated in the runner and again in every worker: the port and database are chosen
// once, in the runner, and handed to the workers through the environment (which they inherit).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const pickFreePort = (): number =>
  Number(
    execFileSync(process.execPath, [
      "-e",
      "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
    ]).toString(),
  );

if (!process.env.LB_E2E_PORT) process.env.LB_E2E_PORT = String(pickFreePort());
const runId = process.env.LB_E2E_RUN_ID || (process.env.LB_E2E_RUN_ID = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`);
// The search index, uploads and mail outbox of the e2e server (they default to shared paths under ./data).
const scratch = join(import.meta.dirname, "tests", ".tmp", `e2e-${runId}`);
if (!process.env.LB_E2E_DATABASE_URL) {
  const id = runId;
  if (process.env.E2E_DATABASE_URL) {
    process.env.LB_E2E_DATABASE_URL = process.env.E2E_DATABASE_URL;
  } else if (process.env.LB_TEST_DB === "postgres") {
    const base = (process.env.PG_URL || "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "");
    process.env.LB_E2E_DATABASE_URL = `${base}/lb_e2e_${id}`;
    process.env.LB_E2E_DROP_DB = "1";
  } else {
    process.env.LB_E2E_DATABASE_URL = `file:${join(scratch, "app.db")}`;
    process.env.LB_E2E_DROP_DB = "1";
  }
}

const port = Number(process.env.LB_E2E_PORT);
const ci = !!process.env.CI;

export default defineConfig({
  testDir: "./tests/e2e",
  testMatch: "**/*.spec.ts",
  // Screenshots and traces of failed tests. LB_E2E_OUTPUT_DIR keeps concurrent runs apart.
  outputDir: process.env.LB_E2E_OUTPUT_DIR || "./test-results",
  fullyParallel: false,
  workers: 2,
  retries: ci ? 1 : 0,
  forbidOnly: ci,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.LB_E2E_JSON || join(import.meta.dirname, "test-results", "e2e-results.json") }]],
  globalTeardown: "./tests/e2e/global-teardown.ts",
  use: {
    // localhost (not 127.0.0.1): a production build sets Secure cookies, which Chromium accepts
    // over plain http only from localhost.
    baseURL: `http://localhost:${port}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `"${process.execPath}" --import tsx tests/e2e/serve.ts`,
    cwd: import.meta.dirname,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: process.env.LB_TEST_VERBOSE === "1" ? "pipe" : "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: process.env.LB_E2E_DATABASE_URL!,
      SEARCH_DB_PATH: join(scratch, "search.db"),
      UPLOAD_DIR: join(scratch, "uploads"),
      MAIL_OUTBOX_FILE: join(scratch, "mail-outbox.jsonl"),
      // Each test claims its own client address (tests/e2e/fixtures.ts), as behind one proxy, so the
      // per-IP rate limits of one test never lock out another.
      TRUST_PROXY: "1",
      LB_SEED: process.env.LB_E2E_SEED || "demo", // "minimal": only the demo accounts
    },
  },
});
