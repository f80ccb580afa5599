// The frame the search pages share (/search/projects, /search/organizations): the query + sort bar,
// the engine error, the facet panel (a <details> that folds away on a phone) and the results column
// (heading with the total, searching status, empty state, pagination). The pages fill in the facets and
// the result cards.
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";

import { Alert } from "~/components/Alert";
import { Button } from "~/components/Button";
import { EmptyState } from "~/components/EmptyState";
import { controlClasses } from "~/components/Field";
import { Pagination } from "~/components/Pagination";
import {
  FacetGroup,
  SearchingStatus,
  type FacetOption,
} from "~/components/search/SearchForm";
import type { MessageKey } from "~/i18n";
import { useT, type TFunction } from "~/i18n/react";

/** Highlighted matches (<mark>) inside a result card. */
export const MARK =
  "[&_mark]:rounded-sm [&_mark]:bg-amber-200 [&_mark]:px-0.5 [&_mark]:text-slate-900";

/** What the loader reports about the facets: the counts and the user's selection. */
export interface FacetData {
  facets: Record<string, Record<string, number>>;
  selected: Record<string, string[]>;
}

/** One facet of the page: checkboxes for `name` with the page's counts and selection; the options come
 * from the counts (labelled by `label`, in `order` when given) unless the page passes its own. */
export function Facet({
  data,
  name,
  legend,
  label = (v) => v,
  order,
  options,
}: {
  data: FacetData;
  name: string;
  legend: string;
  label?: (v: string) => string;
  order?: readonly string[];
  options?: FacetOption[];
}) {
  return (
    <FacetGroup
      name={name}
      legend={legend}
      selected={data.selected[name] ?? []}
      options={options ?? facetOptions(data, name, label, order)}
    />
  );
}

/** The sort choices of a page: relevance, then `${prefix}.${key}` for the others. */
export function sortOptions(
  t: TFunction,
  sorts: Record<string, unknown>,
  prefix: string
): { value: string; label: string }[] {
  return Object.keys(sorts).map((s) => ({
    value: s,
    label:
      s === "relevance"
        ? t("search.sort.relevance")
        : t(`${prefix}.${s}` as MessageKey),
  }));
}

/** A facet's options: every value with a count plus every selected one (count 0 when the engine has
 * none), in the given order, else most frequent first. */
export function facetOptions(
  { facets, selected }: FacetData,
  attr: string,
  label: (v: string) => string,
  order?: readonly string[]
): FacetOption[] {
  const dist = facets[attr] ?? {};
  const keys = new Set([...Object.keys(dist), ...(selected[attr] ?? [])]);
  const list = [...keys].map((v) => ({
    value: v,
    label: label(v),
    count: dist[v] ?? 0,
  }));
  if (order)
    list.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
  else list.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return list;
}

/** The query field, the sort select ("" = the default sort), submit and reset. */
export function SearchBar({
  q,
  placeholder,
  sortChoice,
  sorts,
  resetTo,
}: {
  q: string;
  placeholder: string;
  sortChoice: string;
  sorts: readonly { value: string; label: string }[];
  resetTo: string;
}) {
  const t = useT();
  return (
    <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="min-w-0 flex-1">
        <label
          htmlFor="q"
          className="mb-1 block text-sm font-medium text-slate-800"
        >
          {t("search.q")}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder={placeholder}
          autoComplete="off"
          maxLength={200}
          className={`${controlClasses} border-slate-400`}
        />
      </div>
      <div className="sm:w-48">
        <label
          htmlFor="sort"
          className="mb-1 block text-sm font-medium text-slate-800"
        >
          {t("search.sort")}
        </label>
        <select
          id="sort"
          name="sort"
          defaultValue={sortChoice}
          className={`${controlClasses} border-slate-400`}
        >
          <option value="">{t("search.sort.default")}</option>
          {sorts.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex gap-2">
        <Button type="submit">{t("search.submit")}</Button>
        <Link
          reloadDocument
          to={resetTo}
          className="inline-flex items-center px-2 text-sm text-brand-800 underline underline-offset-2"
        >
          {t("search.reset")}
        </Link>
      </div>
    </div>
  );
}

/** The engine refused the input ("invalid") or failed ("unavailable"). */
export function SearchError({
  error,
}: {
  error: "invalid" | "unavailable" | null;
}) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert tone={error === "invalid" ? "warning" : "error"} className="mb-4">
      {t(error === "invalid" ? "search.invalid" : "search.unavailable")}
    </Alert>
  );
}

/** Facets beside the results (below them on a phone, where a link in the results heading jumps here). */
export function FacetPanel({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <aside
      id="facets"
      aria-label={t("search.facets")}
      className="order-last lg:order-first"
    >
      <details
        className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
        open
      >
        <summary className="cursor-pointer text-sm font-semibold text-slate-900 lg:hidden">
          {t("search.facets")}
        </summary>
        <div className="mt-3 space-y-3 lg:mt-0">{children}</div>
      </details>
    </aside>
  );
}

/** The results column: a live heading with the total, the cards (or the empty state), pagination. */
export function SearchResults({
  result: { q, total, page, pageSize, hits },
  children,
}: {
  result: {
    q: string;
    total: number;
    page: number;
    pageSize: number;
    hits: readonly unknown[];
  };
  children: ReactNode;
}) {
  const t = useT();
  return (
    <section aria-labelledby="results-heading" className="min-w-0">
      <div className="mb-3 flex items-center justify-between gap-3">
        <h2
          id="results-heading"
          className="text-base font-semibold text-slate-900"
          role="status"
        >
          {q
            ? t("search.resultsFor", { q, total })
            : t("search.results", { total })}
        </h2>
        <span className="flex items-center gap-3">
          <SearchingStatus />
          <a
            href="#facets"
            className="text-sm text-brand-800 underline underline-offset-2 lg:hidden"
          >
            {t("search.facets")}
          </a>
        </span>
      </div>
      {hits.length === 0 ? (
        <EmptyState
          title={t("search.noResults")}
          description={t("search.noResults.hint")}
        />
      ) : (
        <ol className="space-y-3">{children}</ol>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </section>
  );
}

/** One result card. */
export function ResultCard({ children }: { children: ReactNode }) {
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      {children}
    </li>
  );
}

/** The two columns: facets and results. */
export function SearchColumns({ children }: { children: ReactNode }) {
  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
      {children}
    </div>
  );
}
