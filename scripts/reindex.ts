// `npm run reindex [-- projects|organizations|all]`: rebuilds search indexes from the database
// without downtime. The configured engine (Meilisearch when MEILI_URL is set, else the embedded index
// at SEARCH_DB_PATH) builds each index aside and swaps it in; changes committed meanwhile are replayed
// from the outbox. Safe to run while the app is serving.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), ".."));

const { disconnectDb } = await import("../app/db.server");
const { closeSearchEngine, getSearchEngine } = await import("../search/index.server");
const { reindex } = await import("../search/reindex.server");
const { INDEX_NAMES, isIndexName } = await import("../search/port");

const arg = process.argv[2] ?? "all";
if (arg !== "all" && !isIndexName(arg)) {
  console.error(`usage: npm run reindex [-- ${INDEX_NAMES.join("|")}|all]`);
  process.exit(2);
}
const indexes = arg === "all" ? [...INDEX_NAMES] : [arg];

let code = 0;
try {
  const engine = getSearchEngine();
  await engine.init();
  console.log(`[reindex] engine: ${engine.kind}`);
  for (const index of indexes) {
    const r = await reindex(index);
    console.log(`[reindex] ${index}: ${r.count} documents, ${r.replayed} replayed, ${(r.ms / 1000).toFixed(1)} s`);
  }
} catch (e) {
  console.error(`[reindex] failed: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  await closeSearchEngine();
  await disconnectDb();
}
process.exit(code);
