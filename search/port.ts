// The search port: one interface, two engines (embedded SQLite FTS5 by default, Meilisearch in
// production). Semantics follow Meilisearch:
// - every query word must match; the last word also matches as a prefix (unless the query ends with a
//   space); when nothing matches, words are dropped from the end until something does;
// - Latin typo tolerance: 1 typo from 5 characters, 2 from 9 (a typo on the first letter counts twice);
// - `filter` is a Meilisearch filter string over whitelisted attributes (see filter.ts / settings.ts);
// - `facets` → facetDistribution over the filtered hits; `sort` like ["budgetFen:desc"];
// - `highlight` → `_formatted` with <mark>…</mark> around matches and everything else HTML-escaped.

export type IndexName = "projects" | "organizations";
export const INDEX_NAMES: readonly IndexName[] = ["projects", "organizations"];

export function isIndexName(v: unknown): v is IndexName {
  return v === "projects" || v === "organizations";
}

/** A project (need) as indexed. Dates are epoch milliseconds. */
export interface ProjectDoc {
  id: string;
  code: string;
  title: string;
  description: string;
  category: string; // Category.code
  categoryName: string; // zh label, searchable
  district: string; // District.code
  districtName: string; // zh label, searchable
  fundingSource: string; // FundingSource
  budgetFen: number;
  state: string; // ProjectState
  bidDeadline: number | null;
  publishedAt: number | null;
  createdAt: number;
  enterpriseName: string | null;
  beneficiariesPlanned: number;
}

/** A vetted organization as indexed. */
export interface OrganizationDoc {
  id: string;
  name: string;
  description: string;
  activityAreas: string;
  tags: string[];
  categories: string[]; // Category.code[]
  categoryNames: string[]; // zh labels, searchable
  serviceDistricts: string[]; // District.code[]
  district: string; // District.code
  districtName: string;
  grade: number | null; // 1..5 (1A..5A)
  unionCoverage: string; // UnionCoverage
  incubated: boolean;
  vettingStatus: string; // VettingStatus
  performanceScore: number | null;
  ratingAvg: number | null;
}

export interface DocMap {
  projects: ProjectDoc;
  organizations: OrganizationDoc;
}
export type DocFor<I extends IndexName> = DocMap[I];
export type AnyDoc = ProjectDoc | OrganizationDoc;

export interface SearchParams {
  /** Free text; empty or missing = placeholder search (all documents matching the filter). */
  q?: string;
  /** Meilisearch filter syntax, e.g. `category = "legal_aid" AND district IN ["yuhua","kaifu"]`. */
  filter?: string;
  /** Filterable attributes to count in facetDistribution. */
  facets?: string[];
  /** e.g. ["budgetFen:desc", "createdAt:asc"]; sortable attributes only. */
  sort?: string[];
  /** 1-based page number (default 1). */
  page?: number;
  /** Page size (default 20, max 100). */
  hitsPerPage?: number;
  /** Return `_formatted` (highlighted, HTML-escaped, long fields cropped). */
  highlight?: boolean;
}

export interface SearchHit<D> {
  id: string;
  doc: D;
  /** Highlighted fields: HTML-escaped text with <mark>…</mark> around matched words. */
  _formatted?: Record<string, string>;
  /** 0..1, higher is better (engine-specific scale). */
  _rankingScore?: number;
}

export type FacetDistribution = Record<string, Record<string, number>>;

export interface SearchResult<D> {
  hits: SearchHit<D>[];
  /** Number of documents matching the query and filter. */
  estimatedTotalHits: number;
  totalPages: number;
  /** Counts per value over the filtered hits, only for requested facets (boolean values as "true"/"false"). */
  facetDistribution: FacetDistribution;
  /** min/max of requested numeric facets over the filtered hits. */
  facetStats: Record<string, { min: number; max: number }>;
  page: number;
  hitsPerPage: number;
  processingTimeMs: number;
  /** The query actually matched after dropping trailing words ("" for placeholder searches). */
  matchedQuery: string;
}

export interface EngineHealth {
  ok: boolean;
  engine: "embedded" | "meilisearch";
  detail?: string;
}

export interface SearchEngine {
  readonly kind: "embedded" | "meilisearch";
  /** Creates the indexes and applies settings (idempotent). Called lazily by the other methods. */
  init(): Promise<void>;
  /** Adds or replaces documents by id. */
  upsert<I extends IndexName>(index: I, docs: DocFor<I>[]): Promise<void>;
  /** Removes documents by id (unknown ids are ignored). */
  delete(index: IndexName, ids: string[]): Promise<void>;
  search<I extends IndexName>(index: I, params: SearchParams): Promise<SearchResult<DocFor<I>>>;
  health(): Promise<EngineHealth>;
  /**
   * Builds a complete new index aside from `docs` (one array, or batches from an (async) iterable),
   * then swaps it in atomically; searches use the old index until the swap. Returns the count.
   */
  swapIn<I extends IndexName>(index: I, docs: DocFor<I>[] | Iterable<DocFor<I>[]> | AsyncIterable<DocFor<I>[]>): Promise<number>;
  /** Removes every document of an index. */
  clear(index: IndexName): Promise<void>;
  /**
   * Indexes that were created empty (first start, or reset after a settings/tokenizer change) and
   * must be filled from the database; swapIn clears the flag.
   */
  staleIndexes(): Promise<IndexName[]>;
  /** Number of documents in an index. */
  count(index: IndexName): Promise<number>;
  /** Releases resources (database handle, timers). */
  close(): Promise<void>;
}

/** Bad search input (filter syntax, unknown attribute, bad sort...): a 400 for API callers. */
export class SearchInputError extends Error {
  readonly status = 400;
  constructor(
    message: string,
    readonly code: string = "search.invalidInput",
  ) {
    super(message);
    this.name = "SearchInputError";
  }
}

/** The engine could not be reached or failed a task. */
export class SearchEngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchEngineError";
  }
}

export const DEFAULT_HITS_PER_PAGE = 20;
