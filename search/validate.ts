// Validation of search parameters, shared by both engines so they reject the same input.
import { parseFilter, type FilterNode } from "./filter";
import { DEFAULT_HITS_PER_PAGE, SearchInputError, type IndexName, type SearchParams } from "./port";
import { MAX_HITS_PER_PAGE, SETTINGS, type IndexSettings } from "./settings";

export interface ValidParams {
  page: number;
  hitsPerPage: number;
  facets: string[];
  sort: Array<{ attr: string; desc: boolean }>;
  filter: FilterNode | null;
}

export function validateSearchParams(index: IndexName, params: SearchParams): ValidParams {
  const settings = SETTINGS[index];
  return {
    ...validatePaging(params),
    facets: validateFacets(params.facets, settings),
    sort: parseSort(params.sort, settings),
    filter: parseFilter(params.filter, settings.filterable),
  };
}

export function parseSort(sort: string[] | undefined, settings: IndexSettings): Array<{ attr: string; desc: boolean }> {
  const out: Array<{ attr: string; desc: boolean }> = [];
  for (const s of sort ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*):(asc|desc)$/.exec(s.trim());
    if (!m) throw new SearchInputError(`invalid sort '${s}' (expected attribute:asc or attribute:desc)`, "search.invalidSort");
    if (!settings.sortable.includes(m[1])) throw new SearchInputError(`attribute '${m[1]}' is not sortable`, "search.invalidSort");
    out.push({ attr: m[1], desc: m[2] === "desc" });
  }
  return out;
}

export function validatePaging(params: SearchParams): { page: number; hitsPerPage: number } {
  const page = params.page ?? 1;
  const hitsPerPage = params.hitsPerPage ?? DEFAULT_HITS_PER_PAGE;
  if (!Number.isInteger(page) || page < 1) throw new SearchInputError("page must be an integer >= 1", "search.invalidPage");
  if (!Number.isInteger(hitsPerPage) || hitsPerPage < 0 || hitsPerPage > MAX_HITS_PER_PAGE) {
    throw new SearchInputError(`hitsPerPage must be an integer from 0 to ${MAX_HITS_PER_PAGE}`, "search.invalidPage");
  }
  return { page, hitsPerPage };
}

export function validateFacets(facets: string[] | undefined, settings: IndexSettings): string[] {
  const out: string[] = [];
  for (const f of facets ?? []) {
    if (!Object.prototype.hasOwnProperty.call(settings.filterable, f)) {
      throw new SearchInputError(`attribute '${f}' is not filterable, so it cannot be a facet`, "search.invalidFacet");
    }
    if (!out.includes(f)) out.push(f);
  }
  return out;
}
