// Search page parameters shared by the loaders and the components (browser-safe).

/** Budget buckets in fen (1 万元 = 1,000,000 fen), inclusive ranges for filterRange. */
export const BUDGET_BUCKETS = {
  lt1: [0, 999_999],
  "1to5": [1_000_000, 4_999_999],
  "5to20": [5_000_000, 19_999_999],
  gt20: [20_000_000, 2_147_483_647],
} as const satisfies Record<string, readonly [number, number]>;
export type BudgetBucket = keyof typeof BUDGET_BUCKETS;

export const PROJECT_SORTS = { relevance: [], newest: ["publishedAt:desc"], deadline: ["bidDeadline:asc"], budget: ["budgetFen:desc"] } as const;
export type ProjectSort = keyof typeof PROJECT_SORTS;
export const ORG_SORTS = { relevance: [], performance: ["performanceScore:desc"], rating: ["ratingAvg:desc"], grade: ["grade:desc"] } as const;
export type OrgSort = keyof typeof ORG_SORTS;
