// Worker surveys: the projects whose survey the user may run or read — an organization its awarded
// projects, an enterprise its own projects, a broker every project from delivery on — with links issued
// and answers received.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { ProjectStateBadge, type ProjectStateName } from "~/components/Badge";
import { DataTable } from "~/components/DataTable";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { SURVEY_STATES } from "~/domain/surveys.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "surveys.title");

const LIST_STATES = [...SURVEY_STATES, "EVALUATED", "CLOSED"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ORG", "BROKER", "ADMIN", "ENTERPRISE");
  const url = new URL(request.url);
  const { page, pageSize, skip, take } = parsePageParams(url);
  const and: Prisma.ProjectWhereInput[] = [{ state: { in: [...LIST_STATES] }, isBundle: false }];
  if (user.role === "ORG") {
    const organizationId = user.organizationId ?? "__none__";
    and.push({ OR: [{ award: { organizationId } }, { bundle: { award: { organizationId } } }] });
  } else if (user.role === "ENTERPRISE") {
    and.push({ enterpriseId: user.enterpriseId ?? "__none__" });
  }
  const where: Prisma.ProjectWhereInput = { AND: and };
  const [total, rows] = await Promise.all([
    db.project.count({ where }),
    db.project.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip,
      take,
      select: {
        id: true,
        code: true,
        title: true,
        state: true,
        award: { select: { organization: { select: { name: true } } } },
        bundle: { select: { award: { select: { organization: { select: { name: true } } } } } },
        _count: { select: { surveyTokens: true, surveyResponses: true } },
      },
    }),
  ]);
  return {
    projects: rows.map((p) => ({
      id: p.id,
      code: p.code,
      title: p.title,
      state: p.state,
      organizationName: p.award?.organization.name ?? p.bundle?.award?.organization.name ?? null,
      tokens: p._count.surveyTokens,
      responses: p._count.surveyResponses,
      open: (SURVEY_STATES as readonly string[]).includes(p.state),
    })),
    total,
    page,
    pageSize,
  };
}

export default function Surveys() {
  const { projects, total, page, pageSize } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <PageHeader title={t("surveys.title")} description={t("surveys.subtitle")} />
      <DataTable
        caption={t("surveys.title")}
        rows={projects}
        rowKey={(p) => p.id}
        empty={t("surveys.empty")}
        columns={[
          {
            key: "project",
            header: t("col.project"),
            cell: (p) => (
              <Link to={`/projects/${p.id}/survey`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                <span className="mr-2 font-mono text-xs text-slate-600">{p.code}</span>
                {p.title}
              </Link>
            ),
          },
          { key: "org", header: t("col.organization"), hideOnMobile: true, cell: (p) => p.organizationName ?? "—" },
          { key: "state", header: t("col.state"), cell: (p) => <ProjectStateBadge state={p.state as ProjectStateName} /> },
          { key: "tokens", header: t("surveys.col.tokens"), align: "right", cell: (p) => <span className="tabular-nums">{p.tokens}</span> },
          { key: "responses", header: t("surveys.col.responses"), align: "right", cell: (p) => <span className="tabular-nums">{p.responses}</span> },
          {
            key: "action",
            header: t("common.actions"),
            cell: (p) => (
              <Link to={`/projects/${p.id}/survey`} className="whitespace-nowrap text-brand-700 underline underline-offset-2">
                {p.open ? t("surveys.action.manage") : t("surveys.action.results")}
              </Link>
            ),
          },
        ]}
      />
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  );
}
