// Search health for /healthz: "degraded" when the engine fails its health check, or when outbox rows
// have been failing (attempts > 0) for longer than `staleAfterSec` (default 60 s). Writes never depend
// on it: a degraded search only means the index lags behind the database.
import { getDb, type Db } from "~/db.server";
import { getSearchEngine } from "./index.server";
import type { SearchEngine } from "./port";

export type SearchHealthStatus = "ok" | "degraded";

export interface SearchHealthReport {
  status: SearchHealthStatus;
  engine: string;
  engineOk: boolean;
  detail?: string;
  /** Unprocessed outbox rows. */
  pending: number;
  /** Unprocessed rows that already failed and are older than staleAfterSec. */
  failing: number;
  /** Age in seconds of the oldest unprocessed row (0 when none). */
  oldestPendingSec: number;
}

export interface SearchHealthOptions {
  db?: Db;
  engine?: SearchEngine;
  staleAfterSec?: number;
  now?: Date;
}

export async function searchHealthReport(opts: SearchHealthOptions = {}): Promise<SearchHealthReport> {
  const db = opts.db ?? getDb();
  const engine = opts.engine ?? getSearchEngine();
  const now = opts.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (opts.staleAfterSec ?? 60) * 1000);
  const [h, pending, failing, oldest] = await Promise.all([
    engine.health().catch((e: unknown) => ({ ok: false, engine: engine.kind, detail: e instanceof Error ? e.message : String(e) })),
    db.searchOutbox.count({ where: { processedAt: null } }),
    db.searchOutbox.count({ where: { processedAt: null, attempts: { gt: 0 }, createdAt: { lt: staleBefore } } }),
    db.searchOutbox.findFirst({ where: { processedAt: null }, orderBy: { id: "asc" }, select: { createdAt: true } }),
  ]);
  return {
    status: h.ok && failing === 0 ? "ok" : "degraded",
    engine: h.engine,
    engineOk: h.ok,
    ...(h.detail ? { detail: h.detail } : {}),
    pending,
    failing,
    oldestPendingSec: oldest ? Math.max(0, Math.round((now.getTime() - oldest.createdAt.getTime()) / 1000)) : 0,
  };
}

export async function searchHealth(opts: SearchHealthOptions = {}): Promise<SearchHealthStatus> {
  try {
    return (await searchHealthReport(opts)).status;
  } catch {
    return "degraded";
  }
}
