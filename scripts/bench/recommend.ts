// Recommendation + freshness benchmark (issue 5, "Speed").
//   npm run bench:recommend -- [--projects 100000] [--orgs 10000] [--samples 200] [--seed 42] [--keep]
//   npm run bench:recommend -- --use-env      # against DATABASE_URL / SEARCH_DB_PATH as configured
//                                              # (e.g. a database made by `npm run seed:large`)
// By default it is self-contained: it creates a temp dir (os.tmpdir), a fresh SQLite database and an
// embedded search index there, seeds them with scripts/seed-large.ts at the sizes given, and deletes
// the dir at the end (unless --keep). It never touches the app's own database or index.
//
// Measures, in one run:
//   - recommendOrganizations for `samples` random PUBLISHED needs, as a broker;
//   - recommendProjects for `samples` random APPROVED organizations, as that org's user;
//   - BASELINE: a bare db.organization.findMany({ where: { vettingStatus: "APPROVED" }, take: 20 }),
//     the same number of times; ratios p50/p95 to it are reported;
//   - freshness: a project title updated in a transaction with enqueueSearch, then runSyncOnce, timed
//     from before the commit until a search for the new title word finds the project (10 trials).
// Exits 1 when a recommendation p95 > 50 ms or any freshness trial > 1 s.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const N_PROJECTS = arg("projects", 100_000);
const N_ORGS = arg("orgs", 10_000);
const SAMPLES = arg("samples", 200);
const SEED = arg("seed", 42);
const KEEP = process.argv.includes("--keep");
const USE_ENV = process.argv.includes("--use-env");
const P95_LIMIT_MS = 50;
const VISIBLE_LIMIT_MS = 1000;

let dir: string | undefined;
if (!USE_ENV) {
  dir = mkdtempSync(join(tmpdir(), "lb-bench-recommend-"));
  process.env.DATABASE_URL = `file:${join(dir, "app.db")}`;
  process.env.SEARCH_DB_PATH = join(dir, "search.db");
  delete process.env.MEILI_URL;
}
// Modules that read the environment are imported after it is set.
const { getDb, databaseUrl, disconnectDb } = await import("../../app/db.server");
const { closeSearchEngine, getSearchEngine } = await import("../../search/index.server");
const { recommendOrganizations, recommendProjects } = await import("../../app/domain/matching.server");
const { enqueueSearch } = await import("../../app/domain/outbox.server");
const { runSyncOnce } = await import("../../search/sync.server");
const { makeRng } = await import("../../prisma/seed-data/prng");

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const f = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const summary = (xs: number[]) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs) });

async function timeEach<T>(items: T[], fn: (x: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const x of items) {
    const t = performance.now();
    await fn(x);
    out.push(performance.now() - t);
  }
  return out;
}

let code = 0;
try {
  const db = getDb();
  const rng = makeRng(SEED);
  let seeded: unknown = null;
  if (!USE_ENV) {
    const { migrateDeploy } = await import("../db/engine");
    await migrateDeploy(databaseUrl());
    const { seedLarge } = await import("../seed-large");
    console.log(`[bench] seeding ${N_PROJECTS} projects / ${N_ORGS} orgs into ${dir}`);
    const r = await seedLarge(db, { projects: N_PROJECTS, orgs: N_ORGS, log: (s) => console.log(`[bench] ${s}`) });
    seeded = r;
  }
  const engine = getSearchEngine();
  await engine.init();

  const needIds = (await db.project.findMany({ where: { state: "PUBLISHED", bundleId: null }, select: { id: true } })).map((p) => p.id);
  const orgIds = (await db.organization.findMany({ where: { vettingStatus: "APPROVED" }, select: { id: true } })).map((o) => o.id);
  const counts = { projects: await db.project.count(), published: needIds.length, orgs: await db.organization.count(), approved: orgIds.length };
  console.log(`[bench] data: ${JSON.stringify(counts)}`);
  if (!needIds.length || !orgIds.length) throw new Error("no PUBLISHED needs or APPROVED organizations — seed first (npm run seed:large)");
  const needs = Array.from({ length: SAMPLES }, () => rng.pick(needIds));
  const orgs = Array.from({ length: SAMPLES }, () => rng.pick(orgIds));
  const broker = { id: "bench-broker", role: "BROKER" as const };

  // Warm-up (first search loads the column store; first queries prepare statements) — not counted.
  const tw = performance.now();
  for (let i = 0; i < 5; i++) {
    await recommendOrganizations(broker, rng.pick(needIds));
    await recommendProjects({ id: "bench-org", role: "ORG", organizationId: rng.pick(orgIds) });
    await db.organization.findMany({ where: { vettingStatus: "APPROVED" }, take: 20 });
  }
  const warmMs = performance.now() - tw;

  let orgItems = 0;
  let projItems = 0;
  const recOrgs = await timeEach(needs, async (id) => {
    orgItems += (await recommendOrganizations(broker, id)).items.length;
  });
  const recProjects = await timeEach(orgs, async (id) => {
    projItems += (await recommendProjects({ id: "bench-org", role: "ORG", organizationId: id })).length;
  });
  const baseline = await timeEach(needs, () => db.organization.findMany({ where: { vettingStatus: "APPROVED" }, take: 20 }));

  // After an organization change the snapshot of vetted organizations is rebuilt on the next call
  // (app/domain/matching-snapshot.server.ts): time that first call, 5 times.
  const afterOrgChange = await timeEach(Array.from({ length: 5 }, () => rng.pick(orgIds)), async (orgId) => {
    await db.organization.update({ where: { id: orgId }, data: { performanceScore: Math.round(rng.next() * 45 + 55) } });
    await recommendOrganizations(broker, rng.pick(needIds));
  });

  // Freshness: commit (title + outbox row) → runSyncOnce → search finds it.
  const visible: number[] = [];
  const syncOnly: number[] = [];
  for (let t = 0; t < 10; t++) {
    const id = rng.pick(needIds);
    const word = `zqbench${SEED}x${t}${Date.now().toString(36)}`;
    const t0 = performance.now();
    await db.$transaction(async (tx) => {
      const p = await tx.project.findUniqueOrThrow({ where: { id }, select: { title: true } });
      await tx.project.update({ where: { id }, data: { title: `${p.title} ${word}` } });
      await enqueueSearch(tx, "projects", id);
    });
    const t1 = performance.now();
    let found = false;
    while (!found && performance.now() - t0 < 5_000) {
      await runSyncOnce();
      const res = await engine.search("projects", { q: word, hitsPerPage: 5 });
      found = res.hits.some((h) => h.id === id);
      if (!found) await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - t0;
    visible.push(found ? ms : Infinity);
    syncOnly.push(performance.now() - t1);
  }

  const so = summary(recOrgs);
  const sp = summary(recProjects);
  const sb = summary(baseline);
  const sv = summary(visible);
  const result = {
    date: new Date().toISOString(),
    command: process.argv.slice(1).join(" "),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: loadavg().map((x) => x.toFixed(1)) },
    data: counts,
    seeded,
    warmupMs: Math.round(warmMs),
    recommendOrganizations: { ...so, avgItems: orgItems / SAMPLES, ratioP50: so.p50 / sb.p50, ratioP95: so.p95 / sb.p95 },
    recommendProjects: { ...sp, avgItems: projItems / SAMPLES, ratioP50: sp.p50 / sb.p50, ratioP95: sp.p95 / sb.p95 },
    baselineFindMany20: sb,
    recommendOrganizationsAfterOrgChange: summary(afterOrgChange),
    visibility: { ...sv, afterCommitP50: pct(syncOnly, 50), trials: visible.map((x) => Math.round(x)), afterCommitTrials: syncOnly.map((x) => Math.round(x)) },
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(`
| measure (ms) | n | p50 | p95 | max | ratio to baseline p50 / p95 |
|---|---:|---:|---:|---:|---|
| recommendOrganizations (broker, PUBLISHED need) | ${so.n} | ${f(so.p50)} | ${f(so.p95)} | ${f(so.max)} | ${f(so.p50 / sb.p50)}× / ${f(so.p95 / sb.p95)}× |
| recommendProjects (APPROVED org) | ${sp.n} | ${f(sp.p50)} | ${f(sp.p95)} | ${f(sp.max)} | ${f(sp.p50 / sb.p50)}× / ${f(sp.p95 / sb.p95)}× |
| recommendOrganizations, first call after an organization change (snapshot rebuilt; not a target) | ${afterOrgChange.length} | ${f(pct(afterOrgChange, 50))} | ${f(pct(afterOrgChange, 95))} | ${f(Math.max(...afterOrgChange))} | — |
| baseline findMany APPROVED take 20 | ${sb.n} | ${f(sb.p50)} | ${f(sb.p95)} | ${f(sb.max)} | 1× |
| change visible in search (commit + runSyncOnce + search) | ${sv.n} | ${f(sv.p50)} | ${f(sv.p95)} | ${f(sv.max)} | — |
`);
  const fails: string[] = [];
  if (so.p95 > P95_LIMIT_MS) fails.push(`recommendOrganizations p95 ${f(so.p95)} ms > ${P95_LIMIT_MS} ms`);
  if (sp.p95 > P95_LIMIT_MS) fails.push(`recommendProjects p95 ${f(sp.p95)} ms > ${P95_LIMIT_MS} ms`);
  if (sv.max > VISIBLE_LIMIT_MS) fails.push(`an indexed change took ${f(sv.max)} ms > ${VISIBLE_LIMIT_MS} ms to be searchable`);
  if (fails.length) {
    console.error(`[bench] FAIL: ${fails.join("; ")}`);
    code = 1;
  } else console.log("[bench] OK: targets met");
} catch (e) {
  console.error(`[bench] failed: ${e instanceof Error ? e.stack : String(e)}`);
  code = 2;
} finally {
  await closeSearchEngine();
  await disconnectDb();
  if (dir && !KEEP) rmSync(dir, { recursive: true, force: true });
  else if (dir) console.log(`[bench] kept ${dir}`);
}
process.exit(code);
