// BROKER: every project in every district, with filters (state, district, category, text, bundles)
// and pagination. Admins may read it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { Badge, ProjectStateBadge } from "~/components/Badge";
import { DataTable } from "~/components/DataTable";
import { formatDateTime, formatFen } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { categoryText, codeLabel } from "~/components/broker/labels";
import { ProjectFilterForm } from "~/components/broker/ProjectFilterForm";
import { codeParam, textParam } from "~/components/broker/params.server";
import { referenceLists } from "~/domain/broker.server";
import { PROJECT_STATES, type ProjectState } from "~/domain/lifecycle";
import { listProjects } from "~/domain/projects.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "broker.projects.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const url = new URL(request.url);
  const { page, pageSize } = parsePageParams(url);
  // Unknown values are ignored rather than refused: a hand-edited URL never becomes an error page.
  const stateParam = codeParam(url, "state");
  const state = PROJECT_STATES.includes(stateParam as ProjectState) ? (stateParam as ProjectState) : undefined;
  const bundledParam = codeParam(url, "bundled");
  const bundled = bundledParam === "only" || bundledParam === "exclude" ? bundledParam : undefined;
  const filters = { state, districtCode: codeParam(url, "district"), categoryCode: codeParam(url, "category"), q: textParam(url, "q"), bundled };
  const [list, refs] = await Promise.all([
    listProjects(user, { ...filters, state: state ? [state] : undefined }, { page, pageSize }),
    referenceLists(),
  ]);
  return { list, refs, filters };
}

export default function BrokerProjects() {
  const { list, refs, filters } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link to="/broker" className="underline">
            {t("broker.dashboard.title")}
          </Link>
        }
        title={t("broker.projects.title")}
        description={t("broker.projects.subtitle")}
      />
      <ProjectFilterForm
        refs={refs}
        withState
        withBundled
        values={{ state: filters.state, district: filters.districtCode, category: filters.categoryCode, q: filters.q, bundled: filters.bundled }}
      />
      <div>
        <DataTable
          caption={t("broker.projects.caption", { total: list.total })}
          rows={list.items}
          rowKey={(p) => p.id}
          empty={t("broker.projects.empty")}
          columns={[
            {
              key: "title",
              header: t("broker.col.project"),
              cell: (p) => (
                <div className="min-w-[12rem]">
                  <span className="block font-mono text-xs text-slate-600">
                    {p.code}
                    {p.isBundle && (
                      <Badge tone="brand" className="ml-2">
                        {t("broker.bundle.badge")}
                      </Badge>
                    )}
                    {p.bundleId && (
                      <Badge tone="gray" className="ml-2">
                        {t("broker.bundle.memberBadge")}
                      </Badge>
                    )}
                  </span>
                  <Link to={`/broker/projects/${p.id}`} className="font-medium text-brand-800 underline-offset-2 hover:underline">
                    {p.title}
                  </Link>
                </div>
              ),
            },
            { key: "state", header: t("broker.col.state"), cell: (p) => <ProjectStateBadge state={p.state} /> },
            { key: "enterprise", header: t("broker.col.enterprise"), cell: (p) => p.enterprise?.name ?? (p.isBundle ? t("broker.bundle.severalEnterprises") : "—") },
            { key: "category", header: t("broker.col.category"), cell: (p) => <span className="whitespace-nowrap">{categoryText(t, p.categoryCode, refs.categories)}</span> },
            {
              key: "district",
              header: t("broker.col.district"),
              hideOnMobile: true,
              cell: (p) => <span className="whitespace-nowrap">{codeLabel(p.districtCode, refs.districts, t.locale)}</span>,
            },
            { key: "budget", header: t("broker.col.budget"), align: "right", cell: (p) => <span className="whitespace-nowrap tabular-nums">{formatFen(p.budgetFen)}</span> },
            {
              key: "deadline",
              header: t("broker.col.deadline"),
              hideOnMobile: true,
              cell: (p) => <span className="whitespace-nowrap">{p.bidDeadline ? formatDateTime(p.bidDeadline, t.locale) : "—"}</span>,
            },
          ]}
        />
        <Pagination page={list.page} pageSize={list.pageSize} total={list.total} showPageSize />
      </div>
    </div>
  );
}
