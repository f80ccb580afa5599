// Plain links (?page=&pageSize=), so it works without JavaScript.
import { Form, Link, useLocation } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { cx } from "./cx";
import { PAGE_SIZES, pageCount, pageHref, pageWindow } from "./pagination";

export interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  /** Show the page-size chooser (a GET form). */
  showPageSize?: boolean;
}

const itemBase =
  "inline-flex min-w-10 items-center justify-center rounded-md border px-3 py-1.5 text-sm font-medium";

export function Pagination({ page, pageSize, total, showPageSize = false }: PaginationProps) {
  const t = useT();
  const { search } = useLocation();
  const pages = pageCount(total, pageSize);
  const current = Math.min(page, pages);
  const hidden = Array.from(new URLSearchParams(search).entries()).filter(([k]) => k !== "page" && k !== "pageSize");

  return (
    <div className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-700">{t("pagination.summary", { total, page: current, pages })}</p>
      <div className="flex flex-wrap items-center gap-3">
        {pages > 1 && (
          <nav aria-label={t("pagination.label")}>
            <ul className="flex flex-wrap items-center gap-1">
              <li>
                {current > 1 ? (
                  <Link to={pageHref(search, current - 1)} rel="prev" className={cx(itemBase, "border-slate-300 bg-white text-slate-800 hover:bg-slate-100")}>
                    <span aria-hidden="true">‹ </span>
                    {t("pagination.previous")}
                  </Link>
                ) : (
                  <span aria-disabled="true" className={cx(itemBase, "border-slate-200 bg-slate-50 text-slate-500")}>
                    <span aria-hidden="true">‹ </span>
                    {t("pagination.previous")}
                  </span>
                )}
              </li>
              {pageWindow(current, pages).map((p, i) =>
                p === null ? (
                  <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-slate-500">
                    …
                  </li>
                ) : (
                  <li key={p} className="hidden sm:block">
                    <Link
                      to={pageHref(search, p)}
                      aria-current={p === current ? "page" : undefined}
                      aria-label={t("pagination.goToPage", { page: p })}
                      className={cx(
                        itemBase,
                        p === current
                          ? "border-brand-700 bg-brand-700 text-white"
                          : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100",
                      )}
                    >
                      {p}
                    </Link>
                  </li>
                ),
              )}
              <li>
                {current < pages ? (
                  <Link to={pageHref(search, current + 1)} rel="next" className={cx(itemBase, "border-slate-300 bg-white text-slate-800 hover:bg-slate-100")}>
                    {t("pagination.next")}
                    <span aria-hidden="true"> ›</span>
                  </Link>
                ) : (
                  <span aria-disabled="true" className={cx(itemBase, "border-slate-200 bg-slate-50 text-slate-500")}>
                    {t("pagination.next")}
                    <span aria-hidden="true"> ›</span>
                  </span>
                )}
              </li>
            </ul>
          </nav>
        )}
        {showPageSize && (
          <Form method="get" className="flex items-center gap-2">
            {hidden.map(([k, v], i) => (
              <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
            ))}
            <label htmlFor="lb-page-size" className="text-sm text-slate-700">
              {t("pagination.pageSize")}
            </label>
            <select
              id="lb-page-size"
              name="pageSize"
              defaultValue={String(pageSize)}
              className="rounded-md border border-slate-400 bg-white px-2 py-1 text-sm"
            >
              {PAGE_SIZES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <button type="submit" className={cx(itemBase, "border-slate-300 bg-white text-slate-800 hover:bg-slate-100")}>
              {t("common.submit")}
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}
