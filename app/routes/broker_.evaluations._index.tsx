// BROKER: projects awaiting performance evaluation (ACCEPTED: not opened yet, or open), the evaluations
// closed most recently, and the organizations flagged for review.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge } from "~/components/Badge";
import { DataTable } from "~/components/DataTable";
import { formatDate, formatDateTime } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Pagination } from "~/components/Pagination";
import { parsePageParams } from "~/components/pagination";
import { GradeBadge } from "~/components/evaluation/GradeBadge";
import { formatScore } from "~/components/evaluation/format";
import { db } from "~/db.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation.list.title");

const orgOf = {
  award: { select: { organization: { select: { id: true, name: true } } } },
  bundle: { select: { award: { select: { organization: { select: { id: true, name: true } } } } } },
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "BROKER");
  const { page, pageSize, skip, take } = parsePageParams(new URL(request.url), 10);
  const [awaiting, closedTotal, closed, flagged] = await Promise.all([
    db.project.findMany({
      where: { state: "ACCEPTED", isBundle: false },
      orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
      take: 200,
      select: {
        id: true,
        code: true,
        title: true,
        updatedAt: true,
        enterprise: { select: { name: true } },
        evaluation: { select: { state: true, score: true, grade: true, openedAt: true } },
        ...orgOf,
      },
    }),
    db.evaluation.count({ where: { state: "CLOSED" } }),
    db.evaluation.findMany({
      where: { state: "CLOSED" },
      orderBy: [{ closedAt: "desc" }, { id: "asc" }],
      skip,
      take,
      select: { id: true, score: true, grade: true, closedAt: true, project: { select: { id: true, code: true, title: true, ...orgOf } } },
    }),
    db.organization.count({ where: { flaggedForReview: true } }),
  ]);
  const org = (p: { award: { organization: { id: string; name: string } } | null; bundle: { award: { organization: { id: string; name: string } } | null } | null }) =>
    p.award?.organization ?? p.bundle?.award?.organization ?? null;
  return {
    awaiting: awaiting.map((p) => ({
      id: p.id,
      code: p.code,
      title: p.title,
      acceptedAt: p.updatedAt,
      enterpriseName: p.enterprise?.name ?? null,
      organization: org(p),
      evaluation: p.evaluation,
    })),
    closed: closed.map((e) => ({ id: e.id, score: e.score, grade: e.grade, closedAt: e.closedAt, project: { id: e.project.id, code: e.project.code, title: e.project.title }, organization: org(e.project) })),
    closedTotal,
    page,
    pageSize,
    flagged,
  };
}

export default function BrokerEvaluations() {
  const { awaiting, closed, closedTotal, page, pageSize, flagged } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader
        title={t("evaluation.list.title")}
        description={t("evaluation.list.subtitle")}
        actions={
          <>
            <Link to="/surveys" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100">
              {t("surveys.title")}
            </Link>
            <Link to="/performance" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100">
              {t("performance.list.title")}
            </Link>
          </>
        }
      />
      {flagged > 0 && (
        <Alert tone="warning" title={t("reviews.alert.title", { count: flagged })}>
          <Link to="/broker/reviews" className="font-medium underline underline-offset-2">
            {t("reviews.alert.link")}
          </Link>
        </Alert>
      )}

      <section aria-labelledby="awaiting-heading" className="space-y-3">
        <h2 id="awaiting-heading" className="text-lg font-semibold text-slate-900">
          {t("evaluation.list.awaiting", { count: awaiting.length })}
        </h2>
        <DataTable
          caption={t("evaluation.list.awaiting", { count: awaiting.length })}
          rows={awaiting}
          rowKey={(p) => p.id}
          empty={t("evaluation.list.awaiting.empty")}
          columns={[
            {
              key: "project",
              header: t("col.project"),
              cell: (p) => (
                <Link to={`/projects/${p.id}/evaluation`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                  <span className="mr-2 font-mono text-xs text-slate-600">{p.code}</span>
                  {p.title}
                </Link>
              ),
            },
            { key: "org", header: t("col.organization"), cell: (p) => p.organization?.name ?? "—" },
            { key: "ent", header: t("col.enterprise"), hideOnMobile: true, cell: (p) => p.enterpriseName ?? "—" },
            { key: "accepted", header: t("evaluation.list.col.since"), hideOnMobile: true, cell: (p) => <span className="whitespace-nowrap">{formatDate(p.acceptedAt, t.locale)}</span> },
            {
              key: "status",
              header: t("col.state"),
              cell: (p) =>
                p.evaluation ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <Badge tone="blue">{t("evaluation.state.OPEN")}</Badge>
                    <span className="tabular-nums text-slate-700">{formatScore(p.evaluation.score)}</span>
                  </span>
                ) : (
                  <Badge tone="amber">{t("evaluation.state.NONE")}</Badge>
                ),
            },
            {
              key: "action",
              header: t("common.actions"),
              cell: (p) => (
                <Link to={`/projects/${p.id}/evaluation`} className="whitespace-nowrap font-medium text-brand-700 underline underline-offset-2">
                  {p.evaluation ? t("evaluation.list.continue") : t("evaluation.list.start")}
                </Link>
              ),
            },
          ]}
        />
      </section>

      <section aria-labelledby="closed-heading" className="space-y-3">
        <h2 id="closed-heading" className="text-lg font-semibold text-slate-900">
          {t("evaluation.list.closed")}
        </h2>
        <DataTable
          caption={t("evaluation.list.closed")}
          rows={closed}
          rowKey={(e) => e.id}
          empty={t("evaluation.list.closed.empty")}
          columns={[
            {
              key: "project",
              header: t("col.project"),
              cell: (e) => (
                <Link to={`/projects/${e.project.id}/evaluation`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                  <span className="mr-2 font-mono text-xs text-slate-600">{e.project.code}</span>
                  {e.project.title}
                </Link>
              ),
            },
            {
              key: "org",
              header: t("col.organization"),
              cell: (e) =>
                e.organization ? (
                  <Link to={`/orgs/${e.organization.id}/performance`} className="text-brand-700 underline-offset-2 hover:underline">
                    {e.organization.name}
                  </Link>
                ) : (
                  "—"
                ),
            },
            { key: "score", header: t("evaluation.col.score"), align: "right", cell: (e) => <span className="tabular-nums">{formatScore(e.score)}</span> },
            { key: "grade", header: t("evaluation.gradeLabel"), cell: (e) => <GradeBadge grade={e.grade} /> },
            {
              key: "closedAt",
              header: t("evaluation.list.col.closedAt"),
              hideOnMobile: true,
              cell: (e) => <span className="whitespace-nowrap">{e.closedAt ? formatDateTime(e.closedAt, t.locale) : "—"}</span>,
            },
          ]}
        />
        <Pagination page={page} pageSize={pageSize} total={closedTotal} />
      </section>
    </div>
  );
}
