import { describe, expect, it } from "vitest";
import { bidSchema } from "./bids.schema";
import {
  awardSchema,
  bundleSchema,
  firstIssue,
  makeDeliveryReportSchema,
  makeNeedSchema,
  parseShanghaiDateTime,
  projectFiltersSchema,
  ratingSchema,
  reasonSchema,
  resolveDisputeSchema,
} from "./projects.schema";

const now = new Date("2026-06-01T02:00:00Z");
const needSchema = makeNeedSchema({ now: () => now });

const form = (o: Record<string, unknown> = {}) => ({
  title: "职工心理健康讲座",
  description: "面向全体职工的心理健康讲座两场。",
  categoryCode: "psych_counselling",
  districtCode: "kaifu",
  beneficiariesPlanned: "200",
  sessionsPlanned: "2",
  serviceStart: "2026-07-01",
  serviceEnd: "2026-07-31",
  budget: "12,800",
  fundingSource: "GOVERNMENT_PURCHASE",
  bidDeadline: "2026-06-20T18:00",
  ...o,
});

function errors(r: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) {
  return Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("need schema", () => {
  it("parses form strings into typed values (budget yuan → fen, Shanghai dates)", () => {
    const r = needSchema.safeParse(form());
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data).toMatchObject({
      title: "职工心理健康讲座",
      beneficiariesPlanned: 200,
      sessionsPlanned: 2,
      budgetFen: 1_280_000,
      fundingSource: "GOVERNMENT_PURCHASE",
      minGrade: null,
      minYearsRegistered: null,
      mustServeDistrict: false,
      unionRule: "NONE",
    });
    expect(r.data.serviceStart.toISOString()).toBe("2026-06-30T16:00:00.000Z");
    expect(r.data.bidDeadline?.toISOString()).toBe("2026-06-20T10:00:00.000Z");
    expect("budget" in r.data).toBe(false);
  });

  it("accepts its own output again (typed callers pass budgetFen and Dates)", () => {
    const first = needSchema.parse(form({ budget: "12800.55", minGrade: "2", mustServeDistrict: "on", unionRule: "REQUIRED" }));
    const again = needSchema.parse(first);
    expect(again).toEqual(first);
  });

  it("reports every field problem at once, with i18n keys", () => {
    const r = needSchema.safeParse({ budget: "abc", beneficiariesPlanned: "0", fundingSource: "CASH", minGrade: "6", title: "x".repeat(101) });
    expect(r.success).toBe(false);
    expect(errors(r)).toMatchObject({
      title: "error.tooLong",
      description: "error.required",
      categoryCode: "error.required",
      beneficiariesPlanned: "error.beneficiaries.range",
      sessionsPlanned: "error.required",
      serviceStart: "error.required",
      budget: "error.money.format",
      fundingSource: "error.invalidOption",
      minGrade: "error.minGrade.range",
    });
  });

  it("checks the budget range, the service window and the bid deadline", () => {
    expect(errors(needSchema.safeParse(form({ budget: "20,000,000.01" })))).toEqual({ budget: "error.budget.range" });
    expect(errors(needSchema.safeParse(form({ budget: "0" })))).toEqual({ budget: "error.budget.range" });
    expect(errors(needSchema.safeParse(form({ budget: "" })))).toEqual({ budget: "error.required" });
    expect(needSchema.safeParse(form({ budget: "20000000" })).success).toBe(true);
    expect(errors(needSchema.safeParse(form({ serviceEnd: "2026-06-30" })))).toEqual({ serviceEnd: "error.serviceEnd.beforeStart" });
    expect(errors(needSchema.safeParse(form({ bidDeadline: "2026-05-31T18:00" })))).toEqual({ bidDeadline: "error.bidDeadline.past" });
    expect(errors(needSchema.safeParse(form({ bidDeadline: "2026-07-01T09:00" })))).toEqual({ bidDeadline: "error.bidDeadline.afterServiceStart" });
    expect(needSchema.safeParse(form({ bidDeadline: "" })).success).toBe(true);
    expect(errors(needSchema.safeParse(form({ serviceStart: "2026-02-30" })))).toEqual({ serviceStart: "error.date" });
    expect(errors(needSchema.safeParse(form({ beneficiariesPlanned: "1.5" })))).toEqual({ beneficiariesPlanned: "error.integer" });
  });

  it("firstIssue gives the field and key", () => {
    const r = needSchema.safeParse(form({ budget: "-1" }));
    expect(r.success).toBe(false);
    if (!r.success) expect(firstIssue(r.error)).toEqual({ field: "budget", code: "error.money.format" });
  });
});

describe("dates", () => {
  it("reads dates and datetimes as Asia/Shanghai unless a zone is given", () => {
    expect((parseShanghaiDateTime("2026-01-01") as Date).toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect((parseShanghaiDateTime("2026-01-01 08:30") as Date).toISOString()).toBe("2026-01-01T00:30:00.000Z");
    expect((parseShanghaiDateTime("2026-01-01T08:30:00Z") as Date).toISOString()).toBe("2026-01-01T08:30:00.000Z");
    expect(parseShanghaiDateTime("")).toBeUndefined();
    expect(parseShanghaiDateTime("01/02/2026")).toBe("invalid");
    expect(parseShanghaiDateTime("2026-13-01")).toBe("invalid");
  });
});

describe("transition inputs", () => {
  it("reason ≥ 5 characters after trimming", () => {
    expect(errors(reasonSchema.safeParse({ reason: "  四个字  " }))).toEqual({ reason: "error.reason.tooShort" });
    expect(reasonSchema.parse({ reason: " 五个字符了 " })).toEqual({ reason: "五个字符了" });
  });

  it("award needs the no-conflict declaration and a rationale", () => {
    expect(errors(awardSchema.safeParse({ bidId: "b1", rationale: "报价最低且方案完整。" }))).toEqual({ noConflictDeclared: "error.award.noConflictRequired" });
    expect(awardSchema.parse({ bidId: "b1", rationale: "报价最低且方案完整。", noConflictDeclared: "on" }).noConflictDeclared).toBe(true);
  });

  it("delivery report: end ≥ start, not in the future", () => {
    const s = makeDeliveryReportSchema({ now: () => now });
    const ok = { beneficiariesActual: "190", sessionsHeld: "2", startDate: "2026-05-01", endDate: "2026-06-01", summary: "两场讲座已完成，反馈良好。" };
    expect(s.parse(ok).evidence).toEqual([]);
    expect(errors(s.safeParse({ ...ok, endDate: "2026-04-30" }))).toEqual({ endDate: "error.endDate.beforeStart" });
    expect(errors(s.safeParse({ ...ok, endDate: "2026-06-02" }))).toEqual({ endDate: "error.endDate.future" });
    expect(errors(s.safeParse({ ...ok, evidence: [{ fileName: "a.pdf" }] }))).toHaveProperty(["evidence.0.storedPath"]);
  });

  it("dispute resolution names an outcome", () => {
    expect(resolveDisputeSchema.parse({ outcome: "ACCEPTED", resolution: "已核实处理完毕", upheld: "" })).toEqual({ outcome: "ACCEPTED", resolution: "已核实处理完毕", upheld: false });
    expect(errors(resolveDisputeSchema.safeParse({ outcome: "CLOSED", resolution: "已核实处理完毕" }))).toEqual({ outcome: "error.invalidOption" });
  });

  it("ratings are integers 1–5", () => {
    expect(ratingSchema.parse({ quality: "5", timeliness: 4, professionalism: "3", workerResponse: "1" })).toEqual({ quality: 5, timeliness: 4, professionalism: 3, workerResponse: 1, comment: "" });
    expect(errors(ratingSchema.safeParse({ quality: "6", timeliness: "0", professionalism: "3", workerResponse: "x" }))).toEqual({
      quality: "error.rating.range",
      timeliness: "error.rating.range",
      workerResponse: "error.integer",
    });
  });

  it("bundles need two distinct needs", () => {
    const base = { title: "集中采购", description: "说明", bidDeadline: "2099-01-01T10:00" };
    expect(errors(bundleSchema.safeParse({ ...base, needIds: ["a"] }))).toEqual({ needIds: "error.bundle.tooFew" });
    expect(errors(bundleSchema.safeParse({ ...base, needIds: "a,a" }))).toEqual({ needIds: "error.bundle.duplicate" });
    expect(bundleSchema.parse({ ...base, needIds: "a, b" }).needIds).toEqual(["a", "b"]);
  });

  it("list filters accept comma-separated states", () => {
    expect(projectFiltersSchema.parse({ state: "PUBLISHED,EVALUATING", q: " 培训 " })).toMatchObject({ state: ["PUBLISHED", "EVALUATING"], q: "培训" });
    expect(projectFiltersSchema.safeParse({ state: "NOPE" }).success).toBe(false);
  });
});

describe("bid schema", () => {
  it("parses the amount in yuan and re-accepts amountFen", () => {
    const v = bidSchema.parse({ amount: "9,800.5", plan: "三次集中授课加一次实操考核。", timeline: "30 天", team: "讲师 3 人" });
    expect(v.amountFen).toBe(980_050);
    expect(v.overBudgetReason).toBeUndefined();
    expect(bidSchema.parse(v)).toEqual(v);
    expect(errors(bidSchema.safeParse({ amount: "", plan: "短", timeline: "", team: "x" }))).toEqual({
      amount: "error.required",
      plan: "error.bid.plan.tooShort",
      timeline: "error.required",
    });
    expect(errors(bidSchema.safeParse({ amount: "100", overBudgetReason: "短", plan: "三次集中授课加一次实操考核。", timeline: "t", team: "t" }))).toEqual({
      overBudgetReason: "error.bid.overBudgetReason.tooShort",
    });
  });
});
