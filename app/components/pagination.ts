// Page/pageSize query parameters, shared by loaders (parse) and the Pagination component (links).
export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZES = [10, 20, 50, 100] as const;

export interface PageParams {
  page: number;
  pageSize: number;
  skip: number;
  take: number;
}

/** Reads ?page=&pageSize= from a URL, clamped to sane values (page ≥ 1, pageSize in PAGE_SIZES). */
export function parsePageParams(url: URL | string, defaultPageSize = DEFAULT_PAGE_SIZE): PageParams {
  const u = typeof url === "string" ? new URL(url, "http://x") : url;
  const rawPage = Number.parseInt(u.searchParams.get("page") ?? "", 10);
  const rawSize = Number.parseInt(u.searchParams.get("pageSize") ?? "", 10);
  const page = Number.isSafeInteger(rawPage) && rawPage >= 1 && rawPage <= 100_000 ? rawPage : 1;
  const pageSize = (PAGE_SIZES as readonly number[]).includes(rawSize) ? rawSize : defaultPageSize;
  return { page, pageSize, skip: (page - 1) * pageSize, take: pageSize };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The page numbers to show: first, last, current ± 1, with null for gaps. */
export function pageWindow(page: number, pages: number): Array<number | null> {
  const wanted = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages));
  const sorted = Array.from(wanted).sort((a, b) => a - b);
  const out: Array<number | null> = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] - sorted[i - 1] > 1) out.push(null);
    out.push(sorted[i]);
  }
  return out;
}

/** The current search string with page (and optionally pageSize) replaced. */
export function pageHref(search: string, page: number, pageSize?: number): string {
  const params = new URLSearchParams(search);
  if (page <= 1) params.delete("page");
  else params.set("page", String(page));
  if (pageSize !== undefined) params.set("pageSize", String(pageSize));
  const s = params.toString();
  return s ? `?${s}` : "?";
}
