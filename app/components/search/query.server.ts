// Server side of the search pages: URL params → engine query (filters built with the escaping builders
// of search/filter.ts, never by string concatenation of user values), disjunctive facet counts (a
// facet's counts ignore that facet's own selection, so other values stay selectable), budget buckets.
import {
  filterAnd,
  filterEq,
  filterIn,
  filterOr,
  filterRange,
} from "#search/filter";
import { getSearchEngine } from "#search/index.server";
import { BUDGET_BUCKETS, ORG_SORTS, PROJECT_SORTS, type BudgetBucket, type OrgSort, type ProjectSort } from "./params";
import {
  SearchInputError,
  type FacetDistribution,
  type OrganizationDoc,
  type ProjectDoc,
  type SearchHit,
} from "#search/port";

const MAX_VALUES = 20;
const PAGE_SIZE = 10;

function multi(url: URL, name: string, allowed?: readonly string[]): string[] {
  const vals = url.searchParams
    .getAll(name)
    .map((v) => v.trim())
    .filter((v) => v !== "" && v.length <= 64);
  const uniq = [...new Set(vals)].slice(0, MAX_VALUES);
  return allowed ? uniq.filter((v) => allowed.includes(v)) : uniq;
}

function pageOf(url: URL): number {
  const n = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 1;
}

function qOf(url: URL): string {
  return (url.searchParams.get("q") ?? "").slice(0, 200);
}

const bucketFilter = (b: BudgetBucket) => filterRange("budgetFen", BUDGET_BUCKETS[b][0], BUDGET_BUCKETS[b][1]);
const BUCKET_KEYS = Object.keys(BUDGET_BUCKETS) as BudgetBucket[];

export interface PageResult<D> {
  q: string;
  sort: string;
  /** The sort the user chose ("" = default: relevance when there is a query, else newest / performance). */
  sortChoice: string;
  selected: Record<string, string[]>;
  hits: SearchHit<D>[];
  total: number;
  page: number;
  pageSize: number;
  facets: FacetDistribution;
  /** "unavailable" when the engine failed, "invalid" for bad input; null when fine. */
  error: "unavailable" | "invalid" | null;
}

/** What a search page's loader hands to the page besides its hits (and, for projects, budget counts). */
export function pageData<D>({ q, sort, sortChoice, selected, total, page, pageSize, facets, error }: PageResult<D>) {
  return { q, sort, sortChoice, selected, total, page, pageSize, facets, error };
}

type Filters = Record<string, string>;

/** Runs the main query plus one count query per facet that has a selection (disjunctive facets). */
async function facetedSearch<D>(
  index: "projects" | "organizations",
  q: string,
  filters: Filters,
  facetAttrs: string[],
  restrict: string | undefined,
  sort: string[],
  page: number,
  extraCounts: Record<string, string> = {}
): Promise<{
  hits: SearchHit<D>[];
  total: number;
  facets: FacetDistribution;
  counts: Record<string, number>;
}> {
  const engine = getSearchEngine();
  const all = filterAnd(restrict, ...Object.values(filters)) || undefined;
  const main = await engine.search(index, {
    q,
    filter: all,
    facets: facetAttrs,
    sort,
    page,
    hitsPerPage: PAGE_SIZE,
    highlight: true,
  });
  const facets: FacetDistribution = { ...main.facetDistribution };
  const jobs: Promise<void>[] = [];
  for (const attr of Object.keys(filters)) {
    if (!facetAttrs.includes(attr)) continue;
    const others = Object.entries(filters)
      .filter(([k]) => k !== attr)
      .map(([, v]) => v);
    jobs.push(
      engine
        .search(index, {
          q,
          filter: filterAnd(restrict, ...others) || undefined,
          facets: [attr],
          hitsPerPage: 0,
        })
        .then((r) => {
          facets[attr] = r.facetDistribution[attr] ?? {};
        })
    );
  }
  const counts: Record<string, number> = {};
  for (const [key, f] of Object.entries(extraCounts)) {
    jobs.push(
      engine
        .search(index, { q, filter: f || undefined, hitsPerPage: 0 })
        .then((r) => {
          counts[key] = r.estimatedTotalHits;
        })
    );
  }
  await Promise.all(jobs);
  return {
    hits: main.hits as SearchHit<D>[],
    total: main.estimatedTotalHits,
    facets,
    counts,
  };
}

function failure<D>(
  e: unknown,
  base: Omit<PageResult<D>, "hits" | "total" | "facets" | "error">
): PageResult<D> {
  if (!(e instanceof SearchInputError))
    console.error("[search] page search failed:", e);
  return {
    ...base,
    hits: [],
    total: 0,
    facets: {},
    error: e instanceof SearchInputError ? "invalid" : "unavailable",
  };
}

export const PROJECT_FACETS = [
  "category",
  "district",
  "fundingSource",
  "state",
] as const;

export async function searchProjectsPage(
  url: URL
): Promise<PageResult<ProjectDoc> & { budgetCounts: Record<string, number> }> {
  const q = qOf(url);
  const sortParam = url.searchParams.get("sort") ?? "";
  const sort: ProjectSort =
    sortParam in PROJECT_SORTS
      ? (sortParam as ProjectSort)
      : q
      ? "relevance"
      : "newest";
  const selected: Record<string, string[]> = {};
  for (const f of PROJECT_FACETS) selected[f] = multi(url, f);
  selected.budget = multi(url, "budget", BUCKET_KEYS);
  const page = pageOf(url);
  const filters: Filters = {};
  for (const f of PROJECT_FACETS)
    if (selected[f].length) filters[f] = filterIn(f, selected[f]);
  const budgetFilter = selected.budget.length
    ? filterOr(
        ...selected.budget.map((b) =>
          bucketFilter(b as BudgetBucket)
        )
      )
    : "";
  const withoutBudget = filterAnd(...Object.values(filters));
  if (budgetFilter) filters.budgetFen = budgetFilter;
  const base = { q, sort, sortChoice: sortParam === sort ? sort : "", selected, page, pageSize: PAGE_SIZE };
  try {
    const extra = Object.fromEntries(
      BUCKET_KEYS.map((b) => [
        b,
        filterAnd(
          withoutBudget,
          bucketFilter(b)
        ),
      ])
    );
    const r = await facetedSearch<ProjectDoc>(
      "projects",
      q,
      filters,
      [...PROJECT_FACETS],
      undefined,
      [...PROJECT_SORTS[sort]],
      page,
      extra
    );
    return {
      ...base,
      hits: r.hits,
      total: r.total,
      facets: r.facets,
      error: null,
      budgetCounts: r.counts,
    };
  } catch (e) {
    return { ...failure<ProjectDoc>(e, base), budgetCounts: {} };
  }
}

export const ORG_FACETS = [
  "categories",
  "serviceDistricts",
  "grade",
  "unionCoverage",
  "incubated",
] as const;

export async function searchOrganizationsPage(
  url: URL
): Promise<PageResult<OrganizationDoc>> {
  const q = qOf(url);
  const sortParam = url.searchParams.get("sort") ?? "";
  const sort: OrgSort =
    sortParam in ORG_SORTS
      ? (sortParam as OrgSort)
      : q
      ? "relevance"
      : "performance";
  const selected: Record<string, string[]> = {
    categories: multi(url, "categories"),
    serviceDistricts: multi(url, "serviceDistricts"),
    grade: multi(url, "grade", ["1", "2", "3", "4", "5"]),
    unionCoverage: multi(url, "unionCoverage", [
      "OWN_UNION",
      "JOINT_UNION",
      "NONE",
    ]),
    incubated: multi(url, "incubated", ["true", "false"]),
  };
  const page = pageOf(url);
  const filters: Filters = {};
  if (selected.categories.length)
    filters.categories = filterIn("categories", selected.categories);
  if (selected.serviceDistricts.length)
    filters.serviceDistricts = filterIn(
      "serviceDistricts",
      selected.serviceDistricts
    );
  if (selected.grade.length)
    filters.grade = filterIn("grade", selected.grade.map(Number));
  if (selected.unionCoverage.length)
    filters.unionCoverage = filterIn("unionCoverage", selected.unionCoverage);
  if (selected.incubated.length)
    filters.incubated = filterOr(
      ...selected.incubated.map((v) => filterEq("incubated", v === "true"))
    );
  const base = { q, sort, sortChoice: sortParam === sort ? sort : "", selected, page, pageSize: PAGE_SIZE };
  try {
    const r = await facetedSearch<OrganizationDoc>(
      "organizations",
      q,
      filters,
      [...ORG_FACETS],
      filterEq("vettingStatus", "APPROVED"),
      [...ORG_SORTS[sort]],
      page
    );
    return {
      ...base,
      hits: r.hits,
      total: r.total,
      facets: r.facets,
      error: null,
    };
  } catch (e) {
    return failure<OrganizationDoc>(e, base);
  }
}
