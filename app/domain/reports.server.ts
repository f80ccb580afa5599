// Reports: the annual implementation report (city-wide or one district) and the per-organization
// performance data, with exports (CSV with BOM, XLSX, PDF with charts).
//
// Charts are drawn by Apache ECharts on the server (SVG renderer, SSR mode) and embedded into the
// PDF with svg-to-pdfkit (vector, text in the registered Noto Sans SC font). chartSvg() also serves
// pages that want a chart without client-side JavaScript.
//
// Year boundaries are Asia/Shanghai calendar years. Which rows count for a year:
//   projects        published in the year (bundle members excluded: the bundle is the project)
//   awards/money    award approved in the year; paid = invoices (not credited) paid in the year
//   delivery        the latest delivery report of each project, submitted in the year
//   evaluations     closed in the year
//   organizations   the ledger as of now (approved organizations; grade and union coverage)
//   meetings        joint meetings scheduled in the year (held = scheduled time has passed)
// A district report filters projects and meetings by their district and organizations by their
// home district.
import * as echarts from "echarts";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { notFound } from "./errors";
import { formatDateZh, pdfToBuffer, registerCjkFonts } from "./invoice-pdf.server";
import { formatFen } from "./money";
import { GRADE_LABEL_EN, GRADE_LABEL_ZH, round2, shanghaiYearRange, type BreakdownRow, type Grade } from "./scoring";

export const FUNDING_SOURCES = ["UNION_FUNDS", "GOVERNMENT_PURCHASE", "ENTERPRISE_SELF", "MIXED"] as const;
export const FUNDING_LABEL: Record<string, { zh: string; en: string }> = {
  UNION_FUNDS: { zh: "工会经费", en: "Union funds" },
  GOVERNMENT_PURCHASE: { zh: "政府购买", en: "Government purchase" },
  ENTERPRISE_SELF: { zh: "企业自筹", en: "Enterprise self-funded" },
  MIXED: { zh: "混合资金", en: "Mixed" },
};
export const COVERAGE_LABEL: Record<string, { zh: string; en: string }> = {
  OWN_UNION: { zh: "已建工会", en: "Own union" },
  JOINT_UNION: { zh: "加入联合工会", en: "Joint union" },
  NONE: { zh: "未建工会", en: "No union" },
};
const GRADES: Grade[] = ["EXCELLENT", "GOOD", "PASS", "FAIL"];

export interface AnnualReport {
  year: number;
  district: { code: string; nameZh: string; nameEn: string } | null;
  generatedAt: Date;
  totals: {
    projectsPublished: number;
    projectsAwarded: number;
    budgetFen: number;
    awardedFen: number;
    paidFen: number;
    beneficiariesServed: number;
    sessionsHeld: number;
    evaluations: number;
    averageScore: number | null;
    orgsApproved: number;
    meetingsHeld: number;
  };
  projectsByCategory: Array<{ code: string; nameZh: string; nameEn: string; published: number; awarded: number; budgetFen: number; awardedFen: number }>;
  moneyByFundingSource: Array<{ source: string; labelZh: string; labelEn: string; awards: number; awardedFen: number; paidFen: number }>;
  orgsByGrade: Array<{ grade: number | null; label: string; count: number }>;
  orgsByCoverage: Array<{ coverage: string; labelZh: string; labelEn: string; count: number }>;
  incubatedOrgs: number;
  evaluationResults: {
    count: number;
    averageScore: number | null;
    byGrade: Array<{ grade: Grade; labelZh: string; labelEn: string; count: number }>;
  };
  meetings: {
    held: number;
    scheduled: number;
    byLevel: Array<{ level: "CITY" | "DISTRICT"; labelZh: string; count: number }>;
    attendanceRate: number | null;
    list: Array<{ title: string; level: string; districtNameZh: string | null; scheduledAt: Date; place: string; held: boolean }>;
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Data of the annual implementation report (broker). */
export async function annualReport(year: number, districtCode?: string | null, now = new Date()): Promise<AnnualReport> {
  const range = shanghaiYearRange(year);
  let district: AnnualReport["district"] = null;
  if (districtCode) {
    const d = await db.district.findUnique({ where: { code: districtCode } });
    if (!d) throw notFound();
    district = { code: d.code, nameZh: d.nameZh, nameEn: d.nameEn };
  }
  const pDistrict: Prisma.ProjectWhereInput = districtCode ? { districtCode } : {};

  const categories = await db.category.findMany({ orderBy: { sortOrder: "asc" } });
  const published = await db.project.findMany({
    where: { ...pDistrict, bundleId: null, publishedAt: range },
    select: { id: true, categoryCode: true, budgetFen: true, award: { select: { amountFen: true } } },
  });
  const projectsByCategory = categories.map((c) => {
    const ps = published.filter((p) => p.categoryCode === c.code);
    return {
      code: c.code,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      published: ps.length,
      awarded: ps.filter((p) => p.award).length,
      budgetFen: sum(ps.map((p) => p.budgetFen)),
      awardedFen: sum(ps.map((p) => p.award?.amountFen ?? 0)),
    };
  });

  const awards = await db.award.findMany({
    where: { approvedAt: range, project: { ...pDistrict, bundleId: null } },
    select: { amountFen: true, project: { select: { fundingSource: true } } },
  });
  const paid = await db.invoice.findMany({
    where: { kind: "INVOICE", paidAt: range, credits: { none: {} }, project: pDistrict },
    select: { amountFen: true, project: { select: { fundingSource: true } } },
  });
  const moneyByFundingSource = FUNDING_SOURCES.map((s) => ({
    source: s,
    labelZh: FUNDING_LABEL[s].zh,
    labelEn: FUNDING_LABEL[s].en,
    awards: awards.filter((a) => a.project.fundingSource === s).length,
    awardedFen: sum(awards.filter((a) => a.project.fundingSource === s).map((a) => a.amountFen)),
    paidFen: sum(paid.filter((i) => i.project.fundingSource === s).map((i) => i.amountFen)),
  }));

  // Delivery: latest report per project, submitted in the year.
  const reports = await db.deliveryReport.findMany({
    where: { submittedAt: range, project: pDistrict },
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    select: { projectId: true, beneficiariesActual: true, sessionsHeld: true },
  });
  const latest = new Map<string, { beneficiariesActual: number; sessionsHeld: number }>();
  for (const r of reports) if (!latest.has(r.projectId)) latest.set(r.projectId, r);

  const orgWhere: Prisma.OrganizationWhereInput = { vettingStatus: "APPROVED", ...(districtCode ? { districtCode } : {}) };
  const orgs = await db.organization.findMany({ where: orgWhere, select: { grade: true, unionCoverage: true, incubated: true } });
  const orgsByGrade = [5, 4, 3, 2, 1, null].map((g) => ({ grade: g, label: g ? `${g}A` : "未评级", count: orgs.filter((o) => (o.grade ?? null) === g).length }));
  const orgsByCoverage = (["OWN_UNION", "JOINT_UNION", "NONE"] as const).map((c) => ({
    coverage: c,
    labelZh: COVERAGE_LABEL[c].zh,
    labelEn: COVERAGE_LABEL[c].en,
    count: orgs.filter((o) => o.unionCoverage === c).length,
  }));

  const evals = await db.evaluation.findMany({ where: { state: "CLOSED", closedAt: range, project: pDistrict }, select: { score: true, grade: true } });
  const scored = evals.filter((e) => e.score !== null).map((e) => e.score as number);
  const averageScore = scored.length ? round2(sum(scored) / scored.length) : null;

  const meetings = await db.jointMeeting.findMany({
    where: { scheduledAt: range, ...(districtCode ? { districtCode } : {}) },
    orderBy: { scheduledAt: "asc" },
    include: { district: { select: { nameZh: true } }, invitations: { select: { attended: true } } },
  });
  const held = meetings.filter((m) => m.scheduledAt <= now);
  const answered = held.flatMap((m) => m.invitations).filter((i) => i.attended !== null);

  return {
    year,
    district,
    generatedAt: now,
    totals: {
      projectsPublished: published.length,
      projectsAwarded: awards.length,
      budgetFen: sum(published.map((p) => p.budgetFen)),
      awardedFen: sum(awards.map((a) => a.amountFen)),
      paidFen: sum(paid.map((i) => i.amountFen)),
      beneficiariesServed: sum([...latest.values()].map((r) => r.beneficiariesActual)),
      sessionsHeld: sum([...latest.values()].map((r) => r.sessionsHeld)),
      evaluations: evals.length,
      averageScore,
      orgsApproved: orgs.length,
      meetingsHeld: held.length,
    },
    projectsByCategory,
    moneyByFundingSource,
    orgsByGrade,
    orgsByCoverage,
    incubatedOrgs: orgs.filter((o) => o.incubated).length,
    evaluationResults: {
      count: evals.length,
      averageScore,
      byGrade: GRADES.map((g) => ({ grade: g, labelZh: GRADE_LABEL_ZH[g], labelEn: GRADE_LABEL_EN[g], count: evals.filter((e) => e.grade === g).length })),
    },
    meetings: {
      held: held.length,
      scheduled: meetings.length,
      byLevel: (["CITY", "DISTRICT"] as const).map((l) => ({ level: l, labelZh: l === "CITY" ? "市级联席会" : "区级联席会", count: held.filter((m) => m.level === l).length })),
      attendanceRate: answered.length ? round2((answered.filter((i) => i.attended).length / answered.length) * 100) : null,
      list: meetings.map((m) => ({ title: m.title, level: m.level, districtNameZh: m.district?.nameZh ?? null, scheduledAt: m.scheduledAt, place: m.place, held: m.scheduledAt <= now })),
    },
  };
}

// ---------- tabular exports ----------

const yuanStr = (fen: number) => (fen / 100).toFixed(2);

/** The report as tables: [sheet title, header, rows]. Shared by CSV and XLSX. */
export function annualReportTables(r: AnnualReport): Array<{ title: string; header: string[]; rows: Array<Array<string | number>> }> {
  const scope = r.district ? r.district.nameZh : "全市";
  return [
    {
      title: "概览",
      header: ["指标", "数值"],
      rows: [
        ["年度", r.year],
        ["范围", scope],
        ["发布项目数", r.totals.projectsPublished],
        ["中标项目数", r.totals.projectsAwarded],
        ["项目预算（元）", yuanStr(r.totals.budgetFen)],
        ["中标金额（元）", yuanStr(r.totals.awardedFen)],
        ["已支付金额（元）", yuanStr(r.totals.paidFen)],
        ["服务人次", r.totals.beneficiariesServed],
        ["服务场次", r.totals.sessionsHeld],
        ["完成绩效评价项目数", r.totals.evaluations],
        ["平均绩效得分", r.totals.averageScore ?? ""],
        ["已审核社会组织数", r.totals.orgsApproved],
        ["孵化社会组织数", r.incubatedOrgs],
        ["已召开联席会议次数", r.totals.meetingsHeld],
      ],
    },
    {
      title: "项目类别",
      header: ["类别代码", "类别", "发布项目数", "中标项目数", "预算（元）", "中标金额（元）"],
      rows: r.projectsByCategory.map((c) => [c.code, c.nameZh, c.published, c.awarded, yuanStr(c.budgetFen), yuanStr(c.awardedFen)]),
    },
    {
      title: "资金来源",
      header: ["资金来源代码", "资金来源", "中标项目数", "中标金额（元）", "已支付金额（元）"],
      rows: r.moneyByFundingSource.map((m) => [m.source, m.labelZh, m.awards, yuanStr(m.awardedFen), yuanStr(m.paidFen)]),
    },
    {
      title: "社会组织",
      header: ["分组", "类别", "数量"],
      rows: [
        ...r.orgsByGrade.map((g) => ["等级", g.label, g.count] as Array<string | number>),
        ...r.orgsByCoverage.map((c) => ["工会覆盖", c.labelZh, c.count] as Array<string | number>),
        ["孵化", "试点区孵化", r.incubatedOrgs],
      ],
    },
    {
      title: "绩效评价",
      header: ["等级代码", "等级", "项目数"],
      rows: [...r.evaluationResults.byGrade.map((g) => [g.grade, g.labelZh, g.count] as Array<string | number>), ["AVERAGE", "平均得分", r.evaluationResults.averageScore ?? ""]],
    },
    {
      title: "联席会议",
      header: ["会议", "级别", "区县", "时间", "地点", "状态"],
      rows: r.meetings.list.map((m) => [m.title, m.level === "CITY" ? "市级" : "区级", m.districtNameZh ?? "", formatDateZh(m.scheduledAt), m.place, m.held ? "已召开" : "未召开"]),
    },
  ];
}

/** CSV (UTF-8 with BOM so Excel opens the Chinese correctly); one block per table, blank line between. */
export function annualReportCsv(r: AnnualReport): string {
  const blocks = annualReportTables(r).map((t) => stringify([[`【${t.title}】`], t.header, ...t.rows]));
  return `\uFEFF${blocks.join("\r\n")}`;
}

/** XLSX workbook, one sheet per table. */
export async function annualReportXlsx(r: AnnualReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "工联桥 LaborBridge";
  wb.created = r.generatedAt;
  for (const t of annualReportTables(r)) {
    const ws = wb.addWorksheet(t.title);
    ws.addRow(t.header).font = { bold: true };
    for (const row of t.rows) ws.addRow(row);
    ws.columns.forEach((c, i) => {
      const width = Math.max(...[t.header[i] ?? "", ...t.rows.map((row) => String(row[i] ?? ""))].map((s) => [...String(s)].reduce((a, ch) => a + (ch.charCodeAt(0) > 255 ? 2 : 1), 0)));
      c.width = Math.min(60, Math.max(10, width + 2));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------- charts ----------

export const CHART_FONT = "Noto Sans SC";

/** Renders an ECharts option to an SVG string on the server (no animation, fixed size). */
export function chartSvg(option: echarts.EChartsCoreOption, width = 520, height = 260): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function barChartSvg(title: string, labels: string[], series: Array<{ name: string; data: number[] }>, width = 520, height = 260): string {
  return chartSvg(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 14 } },
      legend: series.length > 1 ? { bottom: 0 } : undefined,
      grid: { left: 50, right: 20, top: 52, bottom: series.length > 1 ? 60 : 40 },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, fontSize: 10 } },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map((s) => ({ type: "bar", name: s.name, data: s.data, label: { show: true, position: "top", fontSize: 10 } })),
    },
    width,
    height,
  );
}

export function pieChartSvg(title: string, data: Array<{ name: string; value: number }>, width = 520, height = 260): string {
  return chartSvg(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 14 } },
      series: [{ type: "pie", radius: ["30%", "60%"], center: ["50%", "55%"], data: data.filter((d) => d.value > 0), label: { formatter: "{b}\n{d}%", fontSize: 10 } }],
    },
    width,
    height,
  );
}

export function lineChartSvg(title: string, labels: string[], data: number[], width = 520, height = 260): string {
  return chartSvg(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 14 } },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: labels, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [{ type: "line", data, label: { show: true, fontSize: 10 }, markLine: { silent: true, symbol: "none", data: [{ yAxis: 60 }, { yAxis: 90 }] } }],
    },
    width,
    height,
  );
}

/** svg-to-pdfkit ignores paint-order, so ECharts' white text halo (a stroke painted under the fill)
 * would be painted over the text; drop the halo before embedding. */
export function stripTextHalo(svg: string): string {
  return svg.replace(/<text\b[^>]*>/g, (tag) => tag.replace(/\s(stroke|stroke-width|paint-order|stroke-miterlimit)="[^"]*"/g, ""));
}

function drawSvg(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, width: number, height: number) {
  SVGtoPDF(doc, stripTextHalo(svg), x, y, {
    width,
    height,
    assumePt: true,
    fontCallback: (_family: string, bold: boolean) => (bold ? "cjk-bold" : "cjk"),
  });
}

// ---------- PDF ----------

/** The annual report as a PDF in Chinese, with charts. */
export async function annualReportPdf(r: AnnualReport): Promise<Buffer> {
  const scope = r.district ? r.district.nameZh : "全市";
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: { Title: `${r.year} 年度劳动关系领域社会组织联系引导工作实施情况报告（${scope}）`, Author: "工联桥 LaborBridge", CreationDate: r.generatedAt, ModDate: r.generatedAt },
  });
  const done = pdfToBuffer(doc);
  registerCjkFonts(doc);
  const left = 50;
  const width = doc.page.width - 100;
  const chartH = 230;

  // keepWith: room needed below the heading (a chart) so the heading is not left alone at a page end.
  const heading = (text: string, keepWith = 0) => {
    if (doc.y > doc.page.height - 120 - keepWith) doc.addPage();
    doc.moveDown(0.6).font("cjk-bold").fontSize(14).fillColor("#000000").text(text, left, doc.y, { width });
    doc.moveDown(0.3).font("cjk").fontSize(10.5);
  };
  const para = (text: string) => doc.font("cjk").fontSize(10.5).fillColor("#000000").text(text, left, doc.y, { width, lineGap: 3 });
  // Charts are rendered at exactly the size they take on the page (1 SVG px = 1 pt).
  const chart = (render: (w: number, h: number) => string) => {
    if (doc.y + chartH > doc.page.height - 50) doc.addPage();
    const y = doc.y + 4;
    drawSvg(doc, render(width, chartH), left, y, width, chartH);
    doc.y = y + chartH + 6;
    doc.x = left;
  };
  const table = (header: string[], rows: Array<Array<string | number>>, widths: number[]) => {
    const rowH = 18;
    const drawRow = (cells: Array<string | number>, bold: boolean) => {
      if (doc.y + rowH > doc.page.height - 50) doc.addPage();
      const y = doc.y;
      let x = left;
      cells.forEach((c, i) => {
        const w = widths[i] * width;
        doc.rect(x, y, w, rowH).lineWidth(0.5).strokeColor("#bbbbbb").stroke();
        doc.font(bold ? "cjk-bold" : "cjk").fontSize(9).fillColor("#000000").text(String(c), x + 4, y + 4, { width: w - 8, height: rowH - 4, ellipsis: true, lineBreak: false });
        x += w;
      });
      doc.y = y + rowH;
      doc.x = left;
    };
    drawRow(header, true);
    rows.forEach((row) => drawRow(row, false));
    doc.moveDown(0.5);
  };

  doc.font("cjk-bold").fontSize(18).text(`${r.year} 年度劳动关系领域社会组织`, left, 60, { width, align: "center" });
  doc.text("联系引导工作实施情况报告", { width, align: "center" });
  doc.font("cjk").fontSize(11).fillColor("#444444").text(`范围：${scope}　　生成日期：${formatDateZh(r.generatedAt)}`, { width, align: "center" });
  doc.fillColor("#000000");

  const t = r.totals;
  heading("一、总体情况");
  para(
    `${r.year} 年，${scope}共发布服务项目 ${t.projectsPublished} 个，完成撮合中标 ${t.projectsAwarded} 个，中标金额 ${formatFen(t.awardedFen)}，已支付 ${formatFen(t.paidFen)}；` +
      `累计服务职工 ${t.beneficiariesServed} 人次、开展服务 ${t.sessionsHeld} 场；完成绩效评价 ${t.evaluations} 个项目` +
      (t.averageScore !== null ? `，平均得分 ${t.averageScore.toFixed(2)} 分` : "") +
      `；纳入台账并通过审核的社会组织 ${t.orgsApproved} 家（其中试点区孵化 ${r.incubatedOrgs} 家）；召开联席会议 ${t.meetingsHeld} 次。`,
  );

  heading("二、项目类别分布", chartH);
  chart((w, h) =>
    barChartSvg("各类别项目数", r.projectsByCategory.map((c) => c.nameZh), [
      { name: "发布", data: r.projectsByCategory.map((c) => c.published) },
      { name: "中标", data: r.projectsByCategory.map((c) => c.awarded) },
    ], w, h),
  );
  table(["类别", "发布", "中标", "预算", "中标金额"], r.projectsByCategory.map((c) => [c.nameZh, c.published, c.awarded, formatFen(c.budgetFen), formatFen(c.awardedFen)]), [0.28, 0.12, 0.12, 0.24, 0.24]);

  heading("三、资金来源", chartH);
  chart((w, h) => pieChartSvg("中标金额按资金来源", r.moneyByFundingSource.map((m) => ({ name: m.labelZh, value: m.awardedFen / 100 })), w, h));
  table(["资金来源", "中标项目", "中标金额", "已支付"], r.moneyByFundingSource.map((m) => [m.labelZh, m.awards, formatFen(m.awardedFen), formatFen(m.paidFen)]), [0.28, 0.16, 0.28, 0.28]);

  heading("四、社会组织等级与工会覆盖", chartH);
  chart((w, h) => barChartSvg("社会组织等级分布", r.orgsByGrade.map((g) => g.label), [{ name: "数量", data: r.orgsByGrade.map((g) => g.count) }], w, h));
  table(["工会覆盖", "数量"], r.orgsByCoverage.map((c) => [c.labelZh, c.count]), [0.5, 0.5]);

  heading("五、绩效评价结果", chartH);
  chart((w, h) => barChartSvg("绩效评价等级分布", r.evaluationResults.byGrade.map((g) => g.labelZh), [{ name: "项目数", data: r.evaluationResults.byGrade.map((g) => g.count) }], w, h));
  para(`完成评价 ${r.evaluationResults.count} 个项目${r.evaluationResults.averageScore !== null ? `，平均得分 ${r.evaluationResults.averageScore.toFixed(2)} 分` : ""}。`);

  heading("六、联席会议");
  para(`计划召开 ${r.meetings.scheduled} 次，已召开 ${r.meetings.held} 次` + (r.meetings.attendanceRate !== null ? `，社会组织出席率 ${r.meetings.attendanceRate.toFixed(2)}%。` : "。"));
  if (r.meetings.list.length) {
    table(["会议", "级别", "时间", "地点", "状态"], r.meetings.list.map((m) => [m.title, m.level === "CITY" ? "市级" : `区级·${m.districtNameZh ?? ""}`, formatDateZh(m.scheduledAt), m.place, m.held ? "已召开" : "未召开"]), [0.32, 0.16, 0.18, 0.22, 0.12]);
  }

  doc.end();
  return done;
}

// ---------- organization performance ----------

export interface OrgPerformance {
  organization: { id: string; name: string; grade: number | null; performanceScore: number | null; flaggedForReview: boolean };
  /** Closed evaluations, oldest first. */
  history: Array<{ projectId: string; projectCode: string; projectTitle: string; closedAt: Date; score: number; grade: string | null }>;
  /** Mean score of each level-1 indicator across the evaluations that have it. */
  indicatorBreakdown: Array<{ code: string; nameZh: string; nameEn: string; averageScore: number; evaluations: number }>;
  ratings: {
    count: number;
    averages: { quality: number | null; timeliness: number | null; professionalism: number | null; workerResponse: number | null };
    overall: number | null;
    recent: Array<{ projectCode: string; createdAt: Date; average: number; comment: string }>;
  };
  survey: { responses: number; mean: number | null };
}

/** Data of an organization's performance page (score over time, indicator breakdown, ratings). */
export async function orgPerformance(organizationId: string): Promise<OrgPerformance> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true, grade: true, performanceScore: true, flaggedForReview: true } });
  if (!org) throw notFound();
  const orgProjects: Prisma.ProjectWhereInput = { OR: [{ award: { organizationId } }, { bundle: { award: { organizationId } } }] };
  const evals = await db.evaluation.findMany({
    where: { state: "CLOSED", score: { not: null }, project: orgProjects },
    orderBy: [{ closedAt: "asc" }, { id: "asc" }],
    select: { projectId: true, score: true, grade: true, closedAt: true, breakdown: true, project: { select: { code: true, title: true } } },
  });
  const byCode = new Map<string, { nameZh: string; nameEn: string; scores: number[] }>();
  for (const e of evals) {
    for (const row of (e.breakdown as BreakdownRow[] | null) ?? []) {
      if (row.level !== 1 || row.score === null) continue;
      const cur = byCode.get(row.code) ?? { nameZh: row.nameZh, nameEn: row.nameEn, scores: [] };
      cur.scores.push(row.score);
      byCode.set(row.code, cur);
    }
  }
  const ratings = await db.rating.findMany({
    where: { organizationId },
    orderBy: { createdAt: "desc" },
    select: { quality: true, timeliness: true, professionalism: true, workerResponse: true, comment: true, createdAt: true, project: { select: { code: true } } },
  });
  const mean = (xs: number[]) => (xs.length ? round2(sum(xs) / xs.length) : null);
  const survey = await db.surveyResponse.aggregate({ where: { project: orgProjects }, _count: { _all: true }, _sum: { q1: true, q2: true, q3: true, q4: true, q5: true } });
  const surveyTotal = (survey._sum.q1 ?? 0) + (survey._sum.q2 ?? 0) + (survey._sum.q3 ?? 0) + (survey._sum.q4 ?? 0) + (survey._sum.q5 ?? 0);
  return {
    organization: org,
    history: evals.map((e) => ({ projectId: e.projectId, projectCode: e.project.code, projectTitle: e.project.title, closedAt: e.closedAt as Date, score: e.score as number, grade: e.grade })),
    indicatorBreakdown: [...byCode.entries()].map(([code, v]) => ({ code, nameZh: v.nameZh, nameEn: v.nameEn, averageScore: round2(sum(v.scores) / v.scores.length), evaluations: v.scores.length })),
    ratings: {
      count: ratings.length,
      averages: {
        quality: mean(ratings.map((r) => r.quality)),
        timeliness: mean(ratings.map((r) => r.timeliness)),
        professionalism: mean(ratings.map((r) => r.professionalism)),
        workerResponse: mean(ratings.map((r) => r.workerResponse)),
      },
      overall: mean(ratings.flatMap((r) => [r.quality, r.timeliness, r.professionalism, r.workerResponse])),
      recent: ratings.slice(0, 10).map((r) => ({ projectCode: r.project.code, createdAt: r.createdAt, average: round2((r.quality + r.timeliness + r.professionalism + r.workerResponse) / 4), comment: r.comment })),
    },
    survey: { responses: survey._count._all, mean: survey._count._all ? round2(surveyTotal / (survey._count._all * 5)) : null },
  };
}

/** Server-rendered SVG charts for the performance page (usable without client JavaScript). */
export function orgPerformanceCharts(p: OrgPerformance): { scoreOverTime: string; indicatorBreakdown: string; ratings: string } {
  return {
    scoreOverTime: lineChartSvg("绩效得分变化", p.history.map((h) => `${h.projectCode}\n${formatDateZh(h.closedAt).slice(0, 8)}`), p.history.map((h) => h.score)),
    indicatorBreakdown: barChartSvg("一级指标平均得分", p.indicatorBreakdown.map((i) => i.nameZh), [{ name: "平均得分", data: p.indicatorBreakdown.map((i) => i.averageScore) }]),
    ratings: barChartSvg(
      "企业评价（1–5）",
      ["服务质量", "及时性", "专业性", "职工反响"],
      [{ name: "平均分", data: [p.ratings.averages.quality ?? 0, p.ratings.averages.timeliness ?? 0, p.ratings.averages.professionalism ?? 0, p.ratings.averages.workerResponse ?? 0] }],
    ),
  };
}
