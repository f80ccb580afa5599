// Organization performance. ORG: straight to its own page. BROKER / ADMIN / ENTERPRISE: the approved
// organizations ranked by performance score (recency-weighted mean of their evaluated projects).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { notFoundResponse, requireUser } from "~/auth/guards.server";
import { Badge } from "~/components/Badge";
import { DataTable } from "~/components/DataTable";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { formatScore } from "~/components/evaluation/format";
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "performance.list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (user.role === "ORG") {
    if (!user.organizationId) throw notFoundResponse();
    throw redirect(`/orgs/${user.organizationId}/performance`);
  }
  const { page, pageSize, skip, take } = parsePageParams(new URL(request.url));
  const where: Prisma.OrganizationWhereInput = { vettingStatus: "APPROVED" };
  const [total, orgs] = await Promise.all([
    db.organization.count({ where }),
    db.organization.findMany({
      where,
      orderBy: [{ performanceScore: { sort: "desc", nulls: "last" } }, { name: "asc" }],
      skip,
      take,
      select: { id: true, name: true, grade: true, performanceScore: true, flaggedForReview: true, district: { select: { nameZh: true, nameEn: true } } },
    }),
  ]);
  const staff = user.role === "BROKER" || user.role === "ADMIN";
  return {
    orgs: orgs.map((o, i) => ({ ...o, rank: skip + i + 1, flaggedForReview: staff && o.flaggedForReview })),
    total,
    page,
    pageSize,
  };
}

export default function PerformanceList() {
  const { orgs, total, page, pageSize } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <PageHeader title={t("performance.list.title")} description={t("performance.list.subtitle")} />
      <DataTable
        caption={t("performance.list.title")}
        rows={orgs}
        rowKey={(o) => o.id}
        empty={t("performance.list.empty")}
        columns={[
          { key: "rank", header: "#", align: "right", cell: (o) => <span className="tabular-nums text-slate-600">{o.rank}</span> },
          {
            key: "name",
            header: t("col.organization"),
            cell: (o) => (
              <span className="flex flex-wrap items-center gap-2">
                <Link to={`/orgs/${o.id}/performance`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                  {o.name}
                </Link>
                {o.flaggedForReview && <Badge tone="red">{t("performance.flaggedShort")}</Badge>}
              </span>
            ),
          },
          { key: "district", header: t("reports.district"), hideOnMobile: true, cell: (o) => (t.locale === "en" ? o.district.nameEn : o.district.nameZh) },
          { key: "grade", header: t("performance.grade"), cell: (o) => (o.grade ? t("grade.value", { n: o.grade }) : t("grade.none")) },
          { key: "score", header: t("performance.score"), align: "right", cell: (o) => <span className="font-semibold tabular-nums">{formatScore(o.performanceScore)}</span> },
        ]}
      />
      <Pagination page={page} pageSize={pageSize} total={total} showPageSize />
    </div>
  );
}
