// JSON search endpoints (GET /api/search/projects, /api/search/organizations): query parsing with zod,
// the search itself, and error mapping. Routes stay thin: they authorize, then call searchResponse().
//   ?q=&filter=&facets=a,b&sort=budgetFen:desc,createdAt:asc&page=1&hitsPerPage=20&highlight=1
// `filter` is the caller's Meilisearch filter; `restrict` (from the route, never from the request) is
// ANDed around it, both parenthesized, so a caller's OR cannot widen what they may see.
import { z } from "zod";
import { filterAnd } from "./filter";
import { getSearchEngine } from "./index.server";
import { DEFAULT_HITS_PER_PAGE, SearchInputError, type IndexName, type SearchEngine } from "./port";
import { MAX_HITS_PER_PAGE } from "./settings";

const list = z
  .string()
  .max(500)
  .optional()
  .transform((s) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : undefined));

export const searchQuerySchema = z.object({
  q: z.string().max(200).optional(),
  filter: z.string().max(2000).optional(),
  facets: list,
  sort: list,
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  hitsPerPage: z.coerce.number().int().min(0).max(MAX_HITS_PER_PAGE).default(DEFAULT_HITS_PER_PAGE),
  highlight: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });

export async function searchResponse(
  index: IndexName,
  request: Request,
  opts: { restrict?: string; engine?: SearchEngine } = {},
): Promise<Response> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = searchQuerySchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return json(400, { code: "search.invalidInput", field: String(issue?.path[0] ?? ""), message: issue?.message ?? "invalid" });
  }
  const p = parsed.data;
  try {
    // filterAnd parses each part on its own, so a caller's filter cannot unbalance the parentheses.
    const result = await (opts.engine ?? getSearchEngine()).search(index, {
      q: p.q,
      filter: filterAnd(opts.restrict, p.filter) || undefined,
      facets: p.facets,
      sort: p.sort,
      page: p.page,
      hitsPerPage: p.hitsPerPage,
      highlight: p.highlight,
    });
    return json(200, result);
  } catch (e) {
    if (e instanceof SearchInputError) return json(400, { code: e.code, message: e.message });
    console.error(`[search] ${index} search failed:`, e);
    return json(503, { code: "search.unavailable" });
  }
}
