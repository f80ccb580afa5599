// Outbox sync worker: applies SearchOutbox rows (written in the same transaction as the change, see
// app/domain/outbox.server.ts) to the search engine, with retry and exponential back-off.
//
// Claiming is safe with several app instances:
// - PostgreSQL: one statement selects the rows `FOR UPDATE SKIP LOCKED` and leases them
//   (lockedBy/lockedUntil), so two workers never claim the same row;
// - SQLite: a conditional UPDATE per row (only if still unprocessed and not leased) — SQLite
//   serializes writers, so exactly one worker's update wins.
// Only the OLDEST unprocessed row of a document is claimable, so rows of one document are applied one
// at a time, in id order. A row's document is loaded from the database when it is applied, so a row
// always applies the latest state (and a retried row catches up with later changes).
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { databaseUrl, getDb, isPostgresUrl, type Db } from "~/db.server";
import { loadOrganizationDoc, loadProjectDoc } from "./documents";
import { getSearchEngine } from "./index.server";
import { isIndexName, type AnyDoc, type IndexName, type SearchEngine } from "./port";
import { reindex } from "./reindex.server";

export interface SyncOptions {
  db?: Db;
  engine?: SearchEngine;
  /** Identifies this worker in lockedBy (default host:pid:random). */
  workerId?: string;
  /** Rows claimed per round (default 100). */
  batchSize?: number;
  /** Lease length in ms: a crashed worker's rows are claimable again after it (default 60 s). */
  leaseMs?: number;
  /** First retry delay in ms, doubled per attempt (default 1 s), capped at maxBackoffMs (default 10 min). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Clock (tests). */
  now?: () => Date;
}

export interface SyncReport {
  claimed: number;
  applied: number;
  failed: number;
}

interface ClaimedRow {
  id: number;
  index: string;
  docId: string;
  op: string;
  attempts: number;
}

const defaultWorkerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

/** Delay before attempt n+1 after `attempts` failures: base·2^attempts, capped, with ±10 % jitter. */
export function backoffMs(attempts: number, base = 1000, max = 600_000): number {
  const raw = Math.min(max, base * 2 ** Math.min(attempts, 30));
  return Math.round(raw * (0.9 + Math.random() * 0.2));
}

async function claimPostgres(db: Db, workerId: string, batchSize: number, leaseMs: number, now: Date): Promise<ClaimedRow[]> {
  const nowIso = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const rows = await db.$queryRawUnsafe<Array<{ id: number; index: string; docId: string; op: string; attempts: number }>>(
    `WITH c AS (
       SELECT o."id" FROM "SearchOutbox" o
       WHERE o."processedAt" IS NULL
         AND o."nextAttemptAt" <= $1::timestamp
         AND (o."lockedUntil" IS NULL OR o."lockedUntil" < $1::timestamp)
         AND NOT EXISTS (
           SELECT 1 FROM "SearchOutbox" p
           WHERE p."index" = o."index" AND p."docId" = o."docId" AND p."processedAt" IS NULL AND p."id" < o."id")
       ORDER BY o."id"
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE "SearchOutbox" s SET "lockedBy" = $3, "lockedUntil" = $4::timestamp
     FROM c WHERE s."id" = c."id"
     RETURNING s."id", s."index", s."docId", s."op"::text AS "op", s."attempts"`,
    nowIso,
    batchSize,
    workerId,
    until,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) })).sort((a, b) => a.id - b.id);
}

async function claimSqlite(db: Db, workerId: string, batchSize: number, leaseMs: number, now: Date): Promise<ClaimedRow[]> {
  // A prefix of the unprocessed rows in id order: the first row seen per document is its oldest.
  const pending = await db.searchOutbox.findMany({
    where: { processedAt: null },
    orderBy: { id: "asc" },
    take: batchSize * 4,
    select: { id: true, index: true, docId: true, op: true, attempts: true, nextAttemptAt: true, lockedUntil: true },
  });
  const seen = new Set<string>();
  const candidates: typeof pending = [];
  for (const r of pending) {
    const key = `${r.index}\u0000${r.docId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (r.nextAttemptAt > now) continue;
    if (r.lockedUntil && r.lockedUntil >= now) continue;
    candidates.push(r);
    if (candidates.length >= batchSize) break;
  }
  const until = new Date(now.getTime() + leaseMs);
  const claimed: ClaimedRow[] = [];
  for (const r of candidates) {
    const { count } = await db.searchOutbox.updateMany({
      where: { id: r.id, processedAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedBy: workerId, lockedUntil: until },
    });
    if (count === 1) claimed.push({ id: r.id, index: r.index, docId: r.docId, op: r.op, attempts: r.attempts });
  }
  return claimed;
}

/** Claims, applies and settles one batch of outbox rows. */
export async function runSyncOnce(opts: SyncOptions = {}): Promise<SyncReport> {
  const db = opts.db ?? getDb();
  const engine = opts.engine ?? getSearchEngine();
  const workerId = opts.workerId ?? defaultWorkerId;
  const batchSize = opts.batchSize ?? 100;
  const leaseMs = opts.leaseMs ?? 60_000;
  const now = (opts.now ?? (() => new Date()))();
  const pg = opts.db ? await isPostgres(db) : isPostgresUrl(databaseUrl());
  const rows = pg ? await claimPostgres(db, workerId, batchSize, leaseMs, now) : await claimSqlite(db, workerId, batchSize, leaseMs, now);
  if (rows.length === 0) return { claimed: 0, applied: 0, failed: 0 };

  const failures = new Map<number, string>();
  const done: number[] = [];
  const byIndex = new Map<IndexName, ClaimedRow[]>();
  for (const r of rows) {
    if (!isIndexName(r.index)) {
      failures.set(r.id, `unknown index '${r.index}'`);
      continue;
    }
    const list = byIndex.get(r.index) ?? [];
    list.push(r);
    byIndex.set(r.index, list);
  }

  for (const [index, list] of byIndex) {
    const upserts: AnyDoc[] = [];
    const deletes: string[] = [];
    const ok: number[] = [];
    for (const r of list) {
      try {
        const doc = r.op === "DELETE" ? null : index === "projects" ? await loadProjectDoc(db, r.docId) : await loadOrganizationDoc(db, r.docId);
        if (doc) upserts.push(doc);
        else deletes.push(r.docId);
        ok.push(r.id);
      } catch (e) {
        failures.set(r.id, errorText(e));
      }
    }
    try {
      if (upserts.length) await engine.upsert(index, upserts as never[]);
      if (deletes.length) await engine.delete(index, deletes);
      done.push(...ok);
    } catch (e) {
      for (const id of ok) failures.set(id, errorText(e));
    }
  }

  const settledAt = new Date();
  if (done.length) {
    await db.searchOutbox.updateMany({
      where: { id: { in: done } },
      data: { processedAt: settledAt, lockedBy: null, lockedUntil: null, lastError: null },
    });
  }
  for (const r of rows) {
    const err = failures.get(r.id);
    if (err === undefined) continue;
    await db.searchOutbox.update({
      where: { id: r.id },
      data: {
        attempts: { increment: 1 },
        nextAttemptAt: new Date(settledAt.getTime() + backoffMs(r.attempts, opts.baseBackoffMs, opts.maxBackoffMs)),
        lastError: err.slice(0, 1000),
        lockedBy: null,
        lockedUntil: null,
      },
    });
  }
  return { claimed: rows.length, applied: done.length, failed: failures.size };
}

const pgCache = new WeakMap<object, boolean>();
async function isPostgres(db: Db): Promise<boolean> {
  let v = pgCache.get(db);
  if (v === undefined) {
    try {
      await db.$queryRawUnsafe("SELECT sqlite_version()");
      v = false;
    } catch {
      v = true;
    }
    pgCache.set(db, v);
  }
  return v;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Deletes processed rows older than `olderThanMs` (default 7 days). */
export async function pruneOutbox(opts: { db?: Db; olderThanMs?: number } = {}): Promise<number> {
  const db = opts.db ?? getDb();
  const before = new Date(Date.now() - (opts.olderThanMs ?? 7 * 24 * 3600 * 1000));
  const { count } = await db.searchOutbox.deleteMany({ where: { processedAt: { not: null, lt: before } } });
  return count;
}

/** Fills indexes that the engine reports as created empty (first start, settings/tokenizer change). */
export async function ensureSearchIndexes(opts: { db?: Db; engine?: SearchEngine; log?: (msg: string) => void } = {}): Promise<IndexName[]> {
  const engine = opts.engine ?? getSearchEngine();
  const stale = await engine.staleIndexes();
  for (const index of stale) {
    const r = await reindex(index, { db: opts.db, engine });
    opts.log?.(`[search] rebuilt ${index}: ${r.count} documents in ${r.ms} ms`);
  }
  return stale;
}

export interface SyncLoop {
  /** Runs a round soon (e.g. right after a write) instead of waiting for the interval. */
  kick(): void;
  stop(): Promise<void>;
}

const g = globalThis as unknown as { __lbSyncLoop?: SyncLoop };

/**
 * Runs the worker every `intervalMs` (default 500 ms) until stop() or SIGTERM/SIGINT. Rounds repeat
 * while full batches come back. One loop per process: a second call returns the running loop.
 */
export function startSyncLoop(opts: SyncOptions & { intervalMs?: number; log?: (msg: string) => void } = {}): SyncLoop {
  if (g.__lbSyncLoop) return g.__lbSyncLoop;
  const intervalMs = opts.intervalMs ?? 500;
  const batchSize = opts.batchSize ?? 100;
  const log = opts.log ?? ((m: string) => console.error(m));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let rounds = 0;
  let lastError = "";
  let ensured = false;

  const round = async () => {
    try {
      if (!ensured) {
        await ensureSearchIndexes({ db: opts.db, engine: opts.engine, log });
        ensured = true;
      }
      let r: SyncReport;
      do {
        r = await runSyncOnce({ ...opts, batchSize });
      } while (!stopped && r.claimed === batchSize && r.failed === 0);
      if (++rounds % 2000 === 0) await pruneOutbox({ db: opts.db });
      lastError = "";
    } catch (e) {
      const msg = errorText(e);
      if (msg !== lastError) log(`[search] sync round failed: ${msg}`);
      lastError = msg;
    }
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) return schedule(intervalMs);
      running = round().finally(() => {
        running = undefined;
        schedule(intervalMs);
      });
    }, delay);
    timer.unref?.();
  };
  // Stop on SIGTERM/SIGINT; if nobody else listens for the signal, re-raise it so the process still
  // exits as it would have without this listener.
  const onSignal = (signal: NodeJS.Signals) => {
    void loop.stop().finally(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const loop: SyncLoop = {
    kick: () => schedule(0),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      if (g.__lbSyncLoop === loop) g.__lbSyncLoop = undefined;
      await running;
    },
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  g.__lbSyncLoop = loop;
  schedule(0);
  return loop;
}

/** Asks the running sync loop (if any) for a round now; call after committing an indexed change. */
export function requestSearchSync(): void {
  g.__lbSyncLoop?.kick();
}
