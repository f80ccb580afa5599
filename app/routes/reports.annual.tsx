// BROKER / ADMIN: the annual implementation report (年度实施情况报告) for the city or one district:
// projects by category, money by funding source, organizations by grade and union coverage, evaluation
// results, joint meetings — tables, server-rendered charts (ECharts SVG) and CSV / XLSX / PDF downloads.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";

import { requireRole } from "~/auth/guards.server";
import { Alert } from "~/components/Alert";
import { Button, buttonClasses } from "~/components/Button";
import { Card } from "~/components/Card";
import { DataTable } from "~/components/DataTable";
import { formatDate, formatFen } from "~/components/format";
import { PageHeader } from "~/components/PageHeader";
import { Chart } from "~/components/evaluation/Chart";
import { currentShanghaiYear, formatNumber } from "~/components/evaluation/format";
import { parseReportQuery, reportQueryString } from "~/components/evaluation/report-query";
import { db } from "~/db.server";
import { annualReport, barChartSvg, pieChartSvg } from "~/domain/reports.server";
import { t as translate, type Locale } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reports.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "BROKER", "ADMIN");
  const locale: Locale = getLocale(request);
  const url = new URL(request.url);
  const thisYear = currentShanghaiYear();
  const districts = await db.district.findMany({ orderBy: [{ sortOrder: "asc" }, { code: "asc" }], select: { code: true, nameZh: true, nameEn: true } });
  const parsed = parseReportQuery(url, thisYear);
  const invalid = !parsed.success || (parsed.data.district !== undefined && !districts.some((d) => d.code === parsed.data.district));
  const query = invalid ? { year: thisYear, district: undefined } : { year: parsed.data!.year, district: parsed.data!.district };
  const r = await annualReport(query.year, query.district ?? null);
  const L = (zh: string, en: string) => (locale === "en" ? en : zh);
  const T = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const charts = {
    categories: barChartSvg(
      T("reports.chart.categories"),
      r.projectsByCategory.map((c) => L(c.nameZh, c.nameEn)),
      [
        { name: T("reports.col.published"), data: r.projectsByCategory.map((c) => c.published) },
        { name: T("reports.col.awarded"), data: r.projectsByCategory.map((c) => c.awarded) },
      ],
    ),
    funding: pieChartSvg(
      T("reports.chart.funding"),
      r.moneyByFundingSource.map((m) => ({ name: L(m.labelZh, m.labelEn), value: m.awardedFen / 100 })),
    ),
    grades: barChartSvg(T("reports.chart.orgGrades"), r.orgsByGrade.map((g) => (g.grade ? g.label : T("grade.none"))), [
      { name: T("reports.col.count"), data: r.orgsByGrade.map((g) => g.count) },
    ]),
    evaluations: barChartSvg(T("reports.chart.evaluations"), r.evaluationResults.byGrade.map((g) => L(g.labelZh, g.labelEn)), [
      { name: T("reports.col.projects"), data: r.evaluationResults.byGrade.map((g) => g.count) },
    ]),
  };
  return data(
    { report: r, charts, districts, query, thisYear, invalid },
    { status: invalid && url.search ? 400 : 200 },
  );
}

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-bold tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}

export default function AnnualReport() {
  const { report: r, charts, districts, query, thisYear, invalid } = useLoaderData<typeof loader>();
  const t = useT();
  const L = (zh: string, en: string) => (t.locale === "en" ? en : zh);
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  if (!years.includes(query.year)) years.push(query.year);
  const scope = r.district ? L(r.district.nameZh, r.district.nameEn) : t("reports.city");

  return (
    <div className="space-y-8">
      <PageHeader title={t("reports.title")} description={t("reports.subtitle", { year: r.year, scope })} />
      {invalid && <Alert tone="error">{t("reports.invalidQuery")}</Alert>}

      <Card>
        <div className="flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
          <Form method="get" className="flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="report-year" className="mb-1 block text-sm font-medium text-slate-800">
                {t("reports.year")}
              </label>
              <select id="report-year" name="year" defaultValue={String(query.year)} className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base">
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="report-district" className="mb-1 block text-sm font-medium text-slate-800">
                {t("reports.district")}
              </label>
              <select id="report-district" name="district" defaultValue={query.district ?? ""} className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base">
                <option value="">{t("reports.city")}</option>
                {districts.map((d) => (
                  <option key={d.code} value={d.code}>
                    {L(d.nameZh, d.nameEn)}
                  </option>
                ))}
              </select>
            </div>
            <Button type="submit" variant="secondary">
              {t("reports.show")}
            </Button>
          </Form>
          <div className="flex flex-wrap gap-2" role="group" aria-label={t("reports.downloads")}>
            {(["pdf", "xlsx", "csv"] as const).map((f) => (
              <a key={f} href={`/reports/annual/export?${reportQueryString(query, { format: f })}`} className={buttonClasses(f === "pdf" ? "primary" : "secondary", "sm")} download>
                {t(`reports.download.${f}`)}
              </a>
            ))}
          </div>
        </div>
        <p className="mt-3 text-xs text-slate-600">
          {t("reports.generatedAt", { at: formatDate(r.generatedAt, t.locale) })} ·           {t("reports.note")}
        </p>
      </Card>

      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="mb-3 text-lg font-semibold text-slate-900">
          {t("reports.totals")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-4">
          <Stat label={t("reports.t.published")} value={r.totals.projectsPublished} />
          <Stat label={t("reports.t.awarded")} value={r.totals.projectsAwarded} />
          <Stat label={t("reports.t.budget")} value={formatFen(r.totals.budgetFen)} />
          <Stat label={t("reports.t.awardedFen")} value={formatFen(r.totals.awardedFen)} />
          <Stat label={t("reports.t.paid")} value={formatFen(r.totals.paidFen)} />
          <Stat label={t("reports.t.served")} value={formatNumber(r.totals.beneficiariesServed, t.locale)} />
          <Stat label={t("reports.t.sessions")} value={formatNumber(r.totals.sessionsHeld, t.locale)} />
          <Stat label={t("reports.t.evaluations")} value={r.totals.evaluations} />
          <Stat label={t("reports.t.average")} value={r.totals.averageScore ?? "—"} />
          <Stat label={t("reports.t.orgs")} value={r.totals.orgsApproved} />
          <Stat label={t("reports.t.incubated")} value={r.incubatedOrgs} />
          <Stat label={t("reports.t.meetings")} value={r.totals.meetingsHeld} />
        </dl>
      </section>

      <section aria-labelledby="cat-heading" className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card>
          <h2 id="cat-heading" className="mb-3 text-lg font-semibold text-slate-900">
            {t("reports.categories")}
          </h2>
          <Chart svg={charts.categories} label={t("reports.chart.categories")} />
        </Card>
        <DataTable
          caption={t("reports.categories")}
          captionVisible
          rows={r.projectsByCategory}
          rowKey={(c) => c.code}
          columns={[
            { key: "name", header: t("reports.col.category"), cell: (c) => L(c.nameZh, c.nameEn) },
            { key: "published", header: t("reports.col.published"), align: "right", cell: (c) => c.published },
            { key: "awarded", header: t("reports.col.awarded"), align: "right", cell: (c) => c.awarded },
            { key: "budget", header: t("reports.col.budget"), align: "right", hideOnMobile: true, cell: (c) => <span className="whitespace-nowrap tabular-nums">{formatFen(c.budgetFen)}</span> },
            { key: "awardedFen", header: t("reports.col.awardedFen"), align: "right", cell: (c) => <span className="whitespace-nowrap tabular-nums">{formatFen(c.awardedFen)}</span> },
          ]}
        />
      </section>

      <section aria-labelledby="fund-heading" className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card>
          <h2 id="fund-heading" className="mb-3 text-lg font-semibold text-slate-900">
            {t("reports.funding")}
          </h2>
          <Chart svg={charts.funding} label={t("reports.chart.funding")} />
        </Card>
        <DataTable
          caption={t("reports.funding")}
          captionVisible
          rows={r.moneyByFundingSource}
          rowKey={(m) => m.source}
          columns={[
            { key: "source", header: t("reports.col.source"), cell: (m) => L(m.labelZh, m.labelEn) },
            { key: "awards", header: t("reports.col.awarded"), align: "right", cell: (m) => m.awards },
            { key: "awardedFen", header: t("reports.col.awardedFen"), align: "right", cell: (m) => <span className="whitespace-nowrap tabular-nums">{formatFen(m.awardedFen)}</span> },
            { key: "paid", header: t("reports.col.paid"), align: "right", cell: (m) => <span className="whitespace-nowrap tabular-nums">{formatFen(m.paidFen)}</span> },
          ]}
        />
      </section>

      <section aria-labelledby="orgs-heading" className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card>
          <h2 id="orgs-heading" className="mb-3 text-lg font-semibold text-slate-900">
            {t("reports.orgs")}
          </h2>
          <Chart svg={charts.grades} label={t("reports.chart.orgGrades")} />
        </Card>
        <div className="space-y-4">
          <DataTable
            caption={t("reports.orgsByGrade")}
            captionVisible
            rows={r.orgsByGrade}
            rowKey={(g) => String(g.grade)}
            columns={[
              { key: "grade", header: t("reports.col.grade"), cell: (g) => (g.grade ? g.label : t("grade.none")) },
              { key: "count", header: t("reports.col.count"), align: "right", cell: (g) => g.count },
            ]}
          />
          <DataTable
            caption={t("reports.orgsByCoverage")}
            captionVisible
            rows={r.orgsByCoverage}
            rowKey={(c) => c.coverage}
            columns={[
              { key: "coverage", header: t("reports.col.coverage"), cell: (c) => L(c.labelZh, c.labelEn) },
              { key: "count", header: t("reports.col.count"), align: "right", cell: (c) => c.count },
            ]}
          />
        </div>
      </section>

      <section aria-labelledby="eval-heading" className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card>
          <h2 id="eval-heading" className="mb-3 text-lg font-semibold text-slate-900">
            {t("reports.evaluations")}
          </h2>
          <Chart svg={charts.evaluations} label={t("reports.chart.evaluations")} />
        </Card>
        <DataTable
          caption={t("reports.evaluations")}
          captionVisible
          rows={r.evaluationResults.byGrade}
          rowKey={(g) => g.grade}
          columns={[
            { key: "grade", header: t("reports.col.grade"), cell: (g) => L(g.labelZh, g.labelEn) },
            { key: "count", header: t("reports.col.projects"), align: "right", cell: (g) => g.count },
          ]}
        />
      </section>

      <section aria-labelledby="meet-heading" className="space-y-3">
        <h2 id="meet-heading" className="text-lg font-semibold text-slate-900">
          {t("reports.meetings")}
        </h2>
        <p className="text-sm text-slate-700">
          {t("reports.meetings.summary", {
            held: r.meetings.held,
            scheduled: r.meetings.scheduled,
            rate: r.meetings.attendanceRate !== null ? `${formatNumber(r.meetings.attendanceRate, t.locale)}%` : "—",
          })}
        </p>
        <DataTable
          caption={t("reports.meetings")}
          rows={r.meetings.list}
          rowKey={(m) => `${m.title}-${String(m.scheduledAt)}`}
          empty={t("reports.meetings.empty")}
          columns={[
            { key: "title", header: t("reports.col.meeting"), cell: (m) => m.title },
            { key: "level", header: t("reports.col.level"), cell: (m) => (m.level === "CITY" ? t("reports.level.CITY") : t("reports.level.DISTRICT")) },
            { key: "district", header: t("reports.district"), hideOnMobile: true, cell: (m) => m.districtNameZh ?? "—" },
            { key: "at", header: t("reports.col.date"), cell: (m) => <span className="whitespace-nowrap">{formatDate(m.scheduledAt, t.locale)}</span> },
            { key: "held", header: t("col.state"), cell: (m) => (m.held ? t("reports.meeting.held") : t("reports.meeting.upcoming")) },
          ]}
        />
      </section>
    </div>
  );
}
