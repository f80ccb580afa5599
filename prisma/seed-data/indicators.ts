// The demo's indicator system for the current year, modelled on public-service purchase evaluations
// (政府购买服务绩效评价): 完成情况 25%, 产出 20%, 质量与满意度 30%, 管理 15% (with the complaints
// penalty), 影响 10%. Weights are basis points among siblings (each sibling group sums to 10000);
// ratio indicators are banded: ≥100% → 100%, ≥80% → 66.67%, ≥60% → 33.33%, below → 0 (ratio bp →
// score bp). The shape and config keys are those of app/domain/scoring.ts (validateTree / scoreProject).
import type { IndicatorNode } from "~/domain/scoring";

export const BANDS: Array<[number, number]> = [
  [10000, 10000],
  [8000, 6667],
  [6000, 3333],
];

export const INDICATOR_TREE: IndicatorNode[] = [
  {
    code: "completion",
    nameZh: "完成情况",
    nameEn: "Completion",
    weightBp: 2500,
    kind: "GROUP",
    children: [
      { code: "completion.people", nameZh: "项目完成率（服务人次）", nameEn: "People served vs planned", weightBp: 7000, kind: "PEOPLE_RATIO", config: { bands: BANDS } },
      { code: "completion.plan", nameZh: "服务方案执行情况", nameEn: "Service plan carried out", weightBp: 3000, kind: "BROKER_ASSESSMENT" },
    ],
  },
  {
    code: "output",
    nameZh: "产出",
    nameEn: "Output",
    weightBp: 2000,
    kind: "GROUP",
    children: [
      { code: "output.sessions", nameZh: "服务场次完成率", nameEn: "Sessions held vs planned", weightBp: 6000, kind: "SESSIONS_RATIO", config: { bands: BANDS } },
      { code: "output.records", nameZh: "服务成果资料完整性", nameEn: "Completeness of service records", weightBp: 4000, kind: "BROKER_ASSESSMENT" },
    ],
  },
  {
    code: "quality",
    nameZh: "质量与满意度",
    nameEn: "Quality and satisfaction",
    weightBp: 3000,
    kind: "GROUP",
    children: [
      { code: "quality.enterprise", nameZh: "企业评价", nameEn: "Enterprise rating", weightBp: 5000, kind: "ENTERPRISE_RATING" },
      { code: "quality.workers", nameZh: "职工满意度", nameEn: "Worker satisfaction survey", weightBp: 5000, kind: "SURVEY", config: { minResponses: 1 } },
    ],
  },
  {
    code: "management",
    nameZh: "管理",
    nameEn: "Management",
    weightBp: 1500,
    kind: "GROUP",
    children: [
      { code: "management.process", nameZh: "项目管理规范性", nameEn: "Project management", weightBp: 4000, kind: "BROKER_ASSESSMENT" },
      { code: "management.ontime", nameZh: "按期完成", nameEn: "Delivered on time", weightBp: 4000, kind: "ON_TIME", config: { graceDays: 0, pointsPerDayLate: 5 } },
      { code: "management.complaints", nameZh: "有效投诉扣分", nameEn: "Upheld complaints", weightBp: 2000, kind: "PENALTY", config: { pointsPerItem: 50 } },
    ],
  },
  {
    code: "impact",
    nameZh: "影响",
    nameEn: "Impact",
    weightBp: 1000,
    kind: "GROUP",
    children: [{ code: "impact.social", nameZh: "社会效益与示范作用", nameEn: "Social benefit and example set", weightBp: 10000, kind: "BROKER_ASSESSMENT" }],
  },
];
