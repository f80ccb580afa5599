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
import { ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { Card } from "~/components/Card";
import { formatDate, formatFen } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { categoryLabel, codeName } from "~/components/registry/labels";
import { loadRefs } from "~/components/registry/refs.server";
import { BUDGET_BUCKETS, PROJECT_SORTS } from "~/components/search/params";
import { pageData, searchProjectsPage } from "~/components/search/query.server";
import { Highlighted, ReasonList } from "~/components/search/Reasons";
import { SearchForm, type FacetOption } from "~/components/search/SearchForm";
import {
  Facet,
  FacetPanel,
  MARK,
  ResultCard,
  SearchBar,
  SearchColumns,
  SearchError,
  SearchResults,
  sortOptions,
} from "~/components/search/SearchPage";
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
    ...pageData(result),
    budgetCounts: result.budgetCounts,
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

  const searching =
    !!d.q || d.page > 1 || Object.values(d.selected).some((v) => v.length > 0);
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
        <SearchBar
          q={d.q}
          placeholder={t("search.projects.q.placeholder")}
          sortChoice={d.sortChoice}
          sorts={sortOptions(t, PROJECT_SORTS, "search.projects.sort")}
          resetTo="/search/projects"
        />

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

        <SearchError error={d.error} />

        <SearchColumns>
          <FacetPanel>
            <Facet
              data={d}
              name="category"
              legend={t("search.facet.category")}
              label={(v) => categoryLabel(t, v, d.refs.categories)}
              order={catOrder}
            />
            <Facet
              data={d}
              name="district"
              legend={t("search.facet.district")}
              label={(v) => codeName(v, d.refs.districts, t.locale)}
              order={distOrder}
            />
            <Facet
              data={d}
              name="fundingSource"
              legend={t("search.facet.fundingSource")}
              label={(v) => t.tx(`funding.${v}`)}
            />
            <Facet
              data={d}
              name="budget"
              legend={t("search.facet.budget")}
              options={budgetOptions}
            />
            <Facet
              data={d}
              name="state"
              legend={t("search.facet.state")}
              label={(v) => t.tx(`projectState.${v}`)}
            />
          </FacetPanel>

          <SearchResults result={d}>
            {d.hits.map((h) => {
              const href = projectHref(h.id, h.state);
              const title = (
                <Highlighted html={h.titleHtml} fallback={h.title} />
              );
              return (
                <ResultCard key={h.id}>
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <h3
                      className={`min-w-0 text-base font-semibold text-slate-900 ${MARK}`}
                    >
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
                    <ProjectStateBadge state={h.state as ProjectStateName} />
                  </div>
                  <p className="mt-0.5 text-xs text-slate-600">
                    {h.code}
                    {h.enterpriseName ? ` · ${h.enterpriseName}` : ""}
                  </p>
                  <p className={`mt-2 text-sm text-slate-700 ${MARK}`}>
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
                </ResultCard>
              );
            })}
          </SearchResults>
        </SearchColumns>
      </SearchForm>
    </div>
  );
}
