// The default performance-evaluation indicator system, modelled on public-service purchase evaluations
// (财政支出/政府购买服务绩效评价): completion, output, quality & satisfaction, management, impact, and a
// penalty item. Weights are basis points among siblings (each sibling group sums to 10000; the penalty
// item carries weight 0 and deducts points instead). Banded ratio scoring: ≥100% → 100%, ≥80% → 66.67%,
// ≥60% → 33.33%, below → 0 (ratio bp → score bp).
export type IndicatorKindName =
  | "GROUP"
  | "PEOPLE_RATIO"
  | "SESSIONS_RATIO"
  | "ON_TIME"
  | "ENTERPRISE_RATING"
  | "SURVEY"
  | "BROKER_ASSESSMENT"
  | "PENALTY";

export interface IndicatorSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  weightBp: number;
  kind: IndicatorKindName;
  config?: Record<string, unknown>;
  children?: IndicatorSeed[];
}

export const BANDS = { bands: [[10000, 10000], [8000, 6667], [6000, 3333]] };
/** Each upheld complaint deducts 5 points (of 100), at most 20. */
export const PENALTY_CONFIG = { perItemBp: 500, maxBp: 2000 };

export const INDICATOR_TREE: IndicatorSeed[] = [
  {
    code: "completion",
    nameZh: "完成情况",
    nameEn: "Completion",
    weightBp: 2500,
    kind: "GROUP",
    children: [
      { code: "completion.people", nameZh: "服务人数完成率", nameEn: "People served vs planned", weightBp: 7000, kind: "PEOPLE_RATIO", config: BANDS },
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
      { code: "output.sessions", nameZh: "服务场次完成率", nameEn: "Sessions held vs planned", weightBp: 6000, kind: "SESSIONS_RATIO", config: BANDS },
      { code: "output.materials", nameZh: "服务成果资料完整性", nameEn: "Completeness of service records", weightBp: 4000, kind: "BROKER_ASSESSMENT" },
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
      { code: "quality.survey", nameZh: "职工满意度", nameEn: "Worker satisfaction survey", weightBp: 5000, kind: "SURVEY" },
    ],
  },
  {
    code: "management",
    nameZh: "管理",
    nameEn: "Management",
    weightBp: 1500,
    kind: "GROUP",
    children: [
      { code: "management.process", nameZh: "项目管理规范性", nameEn: "Project management", weightBp: 5000, kind: "BROKER_ASSESSMENT" },
      { code: "management.ontime", nameZh: "按期完成", nameEn: "Delivered on time", weightBp: 5000, kind: "ON_TIME" },
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
  { code: "penalty", nameZh: "扣分项（有效投诉）", nameEn: "Deductions (upheld complaints)", weightBp: 0, kind: "PENALTY", config: PENALTY_CONFIG },
];

/** Score grade from a 0..100 score: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else 不合格. */
export function gradeOf(score: number): "EXCELLENT" | "GOOD" | "PASS" | "FAIL" {
  if (score >= 90) return "EXCELLENT";
  if (score >= 80) return "GOOD";
  if (score >= 60) return "PASS";
  return "FAIL";
}

/** Banded score (bp) for a ratio (bp). */
export function bandScoreBp(ratioBp: number, bands: number[][] = BANDS.bands): number {
  for (const [min, score] of bands) if (ratioBp >= min) return score;
  return 0;
}
