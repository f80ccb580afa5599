// Rebuilds one index from the database without downtime: the engine builds a new index aside
// (swapIn) while searches use the old one, then swaps. Changes committed while the build ran are
// replayed afterwards from the outbox, so none is lost.
import { getDb, type Db } from "~/db.server";
import { loadOrganizationDoc, loadProjectDoc, organizationDocBatches, projectDocBatches } from "./documents";
import { getSearchEngine } from "./index.server";
import type { AnyDoc, IndexName, SearchEngine } from "./port";

export interface ReindexReport {
  index: IndexName;
  count: number;
  replayed: number;
  ms: number;
}

export async function reindex(index: IndexName, opts: { db?: Db; engine?: SearchEngine; batchSize?: number } = {}): Promise<ReindexReport> {
  const db = opts.db ?? getDb();
  const engine = opts.engine ?? getSearchEngine();
  const started = Date.now();
  // Anything enqueued after this id, or applied (possibly to the old index) during the build, is replayed.
  const last = await db.searchOutbox.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const fromId = last?.id ?? 0;
  const since = new Date(started - 5_000);
  const batches = index === "projects" ? projectDocBatches(db, opts.batchSize) : organizationDocBatches(db, opts.batchSize);
  const count = await engine.swapIn(index, batches as AsyncIterable<never[]>);

  const rows = await db.searchOutbox.findMany({
    where: { index, OR: [{ id: { gt: fromId } }, { processedAt: null }, { processedAt: { gte: since } }] },
    select: { docId: true },
  });
  const ids = [...new Set(rows.map((r) => r.docId))];
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const upserts: AnyDoc[] = [];
    const deletes: string[] = [];
    for (const id of chunk) {
      const doc = index === "projects" ? await loadProjectDoc(db, id) : await loadOrganizationDoc(db, id);
      if (doc) upserts.push(doc);
      else deletes.push(id);
    }
    if (upserts.length) await engine.upsert(index, upserts as never[]);
    if (deletes.length) await engine.delete(index, deletes);
  }
  return { index, count, replayed: ids.length, ms: Date.now() - started };
}
