// Picks the search engine: Meilisearch when MEILI_URL is set (MEILI_KEY as its API key), otherwise
// the embedded SQLite FTS5 engine (SEARCH_DB_PATH, default ./data/search.db). One per process.
import { EmbeddedSearchEngine } from "./embedded.server";
import { MeiliSearchEngine } from "./meili.server";
import type { SearchEngine } from "./port";

export type { SearchEngine } from "./port";

const g = globalThis as unknown as { __lbSearchEngine?: SearchEngine };

export function createSearchEngine(env: NodeJS.ProcessEnv = process.env): SearchEngine {
  if (env.MEILI_URL) {
    return new MeiliSearchEngine({ host: env.MEILI_URL, apiKey: env.MEILI_KEY || undefined, indexPrefix: env.MEILI_INDEX_PREFIX || "" });
  }
  return new EmbeddedSearchEngine();
}

/** The process-wide engine, created on first use. */
export function getSearchEngine(): SearchEngine {
  if (!g.__lbSearchEngine) g.__lbSearchEngine = createSearchEngine();
  return g.__lbSearchEngine;
}

/** Replaces the process-wide engine (tests, scripts); `undefined` resets to the configured one. */
export function setSearchEngine(engine: SearchEngine | undefined): void {
  g.__lbSearchEngine = engine;
}

export async function closeSearchEngine(): Promise<void> {
  const e = g.__lbSearchEngine;
  g.__lbSearchEngine = undefined;
  await e?.close();
}
