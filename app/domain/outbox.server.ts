// Search outbox: every write that changes an indexed document enqueues a row IN THE SAME
// TRANSACTION; the sync worker (search/sync.server.ts) applies rows to the engine with retry.
import type { Tx } from "~/db.server";

export type SearchIndexName = "projects" | "organizations";

export async function enqueueSearch(tx: Tx, index: SearchIndexName, docId: string, op: "UPSERT" | "DELETE" = "UPSERT"): Promise<void> {
  await tx.searchOutbox.create({ data: { index, docId, op } });
}
