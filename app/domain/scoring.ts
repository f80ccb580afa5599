// Performance scoring — PURE (no database, no clock, no I/O), so a project's score can be recomputed
// at any time from the inputs stored with its evaluation (Evaluation.inputs) and give the same result.
//
// The indicator tree: up to 3 levels; weights are integer basis points among siblings (10000 = 100%).
// A group's score is the weighted mean of its children's scores; a leaf's score is 0–100 computed
// from its kind:
//   PEOPLE_RATIO / SESSIONS_RATIO  actual vs planned, banded: config.bands = [[ratioBp, scoreBp], …]
//                                   (descending ratio); the first band whose ratio is reached gives the
//                                   score (scoreBp / 100). Compared in integers: actual·10000 ≥ ratioBp·planned,
//                                   so 99.99% is NOT 100%. Over-delivery earns the top band (no bonus).
//                                   Planned 0 → the plan is trivially met → the top band.
//   ON_TIME                         delivered (last delivery report's end date) vs the project's service end,
//                                   in whole days (Asia/Shanghai calendar days): on time or within
//                                   config.graceDays → 100; else 100 − pointsPerDayLate × daysLate (floor 0).
//                                   No service end date → 100 (no deadline to miss).
//   ENTERPRISE_RATING               mean of every 1–5 value of every enterprise rating → mean / 5 × 100.
//   SURVEY                          mean of every 1–5 answer of every worker survey response → mean / 5 × 100;
//                                   fewer than config.minResponses (default 1) responses → missing.
//   BROKER_ASSESSMENT               the broker's 0–100 value (with a comment).
//   PENALTY                         100 − config.pointsPerItem × upheld disputes/complaints, floor 0.
// A leaf whose input is missing scores 0 (config.missing = "ZERO", the default) or is left out and its
// siblings' weights re-normalised (config.missing = "EXCLUDE"). The total is rounded to 2 decimals;
// the grade is read from the rounded total: ≥90 EXCELLENT 优秀, ≥80 GOOD 良好, ≥60 PASS 合格, else FAIL 不合格.

export const INDICATOR_KINDS = [
  "GROUP",
  "PEOPLE_RATIO",
  "SESSIONS_RATIO",
  "ON_TIME",
  "ENTERPRISE_RATING",
  "SURVEY",
  "BROKER_ASSESSMENT",
  "PENALTY",
] as const;
export type IndicatorKindName = (typeof INDICATOR_KINDS)[number];
export const LEAF_KINDS = INDICATOR_KINDS.filter((k) => k !== "GROUP") as Exclude<IndicatorKindName, "GROUP">[];

export const MAX_LEVEL = 3;
export const FULL_WEIGHT_BP = 10000;

/** ≥100% → full, ≥80% → 2/3, ≥60% → 1/3, below → 0. */
export const DEFAULT_BANDS: ReadonlyArray<readonly [number, number]> = [
  [10000, 10000],
  [8000, 6667],
  [6000, 3333],
];

export type MissingPolicy = "ZERO" | "EXCLUDE";

export interface IndicatorConfig {
  /** PEOPLE_RATIO / SESSIONS_RATIO: [[ratioBp, scoreBp], …], ratio descending. */
  bands?: Array<[number, number]>;
  /** ON_TIME: days after the service end that still count as on time (default 0). */
  graceDays?: number;
  /** ON_TIME: points (of 100) lost per day late beyond the grace (default 100: late = 0). */
  pointsPerDayLate?: number;
  /** PENALTY: points (of 100) lost per upheld dispute/complaint (default 20). */
  pointsPerItem?: number;
  /** SURVEY: minimum number of responses for the indicator to count (default 1). */
  minResponses?: number;
  /** What a leaf with no input scores (default ZERO). */
  missing?: MissingPolicy;
}

export interface IndicatorNode {
  code: string;
  nameZh: string;
  nameEn: string;
  weightBp: number;
  kind: IndicatorKindName;
  config?: IndicatorConfig | null;
  children?: IndicatorNode[];
}

export interface RatingInput {
  quality: number;
  timeliness: number;
  professionalism: number;
  workerResponse: number;
}

/** Every input the score depends on; stored as Evaluation.inputs (together with the tree snapshot). */
export interface ScoringInputs {
  people: { planned: number; actual: number } | null;
  sessions: { planned: number; actual: number } | null;
  /** ISO dates (YYYY-MM-DD, Asia/Shanghai calendar days). */
  onTime: { due: string | null; delivered: string | null } | null;
  ratings: RatingInput[];
  survey: { responses: number; sums: [number, number, number, number, number] };
  /** BROKER_ASSESSMENT values by indicator code. */
  broker: Record<string, { score: number; comment: string }>;
  penalties: { upheld: number };
}

export type Grade = "EXCELLENT" | "GOOD" | "PASS" | "FAIL";
export const GRADE_LABEL_ZH: Record<Grade, string> = { EXCELLENT: "优秀", GOOD: "良好", PASS: "合格", FAIL: "不合格" };
export const GRADE_LABEL_EN: Record<Grade, string> = { EXCELLENT: "Excellent", GOOD: "Good", PASS: "Pass", FAIL: "Fail" };

export interface BreakdownRow {
  code: string;
  parentCode: string | null;
  level: number;
  nameZh: string;
  nameEn: string;
  kind: IndicatorKindName;
  weightBp: number;
  /** 0–100, 2 decimals; null when excluded. */
  score: number | null;
  /** Points this indicator adds to the total (0–100 scale), 2 decimals. */
  points: number;
  /** Share of the total this indicator carries after re-normalisation, basis points (rounded). */
  effectiveWeightBp: number;
  missing: boolean;
  excluded: boolean;
  /** What the leaf was computed from, for display (ratio, mean, days late, items…). */
  detail?: Record<string, number | string | null>;
}

export interface ScoreResult {
  score: number;
  grade: Grade;
  /** False while a BROKER_ASSESSMENT value is still missing. */
  complete: boolean;
  /** Codes of leaves whose input was missing. */
  missing: string[];
  breakdown: BreakdownRow[];
}

export const round2 = (x: number): number => Math.round((x + Math.sign(x) * 1e-9) * 100) / 100;

export function gradeFor(score: number): Grade {
  const s = round2(score);
  if (s >= 90) return "EXCELLENT";
  if (s >= 80) return "GOOD";
  if (s >= 60) return "PASS";
  return "FAIL";
}

/** Banded score in basis points (0–10000). Exact integer comparison; planned ≤ 0 → top band. */
export function bandScoreBp(actual: number, planned: number, bands: ReadonlyArray<readonly [number, number]> = DEFAULT_BANDS): number {
  if (bands.length === 0) return 0;
  if (planned <= 0) return bands[0][1];
  for (const [ratioBp, scoreBp] of bands) {
    if (actual * 10000 >= ratioBp * planned) return scoreBp;
  }
  return 0;
}

/** Ratio actual/planned in basis points, rounded down (for display only). */
export function ratioBp(actual: number, planned: number): number | null {
  if (planned <= 0) return null;
  return Math.floor((actual * 10000) / planned);
}

function daysBetween(fromIso: string, toIso: string): number {
  const a = Date.parse(`${fromIso.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${toIso.slice(0, 10)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

interface LeafResult {
  score: number | null; // null → missing
  detail?: Record<string, number | string | null>;
}

function scoreLeaf(node: IndicatorNode, inputs: ScoringInputs): LeafResult {
  const cfg = node.config ?? {};
  switch (node.kind) {
    case "PEOPLE_RATIO":
    case "SESSIONS_RATIO": {
      const v = node.kind === "PEOPLE_RATIO" ? inputs.people : inputs.sessions;
      if (!v) return { score: null };
      const bp = bandScoreBp(v.actual, v.planned, cfg.bands ?? DEFAULT_BANDS);
      return { score: bp / 100, detail: { planned: v.planned, actual: v.actual, ratioBp: ratioBp(v.actual, v.planned) } };
    }
    case "ON_TIME": {
      const v = inputs.onTime;
      if (!v || !v.delivered) return { score: null };
      if (!v.due) return { score: 100, detail: { due: null, delivered: v.delivered, daysLate: 0 } };
      const late = Math.max(0, daysBetween(v.due, v.delivered) - Math.max(0, cfg.graceDays ?? 0));
      const perDay = cfg.pointsPerDayLate ?? 100;
      return { score: Math.max(0, 100 - perDay * late), detail: { due: v.due, delivered: v.delivered, daysLate: late } };
    }
    case "ENTERPRISE_RATING": {
      if (inputs.ratings.length === 0) return { score: null, detail: { ratings: 0 } };
      let sum = 0;
      for (const r of inputs.ratings) sum += r.quality + r.timeliness + r.professionalism + r.workerResponse;
      const mean = sum / (inputs.ratings.length * 4);
      return { score: (mean / 5) * 100, detail: { ratings: inputs.ratings.length, mean: round2(mean) } };
    }
    case "SURVEY": {
      const { responses, sums } = inputs.survey;
      if (responses < Math.max(1, cfg.minResponses ?? 1)) return { score: null, detail: { responses } };
      const mean = sums.reduce((a, b) => a + b, 0) / (responses * 5);
      return { score: (mean / 5) * 100, detail: { responses, mean: round2(mean) } };
    }
    case "BROKER_ASSESSMENT": {
      const v = inputs.broker[node.code];
      if (!v || typeof v.score !== "number" || !Number.isFinite(v.score)) return { score: null };
      return { score: Math.min(100, Math.max(0, v.score)), detail: { comment: v.comment ?? "" } };
    }
    case "PENALTY": {
      const per = cfg.pointsPerItem ?? 20;
      const n = Math.max(0, inputs.penalties.upheld);
      return { score: Math.max(0, 100 - per * n), detail: { items: n, pointsPerItem: per } };
    }
    default:
      return { score: null };
  }
}

/** Computes the score, grade and per-indicator breakdown. Deterministic for the same (tree, inputs). */
export function scoreProject(tree: IndicatorNode[], inputs: ScoringInputs): ScoreResult {
  const rows: BreakdownRow[] = [];
  const missing: string[] = [];
  let complete = true;

  interface Scored {
    node: IndicatorNode;
    row: BreakdownRow;
    raw: number | null; // unrounded 0–100; null when excluded
    kids: Scored[];
  }

  // Pre-order: a row is pushed before its children's rows.
  function build(node: IndicatorNode, parentCode: string | null, level: number): Scored {
    const row: BreakdownRow = {
      code: node.code,
      parentCode,
      level,
      nameZh: node.nameZh,
      nameEn: node.nameEn,
      kind: node.kind,
      weightBp: node.weightBp,
      score: null,
      points: 0,
      effectiveWeightBp: 0,
      missing: false,
      excluded: false,
    };
    rows.push(row);
    let raw: number | null;
    let kids: Scored[] = [];
    if (node.kind === "GROUP") {
      kids = (node.children ?? []).map((c) => build(c, node.code, level + 1));
      raw = weightedMean(kids.map((k) => ({ weightBp: k.node.weightBp, score: k.raw })));
      row.excluded = raw === null;
    } else {
      const r = scoreLeaf(node, inputs);
      if (r.detail) row.detail = r.detail;
      if (r.score === null) {
        row.missing = true;
        missing.push(node.code);
        if (node.kind === "BROKER_ASSESSMENT") complete = false;
        const exclude = (node.config?.missing ?? "ZERO") === "EXCLUDE" && node.kind !== "BROKER_ASSESSMENT";
        raw = exclude ? null : 0;
        row.excluded = exclude;
      } else raw = r.score;
    }
    row.score = raw === null ? null : round2(raw);
    return { node, row, raw, kids };
  }

  // Effective weights (share of the total after re-normalisation) and points, top-down.
  function distribute(items: Scored[], share: number) {
    const sumW = items.reduce((a, i) => a + (i.raw === null ? 0 : i.node.weightBp), 0);
    for (const i of items) {
      const s = i.raw === null || sumW === 0 ? 0 : (share * i.node.weightBp) / sumW;
      i.row.effectiveWeightBp = Math.round(s * FULL_WEIGHT_BP);
      i.row.points = round2(i.raw === null ? 0 : s * i.raw);
      distribute(i.kids, s);
    }
  }

  const top = tree.map((n) => build(n, null, 1));
  const total = weightedMean(top.map((t) => ({ weightBp: t.node.weightBp, score: t.raw }))) ?? 0;
  distribute(top, 1);

  const score = round2(Math.min(100, Math.max(0, total)));
  return { score, grade: gradeFor(score), complete, missing, breakdown: rows };
}

function weightedMean(items: { weightBp: number; score: number | null }[]): number | null {
  let sw = 0;
  let s = 0;
  for (const i of items) {
    if (i.score === null) continue;
    sw += i.weightBp;
    s += i.weightBp * i.score;
  }
  return sw === 0 ? null : s / sw;
}

// ---------- tree validation ----------

export interface TreeIssue {
  /** Dotted path of codes to the node, "" for the root list. */
  path: string;
  /** i18n key. */
  code: string;
  params?: Record<string, string | number>;
}

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Every rule of a valid tree; empty array when valid. */
export function validateTree(tree: IndicatorNode[]): TreeIssue[] {
  const issues: TreeIssue[] = [];
  const seen = new Set<string>();
  if (!Array.isArray(tree) || tree.length === 0) return [{ path: "", code: "error.indicators.empty" }];

  function checkSiblings(nodes: IndicatorNode[], parentPath: string, parentCode: string | null) {
    const sum = nodes.reduce((a, n) => a + (Number.isInteger(n.weightBp) ? n.weightBp : 0), 0);
    if (sum !== FULL_WEIGHT_BP) {
      issues.push({ path: parentPath, code: "error.indicators.weightSum", params: { parent: parentCode ?? "—", sum: sum / 100 } });
    }
  }

  function visit(n: IndicatorNode, level: number, parentPath: string) {
    const path = parentPath ? `${parentPath}.${n.code}` : String(n.code);
    if (typeof n.code !== "string" || !CODE_RE.test(n.code)) issues.push({ path, code: "error.indicators.codeFormat" });
    else if (seen.has(n.code)) issues.push({ path, code: "error.indicators.codeDuplicate", params: { code: n.code } });
    seen.add(n.code);
    if (!n.nameZh?.trim() || !n.nameEn?.trim()) issues.push({ path, code: "error.indicators.nameRequired" });
    if (!Number.isInteger(n.weightBp) || n.weightBp < 1 || n.weightBp > FULL_WEIGHT_BP) {
      issues.push({ path, code: "error.indicators.weightRange" });
    }
    if (!(INDICATOR_KINDS as readonly string[]).includes(n.kind)) {
      issues.push({ path, code: "error.indicators.kind" });
      return;
    }
    if (level > MAX_LEVEL) {
      issues.push({ path, code: "error.indicators.depth", params: { max: MAX_LEVEL } });
      return;
    }
    const kids = n.children ?? [];
    if (n.kind === "GROUP") {
      if (kids.length === 0) issues.push({ path, code: "error.indicators.groupEmpty" });
      else {
        checkSiblings(kids, path, n.code);
        for (const c of kids) visit(c, level + 1, path);
      }
    } else {
      if (kids.length > 0) issues.push({ path, code: "error.indicators.leafChildren" });
      issues.push(...checkConfig(n, path));
    }
  }

  checkSiblings(tree, "", null);
  for (const n of tree) visit(n, 1, "");
  return issues;
}

function checkConfig(n: IndicatorNode, path: string): TreeIssue[] {
  const c = n.config ?? {};
  const out: TreeIssue[] = [];
  if (c.missing !== undefined && c.missing !== "ZERO" && c.missing !== "EXCLUDE") out.push({ path, code: "error.indicators.missing" });
  if (n.kind === "PEOPLE_RATIO" || n.kind === "SESSIONS_RATIO") {
    const b = c.bands;
    if (b !== undefined) {
      let ok = Array.isArray(b) && b.length > 0;
      if (ok) {
        for (let i = 0; i < b.length; i++) {
          const e = b[i];
          if (!Array.isArray(e) || e.length !== 2 || !Number.isInteger(e[0]) || !Number.isInteger(e[1]) || e[0] < 0 || e[0] > 1_000_000 || e[1] < 0 || e[1] > 10000) ok = false;
          else if (i > 0 && !(e[0] < b[i - 1][0] && e[1] <= b[i - 1][1])) ok = false;
        }
      }
      if (!ok) out.push({ path, code: "error.indicators.bands" });
    }
  }
  if (n.kind === "PENALTY" && c.pointsPerItem !== undefined) {
    if (typeof c.pointsPerItem !== "number" || !(c.pointsPerItem > 0) || c.pointsPerItem > 100) out.push({ path, code: "error.indicators.penalty" });
  }
  if (n.kind === "ON_TIME") {
    if (c.graceDays !== undefined && (!Number.isInteger(c.graceDays) || c.graceDays < 0 || c.graceDays > 365)) out.push({ path, code: "error.indicators.onTime" });
    if (c.pointsPerDayLate !== undefined && (typeof c.pointsPerDayLate !== "number" || c.pointsPerDayLate < 0 || c.pointsPerDayLate > 100)) out.push({ path, code: "error.indicators.onTime" });
  }
  if (n.kind === "SURVEY" && c.minResponses !== undefined && (!Number.isInteger(c.minResponses) || c.minResponses < 1 || c.minResponses > 10000)) {
    out.push({ path, code: "error.indicators.survey" });
  }
  return out;
}

/** Codes of the BROKER_ASSESSMENT leaves, in tree order. */
export function brokerLeafCodes(tree: IndicatorNode[]): string[] {
  const out: string[] = [];
  const visit = (n: IndicatorNode) => {
    if (n.kind === "BROKER_ASSESSMENT") out.push(n.code);
    (n.children ?? []).forEach(visit);
  };
  tree.forEach(visit);
  return out;
}

// ---------- organization performance ----------

/** Half-life of a project score's weight in the organization's performance score, in days. */
export const PERFORMANCE_HALF_LIFE_DAYS = 365;

/**
 * Recency-weighted mean of an organization's evaluated project scores:
 *   weight_i = 0.5 ^ (age_i / 365 days), age_i = now − closedAt_i (negative ages count as 0),
 *   performance = Σ weight_i · score_i / Σ weight_i, rounded to 2 decimals; null with no scores.
 * A score one year old counts half as much as today's, two years old a quarter, and so on.
 */
export function recencyWeightedMean(
  items: ReadonlyArray<{ score: number; at: Date }>,
  now: Date,
  halfLifeDays = PERFORMANCE_HALF_LIFE_DAYS,
): number | null {
  let sw = 0;
  let s = 0;
  for (const i of items) {
    const ageDays = Math.max(0, (now.getTime() - i.at.getTime()) / 86_400_000);
    const w = Math.pow(0.5, ageDays / halfLifeDays);
    sw += w;
    s += w * i.score;
  }
  return sw === 0 ? null : round2(s / sw);
}

// ---------- calendar helpers (Asia/Shanghai, UTC+8 without DST) ----------

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of an instant, as YYYY-MM-DD. */
export function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Asia/Shanghai calendar year of an instant. */
export function shanghaiYear(d: Date): number {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** [start, end) instants of an Asia/Shanghai calendar year. */
export function shanghaiYearRange(year: number): { gte: Date; lt: Date } {
  return {
    gte: new Date(Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS),
    lt: new Date(Date.UTC(year + 1, 0, 1) - SHANGHAI_OFFSET_MS),
  };
}
