import { describe, expect, it, beforeAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { db } from "~/db.server";
import { annualReport, annualReportCsv, annualReportPdf, annualReportXlsx, chartSvg, orgPerformance, orgPerformanceCharts, type AnnualReport } from "./reports.server";
import { closeEvaluation, openEvaluation, saveBrokerAssessment } from "./evaluation.server";
import { ensureDefaultIndicatorSystem } from "./indicators.server";
import { shanghaiYear } from "./scoring";
import { addDeliveryReport, addRating, makeAwardedProject, makeOrg, makeUser } from "../../tests/fixtures/evaluation";

const year = 2026;
const at = (s: string) => new Date(`${s}T02:00:00Z`);

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "lb-report-"));
  try {
    writeFileSync(join(dir, "r.pdf"), pdf);
    return execFileSync("pdftotext", [join(dir, "r.pdf"), "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let report: AnnualReport;
let yuhuaReport: AnnualReport;

beforeAll(async () => {
  const org = await makeOrg({ grade: 5, unionCoverage: "OWN_UNION" });
  await makeOrg({ grade: null, unionCoverage: "NONE", districtCode: "kaifu" });
  await db.organization.create({ data: { name: "待审核组织", uscc: "52430100TEST00001X", districtCode: "yuhua", vettingStatus: "PENDING" } });
  const a = await makeAwardedProject({ org, state: "IN_DELIVERY", categoryCode: "skills_training", awardFen: 1_000_000, budgetFen: 1_200_000, fundingSource: "UNION_FUNDS", publishedAt: at("2026-02-01"), approvedAt: at("2026-03-01") });
  await makeAwardedProject({ state: "AWARDED", categoryCode: "legal_aid", awardFen: 500_000, budgetFen: 600_000, fundingSource: "ENTERPRISE_SELF", districtCode: "kaifu", publishedAt: at("2026-04-01"), approvedAt: at("2026-05-01") });
  await makeAwardedProject({ state: "AWARDED", categoryCode: "legal_aid", awardFen: 700_000, fundingSource: "UNION_FUNDS", publishedAt: at("2025-04-01"), approvedAt: at("2025-05-01") }); // last year
  await addDeliveryReport(a.project.id, org.id, { beneficiariesActual: 80, sessionsHeld: 8, submittedAt: at("2026-05-01") });
  await addDeliveryReport(a.project.id, org.id, { beneficiariesActual: 90, sessionsHeld: 9, submittedAt: at("2026-06-01") }); // supersedes
  // a paid invoice
  const inst = await db.instalment.create({ data: { projectId: a.project.id, seq: 1, percentBp: 10000, amountFen: 1_000_000, trigger: "ON_AWARD", payer: "UNION", state: "PAID" } });
  await db.invoice.create({
    data: { number: "LB-2026-900001", year, seq: 900001, projectId: a.project.id, instalmentId: inst.id, payerName: "长沙市总工会", payeeName: org.name, payeeUscc: org.uscc, amountFen: 1_000_000, verifyToken: "vt-report-1", issuedById: a.orgUser.id, issuedAt: at("2026-06-10"), paidAt: at("2026-06-20") },
  });
  // an evaluation closed this year
  await ensureDefaultIndicatorSystem(shanghaiYear(new Date()));
  const e = await makeAwardedProject({ org, state: "ACCEPTED", categoryCode: "psych_counselling", publishedAt: at("2026-01-10"), approvedAt: at("2026-01-20") });
  await addDeliveryReport(e.project.id, org.id, { beneficiariesActual: 100, sessionsHeld: 10, submittedAt: at("2026-04-01") });
  await addRating(e.project.id, e.enterprise.id, org.id, [5, 4, 5, 4]);
  await openEvaluation(e.broker, e.project.id);
  await saveBrokerAssessment(e.broker, e.project.id, { "completion.plan": { score: 90 }, "management.records": { score: 90 }, "impact.broker": { score: 90 } });
  await closeEvaluation(e.broker, e.project.id);
  // meetings
  const broker = await makeUser("BROKER");
  const m1 = await db.jointMeeting.create({ data: { title: "第一季度市级联席会", level: "CITY", scheduledAt: at("2026-03-15"), place: "市总工会三楼会议室", agenda: "工作部署", createdById: broker.id } });
  await db.jointMeeting.create({ data: { title: "雨花区联席会", level: "DISTRICT", districtCode: "yuhua", scheduledAt: at("2026-06-15"), place: "雨花区总工会", agenda: "项目对接", createdById: broker.id } });
  await db.jointMeeting.create({ data: { title: "年终总结会", level: "CITY", scheduledAt: at("2026-12-20"), place: "市总工会", agenda: "总结", createdById: broker.id } });
  await db.meetingInvitation.create({ data: { meetingId: m1.id, organizationId: org.id, attended: true } });

  const now = new Date("2026-11-27T00:00:00Z");
  report = await annualReport(year, null, now);
  yuhuaReport = await annualReport(year, "yuhua", now);
});

describe("annual report data", () => {
  it("counts projects, money, delivery, orgs, evaluations and meetings of the year", () => {
    expect(report.totals).toMatchObject({
      projectsPublished: 3,
      projectsAwarded: 3,
      awardedFen: 1_000_000 + 500_000 + 4_800_000,
      paidFen: 1_000_000,
      beneficiariesServed: 190,
      sessionsHeld: 19,
      evaluations: 1,
      meetingsHeld: 2,
    });
    expect(report.projectsByCategory.find((c) => c.code === "legal_aid")).toMatchObject({ published: 1, awarded: 1, awardedFen: 500_000 });
    expect(report.moneyByFundingSource.find((m) => m.source === "ENTERPRISE_SELF")).toMatchObject({ awards: 1, awardedFen: 500_000 });
    expect(report.moneyByFundingSource.find((m) => m.source === "UNION_FUNDS")).toMatchObject({ paidFen: 1_000_000 });
    expect(report.orgsByGrade.find((g) => g.grade === 5)?.count).toBeGreaterThanOrEqual(1);
    expect(report.orgsByGrade.find((g) => g.grade === null)?.count).toBeGreaterThanOrEqual(1);
    expect(report.orgsByCoverage.find((c) => c.coverage === "NONE")?.count).toBeGreaterThanOrEqual(1);
    expect(report.evaluationResults.count).toBe(1);
    expect(report.evaluationResults.byGrade.reduce((a, g) => a + g.count, 0)).toBe(1);
    expect(report.meetings).toMatchObject({ held: 2, scheduled: 3, attendanceRate: 100 });
  });

  it("filters by district", () => {
    expect(yuhuaReport.district?.nameZh).toBe("雨花区");
    expect(yuhuaReport.totals.projectsPublished).toBe(2);
    expect(yuhuaReport.projectsByCategory.find((c) => c.code === "legal_aid")?.published).toBe(0);
    expect(yuhuaReport.meetings.scheduled).toBe(1);
    expect(yuhuaReport.orgsByCoverage.find((c) => c.coverage === "NONE")?.count).toBe(0);
  });
});

describe("annual report exports", () => {
  it("CSV has a BOM and the Chinese tables", () => {
    const csv = annualReportCsv(report);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain("【项目类别】");
    expect(csv).toContain("技能培训");
    expect(csv).toContain("工会经费");
    expect(csv).toContain("63000.00"); // awarded total in yuan
  });

  it("XLSX opens with one sheet per table", async () => {
    const buf = await annualReportXlsx(report);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["概览", "项目类别", "资金来源", "社会组织", "绩效评价", "联席会议"]);
    expect(wb.getWorksheet("项目类别")!.getRow(2).getCell(2).value).toBe("技能培训");
  });

  it("PDF is Chinese text with charts", async () => {
    const pdf = await annualReportPdf(report);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf).replace(/\s+/g, "");
    for (const s of ["2026年度劳动关系领域社会组织", "一、总体情况", "二、项目类别分布", "三、资金来源", "四、社会组织等级与工会覆盖", "五、绩效评价结果", "六、联席会议", "第一季度市级联席会", "各类别项目数", "技能培训", "工会经费"]) {
      expect(text, s).toContain(s);
    }
  });

  it("renders ECharts SVG on the server", () => {
    const svg = chartSvg({ xAxis: { type: "category", data: ["甲"] }, yAxis: { type: "value" }, series: [{ type: "bar", data: [1] }] }, 200, 100);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("甲");
  });
});

describe("organization performance", () => {
  it("returns score history, indicator breakdown and ratings, with charts", async () => {
    const org = await db.organization.findFirstOrThrow({ where: { grade: 5, performanceScore: { not: null } } });
    const p = await orgPerformance(org.id);
    expect(p.history).toHaveLength(1);
    expect(p.organization.performanceScore).toBe(p.history[0].score);
    expect(p.indicatorBreakdown.map((i) => i.code)).toEqual(["completion", "output", "quality", "management", "impact"]);
    expect(p.ratings.count).toBe(1);
    expect(p.ratings.averages).toEqual({ quality: 5, timeliness: 4, professionalism: 5, workerResponse: 4 });
    expect(p.ratings.overall).toBe(4.5);
    const charts = orgPerformanceCharts(p);
    expect(charts.scoreOverTime).toContain("<svg");
    expect(charts.indicatorBreakdown).toContain("项目完成");
    await expect(orgPerformance("nope")).rejects.toMatchObject({ status: 404 });
  });
});
