// BROKER: the ledger dashboard — counts and charts (ECharts rendered to SVG on the server) of the
// organizations the filter selects: by district, category, grade, union coverage, funding source,
// vetting status, and growth over time. Every chart has its numbers as a table too.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireRole } from "~/auth/guards.server";
import { ledgerDashboard, ledgerFilterToSearchParams, parseLedgerFilter } from "~/domain/ledger.server";
import { bpToPercent } from "~/domain/organizations.schema";
import { LinkButton } from "~/components/Button";
import { PageHeader } from "~/components/PageHeader";
import { ChartFigure } from "~/components/registry/ChartFigure";
import { barChart, donutChart, growthChart, stackedBarChart } from "~/components/registry/charts.server";
import { LedgerFilters } from "~/components/registry/LedgerFilters";
import { loadRefs, orRespond } from "~/components/registry/refs.server";
import { BROKER_REGISTRY_TABS, SectionTabs } from "~/components/registry/SectionTabs";
import { isMessageKey, t as translate, tx, type MessageKey } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registry.dashboard.title");

/** The vetting badges' colours: pending amber, approved green, rejected red, suspended grey. */
const STATUS_COLOR: Record<string, string> = { PENDING: "#d97706", APPROVED: "#15803d", REJECTED: "#b91c1c", SUSPENDED: "#64748b" };
const UNION_COLOR: Record<string, string> = { OWN_UNION: "#a51a1a", JOINT_UNION: "#1d4ed8", NONE: "#94a3b8" };

interface Chart {
  id: string;
  title: string;
  summary: string;
  svg: string;
  headers: string[];
  rows: { label: string; values: (string | number)[] }[];
  note?: string;
  wide?: boolean;
}

/** "开福区 12、雨花区 9、…" — the largest items first, for the accessible summary. */
function topItems(items: { label: string; value: number }[], n = 5): string {
  return [...items]
    .filter((i) => i.value > 0)
    .sort((a, b) => b.value - a.value)
    .slice(0, n)
    .map((i) => `${i.label} ${i.value}`)
    .join("、");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BROKER", "ADMIN");
  const locale = getLocale(request);
  const l = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const url = new URL(request.url);
  const filter = parseLedgerFilter(url.searchParams);
  const [d, refs] = await Promise.all([orRespond(ledgerDashboard(user, url.searchParams)), loadRefs()]);
  const en = locale === "en";
  const name = (x: { nameZh?: string; nameEn?: string; key: string }) => (en ? x.nameEn : x.nameZh) ?? x.key;
  const count = l("registry.dashboard.count");
  const summary = (titleKey: MessageKey, items: { label: string; value: number }[]) =>
    l("registry.dashboard.summary", { title: l(titleKey), total: d.total, top: topItems(items) || l("table.empty") });

  const charts: Chart[] = [];

  const byDistrict = d.byDistrict.map((x) => ({ label: name(x), value: x.count }));
  charts.push({
    id: "by-district",
    title: l("registry.dashboard.byDistrict"),
    summary: summary("registry.dashboard.byDistrict", byDistrict),
    svg: barChart(byDistrict, { seriesName: count }),
    headers: [l("registry.field.district"), count],
    rows: byDistrict.map((x) => ({ label: x.label, values: [x.value] })),
  });

  const byCategory = d.byCategory.map((x) => {
    const key = `category.${x.key}`;
    return { label: isMessageKey(key) ? translate(locale, key) : name(x), value: x.count };
  });
  charts.push({
    id: "by-category",
    title: l("registry.dashboard.byCategory"),
    summary: summary("registry.dashboard.byCategory", byCategory),
    svg: barChart(byCategory, { seriesName: count, horizontal: true, height: 260 }),
    headers: [l("signup.field.categories"), count],
    rows: byCategory.map((x) => ({ label: x.label, values: [x.value] })),
    note: l("registry.dashboard.byCategoryNote"),
  });

  const gradeLabel = (k: string) => (k === "none" ? l("grade.none") : l("grade.value", { n: k }));
  const graded = d.byGrade.filter((g) => g.key !== "none");
  charts.push({
    id: "by-grade",
    title: l("registry.dashboard.byGrade"),
    summary: l("registry.dashboard.gradeSummary", {
      graded: graded.reduce((s, g) => s + g.count, 0),
      expired: graded.reduce((s, g) => s + g.expired, 0),
      none: d.byGrade.find((g) => g.key === "none")?.count ?? 0,
    }),
    svg: stackedBarChart(
      d.byGrade.map((g) => gradeLabel(g.key)),
      [
        // "Not graded" is not a grade: grey, not the brand colour.
        { name: l("registry.gradeStatus.VALID"), values: d.byGrade.map((g) => g.count - g.expired), colors: d.byGrade.map((g) => (g.key === "none" ? "#94a3b8" : null)) },
        { name: l("registry.gradeStatus.EXPIRED"), values: d.byGrade.map((g) => g.expired) },
      ],
    ),
    headers: [l("registry.col.grade"), l("registry.gradeStatus.VALID"), l("registry.gradeStatus.EXPIRED"), l("registry.dashboard.total")],
    rows: d.byGrade.map((g) => ({ label: gradeLabel(g.key), values: [g.count - g.expired, g.expired, g.count] })),
  });

  const byUnion = d.byUnionCoverage.map((x) => ({ label: tx(locale, `unionCoverage.${x.key}`), value: x.count, color: UNION_COLOR[x.key] }));
  charts.push({
    id: "by-union",
    title: l("registry.dashboard.byUnion"),
    summary: summary("registry.dashboard.byUnion", byUnion),
    svg: donutChart(byUnion, { seriesName: l("registry.dashboard.byUnion") }),
    headers: [l("registry.field.unionCoverage"), count],
    rows: byUnion.map((x) => ({ label: x.label, values: [x.value] })),
  });

  const byFunding = d.byFundingSource.map((x) => ({ label: tx(locale, `orgFunding.${x.key}`), value: x.count, shareBpSum: x.shareBpSum }));
  charts.push({
    id: "by-funding",
    title: l("registry.dashboard.byFunding"),
    summary: summary("registry.dashboard.byFunding", byFunding),
    svg: barChart(byFunding, { seriesName: count, horizontal: true, height: 260 }),
    headers: [l("registry.field.fundingSources"), count, l("registry.dashboard.avgShare")],
    rows: byFunding.map((x) => ({
      label: x.label,
      values: [x.value, x.value && x.shareBpSum ? `${bpToPercent(Math.round(x.shareBpSum / x.value))}%` : "—"],
    })),
    note: l("registry.dashboard.byFundingNote"),
  });

  const byStatus = d.byVettingStatus.map((x) => ({ label: tx(locale, `vetting.${x.key}`), value: x.count, color: STATUS_COLOR[x.key] }));
  charts.push({
    id: "by-status",
    title: l("registry.dashboard.byStatus"),
    summary: summary("registry.dashboard.byStatus", byStatus),
    svg: donutChart(byStatus, { seriesName: l("registry.dashboard.byStatus") }),
    headers: [l("registry.col.vetting"), count],
    rows: byStatus.map((x) => ({ label: x.label, values: [x.value] })),
  });

  const growth = d.growthByCreated;
  charts.push({
    id: "growth",
    title: l("registry.dashboard.growth"),
    summary: growth.length
      ? l("registry.dashboard.growthSummary", { from: growth[0].month, to: growth[growth.length - 1].month, total: growth[growth.length - 1].cumulative })
      : l("table.empty"),
    svg: growthChart(
      growth.map((g) => g.month),
      growth.map((g) => g.count),
      growth.map((g) => g.cumulative),
      { countName: l("registry.dashboard.newPerMonth"), cumulativeName: l("registry.dashboard.cumulative") },
    ),
    headers: [l("registry.dashboard.month"), l("registry.dashboard.newPerMonth"), l("registry.dashboard.cumulative")],
    rows: growth.map((g) => ({ label: g.month, values: [g.count, g.cumulative] })),
    wide: true,
  });

  const approved = d.byVettingStatus.find((x) => x.key === "APPROVED")?.count ?? 0;
  const pending = d.byVettingStatus.find((x) => x.key === "PENDING")?.count ?? 0;
  const unionCovered = d.byUnionCoverage.filter((x) => x.key !== "NONE").reduce((s, x) => s + x.count, 0);
  const validGrades = graded.reduce((s, g) => s + g.count - g.expired, 0);
  const attendanceRate = d.attendance.attended + d.attendance.absent > 0 ? Math.round((d.attendance.attended / (d.attendance.attended + d.attendance.absent)) * 100) : null;

  return {
    refs,
    filter,
    query: ledgerFilterToSearchParams(filter).toString(),
    kpis: [
      { key: "total", label: l("registry.dashboard.kpi.total"), value: String(d.total) },
      { key: "approved", label: l("registry.dashboard.kpi.approved"), value: String(approved) },
      { key: "pending", label: l("registry.dashboard.kpi.pending"), value: String(pending) },
      { key: "graded", label: l("registry.dashboard.kpi.validGrade"), value: String(validGrades) },
      { key: "union", label: l("registry.dashboard.kpi.union"), value: String(unionCovered) },
      { key: "incubated", label: l("registry.dashboard.kpi.incubated"), value: String(d.incubated) },
      { key: "attendance", label: l("registry.dashboard.kpi.attendance"), value: attendanceRate === null ? "—" : `${attendanceRate}%` },
    ],
    charts,
    foundedUnknown: d.foundedUnknown,
  };
}

export default function LedgerDashboard() {
  const { refs, filter, query, kpis, charts } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <PageHeader
        title={t("registry.dashboard.title")}
        description={t("registry.dashboard.subtitle")}
        actions={
          <LinkButton to={`/broker/ledger${query ? `?${query}` : ""}`} variant="secondary" size="sm">
            {t("registry.dashboard.toTable")}
          </LinkButton>
        }
      />
      <SectionTabs tabs={BROKER_REGISTRY_TABS} label="registry.tabs.brokerLabel" />
      <div className="space-y-6">
        <details className="group" open={query !== ""}>
          <summary className="lb-summary mb-3 inline-flex cursor-pointer items-center gap-2 text-sm font-medium text-brand-700">
            <span aria-hidden="true" className="transition-transform group-open:rotate-90">
              ▸
            </span>
            {query ? t("registry.dashboard.filtered") : t("registry.dashboard.filter")}
          </summary>
          <LedgerFilters filter={filter} districts={refs.districts} categories={refs.categories} resetTo="/broker/ledger/dashboard" idPrefix="df" />
        </details>

        <section aria-label={t("registry.dashboard.kpis")}>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
            {kpis.map((k) => (
              <div key={k.key} className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
                <dt className="text-xs font-medium text-slate-600">{k.label}</dt>
                <dd className="mt-1 text-2xl font-bold tabular-nums text-slate-900">{k.value}</dd>
              </div>
            ))}
          </dl>
        </section>

        <div className="grid gap-5 md:grid-cols-2">
          {charts.map((c) => (
            <ChartFigure
              key={c.id}
              id={c.id}
              title={c.title}
              summary={c.summary}
              svg={c.svg}
              table={{ headers: c.headers, rows: c.rows }}
              note={c.note}
              className={c.wide ? "md:col-span-2" : undefined}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
