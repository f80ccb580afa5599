// /search/organizations — search of vetted (APPROVED) organizations for enterprises and brokers: facets
// with counts (category, service district, grade, union coverage, incubated), sort by performance
// score / rating / grade (or relevance), highlighted matches, pagination. Works without JavaScript.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge } from "~/components/Badge";
import { Button } from "~/components/Button";
import { EmptyState } from "~/components/EmptyState";
import { controlClasses } from "~/components/Field";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { categoryLabel, codeName } from "~/components/registry/labels";
import { loadRefs } from "~/components/registry/refs.server";
import { ORG_SORTS } from "~/components/search/params";
import { searchOrganizationsPage } from "~/components/search/query.server";
import { Highlighted } from "~/components/search/Reasons";
import {
  FacetGroup,
  SearchForm,
  SearchingStatus,
  type FacetOption,
} from "~/components/search/SearchForm";
import { pageTitle } from "~/i18n/meta";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) =>
  pageTitle(matches, "search.orgs.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE", "BROKER", "ADMIN");
  const url = new URL(request.url);
  const [result, refs] = await Promise.all([
    searchOrganizationsPage(url),
    loadRefs(),
  ]);
  return {
    role: user.role,
    refs,
    q: result.q,
    sort: result.sort,
    sortChoice: result.sortChoice,
    selected: result.selected,
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    facets: result.facets,
    error: result.error,
    hits: result.hits.map((h) => ({
      id: h.id,
      name: h.doc.name,
      description: h.doc.description.slice(0, 160),
      categories: h.doc.categories,
      serviceDistricts: h.doc.serviceDistricts,
      district: h.doc.district,
      grade: h.doc.grade,
      unionCoverage: h.doc.unionCoverage,
      incubated: h.doc.incubated,
      performanceScore: h.doc.performanceScore,
      ratingAvg: h.doc.ratingAvg,
      nameHtml: h._formatted?.name,
      descriptionHtml: h._formatted?.description || h._formatted?.activityAreas,
    })),
  };
}

const MARK =
  "[&_mark]:rounded-sm [&_mark]:bg-amber-200 [&_mark]:px-0.5 [&_mark]:text-slate-900";

export default function SearchOrganizations() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const orgHref = (id: string) =>
    d.role === "BROKER" || d.role === "ADMIN"
      ? `/broker/orgs/${id}`
      : `/orgs/${id}/performance`;

  const facetOptions = (
    attr: string,
    label: (v: string) => string,
    order?: readonly string[]
  ): FacetOption[] => {
    const dist = d.facets[attr] ?? {};
    const keys = new Set([...Object.keys(dist), ...(d.selected[attr] ?? [])]);
    const list = [...keys].map((v) => ({
      value: v,
      label: label(v),
      count: dist[v] ?? 0,
    }));
    if (order)
      list.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
    else
      list.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    return list;
  };

  return (
    <div>
      <PageHeader
        title={t("search.orgs.title")}
        description={t("search.orgs.subtitle")}
      />
      <SearchForm id="org-search">
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
              defaultValue={d.q}
              placeholder={t("search.orgs.q.placeholder")}
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
              defaultValue={d.sortChoice}
              className={`${controlClasses} border-slate-400`}
            >
              <option value="">{t("search.sort.default")}</option>
              {(Object.keys(ORG_SORTS) as (keyof typeof ORG_SORTS)[]).map(
                (s) => (
                  <option key={s} value={s}>
                    {s === "relevance"
                      ? t("search.sort.relevance")
                      : t(`search.orgs.sort.${s}` as MessageKey)}
                  </option>
                )
              )}
            </select>
          </div>
          <div className="flex gap-2">
            <Button type="submit">{t("search.submit")}</Button>
            <Link
              reloadDocument
              to="/search/organizations"
              className="inline-flex items-center px-2 text-sm text-brand-800 underline underline-offset-2"
            >
              {t("search.reset")}
            </Link>
          </div>
        </div>

        {d.error && (
          <Alert
            tone={d.error === "invalid" ? "warning" : "error"}
            className="mb-4"
          >
            {t(d.error === "invalid" ? "search.invalid" : "search.unavailable")}
          </Alert>
        )}

        <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
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
              <div className="mt-3 space-y-3 lg:mt-0">
                <FacetGroup
                  name="categories"
                  legend={t("search.facet.categories")}
                  selected={d.selected.categories ?? []}
                  options={facetOptions(
                    "categories",
                    (v) => categoryLabel(t, v, d.refs.categories),
                    d.refs.categories.map((c) => c.code)
                  )}
                />
                <FacetGroup
                  name="serviceDistricts"
                  legend={t("search.facet.serviceDistricts")}
                  selected={d.selected.serviceDistricts ?? []}
                  options={facetOptions(
                    "serviceDistricts",
                    (v) => codeName(v, d.refs.districts, t.locale),
                    d.refs.districts.map((c) => c.code)
                  )}
                />
                <FacetGroup
                  name="grade"
                  legend={t("search.facet.grade")}
                  selected={d.selected.grade ?? []}
                  options={facetOptions(
                    "grade",
                    (v) => t("grade.value", { n: v }),
                    ["5", "4", "3", "2", "1"]
                  )}
                />
                <FacetGroup
                  name="unionCoverage"
                  legend={t("search.facet.unionCoverage")}
                  selected={d.selected.unionCoverage ?? []}
                  options={facetOptions(
                    "unionCoverage",
                    (v) => t.tx(`unionCoverage.${v}`),
                    ["OWN_UNION", "JOINT_UNION", "NONE"]
                  )}
                />
                <FacetGroup
                  name="incubated"
                  legend={t("search.facet.incubated")}
                  selected={d.selected.incubated ?? []}
                  options={facetOptions(
                    "incubated",
                    (v) => t.tx(`search.incubated.${v}`),
                    ["true", "false"]
                  )}
                />
              </div>
            </details>
          </aside>

          <section aria-labelledby="results-heading" className="min-w-0">
            <div className="mb-3 flex items-center justify-between gap-3">
              <h2
                id="results-heading"
                className="text-base font-semibold text-slate-900"
                role="status"
              >
                {d.q
                  ? t("search.resultsFor", { q: d.q, total: d.total })
                  : t("search.results", { total: d.total })}
              </h2>
              <span className="flex items-center gap-3">
              <SearchingStatus />
              <a href="#facets" className="text-sm text-brand-800 underline underline-offset-2 lg:hidden">
                {t("search.facets")}
              </a>
            </span>
            </div>
            {d.hits.length === 0 ? (
              <EmptyState
                title={t("search.noResults")}
                description={t("search.noResults.hint")}
              />
            ) : (
              <ol className="space-y-3">
                {d.hits.map((h) => (
                  <li
                    key={h.id}
                    className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
                  >
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <h3 className={`min-w-0 text-base font-semibold ${MARK}`}>
                        <Link
                          to={orgHref(h.id)}
                          className="text-brand-800 underline-offset-2 hover:underline"
                        >
                          <Highlighted html={h.nameHtml} fallback={h.name} />
                        </Link>
                      </h3>
                      <div className="flex flex-wrap gap-1.5">
                        {h.grade ? (
                          <Badge tone="brand">
                            {t("grade.value", { n: h.grade })}
                          </Badge>
                        ) : null}
                        {h.unionCoverage !== "NONE" && (
                          <Badge tone="teal">
                            {t.tx(`unionCoverage.${h.unionCoverage}`)}
                          </Badge>
                        )}
                        {h.incubated && (
                          <Badge tone="purple">
                            {t("search.incubated.true")}
                          </Badge>
                        )}
                      </div>
                    </div>
                    <p className="mt-0.5 text-xs text-slate-600">
                      {codeName(h.district, d.refs.districts, t.locale)} ·{" "}
                      {h.categories
                        .map((c) => categoryLabel(t, c, d.refs.categories))
                        .join("、")}
                    </p>
                    {(h.descriptionHtml || h.description) && (
                      <p className={`mt-2 text-sm text-slate-700 ${MARK}`}>
                        <Highlighted
                          html={h.descriptionHtml}
                          fallback={h.description}
                        />
                      </p>
                    )}
                    <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
                      <span className="font-medium tabular-nums">
                        {h.performanceScore != null
                          ? t("search.orgs.performance", {
                              score: h.performanceScore,
                            })
                          : t("search.orgs.noScore")}
                      </span>
                      {h.ratingAvg != null && (
                        <span className="tabular-nums">
                          {t("search.orgs.rating", { rating: h.ratingAvg })}
                        </span>
                      )}
                      <span>
                        {t("search.facet.serviceDistricts")}
                        {t.locale === "en" ? ": " : "："}
                        {h.serviceDistricts
                          .map((s) => codeName(s, d.refs.districts, t.locale))
                          .join("、") || "—"}
                      </span>
                    </p>
                  </li>
                ))}
              </ol>
            )}
            <Pagination page={d.page} pageSize={d.pageSize} total={d.total} />
          </section>
        </div>
      </SearchForm>
    </div>
  );
}
