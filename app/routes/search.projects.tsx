// /search/projects — project search for organizations and brokers: search-as-you-type (a GET form; it
// works without JavaScript), facets with counts (category, district, funding source, budget range,
// status), sort (relevance, newest, deadline, budget), highlighted matches, pagination; and, for an
// organization, "projects recommended for you" with the reasons.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import {
  recommendProjects,
  type ProjectRecommendation,
} from "~/domain/matching.server";
import { Alert } from "~/components/Alert";
import { ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { EmptyState } from "~/components/EmptyState";
import { controlClasses } from "~/components/Field";
import { formatDate, formatFen } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { categoryLabel, codeName } from "~/components/registry/labels";
import { loadRefs } from "~/components/registry/refs.server";
import { BUDGET_BUCKETS, PROJECT_SORTS } from "~/components/search/params";
import { searchProjectsPage } from "~/components/search/query.server";
import { Highlighted, ReasonList } from "~/components/search/Reasons";
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
  pageTitle(matches, "search.projects.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ORG", "BROKER", "ADMIN");
  const url = new URL(request.url);
  const [result, refs, recommended] = await Promise.all([
    searchProjectsPage(url),
    loadRefs(),
    user.role === "ORG"
      ? recommendProjects(user, { limit: 5 }).catch(
          (): ProjectRecommendation[] => []
        )
      : Promise.resolve(null),
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
    budgetCounts: result.budgetCounts,
    error: result.error,
    hits: result.hits.map((h) => ({
      id: h.id,
      code: h.doc.code,
      title: h.doc.title,
      description: h.doc.description.slice(0, 160),
      state: h.doc.state,
      category: h.doc.category,
      district: h.doc.district,
      fundingSource: h.doc.fundingSource,
      budgetFen: h.doc.budgetFen,
      bidDeadline: h.doc.bidDeadline,
      enterpriseName: h.doc.enterpriseName,
      titleHtml: h._formatted?.title,
      descriptionHtml: h._formatted?.description,
    })),
    recommended,
  };
}

const FORM_ID = "project-search";

export default function SearchProjects() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const projectHref = (id: string, state: string) =>
    d.role === "ORG"
      ? state === "PUBLISHED"
        ? `/projects/${id}`
        : null
      : d.role === "BROKER"
      ? `/broker/projects/${id}`
      : `/projects/${id}`;

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
  const searching = !!d.q || d.page > 1 || Object.values(d.selected).some((v) => v.length > 0);
  const catOrder = d.refs.categories.map((c) => c.code);
  const distOrder = d.refs.districts.map((c) => c.code);
  const budgetOptions: FacetOption[] = (
    Object.keys(BUDGET_BUCKETS) as (keyof typeof BUDGET_BUCKETS)[]
  ).map((b) => ({
    value: b,
    label: t(`search.budget.${b}` as MessageKey),
    count: d.budgetCounts[b] ?? 0,
  }));

  return (
    <div>
      <PageHeader
        title={t("search.projects.title")}
        description={t("search.projects.subtitle")}
      />

      <SearchForm id={FORM_ID}>
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
              placeholder={t("search.projects.q.placeholder")}
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
              {(
                Object.keys(PROJECT_SORTS) as (keyof typeof PROJECT_SORTS)[]
              ).map((s) => (
                <option key={s} value={s}>
                  {s === "relevance"
                    ? t("search.sort.relevance")
                    : t(`search.projects.sort.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="flex gap-2">
            <Button type="submit">{t("search.submit")}</Button>
            <Link
              reloadDocument
              to="/search/projects"
              className="inline-flex items-center px-2 text-sm text-brand-800 underline underline-offset-2"
            >
              {t("search.reset")}
            </Link>
          </div>
        </div>

        {/* Recommendations greet a bare visit; once the user searches or filters, results come first. */}
      {d.recommended && !searching && (
        <Card
          title={t("search.projects.recommended")}
          className="mb-6"
          aria-labelledby={undefined}
        >
          <p className="-mt-2 mb-3 text-sm text-slate-600">
            {t("search.projects.recommended.hint")}
          </p>
          {d.recommended.length === 0 ? (
            <p className="text-sm text-slate-700">
              {t("search.projects.recommended.empty")}
            </p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {d.recommended.map((r) => (
                <li key={r.projectId} className="py-3 first:pt-0 last:pb-0">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <Link
                      to={`/projects/${r.projectId}`}
                      className="font-medium text-brand-800 underline-offset-2 hover:underline"
                    >
                      {r.title}
                    </Link>
                    <span className="text-sm font-semibold tabular-nums text-slate-800">
                      {t("search.score", { score: r.score })}
                    </span>
                  </div>
                  <p className="mb-1.5 text-xs text-slate-600">
                    {r.code} · {formatFen(r.budgetFen)}
                    {r.bidDeadline
                      ? ` · ${t("search.projects.deadline", {
                          date: formatDate(r.bidDeadline, t.locale),
                        })}`
                      : ""}
                  </p>
                  <ReasonList reasons={r.reasons} compact />
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

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
                  name="category"
                  legend={t("search.facet.category")}
                  selected={d.selected.category ?? []}
                  options={facetOptions(
                    "category",
                    (v) => categoryLabel(t, v, d.refs.categories),
                    catOrder
                  )}
                />
                <FacetGroup
                  name="district"
                  legend={t("search.facet.district")}
                  selected={d.selected.district ?? []}
                  options={facetOptions(
                    "district",
                    (v) => codeName(v, d.refs.districts, t.locale),
                    distOrder
                  )}
                />
                <FacetGroup
                  name="fundingSource"
                  legend={t("search.facet.fundingSource")}
                  selected={d.selected.fundingSource ?? []}
                  options={facetOptions("fundingSource", (v) =>
                    t.tx(`funding.${v}`)
                  )}
                />
                <FacetGroup
                  name="budget"
                  legend={t("search.facet.budget")}
                  selected={d.selected.budget ?? []}
                  options={budgetOptions}
                />
                <FacetGroup
                  name="state"
                  legend={t("search.facet.state")}
                  selected={d.selected.state ?? []}
                  options={facetOptions("state", (v) =>
                    t.tx(`projectState.${v}`)
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
                {d.hits.map((h) => {
                  const href = projectHref(h.id, h.state);
                  const title = (
                    <Highlighted html={h.titleHtml} fallback={h.title} />
                  );
                  return (
                    <li
                      key={h.id}
                      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
                    >
                      <div className="flex flex-wrap items-start justify-between gap-2">
                        <h3 className="min-w-0 text-base font-semibold text-slate-900 [&_mark]:rounded-sm [&_mark]:bg-amber-200 [&_mark]:px-0.5 [&_mark]:text-slate-900">
                          {href ? (
                            <Link
                              to={href}
                              className="text-brand-800 underline-offset-2 hover:underline"
                            >
                              {title}
                            </Link>
                          ) : (
                            title
                          )}
                        </h3>
                        <ProjectStateBadge
                          state={h.state as ProjectStateName}
                        />
                      </div>
                      <p className="mt-0.5 text-xs text-slate-600">
                        {h.code}
                        {h.enterpriseName ? ` · ${h.enterpriseName}` : ""}
                      </p>
                      <p className="mt-2 text-sm text-slate-700 [&_mark]:rounded-sm [&_mark]:bg-amber-200 [&_mark]:px-0.5 [&_mark]:text-slate-900">
                        <Highlighted
                          html={h.descriptionHtml}
                          fallback={h.description}
                        />
                      </p>
                      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
                        <span>
                          {categoryLabel(t, h.category, d.refs.categories)}
                        </span>
                        <span>
                          {codeName(h.district, d.refs.districts, t.locale)}
                        </span>
                        <span>{t.tx(`funding.${h.fundingSource}`)}</span>
                        <span className="font-medium tabular-nums">
                          {t("search.projects.budget", {
                            amount: formatFen(h.budgetFen),
                          })}
                        </span>
                        {h.bidDeadline && (
                          <span>
                            {t("search.projects.deadline", {
                              date: formatDate(h.bidDeadline, t.locale),
                            })}
                          </span>
                        )}
                      </p>
                    </li>
                  );
                })}
              </ol>
            )}
            <Pagination page={d.page} pageSize={d.pageSize} total={d.total} />
          </section>
        </div>
      </SearchForm>
    </div>
  );
}
