// Outbox → engine sync against the real (per-file, migrated) database of the test harness.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { enqueueSearch } from "~/domain/outbox.server";
import { loadOrganizationDoc, loadProjectDoc } from "./documents";
import { EmbeddedSearchEngine } from "./embedded.server";
import { searchHealth, searchHealthReport } from "./health.server";
import type { DocFor, EngineHealth, IndexName, SearchEngine, SearchParams } from "./port";
import { reindex } from "./reindex.server";
import { backoffMs, runSyncOnce, startSyncLoop } from "./sync.server";

/** Delegates to a real engine; can be switched to fail like an unreachable Meilisearch. */
class FlakyEngine implements SearchEngine {
  readonly kind = "embedded" as const;
  down = false;
  upserts: string[] = [];
  constructor(readonly inner: SearchEngine) {}
  private check() {
    if (this.down) throw new Error("search engine unreachable");
  }
  init() {
    return this.inner.init();
  }
  async upsert<I extends IndexName>(index: I, docs: DocFor<I>[]) {
    this.check();
    this.upserts.push(...docs.map((d) => d.id));
    return this.inner.upsert(index, docs);
  }
  async delete(index: IndexName, ids: string[]) {
    this.check();
    return this.inner.delete(index, ids);
  }
  async search<I extends IndexName>(index: I, params: SearchParams) {
    this.check();
    return this.inner.search(index, params);
  }
  async health(): Promise<EngineHealth> {
    return this.down ? { ok: false, engine: "embedded", detail: "down" } : this.inner.health();
  }
  swapIn<I extends IndexName>(index: I, docs: Parameters<SearchEngine["swapIn"]>[1]) {
    this.check();
    return this.inner.swapIn(index, docs as DocFor<I>[]);
  }
  clear(index: IndexName) {
    return this.inner.clear(index);
  }
  staleIndexes() {
    return this.inner.staleIndexes();
  }
  count(index: IndexName) {
    return this.inner.count(index);
  }
  close() {
    return this.inner.close();
  }
}

const dir = join(process.cwd(), "tests", ".tmp");
let path: string;
let engine: FlakyEngine;
let seq = 0;

async function makeEnterprise(): Promise<string> {
  const e = await db.enterprise.create({
    data: { name: "长沙智造科技有限公司", uscc: `91430100${randomBytes(5).toString("hex").toUpperCase()}`, districtCode: "yuhua" },
  });
  return e.id;
}

/** Creates a project and its outbox row in ONE transaction, as domain code does. */
async function createProject(title: string, state: "DRAFT" | "PUBLISHED" = "PUBLISHED", enterpriseId?: string): Promise<string> {
  const n = ++seq;
  return db.$transaction(async (tx) => {
    const p = await tx.project.create({
      data: {
        code: `XQ-T-${process.pid}-${n}`,
        enterpriseId,
        title,
        description: "为职工提供服务",
        categoryCode: "psych_counselling",
        districtCode: "kaifu",
        beneficiariesPlanned: 40,
        budgetFen: 1_000_000 + n,
        fundingSource: "UNION_FUNDS",
        state,
        publishedAt: state === "PUBLISHED" ? new Date() : null,
      },
    });
    await enqueueSearch(tx, "projects", p.id);
    return p.id;
  });
}

async function setProjectState(id: string, state: "PUBLISHED" | "CANCELLED" | "DRAFT"): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.project.update({ where: { id }, data: { state } });
    await enqueueSearch(tx, "projects", id);
  });
}

const found = async (index: IndexName, q: string) => (await engine.inner.search(index, { q })).hits.map((h) => h.id);

/** Runs the worker until the outbox is drained (rows of one document are applied one per round). */
async function drain(now?: () => Date): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const r = await runSyncOnce({ engine, now });
    if (r.claimed === 0) return;
  }
  throw new Error("outbox did not drain");
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  path = join(dir, `search-sync-${randomBytes(4).toString("hex")}.db`);
});

beforeEach(async () => {
  await engine?.close();
  for (const s of ["", "-wal", "-shm"]) rmSync(path + s, { force: true });
  engine = new FlakyEngine(new EmbeddedSearchEngine({ path }));
  await db.searchOutbox.deleteMany({});
});

afterAll(async () => {
  await engine?.close();
  for (const s of ["", "-wal", "-shm"]) rmSync(path + s, { force: true });
});

describe("outbox sync", () => {
  it("applies rows written in the same transaction as the change", async () => {
    const ent = await makeEnterprise();
    const id = await createProject("新入职员工心理疏导讲座", "PUBLISHED", ent);
    const org = await db.$transaction(async (tx) => {
      const o = await tx.organization.create({
        data: {
          name: "长沙市心桥心理咨询服务中心",
          uscc: `52430100${randomBytes(5).toString("hex").toUpperCase()}`,
          districtCode: "yuhua",
          vettingStatus: "APPROVED",
          grade: 4,
          tags: ["EAP", "团体辅导"],
          categories: { create: [{ categoryCode: "psych_counselling" }] },
          serviceDistricts: { create: [{ districtCode: "yuhua" }, { districtCode: "kaifu" }] },
        },
      });
      await enqueueSearch(tx, "organizations", o.id);
      return o;
    });
    const r = await runSyncOnce({ engine });
    expect(r).toEqual({ claimed: 2, applied: 2, failed: 0 });
    expect(await found("projects", "疏导")).toEqual([id]);
    expect(await found("projects", "智造")).toEqual([id]); // enterprise name is searchable
    expect(await found("organizations", "心理")).toEqual([org.id]);
    const doc = (await engine.inner.search("organizations", { filter: 'serviceDistricts = "kaifu"' })).hits[0].doc;
    expect(doc).toMatchObject({ categories: ["psych_counselling"], categoryNames: ["心理咨询"], tags: ["EAP", "团体辅导"], grade: 4 });
    expect(await db.searchOutbox.count({ where: { processedAt: null } })).toBe(0);
    expect(await searchHealth({ engine })).toBe("ok");
  });

  it("indexes only public projects and approved organizations", async () => {
    const id = await createProject("叉车安全操作培训", "DRAFT");
    expect(await loadProjectDoc(db, id)).toBeNull();
    await drain();
    expect(await found("projects", "叉车")).toEqual([]);

    await setProjectState(id, "PUBLISHED");
    await drain();
    expect(await found("projects", "叉车")).toEqual([id]);

    await setProjectState(id, "CANCELLED"); // past projects stay searchable (the UI filters by state)
    await drain();
    expect((await engine.inner.search("projects", { q: "叉车" })).hits[0].doc.state).toBe("CANCELLED");

    await setProjectState(id, "DRAFT");
    await drain();
    expect(await found("projects", "叉车")).toEqual([]);

    const org = await db.organization.create({
      data: { name: "暂停的社工机构", uscc: `52430100${randomBytes(5).toString("hex").toUpperCase()}`, districtCode: "yuhua", vettingStatus: "SUSPENDED" },
    });
    expect(await loadOrganizationDoc(db, org.id)).toBeNull();
  });

  it("keeps writes working while the engine is down, reports degraded, and catches up", async () => {
    engine.down = true;
    const id = await createProject("法律援助进企业宣讲"); // the write itself succeeds
    expect(await db.project.count({ where: { id } })).toBe(1);

    const r = await runSyncOnce({ engine });
    expect(r).toEqual({ claimed: 1, applied: 0, failed: 1 });
    const row = await db.searchOutbox.findFirstOrThrow({ where: { docId: id } });
    expect(row.processedAt).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/unreachable/);
    expect(row.lockedBy).toBeNull();
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    // engine down → degraded; failing rows older than the threshold → degraded even once it is up
    expect(await searchHealth({ engine })).toBe("degraded");
    const later = new Date(Date.now() + 120_000);
    engine.down = false;
    expect(await searchHealth({ engine, staleAfterSec: 60 })).toBe("ok");
    expect(await searchHealth({ engine, staleAfterSec: 60, now: later })).toBe("degraded");

    // not retried before its back-off ends
    expect((await runSyncOnce({ engine })).claimed).toBe(0);
    await drain(() => later);
    expect(await found("projects", "宣讲")).toEqual([id]);
    const report = await searchHealthReport({ engine, now: later });
    expect(report).toMatchObject({ status: "ok", pending: 0, failing: 0 });
  });

  it("applies the rows of one document one at a time, in order, with several workers", async () => {
    const a = await createProject("甲项目 alpha");
    const b = await createProject("乙项目 beta");
    await setProjectState(a, "CANCELLED");
    await setProjectState(a, "PUBLISHED");
    expect(await db.searchOutbox.count()).toBe(4);

    // two workers at once: together they claim a's oldest row and b's row, nothing else
    const [r1, r2] = await Promise.all([runSyncOnce({ engine, workerId: "w1" }), runSyncOnce({ engine, workerId: "w2" })]);
    expect(r1.claimed + r2.claimed).toBe(2);
    expect(engine.upserts.sort()).toEqual([a, b].sort());
    await drain();
    expect(engine.upserts.filter((x) => x === a)).toHaveLength(3);
    expect(await db.searchOutbox.count({ where: { processedAt: null } })).toBe(0);
    expect((await engine.inner.search("projects", { q: "alpha" })).hits[0].doc.state).toBe("PUBLISHED");
  });

  it("does not claim rows leased by another worker until the lease ends", async () => {
    await createProject("丙项目 gamma");
    const row = await db.searchOutbox.findFirstOrThrow();
    await db.searchOutbox.update({ where: { id: row.id }, data: { lockedBy: "crashed", lockedUntil: new Date(Date.now() + 60_000) } });
    expect((await runSyncOnce({ engine })).claimed).toBe(0);
    expect((await runSyncOnce({ engine, now: () => new Date(Date.now() + 61_000) })).applied).toBe(1);
  });

  it("backs off exponentially up to a cap", () => {
    for (const [attempts, base] of [
      [0, 1000],
      [1, 2000],
      [5, 32_000],
    ] as const) {
      const d = backoffMs(attempts);
      expect(d).toBeGreaterThanOrEqual(base * 0.9);
      expect(d).toBeLessThanOrEqual(base * 1.1);
    }
    expect(backoffMs(40)).toBeLessThanOrEqual(660_000);
  });

  it("makes a change searchable within a second with the sync loop", async () => {
    const loop = startSyncLoop({ engine, intervalMs: 100, log: () => {} });
    try {
      const started = Date.now();
      const id = await createProject("心理健康周活动 delta");
      while (Date.now() - started < 1000) {
        if ((await found("projects", "delta")).includes(id)) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await found("projects", "delta")).toEqual([id]);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await loop.stop();
    }
  });
});

describe("reindex", () => {
  it("rebuilds from the database aside, swaps, and replays changes made during the build", async () => {
    const kept = await createProject("职业技能提升培训 epsilon");
    const draft = await createProject("未发布的草稿 zeta", "DRAFT");
    await drain();
    await engine.inner.upsert("projects", [{ ...(await loadProjectDoc(db, kept))!, id: "ghost", title: "已删除的幽灵项目" }]);

    let late = "";
    const inner = engine.inner;
    const spy: SearchEngine = Object.create(inner);
    spy.swapIn = async (index, docs) => {
      // a write that commits after the build has read its batches
      const wrapped = (async function* () {
        for await (const batch of docs as AsyncIterable<DocFor<typeof index>[]>) yield batch;
        late = await createProject("构建期间新增 eta");
      })();
      return inner.swapIn(index, wrapped);
    };
    const r = await reindex("projects", { engine: spy });
    expect(r.count).toBe(await db.project.count({ where: { state: { notIn: ["DRAFT", "SUBMITTED", "REJECTED"] }, bundleId: null } }) - 1);
    expect(r.replayed).toBeGreaterThanOrEqual(1);
    expect(await found("projects", "epsilon")).toEqual([kept]);
    expect(await found("projects", "eta")).toEqual([late]);
    expect(await found("projects", "幽灵")).toEqual([]); // not in the database: gone after the rebuild
    expect(await found("projects", "zeta")).toEqual([]);
    expect(draft).toBeTruthy();
    expect(await inner.staleIndexes()).not.toContain("projects");
  });
});
