// HTTP load benchmark of the BUILT server (`npm run bench:http`; not part of the test run).
//
//   npx tsx scripts/bench/http.ts                      # 10 s per endpoint, 100 connections
//   npx tsx scripts/bench/http.ts --duration 30        # the 30 s
//   npx tsx scripts/bench/http.ts --duration 5 --connections 100 --only browse,login --json out.json
//
// It starts the built server (build/server/index.js, NODE_ENV=production, as tests/http/server.ts does)
// on a fresh database with the demo seed, on 127.0.0.1 only, signs in as org@laborbridge.cn, and loads:
//   browse   GET /projects                          (as the org)
//   project  GET /projects/:id                      (a published project, as the org)
//   search   GET /api/search/projects?q=培训         (as the org; skipped when the route does not exist)
//   login    GET /login                             (anonymous)
// For each endpoint it first fetches the response once, then serves those very bytes (same status and
// content type) from a bare `node:http` server in this process, and loads both in turn with autocannon
// (the same connections and duration). It reports req/s, p50/p95/p99 latency and the ratio app / bare.
// Exit status 1 when any response of the app is not 2xx/3xx, or a request errors or times out.
// Access logging is off in the server under test (LB_ACCESS_LOG=0) so the figures measure the app.
import autocannon from "autocannon";
import { createServer, type Server } from "node:http";
import { cpus, totalmem } from "node:os";
import { mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { startServer, freePort, ROOT } from "../../tests/http/server";
import { HttpClient } from "../../tests/http/client";
import { createPrismaClient } from "../../app/db.server";

interface Options {
  duration: number;
  connections: number;
  only: string[] | null;
  json: string | null;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { duration: 10, connections: 100, only: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--duration") o.duration = Number(next());
    else if (a === "--connections") o.connections = Number(next());
    else if (a === "--only") o.only = next().split(",").map((s) => s.trim());
    else if (a === "--json") o.json = next();
    else if (a === "--help" || a === "-h") {
      console.log("usage: tsx scripts/bench/http.ts [--duration S=10] [--connections N=100] [--only browse,project,search,login] [--json FILE]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.duration > 0) || !(o.connections > 0)) throw new Error("--duration and --connections must be positive");
  return o;
}

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  bad: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One autocannon run; latencies are collected per response so p95 is exact (autocannon has no p95). */
async function load(url: string, headers: Record<string, string>, o: Options): Promise<Load> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bad = 0;
  let instance: autocannon.Instance;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({ url, connections: o.connections, duration: o.duration, headers, timeout: 30 }, (err, r) => (err ? reject(err) : resolve(r)));
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status >= 400) bad++;
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / o.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    bad,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}

/** A bare node:http server answering every request with these bytes. */
async function bareServer(status: number, contentType: string, body: Buffer): Promise<{ url: string; server: Server }> {
  const port = await freePort();
  const server = createServer((_req, res) => {
    res.writeHead(status, { "Content-Type": contentType, "Content-Length": body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${port}`, server };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = new Date();
  console.log(`[bench:http] ${started.toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? "?"} · ${(totalmem() / 2 ** 30).toFixed(0)} GB · Node ${process.version}`);
  console.log(`[bench:http] starting the built server on a fresh demo-seeded database (loopback only)…`);
  const searchDb = join(mkdtempSync(join(tmpdir(), "lb-bench-")), "search.db");
  const srv = await startServer({ seed: true, env: { LB_ACCESS_LOG: "0", SEARCH_DB_PATH: searchDb } });
  let failed = false;
  const rows: Array<{ name: string; path: string; bytes: number; app: Load; bare: Load; ratio: number }> = [];
  try {
    const org = new HttpClient(srv.baseUrl, { ip: null });
    await org.login("org@laborbridge.cn", "Org#2026");
    const db = createPrismaClient(srv.databaseUrl);
    const published = await db.project.findFirstOrThrow({ where: { state: "PUBLISHED" }, orderBy: { code: "asc" }, select: { id: true } });
    await db.$disconnect();
    const cookie = org.cookieHeader();
    const endpoints = [
      { name: "browse", path: "/projects", cookie },
      { name: "project", path: `/projects/${published.id}`, cookie },
      { name: "search", path: `/api/search/projects?q=${encodeURIComponent("培训")}`, cookie },
      { name: "login", path: "/login", cookie: "" },
    ].filter((e) => !o.only || o.only.includes(e.name));

    // The demo seed writes the database directly: build the search index as `npm run reindex` does
    // (online: built aside and swapped in), then wait until the query finds something.
    const re = spawnSync(process.execPath, ["--import", "tsx", "scripts/reindex.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: srv.databaseUrl, SEARCH_DB_PATH: searchDb },
      encoding: "utf8",
    });
    console.log(`[bench:http] reindex: exit ${re.status} ${(re.stdout || re.stderr || "").trim().split("\n").slice(-1)[0] ?? ""}`);
    // The search index fills from the outbox after start: wait (up to 60 s) until the query finds something,
    // so the search endpoint is measured on real hits.
    if (endpoints.some((e) => e.name === "search")) {
      const deadline = Date.now() + 60_000;
      let hits = 0;
      while (Date.now() < deadline) {
        const r = await fetch(srv.baseUrl + endpoints.find((e) => e.name === "search")!.path, { headers: { cookie } });
        if (r.status !== 200) break;
        hits = ((await r.json()) as { estimatedTotalHits?: number }).estimatedTotalHits ?? 0;
        if (hits > 0) break;
        await new Promise((res) => setTimeout(res, 1000));
      }
      console.log(`[bench:http] search warm-up: ${hits} hits for 培训${hits ? "" : " (WARNING: measuring an empty result)"}`);
    }

    for (const e of endpoints) {
      const headers: Record<string, string> = e.cookie ? { cookie: e.cookie } : {};
      const first = await fetch(srv.baseUrl + e.path, { headers, redirect: "manual" });
      const body = Buffer.from(await first.arrayBuffer());
      if (e.name === "search" && first.status === 404) {
        console.log(`[bench:http] ${e.name}: ${e.path} does not exist here, skipped`);
        continue;
      }
      if (first.status < 200 || first.status >= 400) {
        console.error(`[bench:http] ${e.name}: ${e.path} answers ${first.status} before the load: FAIL`);
        failed = true;
        continue;
      }
      console.log(`[bench:http] ${e.name}: GET ${e.path} (${first.status}, ${body.length} bytes) · ${o.connections} connections × ${o.duration} s`);
      if (/json/.test(first.headers.get("content-type") ?? "")) console.log(`[bench:http]   body: ${body.toString("utf8").slice(0, 300)}`);
      const app = await load(srv.baseUrl + e.path, headers, o);
      const bare = await bareServer(first.status, first.headers.get("content-type") ?? "application/octet-stream", body);
      let bareLoad: Load;
      try {
        bareLoad = await load(bare.url + e.path, headers, o);
      } finally {
        bare.server.closeAllConnections?.();
        await new Promise((r) => bare.server.close(r));
      }
      const ratio = app.rps / bareLoad.rps;
      rows.push({ name: e.name, path: e.path, bytes: body.length, app, bare: bareLoad, ratio });
      if (app.bad || app.errors || app.timeouts) {
        failed = true;
        console.error(`[bench:http] ${e.name}: ${app.bad} responses not 2xx/3xx, ${app.errors} errors, ${app.timeouts} timeouts ${JSON.stringify(app.statuses)}`);
      }
    }
  } finally {
    await srv.stop();
  }

  const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–");
  console.log("");
  console.log("| endpoint | bytes | app req/s | app p50 ms | app p95 ms | app p99 ms | bare req/s | bare p95 ms | app/bare | non-2xx/3xx |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.name} \`${r.path.replace(/\/projects\/[a-z0-9]{20,}/, "/projects/:id")}\` | ${r.bytes} | ${f(r.app.rps)} | ${f(r.app.p50)} | ${f(r.app.p95)} | ${f(r.app.p99)} | ${f(r.bare.rps)} | ${f(r.bare.p95)} | ${(r.ratio * 100).toFixed(1)} % | ${r.app.bad + r.app.errors + r.app.timeouts} |`,
    );
  }
  if (o.json) writeFileSync(o.json, JSON.stringify({ date: started.toISOString(), options: o, node: process.version, cpus: cpus().length, rows }, null, 2));
  console.log(failed ? "\n[bench:http] FAILED: some responses were not 2xx/3xx (or errored)" : "\n[bench:http] ok: every response 2xx/3xx");
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
