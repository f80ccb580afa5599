// An organization's performance page: its performance score, the score of each evaluated project over
// time, the average of each level-1 indicator, enterprise ratings and the worker survey — with
// server-rendered charts. Visible to brokers, admins, enterprises and the organization itself (another
// organization gets a 404).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";

import { notFoundResponse, requireUser, rethrowAsResponse } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Badge } from "~/components/Badge";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { formatDate } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Chart } from "~/components/evaluation/Chart";
import { GradeBadge } from "~/components/evaluation/GradeBadge";
import { formatNumber, formatScore, localName, shanghaiDate } from "~/components/evaluation/format";
import { barChartSvg, lineChartSvg, orgPerformance } from "~/domain/reports.server";
import { t as translate } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "performance.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const orgId = params.orgId ?? "";
  if (!orgId || orgId.length > 64) throw notFoundResponse();
  const own = user.role === "ORG" && user.organizationId === orgId;
  if (!(user.role === "BROKER" || user.role === "ADMIN" || user.role === "ENTERPRISE" || own)) throw notFoundResponse();
  let p;
  try {
    p = await orgPerformance(orgId);
  } catch (e) {
    rethrowAsResponse(e);
  }
  const locale = getLocale(request);
  const T = (k: Parameters<typeof translate>[1]) => translate(locale, k);
  const staff = user.role === "BROKER" || user.role === "ADMIN";
  // The cards carry the titles: the charts go without their own.
  const charts = {
    scoreOverTime: lineChartSvg(
      "",
      p.history.map((h) => `${h.projectCode}\n${shanghaiDate(h.closedAt).slice(0, 7)}`),
      p.history.map((h) => h.score),
    ),
    indicatorBreakdown: barChartSvg(
      "",
      p.indicatorBreakdown.map((i) => localName(i, locale)),
      [{ name: T("performance.col.average"), data: p.indicatorBreakdown.map((i) => i.averageScore) }],
    ),
    ratings: barChartSvg(
      "",
      [T("performance.rating.quality"), T("performance.rating.timeliness"), T("performance.rating.professionalism"), T("performance.rating.workerResponse")],
      [
        {
          name: T("performance.col.average"),
          data: [p.ratings.averages.quality ?? 0, p.ratings.averages.timeliness ?? 0, p.ratings.averages.professionalism ?? 0, p.ratings.averages.workerResponse ?? 0],
        },
      ],
    ),
  };
  return {
    perf: {
      ...p,
      // Enterprises see the numbers; the rating comments stay with the organization and the union.
      ratings: { ...p.ratings, recent: staff || own ? p.ratings.recent : [] },
      organization: { ...p.organization, flaggedForReview: staff ? p.organization.flaggedForReview : false },
    },
    charts,
    staff,
    own,
  };
}

function Stat({ label, value, children }: { label: string; value: ReactNode; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-bold tabular-nums text-slate-900">{value}</dd>
      {children}
    </div>
  );
}

export default function OrgPerformance() {
  const { perf, charts, staff, own } = useLoaderData<typeof loader>();
  const t = useT();
  const o = perf.organization;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          own ? undefined : (
            <Link to="/performance" className="text-brand-700 underline underline-offset-2">
              {t("performance.list.title")}
            </Link>
          )
        }
        title={o.name}
        description={t("performance.subtitle")}
      />
      {staff && o.flaggedForReview && (
        <Alert tone="warning" title={t("performance.flagged")}>
          <Link to="/broker/reviews" className="underline underline-offset-2">
            {t("reviews.alert.link")}
          </Link>
        </Alert>
      )}
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label={t("performance.score")} value={formatScore(o.performanceScore)}>
          <p className="mt-1 text-xs text-slate-600">{t("performance.score.hint")}</p>
        </Stat>
        <Stat label={t("performance.grade")} value={o.grade ? t("grade.value", { n: o.grade }) : t("grade.none")} />
        <Stat label={t("performance.evaluated")} value={perf.history.length} />
        <Stat label={t("performance.survey")} value={perf.survey.mean !== null ? `${formatNumber(perf.survey.mean, t.locale)} / 5` : "—"}>
          <p className="mt-1 text-xs text-slate-600">{t("performance.survey.count", { count: perf.survey.responses })}</p>
        </Stat>
      </dl>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title={t("performance.chart.scores")}>
          {perf.history.length ? <Chart svg={charts.scoreOverTime} label={t("performance.chart.scores")} /> : <p className="text-sm text-slate-600">{t("performance.none")}</p>}
        </Card>
        <Card title={t("performance.chart.indicators")}>
          {perf.indicatorBreakdown.length ? (
            <Chart svg={charts.indicatorBreakdown} label={t("performance.chart.indicators")} />
          ) : (
            <p className="text-sm text-slate-600">{t("performance.none")}</p>
          )}
        </Card>
      </div>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold text-slate-900">
          {t("performance.history")}
        </h2>
        <DataTable
          caption={t("performance.history")}
          rows={[...perf.history].reverse()}
          rowKey={(h) => h.projectId}
          empty={t("performance.none")}
          columns={[
            {
              key: "project",
              header: t("col.project"),
              cell: (h) =>
                staff ? (
                  <Link to={`/projects/${h.projectId}/evaluation`} className="text-brand-700 underline-offset-2 hover:underline">
                    <span className="mr-2 font-mono text-xs text-slate-600">{h.projectCode}</span>
                    {h.projectTitle}
                  </Link>
                ) : (
                  <span>
                    <span className="mr-2 font-mono text-xs text-slate-600">{h.projectCode}</span>
                    {h.projectTitle}
                  </span>
                ),
            },
            { key: "score", header: t("evaluation.col.score"), align: "right", cell: (h) => <span className="tabular-nums">{formatScore(h.score)}</span> },
            { key: "grade", header: t("evaluation.gradeLabel"), cell: (h) => <GradeBadge grade={h.grade} /> },
            { key: "closed", header: t("evaluation.list.col.closedAt"), hideOnMobile: true, cell: (h) => <span className="whitespace-nowrap">{formatDate(h.closedAt, t.locale)}</span> },
          ]}
        />
      </section>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <DataTable
          caption={t("performance.chart.indicators")}
          captionVisible
          rows={perf.indicatorBreakdown}
          rowKey={(i) => i.code}
          empty={t("performance.none")}
          columns={[
            { key: "name", header: t("evaluation.col.indicator"), cell: (i) => localName(i, t.locale) },
            { key: "avg", header: t("performance.col.average"), align: "right", cell: (i) => <span className="tabular-nums">{formatScore(i.averageScore)}</span> },
            { key: "n", header: t("performance.col.evaluations"), align: "right", cell: (i) => i.evaluations },
          ]}
        />
        <Card title={t("performance.chart.ratings")}>
          {perf.ratings.count ? (
            <>
              <Chart svg={charts.ratings} label={t("performance.chart.ratings")} />
              <p className="mt-2 text-sm text-slate-700">
                {t("performance.ratings.summary", { count: perf.ratings.count, overall: perf.ratings.overall !== null ? formatNumber(perf.ratings.overall, t.locale) : "—" })}
              </p>
            </>
          ) : (
            <p className="text-sm text-slate-600">{t("performance.ratings.none")}</p>
          )}
        </Card>
      </div>

      {perf.ratings.recent.length > 0 && (
        <section aria-labelledby="ratings-heading" className="space-y-3">
          <h2 id="ratings-heading" className="text-lg font-semibold text-slate-900">
            {t("performance.ratings.recent")}
          </h2>
          <ul className="space-y-2">
            {perf.ratings.recent.map((r, i) => (
              <li key={i} className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs text-slate-600">{r.projectCode}</span>
                  <Badge tone="blue">{t("performance.ratings.avg", { avg: formatNumber(r.average, t.locale) })}</Badge>
                  <span className="text-slate-600">{formatDate(r.createdAt, t.locale)}</span>
                </p>
                {r.comment && <p className="mt-1 text-slate-800">{r.comment}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
