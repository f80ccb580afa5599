// /search/organizations — search of vetted (APPROVED) organizations for enterprises and brokers: facets
// with counts (category, service district, grade, union coverage, incubated), sort by performance
// score / rating / grade (or relevance), highlighted matches, pagination. Works without JavaScript.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { Badge } from "~/components/Badge";
import { PageHeader } from "~/components/PageHeader";
import { categoryLabel, codeName } from "~/components/registry/labels";
import { loadRefs } from "~/components/registry/refs.server";
import { ORG_SORTS } from "~/components/search/params";
import {
  pageData,
  searchOrganizationsPage,
} from "~/components/search/query.server";
import { Highlighted } from "~/components/search/Reasons";
import { SearchForm } from "~/components/search/SearchForm";
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
    ...pageData(result),
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

export default function SearchOrganizations() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const orgHref = (id: string) =>
    d.role === "BROKER" || d.role === "ADMIN"
      ? `/broker/orgs/${id}`
      : `/orgs/${id}/performance`;

  return (
    <div>
      <PageHeader
        title={t("search.orgs.title")}
        description={t("search.orgs.subtitle")}
      />
      <SearchForm id="org-search">
        <SearchBar
          q={d.q}
          placeholder={t("search.orgs.q.placeholder")}
          sortChoice={d.sortChoice}
          sorts={sortOptions(t, ORG_SORTS, "search.orgs.sort")}
          resetTo="/search/organizations"
        />

        <SearchError error={d.error} />

        <SearchColumns>
          <FacetPanel>
            <Facet
              data={d}
              name="categories"
              legend={t("search.facet.categories")}
              label={(v) => categoryLabel(t, v, d.refs.categories)}
              order={d.refs.categories.map((c) => c.code)}
            />
            <Facet
              data={d}
              name="serviceDistricts"
              legend={t("search.facet.serviceDistricts")}
              label={(v) => codeName(v, d.refs.districts, t.locale)}
              order={d.refs.districts.map((c) => c.code)}
            />
            <Facet
              data={d}
              name="grade"
              legend={t("search.facet.grade")}
              label={(v) => t("grade.value", { n: v })}
              order={["5", "4", "3", "2", "1"]}
            />
            <Facet
              data={d}
              name="unionCoverage"
              legend={t("search.facet.unionCoverage")}
              label={(v) => t.tx(`unionCoverage.${v}`)}
              order={["OWN_UNION", "JOINT_UNION", "NONE"]}
            />
            <Facet
              data={d}
              name="incubated"
              legend={t("search.facet.incubated")}
              label={(v) => t.tx(`search.incubated.${v}`)}
              order={["true", "false"]}
            />
          </FacetPanel>

          <SearchResults result={d}>
            {d.hits.map((h) => (
              <ResultCard key={h.id}>
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
                      <Badge tone="purple">{t("search.incubated.true")}</Badge>
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
              </ResultCard>
            ))}
          </SearchResults>
        </SearchColumns>
      </SearchForm>
    </div>
  );
}
