// Index settings, in code, shared by both engines. The Meilisearch adapter applies them with
// updateSettings at start-up; the embedded engine derives its tables, bm25 weights and filter
// whitelist from the same definitions, so both engines accept the same queries.
import type { IndexName } from "./port";

export type AttrType = "string" | "number" | "boolean" | "string[]";

export interface IndexSettings {
  /** Searchable attributes in priority order (Meilisearch "attribute" rule); weight = embedded bm25 weight. */
  searchable: ReadonlyArray<{ attr: string; weight: number }>;
  /** Whitelisted filter/facet attributes and their types. */
  filterable: Readonly<Record<string, AttrType>>;
  /** Attributes allowed in `sort` (numbers / epoch-ms dates). */
  sortable: readonly string[];
  /** String fields returned highlighted in `_formatted`. */
  highlight: readonly string[];
  /** Highlighted fields that are also cropped to a snippet around the first match. */
  crop: readonly string[];
  /** Every document field (Meilisearch displayedAttributes: everything but the `segmented` helper field). */
  displayed: readonly string[];
}

/** Meilisearch semantics: sort first so an explicit sort dominates (it is a no-op without one). */
export const RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"] as const;

/** One typo from 5 characters, two from 9 (Latin words only in the embedded engine). */
export const TYPO = { oneTypo: 5, twoTypos: 9 } as const;

/** Crop length of snippets: Meilisearch counts words, the embedded engine characters (≈ 2 per word). */
export const CROP_WORDS = 30;
export const CROP_CHARS = 60;
export const CROP_MARKER = "…";
export const HIGHLIGHT_PRE = "<mark>";
export const HIGHLIGHT_POST = "</mark>";

/** Highest page size the port accepts. */
export const MAX_HITS_PER_PAGE = 100;
/** Meilisearch pagination.maxTotalHits: how deep page/hitsPerPage can go. */
export const MAX_TOTAL_HITS = 100_000;

/** Synonym groups: every member is a synonym of every other (applied at query time). */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["心理疏导", "心理咨询", "EAP"],
  ["法律援助", "法援"],
  ["技能培训", "职业技能"],
];

/** The same groups as a Meilisearch synonyms object (keys and values lower-case). */
export function meiliSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    for (const term of group) {
      out[term.toLowerCase()] = group.filter((t) => t !== term).map((t) => t.toLowerCase());
    }
  }
  return out;
}

export const SETTINGS: Record<IndexName, IndexSettings> = {
  projects: {
    searchable: [
      { attr: "title", weight: 10 },
      { attr: "code", weight: 8 },
      { attr: "enterpriseName", weight: 4 },
      { attr: "categoryName", weight: 2 },
      { attr: "districtName", weight: 2 },
      { attr: "description", weight: 1 },
    ],
    filterable: {
      id: "string",
      code: "string",
      category: "string",
      district: "string",
      fundingSource: "string",
      state: "string",
      budgetFen: "number",
      bidDeadline: "number",
      publishedAt: "number",
      createdAt: "number",
      beneficiariesPlanned: "number",
    },
    sortable: ["budgetFen", "bidDeadline", "publishedAt", "createdAt", "beneficiariesPlanned"],
    highlight: ["title", "description", "enterpriseName"],
    crop: ["description"],
    displayed: [
      "id",
      "code",
      "title",
      "description",
      "category",
      "categoryName",
      "district",
      "districtName",
      "fundingSource",
      "budgetFen",
      "state",
      "bidDeadline",
      "publishedAt",
      "createdAt",
      "enterpriseName",
      "beneficiariesPlanned",
    ],
  },
  organizations: {
    searchable: [
      { attr: "name", weight: 10 },
      { attr: "tags", weight: 5 },
      { attr: "activityAreas", weight: 3 },
      { attr: "categoryNames", weight: 2 },
      { attr: "districtName", weight: 2 },
      { attr: "description", weight: 1 },
    ],
    filterable: {
      id: "string",
      categories: "string[]",
      serviceDistricts: "string[]",
      tags: "string[]",
      district: "string",
      grade: "number",
      unionCoverage: "string",
      incubated: "boolean",
      vettingStatus: "string",
      performanceScore: "number",
      ratingAvg: "number",
    },
    sortable: ["performanceScore", "ratingAvg", "grade"],
    highlight: ["name", "description", "activityAreas"],
    crop: ["description", "activityAreas"],
    displayed: [
      "id",
      "name",
      "description",
      "activityAreas",
      "tags",
      "categories",
      "categoryNames",
      "serviceDistricts",
      "district",
      "districtName",
      "grade",
      "unionCoverage",
      "incubated",
      "vettingStatus",
      "performanceScore",
      "ratingAvg",
    ],
  },
};

/** The extra Meilisearch field holding search-mode segmented text of all searchable attributes. */
export const SEGMENTED_FIELD = "segmented";
