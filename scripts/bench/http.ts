// HTTP load benchmark of the BUILT server (`npm run bench:http`; not part of the test run).
//
//   npx tsx scripts/bench/http.ts                      # 10 s per endpoint, 100 connections, demo + 20k/2k large data
//   npx tsx scripts/bench/http.ts --duration 30        # the issue's 30 s
//   npx tsx scripts/bench/http.ts --duration 5 --only browse,bid --demo-only --json out.json
//   npx tsx scripts/bench/http.ts --only project --cpu-prof /tmp/prof   # a V8 CPU profile of the server
//
// It starts the built server (build/server/index.js through server.mjs, NODE_ENV=production, as
// tests/http/server.ts does) on 127.0.0.1 only, on a fresh database with the demo seed. Unless
// --demo-only, it then APPENDS large generated data (scripts/seed-large.ts seedLarge, --projects N
// --orgs N, default 20,000 / 2,000) and rebuilds the search index (scripts/reindex.ts), and prints the
// data sizes. It loads, one after another:
//   browse   GET  /projects                         (as org@)
//   project  GET  /projects/:id                     (a published project, as org@)
//   search   GET  /api/search/projects?q=培训        (as org@; skipped when the route does not exist)
//   login    GET  /login                            (anonymous)
//   bid      POST /projects/:id  intent=bid         (the bid form as a browser without JavaScript posts it:
//            urlencoded, same Origin, 303 to ?ok=bid). Every connection is one organization user (the
//            APPROVED demo orgs, signed in beforehand) on its own open project, prepared by submitting a
//            first bid; during the load each request REVISES that sealed bid with a new amount, so every
//            request is a legitimate write that must answer 303. Bids are not rate-limited; logins are
//            (per IP), so each sign-in claims its own X-Forwarded-For (the server runs with TRUST_PROXY=1).
// For each endpoint it first sends the request once, then serves the very same status, headers and
// bytes from a bare `node:http` server in this process (for the POST: after reading the body), and loads
// both in turn with autocannon (same connections, duration and requests). It reports req/s,
// p50/p95/p99 latency (a request that timed out after 30 s counts as 30 s) and the ratio app / bare.
// Between loads it waits until the server has worked off the previous backlog (GET /healthz fast again).
//
// Targets (issue 7): zero responses that are not 2xx/3xx, no errors, no timeouts, at 100 connections
// for 30 s per endpoint. Exit status 1 when any is missed (the last line names it); runs shorter than
// 30 s or with fewer than 100 connections print PASS only for what they measured, and say so.
// Access logging is off in the server under test (LB_ACCESS_LOG=0) so the figures measure the app.
import autocannon from "autocannon";
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from "node:http";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startServer, freePort, ROOT, type RunningServer } from "../../tests/http/server";
import { HttpClient, formBody } from "../../tests/http/client";
import { createPrismaClient, type Db } from "../../app/db.server";
import { seedLarge } from "../seed-large";

const TARGET_CONNECTIONS = 100;
const TARGET_DURATION_S = 30;
const ORG_PASSWORD = "Org#2026";
/** autocannon's per-request timeout; a timed-out request counts as this long in the percentiles. */
const TIMEOUT_S = 30;

interface Options {
  duration: number;
  connections: number;
  only: string[] | null;
  json: string | null;
  projects: number;
  orgs: number;
  demoOnly: boolean;
  cpuProf: string | null;
}

const USAGE =
  "usage: tsx scripts/bench/http.ts [--duration S=10] [--connections N=100] [--only browse,project,search,login,bid]\n" +
  "         [--projects N=20000] [--orgs N=2000] [--demo-only] [--json FILE] [--cpu-prof DIR]";

function parseArgs(argv: string[]): Options {
  const o: Options = { duration: 10, connections: 100, only: null, json: null, projects: 20_000, orgs: 2_000, demoOnly: false, cpuProf: null };
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
    else if (a === "--projects") o.projects = Number(next());
    else if (a === "--orgs") o.orgs = Number(next());
    else if (a === "--demo-only") o.demoOnly = true;
    else if (a === "--cpu-prof") o.cpuProf = resolve(next());
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (!(o.duration > 0) || !(o.connections > 0)) throw new Error("--duration and --connections must be positive");
  if (!(o.projects >= 0) || !(o.orgs >= 0)) throw new Error("--projects and --orgs must be non-negative");
  return o;
}

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  bad: number;
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  errors: number;
  timeouts: number;
  /** Responses whose content was wrong although the status was fine (the bid: a redirect that is not ?ok=bid). */
  wrong: number;
  statuses: Record<string, number>;
  loadavg: number[];
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** What autocannon sends: fixed headers (GET), or a request list built per connection (the bid POST). */
interface Spec {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  /** A fresh autocannon `requests` array for one run, plus a counter of responses with wrong content. */
  requests?: () => { requests: autocannon.Request[]; wrong: () => number };
}

/** One autocannon run; latencies are collected per response so p95 is exact (autocannon has no p95). */
async function load(baseUrl: string, spec: Spec, o: Options): Promise<Load> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bad = 0;
  const dyn = spec.requests?.();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl + spec.path,
        method: spec.method,
        connections: o.connections,
        duration: o.duration,
        headers: spec.headers,
        timeout: TIMEOUT_S,
        ...(dyn ? { requests: dyn.requests } : {}),
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status >= 400) bad++;
    });
  });
  // A request that timed out took at least the timeout: count it so, or p95 would hide the worst requests.
  for (let i = 0; i < result.timeouts; i++) latencies.push(TIMEOUT_S * 1000);
  latencies.sort((a, b) => a - b);
  const answered = latencies.length - result.timeouts;
  return {
    requests: answered,
    rps: answered / o.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    bad,
    errors: result.errors,
    timeouts: result.timeouts,
    wrong: dyn?.wrong() ?? 0,
    statuses,
    loadavg: loadavg(),
  };
}

/** Response headers worth replaying: everything but the ones node:http computes itself. */
function replayHeaders(h: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of h) {
    if (["date", "content-length", "transfer-encoding", "keep-alive"].includes(k)) continue;
    out[k] = k === "set-cookie" ? h.getSetCookie() : v;
  }
  return out;
}

/**
 * Waits until the server has worked off what the last load left queued (autocannon stops sending, but
 * requests already accepted still run to completion): /healthz answers within 250 ms twice in a row
 * (at most 180 s). Without this the next measurement pays for the previous endpoint's backlog.
 */
async function drain(baseUrl: string): Promise<number> {
  const t0 = Date.now();
  let fast = 0;
  while (fast < 2 && Date.now() - t0 < 180_000) {
    const t = Date.now();
    try {
      const r = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(60_000) });
      await r.arrayBuffer();
      fast = r.ok && Date.now() - t < 250 ? fast + 1 : 0;
    } catch {
      fast = 0;
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  return Date.now() - t0;
}

/** A bare node:http server answering every request with this status, these headers and bytes (after reading the body). */
async function bareServer(status: number, headers: OutgoingHttpHeaders, body: Buffer): Promise<{ url: string; server: Server }> {
  const port = await freePort();
  const server = createServer((req, res) => {
    const answer = () => {
      res.writeHead(status, { ...headers, "Content-Length": body.length });
      res.end(body);
    };
    if (req.method === "GET" || req.method === "HEAD") return answer();
    req.on("data", () => {});
    req.on("end", answer);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${port}`, server };
}

// ---------- data

async function dataSizes(db: Db): Promise<Record<string, number>> {
  const [projects, published, organizations, approvedOrgs, enterprises, users, bids, auditRows] = await Promise.all([
    db.project.count(),
    db.project.count({ where: { state: "PUBLISHED" } }),
    db.organization.count(),
    db.organization.count({ where: { vettingStatus: "APPROVED" } }),
    db.enterprise.count(),
    db.user.count(),
    db.bid.count(),
    db.auditLog.count(),
  ]);
  return { projects, published, organizations, approvedOrgs, enterprises, users, bids, auditRows };
}

// ---------- the bid endpoint

interface BidPair {
  email: string;
  projectId: string;
  cookie: string;
  ip: string;
}

/** The bid form's fields; `amount` changes per request so each one is a real revision. */
function bidFields(amountYuan: number): string {
  return formBody({
    intent: "bid",
    amount: amountYuan.toFixed(2),
    plan: "分四次开展专题讲座，并提供一对一咨询，课后回访。压测修订版本。",
    timeline: "第 1–2 周讲座，第 3–4 周个体咨询",
    team: "国家二级心理咨询师 3 名，社工 2 名",
  }).toString();
}

/**
 * Signs in every APPROVED organization user and gives each connection its own (organization, open
 * project) pair, each with a live bid submitted over HTTP (303 ?ok=bid). Candidates: PUBLISHED, not in a
 * bundle, deadline ≥ 2 days away, no admission condition an arbitrary approved organization could fail.
 */
async function prepareBidPairs(srv: RunningServer, db: Db, want: number): Promise<{ pairs: BidPair[]; orgUsers: number; candidates: number }> {
  const users = await db.user.findMany({
    where: { role: "ORG", disabled: false, organization: { vettingStatus: "APPROVED" } },
    select: { email: true },
    orderBy: { email: "asc" },
  });
  const clients: Array<{ email: string; client: HttpClient }> = [];
  for (const u of users) {
    const client = new HttpClient(srv.baseUrl); // a random X-Forwarded-For per sign-in (per-IP login limit)
    try {
      await client.login(u.email, ORG_PASSWORD);
      clients.push({ email: u.email, client });
    } catch (e) {
      console.log(`[bench:http] bid: cannot sign in as ${u.email} (${(e as Error).message.split("\n")[0]}), skipped`);
    }
  }
  if (!clients.length) throw new Error("no organization user could sign in");
  const candidates = await db.project.findMany({
    where: {
      state: "PUBLISHED",
      bundleId: null,
      bidDeadline: { gt: new Date(Date.now() + 2 * 86_400_000) },
      minGrade: null,
      minYearsRegistered: null,
      mustServeDistrict: false,
      unionRule: { not: "REQUIRED" },
      budgetFen: { gte: 1_000_000 },
    },
    select: { id: true },
    orderBy: { code: "desc" }, // the generated projects (XL-…) first
    take: want * 4,
  });
  const pairs: BidPair[] = [];
  const used = new Set<string>();
  let refused = 0;
  for (let i = 0; pairs.length < want && i < candidates.length * clients.length && i < want * 8; i++) {
    const c = clients[i % clients.length];
    const p = candidates[i % candidates.length];
    if (used.has(`${c.email} ${p.id}`)) continue;
    used.add(`${c.email} ${p.id}`);
    const res = await c.client.post(`/projects/${p.id}`, Object.fromEntries(new URLSearchParams(bidFields(1999))));
    await res.arrayBuffer();
    if (res.status === 303 && /[?&]ok=bid\b/.test(res.headers.get("location") ?? "")) {
      pairs.push({ email: c.email, projectId: p.id, cookie: c.client.cookieHeader(), ip: c.client.ip! });
    } else refused++;
  }
  if (refused) console.log(`[bench:http] bid: ${refused} candidate (org, project) pairs refused the first bid, skipped`);
  return { pairs, orgUsers: clients.length, candidates: candidates.length };
}

/** autocannon requests for the bid load: connection k keeps pair k and revises its bid on every request. */
function bidRequests(pairs: BidPair[], origin: string): () => { requests: autocannon.Request[]; wrong: () => number } {
  return () => {
    let nextPair = 0;
    let wrong = 0;
    const request = {
      method: "POST",
      // Per connection: autocannon deep-clones the options for each client, so `conn` is that client's own.
      conn: { pair: -1, n: 0 },
      setupRequest(req: autocannon.Request & { conn: { pair: number; n: number } }) {
        const st = req.conn;
        if (st.pair < 0) st.pair = nextPair++ % pairs.length;
        const pair = pairs[st.pair];
        st.n++;
        return {
          ...req,
          path: `/projects/${pair.projectId}`,
          headers: {
            "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
            origin,
            cookie: pair.cookie,
            "x-forwarded-for": pair.ip,
          },
          body: bidFields(2000 + (st.n % 997)),
        };
      },
      onResponse(status: number, _body: string, _context: unknown, headers?: Record<string, string | string[]>) {
        const loc = headers ? [headers.location ?? headers.Location].flat()[0] : undefined;
        if (status === 303 && !/[?&]ok=bid\b/.test(String(loc ?? ""))) wrong++;
      },
    };
    return { requests: [request as unknown as autocannon.Request], wrong: () => wrong };
  };
}

// ---------- main

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = new Date();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "?"} · ${(totalmem() / 2 ** 30).toFixed(0)} GB · Node ${process.version}`;
  console.log(`[bench:http] ${started.toISOString()} · ${machine} · load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`[bench:http] starting the built server on a fresh demo-seeded database (loopback only)…`);
  const searchDb = join(mkdtempSync(join(tmpdir(), "lb-bench-")), "search.db");
  const env: Record<string, string> = { LB_ACCESS_LOG: "0", SEARCH_DB_PATH: searchDb };
  if (o.cpuProf) {
    mkdirSync(o.cpuProf, { recursive: true });
    // Node refuses --cpu-prof in NODE_OPTIONS: a preloaded hook runs the profiler inside the server process.
    env.NODE_OPTIONS = `--import ${pathToFileURL(join(ROOT, "scripts", "bench", "cpu-prof-hook.mjs")).href}`;
    env.LB_CPU_PROF_DIR = o.cpuProf;
    console.log(`[bench:http] a V8 CPU profile of the server goes to ${o.cpuProf} (written when the server stops; summary: node scripts/bench/cpu-prof-top.mjs FILE)`);
  }
  const srv = await startServer({ seed: true, env });
  // Stop the server (its whole process group) however this process ends.
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`[bench:http] ${sig}: stopping the server`);
    void srv.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const failures: string[] = [];
  const rows: Array<{ name: string; method: string; path: string; status: number; bytes: number; app: Load; bare: Load; ratio: number }> = [];
  let sizes: Record<string, number> = {};
  let seedInfo: unknown = null;
  let bidInfo: Record<string, number> = {};
  let bidWrites: number | null = null;
  const db = createPrismaClient(srv.databaseUrl);
  try {
    // ---- data: the demo seed, plus large generated data appended
    if (!o.demoOnly && (o.projects > 0 || o.orgs > 0)) {
      console.log(`[bench:http] appending large data: ${o.projects} projects, ${o.orgs} organizations (scripts/seed-large.ts)…`);
      const r = await seedLarge(db, { projects: o.projects, orgs: o.orgs, append: true, reindex: false, log: (s) => console.log(`[bench:http]   ${s}`) });
      seedInfo = r;
    }
    // The seeds write the database directly: build the search index as `npm run reindex` does
    // (online: built aside and swapped in).
    const t0 = Date.now();
    const re = spawnSync(process.execPath, ["--import", "tsx", "scripts/reindex.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: srv.databaseUrl, SEARCH_DB_PATH: searchDb },
      encoding: "utf8",
    });
    console.log(`[bench:http] reindex: exit ${re.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(re.stdout || re.stderr || "").trim().split("\n").slice(1).join(" · ")}`);
    if (re.status !== 0) failures.push("reindex failed");
    // seedLarge (better-sqlite3) and spawnSync blocked this event loop for a long time: let it notice the
    // keep-alive sockets the server closed meanwhile, so fetch does not reuse a dead one.
    await new Promise((r) => setTimeout(r, 500));
    sizes = await dataSizes(db);
    console.log(`[bench:http] data: ${Object.entries(sizes).map(([k, v]) => `${k} ${v}`).join(", ")}`);

    const org = new HttpClient(srv.baseUrl, { ip: null });
    await org.login("org@laborbridge.cn", ORG_PASSWORD);
    // A plain open project of the demo seed (not a bundle, not in one), with its bids and timeline.
    const published = await db.project.findFirstOrThrow({
      where: { state: "PUBLISHED", isBundle: false, bundleId: null, code: { startsWith: "XQ-" } },
      orderBy: { code: "asc" },
      select: { id: true, code: true },
    });
    const cookie = org.cookieHeader();
    const origin = new URL(srv.baseUrl).origin;
    const wanted = (name: string) => !o.only || o.only.includes(name);

    const specs: Array<{ name: string; spec: Spec }> = [];
    for (const [name, path, c] of [
      ["browse", "/projects", cookie],
      ["project", `/projects/${published.id}`, cookie],
      ["search", `/api/search/projects?q=${encodeURIComponent("培训")}`, cookie],
      ["login", "/login", ""],
    ] as const) {
      if (wanted(name)) specs.push({ name, spec: { method: "GET", path, headers: c ? { cookie: c } : {} } });
    }
    if (wanted("project")) console.log(`[bench:http] project page: ${published.code}`);

    // The search index fills from the outbox after start: wait (up to 60 s) until the query finds something.
    const search = specs.find((s) => s.name === "search");
    if (search) {
      const deadline = Date.now() + 60_000;
      let hits = 0;
      while (Date.now() < deadline) {
        const r = await fetch(srv.baseUrl + search.spec.path, { headers: { cookie } });
        if (r.status !== 200) break;
        hits = ((await r.json()) as { estimatedTotalHits?: number }).estimatedTotalHits ?? 0;
        if (hits > 0) break;
        await new Promise((res) => setTimeout(res, 1000));
      }
      console.log(`[bench:http] search warm-up: ${hits} hits for 培训${hits ? "" : " (WARNING: measuring an empty result)"}`);
    }

    let pairs: BidPair[] = [];
    if (wanted("bid")) {
      const t1 = Date.now();
      const prep = await prepareBidPairs(srv, db, o.connections);
      pairs = prep.pairs;
      bidInfo = { orgUsers: prep.orgUsers, candidateProjects: prep.candidates, pairs: pairs.length, distinctProjects: new Set(pairs.map((p) => p.projectId)).size };
      console.log(
        `[bench:http] bid: ${prep.orgUsers} organization users signed in, ${pairs.length} (org, project) pairs with a live bid on ${bidInfo.distinctProjects} open projects (${prep.candidates} candidates) in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
      );
      if (pairs.length < o.connections) {
        failures.push(`bid: only ${pairs.length} (org, project) pairs for ${o.connections} connections`);
        if (!pairs.length) console.error("[bench:http] bid: no pair could bid: skipped");
      }
      if (pairs.length) {
        specs.push({
          name: "bid",
          spec: {
            method: "POST",
            path: `/projects/${pairs[0].projectId}`,
            headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8", origin, cookie: pairs[0].cookie, "x-forwarded-for": pairs[0].ip },
            requests: bidRequests(pairs, origin),
          },
        });
      }
    }

    for (const { name, spec } of specs) {
      // The reference response: the same request once (for the bid: a revision of pair 0's bid).
      const first = await fetch(srv.baseUrl + spec.path, {
        method: spec.method,
        headers: spec.headers,
        redirect: "manual",
        ...(spec.method === "POST" ? { body: bidFields(1998) } : {}),
      });
      const body = Buffer.from(await first.arrayBuffer());
      if (name === "search" && first.status === 404) {
        console.log(`[bench:http] ${name}: ${spec.path} does not exist here, skipped`);
        continue;
      }
      if (first.status < 200 || first.status >= 400) {
        console.error(`[bench:http] ${name}: ${spec.method} ${spec.path} answers ${first.status} before the load: FAIL\n${body.toString("utf8").slice(0, 500)}`);
        failures.push(`${name}: answers ${first.status} before the load`);
        continue;
      }
      console.log(
        `[bench:http] ${name}: ${spec.method} ${spec.path} (${first.status}${first.headers.get("location") ? ` → ${first.headers.get("location")}` : ""}, ${body.length} bytes) · ${o.connections} connections × ${o.duration} s`,
      );
      if (/json/.test(first.headers.get("content-type") ?? "")) console.log(`[bench:http]   body: ${body.toString("utf8").slice(0, 200)}`);
      const auditBefore = name === "bid" ? await db.auditLog.count({ where: { action: "bid.update" } }) : 0;
      await drain(srv.baseUrl);
      const app = await load(srv.baseUrl, spec, o);
      const drainMs = await drain(srv.baseUrl);
      console.log(`[bench:http]   the server worked off its backlog ${(drainMs / 1000).toFixed(1)} s after the load ended`);
      if (name === "bid") bidWrites = (await db.auditLog.count({ where: { action: "bid.update" } })) - auditBefore;
      const bare = await bareServer(first.status, replayHeaders(first.headers), body);
      let bareLoad: Load;
      try {
        bareLoad = await load(bare.url, spec, o);
      } finally {
        bare.server.closeAllConnections?.();
        await new Promise((r) => bare.server.close(r));
      }
      const ratio = app.rps / bareLoad.rps;
      rows.push({ name, method: spec.method, path: spec.path, status: first.status, bytes: body.length, app, bare: bareLoad, ratio });
      console.log(
        `[bench:http]   app ${app.rps.toFixed(0)} req/s p95 ${app.p95} ms · bare ${bareLoad.rps.toFixed(0)} req/s · statuses ${JSON.stringify(app.statuses)} · ${app.errors} errors (${app.timeouts} timeouts) · load average ${app.loadavg.map((x) => x.toFixed(2)).join(" ")}`,
      );
      if (app.bad || app.errors || app.timeouts) {
        failures.push(`${name}: ${app.bad} responses not 2xx/3xx, ${app.errors} errors (${app.timeouts} of them timeouts after 30 s) ${JSON.stringify(app.statuses)}`);
      }
      if (!app.requests) failures.push(`${name}: not one response in ${o.duration} s`);
      if (app.wrong) failures.push(`${name}: ${app.wrong} redirects that were not the success redirect`);
      if (name === "bid" && bidWrites !== null) {
        const ok = app.statuses["303"] ?? 0;
        console.log(`[bench:http]   bid: ${ok} × 303, ${bidWrites} bid revisions written (audit bid.update)`);
        if (bidWrites < ok) failures.push(`bid: ${ok} × 303 but only ${bidWrites} revisions written`);
      }
    }
  } catch (e) {
    console.error(e);
    failures.push(`error: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await db.$disconnect().catch(() => {});
    await srv.stop();
  }

  // ---------- summary
  const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–");
  console.log("");
  console.log(`Data: ${Object.entries(sizes).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  console.log("");
  console.log("| endpoint | status | bytes | app req/s | app p50 ms | app p95 ms | app p99 ms | bare req/s | bare p95 ms | app/bare | non-2xx/3xx | errors (timeouts) |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const path = r.path.replace(/\/projects\/[a-z0-9]{20,}/, "/projects/:id");
    console.log(
      `| ${r.name} \`${r.method} ${path}\` | ${r.status} | ${r.bytes} | ${f(r.app.rps)} | ${f(r.app.p50)} | ${f(r.app.p95)} | ${f(r.app.p99)} | ${f(r.bare.rps)} | ${f(r.bare.p95)} | ${(r.ratio * 100).toFixed(1)} % | ${r.app.bad} | ${r.app.errors} (${r.app.timeouts}) |`,
    );
  }
  if (o.json) {
    writeFileSync(o.json, JSON.stringify({ date: started.toISOString(), machine, options: o, sizes, seed: seedInfo, bid: { ...bidInfo, writes: bidWrites }, rows }, null, 2));
  }
  const scope = o.connections < TARGET_CONNECTIONS || o.duration < TARGET_DURATION_S;
  console.log("");
  if (failures.length) {
    console.log(`[bench:http] FAIL: target "zero non-2xx/3xx, no errors or timeouts" missed — ${failures.join("; ")}`);
  } else {
    console.log(
      `[bench:http] PASS: every response 2xx/3xx, no errors or timeouts (${rows.length} endpoints, ${o.connections} connections × ${o.duration} s)` +
        (scope ? ` — NOTE: shorter/smaller than the issue's ${TARGET_CONNECTIONS} connections × ${TARGET_DURATION_S} s` : ""),
    );
  }
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
