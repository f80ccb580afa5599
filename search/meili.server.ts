// Meilisearch adapter (official `meilisearch` client, v0.62). Used when MEILI_URL is set.
// - Index settings come from settings.ts and are applied by init() (start-up) and before a swap.
// - Every document carries an extra searchable field `segmented`: the search-mode segmentation of all
//   searchable text (tokenizer.ts), so Meilisearch also finds words inside longer words (处理 → 待处理).
// - Every task is awaited and a failed task throws SearchEngineError with Meilisearch's message.
// - Filters are parsed, checked against the whitelist and re-serialized (filter.ts) before they are
//   sent, so only whitelisted attributes and escaped values reach Meilisearch.
// - Query words follow the port's semantics: matchingStrategy "all", and when nothing matches the
//   adapter drops words from the end itself (Meilisearch's "last" would also return partial matches
//   whenever the page is not full).
import { Meilisearch, type EnqueuedTaskPromise, type Hit, type Settings, type Task } from "meilisearch";
import { serializeFilter } from "./filter";
import {
  INDEX_NAMES,
  SearchEngineError,
  type AnyDoc,
  type DocFor,
  type EngineHealth,
  type IndexName,
  type SearchEngine,
  type SearchHit,
  type SearchParams,
  type SearchResult,
} from "./port";
import { planQuery } from "./query";
import {
  CROP_WORDS,
  HIGHLIGHT_POST,
  HIGHLIGHT_PRE,
  MAX_TOTAL_HITS,
  RANKING_RULES,
  SEGMENTED_FIELD,
  SETTINGS,
  TYPO,
  meiliSynonyms,
} from "./settings";
import { escapeHtml } from "./text";
import { segmentForIndex } from "./tokenizer";
import { validateSearchParams } from "./validate";

export interface MeiliOptions {
  host: string;
  apiKey?: string;
  /** Prefix of index uids (e.g. per environment or per test run); default MEILI_INDEX_PREFIX or "". */
  indexPrefix?: string;
  /** Milliseconds to wait for a task (default 30 s). */
  taskTimeoutMs?: number;
  /** Milliseconds per HTTP request (default 10 s). */
  requestTimeoutMs?: number;
}

// Private-use characters as highlight tags, so the adapter can HTML-escape the text and then insert <mark>.
const PRE = "\uE000";
const POST = "\uE001";

/** Settings for one index, as sent to Meilisearch. */
export function meiliSettings(index: IndexName): Settings {
  const s = SETTINGS[index];
  return {
    searchableAttributes: [...s.searchable.map((x) => x.attr), SEGMENTED_FIELD],
    displayedAttributes: [...s.displayed],
    filterableAttributes: Object.keys(s.filterable),
    sortableAttributes: [...s.sortable],
    rankingRules: [...RANKING_RULES],
    synonyms: meiliSynonyms(),
    typoTolerance: { enabled: true, disableOnNumbers: true, minWordSizeForTypos: { oneTypo: TYPO.oneTypo, twoTypos: TYPO.twoTypos } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "alpha" } },
    // Chinese text: keeps charabia from detecting short Chinese strings as Japanese.
    localizedAttributes: [{ attributePatterns: ["*"], locales: ["cmn"] }],
  };
}

/** The document as sent to Meilisearch: the port's document plus the `segmented` field. */
export function toMeiliDoc(index: IndexName, doc: AnyDoc): Record<string, unknown> {
  const rec = doc as unknown as Record<string, unknown>;
  const text = SETTINGS[index].searchable
    .map(({ attr }) => {
      const v = rec[attr];
      return Array.isArray(v) ? v.join(" ") : v == null ? "" : String(v);
    })
    .join(" ");
  return { ...rec, [SEGMENTED_FIELD]: segmentForIndex(text) };
}

/** Meilisearch's highlighted text (with private-use tags) → HTML-escaped text with <mark>. */
export function formattedToHtml(v: unknown): string {
  const text = Array.isArray(v) ? v.map(String).join("、") : v == null ? "" : String(v);
  return escapeHtml(text).replaceAll(PRE, HIGHLIGHT_PRE).replaceAll(POST, HIGHLIGHT_POST);
}

export class MeiliSearchEngine implements SearchEngine {
  readonly kind = "meilisearch" as const;
  readonly client: Meilisearch;
  private readonly prefix: string;
  private readonly taskTimeoutMs: number;
  private ready: Promise<void> | null = null;
  private readonly created = new Set<IndexName>();

  constructor(opts: MeiliOptions) {
    this.client = new Meilisearch({
      host: opts.host,
      apiKey: opts.apiKey,
      timeout: opts.requestTimeoutMs ?? 10_000,
      defaultWaitOptions: { timeout: opts.taskTimeoutMs ?? 30_000, interval: 50 },
    });
    this.prefix = opts.indexPrefix ?? process.env.MEILI_INDEX_PREFIX ?? "";
    this.taskTimeoutMs = opts.taskTimeoutMs ?? 30_000;
  }

  uid(index: IndexName): string {
    return `${this.prefix}${index}`;
  }

  /** Awaits a task; a failed or canceled task throws with Meilisearch's error message. */
  private async wait(p: EnqueuedTaskPromise, what: string, ignoreCodes: string[] = []): Promise<Task> {
    let task: Task;
    try {
      task = await p.waitTask({ timeout: this.taskTimeoutMs });
    } catch (e) {
      throw new SearchEngineError(`meilisearch: ${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (task.status === "failed" || task.status === "canceled") {
      if (task.error && ignoreCodes.includes(task.error.code)) return task;
      throw new SearchEngineError(`meilisearch: ${what} ${task.status}: ${task.error?.message ?? "no error message"} (${task.error?.code ?? "?"})`);
    }
    return task;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof SearchEngineError) throw e;
      throw new SearchEngineError(`meilisearch: ${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  /** Creates the index when missing (remembering that it is empty) and applies the settings. */
  private async prepareIndex(uid: string): Promise<boolean> {
    const t = await this.wait(this.client.createIndex(uid, { primaryKey: "id" }), `create index ${uid}`, ["index_already_exists"]);
    return t.status === "succeeded";
  }

  async init(): Promise<void> {
    if (!this.ready) {
      this.ready = (async () => {
        for (const index of INDEX_NAMES) {
          if (await this.prepareIndex(this.uid(index))) this.created.add(index);
          await this.wait(this.client.index(this.uid(index)).updateSettings(meiliSettings(index)), `settings of ${this.uid(index)}`);
        }
      })();
      this.ready.catch(() => {
        this.ready = null; // retry on the next call
      });
    }
    return this.ready;
  }

  async upsert<I extends IndexName>(index: I, docs: DocFor<I>[]): Promise<void> {
    if (docs.length === 0) return;
    await this.init();
    await this.wait(
      this.client.index(this.uid(index)).addDocuments(docs.map((d) => toMeiliDoc(index, d)), { primaryKey: "id" }),
      `add documents to ${this.uid(index)}`,
    );
  }

  async delete(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.init();
    await this.wait(this.client.index(this.uid(index)).deleteDocuments(ids), `delete documents from ${this.uid(index)}`);
  }

  async clear(index: IndexName): Promise<void> {
    await this.init();
    await this.wait(this.client.index(this.uid(index)).deleteAllDocuments(), `clear ${this.uid(index)}`);
  }

  async count(index: IndexName): Promise<number> {
    await this.init();
    return this.call("stats", async () => (await this.client.index(this.uid(index)).getStats()).numberOfDocuments);
  }

  async staleIndexes(): Promise<IndexName[]> {
    await this.init();
    return INDEX_NAMES.filter((i) => this.created.has(i));
  }

  async health(): Promise<EngineHealth> {
    try {
      const h = await this.client.health();
      if (h.status !== "available") return { ok: false, engine: "meilisearch", detail: `status ${h.status}` };
      await this.init();
      return { ok: true, engine: "meilisearch" };
    } catch (e) {
      return { ok: false, engine: "meilisearch", detail: e instanceof Error ? e.message : String(e) };
    }
  }

  async close(): Promise<void> {
    // the client keeps no connections open
  }

  async swapIn<I extends IndexName>(index: I, docs: DocFor<I>[] | Iterable<DocFor<I>[]> | AsyncIterable<DocFor<I>[]>): Promise<number> {
    await this.init();
    const live = this.uid(index);
    const tmp = `${live}_rebuild_${Date.now().toString(36)}`;
    await this.prepareIndex(tmp);
    let count = 0;
    try {
      await this.wait(this.client.index(tmp).updateSettings(meiliSettings(index)), `settings of ${tmp}`);
      const batches: Iterable<DocFor<I>[]> | AsyncIterable<DocFor<I>[]> =
        Array.isArray(docs) && !Array.isArray(docs[0]) ? [docs as DocFor<I>[]] : (docs as Iterable<DocFor<I>[]>);
      for await (const batch of batches) {
        if (batch.length === 0) continue;
        await this.wait(this.client.index(tmp).addDocuments(batch.map((d) => toMeiliDoc(index, d)), { primaryKey: "id" }), `add documents to ${tmp}`);
        count += batch.length;
      }
      await this.wait(this.client.swapIndexes([{ indexes: [live, tmp], rename: false }]), `swap ${live} with ${tmp}`);
      this.created.delete(index);
    } finally {
      // after the swap `tmp` holds the old documents; on failure it holds the partial build
      await this.wait(this.client.deleteIndex(tmp), `delete ${tmp}`, ["index_not_found"]).catch(() => undefined);
    }
    return count;
  }

  async search<I extends IndexName>(index: I, params: SearchParams): Promise<SearchResult<DocFor<I>>> {
    const started = Date.now();
    const v = validateSearchParams(index, params);
    await this.init();
    const s = SETTINGS[index];
    const plan = planQuery(params.q);
    const filter = v.filter ? serializeFilter(v.filter) : undefined;
    const idx = this.client.index<Record<string, unknown>>(this.uid(index));
    let used = plan.groups.length;
    for (;;) {
      const q = used === plan.groups.length ? plan.normalized : plan.normalized.slice(0, plan.groups[used - 1].end);
      const res = await this.call("search", () =>
        idx.search(q, {
          filter,
          facets: v.facets.length ? v.facets : undefined,
          sort: v.sort.length ? v.sort.map((x) => `${x.attr}:${x.desc ? "desc" : "asc"}`) : undefined,
          page: v.page,
          hitsPerPage: v.hitsPerPage,
          matchingStrategy: "all",
          showRankingScore: true,
          locales: ["cmn"],
          ...(params.highlight
            ? {
                attributesToHighlight: [...s.highlight],
                attributesToCrop: [...s.crop],
                cropLength: CROP_WORDS,
                highlightPreTag: PRE,
                highlightPostTag: POST,
              }
            : {}),
        }),
      );
      if (res.totalHits > 0 || used <= 1) {
        const facetStats: Record<string, { min: number; max: number }> = {};
        for (const [k, st] of Object.entries(res.facetStats ?? {})) facetStats[k] = { min: st.min, max: st.max };
        const facetDistribution: Record<string, Record<string, number>> = {};
        for (const f of v.facets) facetDistribution[f] = res.facetDistribution?.[f] ?? {};
        return {
          hits: res.hits.map((h) => this.toHit<I>(h, index, !!params.highlight)),
          estimatedTotalHits: res.totalHits,
          totalPages: res.totalPages,
          facetDistribution,
          facetStats,
          page: res.page,
          hitsPerPage: res.hitsPerPage,
          processingTimeMs: Math.max(res.processingTimeMs, Date.now() - started),
          matchedQuery: plan.groups.length ? q : "",
        };
      }
      used--;
    }
  }

  private toHit<I extends IndexName>(h: Hit<Record<string, unknown>>, index: IndexName, highlight: boolean): SearchHit<DocFor<I>> {
    const { _formatted, _rankingScore, _matchesPosition, _rankingScoreDetails, [SEGMENTED_FIELD]: _seg, ...rest } = h as Hit<Record<string, unknown>> & {
      _matchesPosition?: unknown;
    };
    void _matchesPosition;
    void _rankingScoreDetails;
    void _seg;
    const hit: SearchHit<DocFor<I>> = { id: String(rest.id), doc: rest as unknown as DocFor<I> };
    if (_rankingScore !== undefined) hit._rankingScore = _rankingScore;
    if (highlight && _formatted) {
      const out: Record<string, string> = {};
      for (const attr of SETTINGS[index].highlight) {
        const fv = (_formatted as Record<string, unknown>)[attr];
        if (fv != null) out[attr] = formattedToHtml(fv);
      }
      hit._formatted = out;
    }
    return hit;
  }
}
