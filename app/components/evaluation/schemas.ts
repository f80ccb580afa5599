// zod schemas of the evaluation / survey / payment / invoice forms. Client-safe (no server imports), so
// Conform validates the same rules in the browser as on the server. Messages are i18n keys; the few
// messages with parameters are translated here (the factories take the locale).
//
// Conform's parseWithZod strips empty strings (→ undefined) and coerces numbers itself: use z.number(),
// not z.coerce.
import { z } from "zod";
import { INDICATOR_KINDS, validateTree, type IndicatorConfig, type IndicatorKindName, type IndicatorNode } from "~/domain/scoring";
import { tx, type Locale } from "~/i18n";

const twoDecimals = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;

// ---------------------------------------------------------------------------------------------------
// Indicator-system editor: the tree as a flat list of rows, each naming its parent by code.
// ---------------------------------------------------------------------------------------------------

export const MISSING_POLICIES = ["ZERO", "EXCLUDE"] as const;

/** The most rows (indicators) the editor takes. */
export const MAX_INDICATOR_ROWS = 200;

const optionalNumber = () => z.number({ invalid_type_error: "error.number" }).optional();

// A field sent twice arrives as an array, a forged `rows[0].code.x` as an object, a row of which no field
// was sent (`rows[1].code` without any `rows[0].*`) as undefined: each gets a translated message, not
// zod's English default.
const textField = () => z.string({ required_error: "error.required", invalid_type_error: "error.invalidInput" });
const ROW_MISSING = "indicators.editor.error.rowMissing";

export const indicatorRowSchema = z.object({
  code: textField().trim().min(1, "error.required").max(40, "error.tooLong"),
  parent: textField().trim().max(40, "error.tooLong").optional(),
  nameZh: textField().trim().min(1, "error.required").max(100, "error.tooLong"),
  nameEn: textField().trim().min(1, "error.required").max(100, "error.tooLong"),
  weight: z
    .number({ required_error: "error.required", invalid_type_error: "error.number" })
    .min(0.01, "error.indicators.weightRange")
    .max(100, "error.indicators.weightRange")
    .refine(twoDecimals, "indicators.editor.error.weightPrecision"),
  kind: z.enum(INDICATOR_KINDS, { errorMap: () => ({ message: "error.indicators.kind" }) }),
  bands: textField().trim().max(200, "error.tooLong").optional(),
  graceDays: optionalNumber(),
  pointsPerDayLate: optionalNumber(),
  pointsPerItem: optionalNumber(),
  minResponses: optionalNumber(),
  missing: z.enum(MISSING_POLICIES, { errorMap: () => ({ message: "error.indicators.missing" }) }).optional(),
}, { required_error: ROW_MISSING, invalid_type_error: ROW_MISSING });
export type IndicatorRow = z.infer<typeof indicatorRowSchema>;
export type IndicatorRowField = keyof IndicatorRow;

/** Which config fields a kind uses (the editor shows only these). */
export const KIND_FIELDS: Record<IndicatorKindName, IndicatorRowField[]> = {
  GROUP: [],
  PEOPLE_RATIO: ["bands", "missing"],
  SESSIONS_RATIO: ["bands", "missing"],
  ON_TIME: ["graceDays", "pointsPerDayLate", "missing"],
  ENTERPRISE_RATING: ["missing"],
  SURVEY: ["minResponses", "missing"],
  BROKER_ASSESSMENT: [],
  PENALTY: ["pointsPerItem"],
};

/** "100:100, 80:66.67, 60:33.33" ↔ [[10000, 10000], [8000, 6667], [6000, 3333]] (ratio % : score %). */
export function bandsToText(bands: ReadonlyArray<readonly [number, number]> | undefined): string {
  return (bands ?? []).map(([r, s]) => `${r / 100}:${s / 100}`).join(", ");
}

export function parseBands(text: string): Array<[number, number]> | null {
  const parts = text
    .split(/[,;，；\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const out: Array<[number, number]> = [];
  for (const p of parts) {
    const m = /^(\d+(?:\.\d{1,2})?)\s*[:：=]\s*(\d+(?:\.\d{1,2})?)$/.exec(p);
    if (!m) return null;
    out.push([Math.round(Number(m[1]) * 100), Math.round(Number(m[2]) * 100)]);
  }
  return out;
}

function rowConfig(row: IndicatorRow): { config: IndicatorConfig | undefined; bandsError: boolean } {
  const fields = KIND_FIELDS[row.kind] ?? [];
  const config: IndicatorConfig = {};
  let bandsError = false;
  if (fields.includes("bands") && row.bands) {
    const b = parseBands(row.bands);
    if (b) config.bands = b;
    else bandsError = true;
  }
  if (fields.includes("graceDays") && row.graceDays !== undefined) config.graceDays = row.graceDays;
  if (fields.includes("pointsPerDayLate") && row.pointsPerDayLate !== undefined) config.pointsPerDayLate = row.pointsPerDayLate;
  if (fields.includes("pointsPerItem") && row.pointsPerItem !== undefined) config.pointsPerItem = row.pointsPerItem;
  if (fields.includes("minResponses") && row.minResponses !== undefined) config.minResponses = row.minResponses;
  if (fields.includes("missing") && row.missing && row.missing !== "ZERO") config.missing = row.missing;
  return { config: Object.keys(config).length ? config : undefined, bandsError };
}

export interface RowIssue {
  index: number;
  field: IndicatorRowField;
  message: string;
}

/** Where validateTree's issue codes belong in a row. */
const ISSUE_FIELD: Record<string, IndicatorRowField> = {
  "error.indicators.codeFormat": "code",
  "error.indicators.codeDuplicate": "code",
  "error.indicators.nameRequired": "nameZh",
  "error.indicators.weightRange": "weight",
  "error.indicators.kind": "kind",
  "error.indicators.depth": "parent",
  "error.indicators.groupEmpty": "kind",
  "error.indicators.leafChildren": "kind",
  "error.indicators.bands": "bands",
  "error.indicators.penalty": "pointsPerItem",
  "error.indicators.onTime": "graceDays",
  "error.indicators.survey": "minResponses",
  "error.indicators.missing": "missing",
};

/**
 * Builds the indicator tree from the editor's rows (children in row order) and checks it with
 * validateTree (scoring.ts), each issue placed on the row field it concerns: a weight-sum issue on the
 * weight of every sibling. `formIssues` are issues of the whole tree (no indicators).
 */
export function rowsToTree(rows: IndicatorRow[], locale: Locale): { tree: IndicatorNode[]; issues: RowIssue[]; formIssues: string[] } {
  const issues: RowIssue[] = [];
  if (rows.length === 0) return { tree: [], issues, formIssues: [tx(locale, "error.indicators.empty")] };
  // The checks below are quadratic and the tree walk recursive: never on more rows than the editor takes.
  if (rows.length > MAX_INDICATOR_ROWS) return { tree: [], issues, formIssues: [tx(locale, "indicators.editor.error.tooMany", { max: MAX_INDICATOR_ROWS })] };

  // Parents: a code of a GROUP row, not the row itself, no cycles.
  const indexByCode = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!indexByCode.has(r.code)) indexByCode.set(r.code, i);
  });
  const parentIndex: Array<number | null> = rows.map((r, i) => {
    if (!r.parent) return null;
    const p = indexByCode.get(r.parent);
    if (p === undefined || p === i || rows[p].kind !== "GROUP") {
      issues.push({ index: i, field: "parent", message: tx(locale, "indicators.editor.error.parent") });
      return null;
    }
    return p;
  });
  rows.forEach((_, i) => {
    let cur: number | null = parentIndex[i];
    for (let steps = 0; cur !== null; steps++) {
      if (cur === i || steps > rows.length) {
        issues.push({ index: i, field: "parent", message: tx(locale, "indicators.editor.error.parent") });
        break;
      }
      cur = parentIndex[cur];
    }
  });

  const nodes: IndicatorNode[] = rows.map((r, i) => {
    const { config, bandsError } = rowConfig(r);
    if (bandsError) issues.push({ index: i, field: "bands", message: tx(locale, "error.indicators.bands") });
    const node: IndicatorNode = { code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, weightBp: Math.round(r.weight * 100), kind: r.kind };
    if (config) node.config = config;
    if (r.kind === "GROUP") node.children = [];
    return node;
  });
  if (issues.length > 0) return { tree: [], issues, formIssues: [] };

  const tree: IndicatorNode[] = [];
  nodes.forEach((n, i) => {
    const p = parentIndex[i];
    if (p === null) tree.push(n);
    else (nodes[p].children ??= []).push(n);
  });

  // The same path strings validateTree builds: codes joined with "." from the top.
  const pathIndex = new Map<string, number>();
  const childrenOfPath = new Map<string, number[]>();
  const walk = (list: IndicatorNode[], parentPath: string) => {
    for (const n of list) {
      const i = nodes.indexOf(n);
      const path = parentPath ? `${parentPath}.${n.code}` : n.code;
      pathIndex.set(path, i);
      childrenOfPath.set(parentPath, [...(childrenOfPath.get(parentPath) ?? []), i]);
      if (n.children) walk(n.children, path);
    }
  };
  walk(tree, "");

  const formIssues: string[] = [];
  for (const issue of validateTree(tree)) {
    if (issue.code === "error.indicators.weightSum") {
      const parent = issue.path ? String(issue.params?.parent ?? issue.path) : tx(locale, "indicators.editor.topLevel");
      const message = tx(locale, issue.code, { ...issue.params, parent });
      for (const index of childrenOfPath.get(issue.path) ?? []) issues.push({ index, field: "weight", message });
      continue;
    }
    const index = pathIndex.get(issue.path);
    const field = ISSUE_FIELD[issue.code];
    const message = tx(locale, issue.code, issue.params);
    if (index === undefined || !field) formIssues.push(message);
    else issues.push({ index, field, message });
  }
  return { tree, issues, formIssues };
}

/** The tree as editor rows (pre-order, so a group comes before its children). */
export function treeToRows(tree: IndicatorNode[]): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  const walk = (list: IndicatorNode[], parent: string) => {
    for (const n of list) {
      const c = n.config ?? {};
      out.push({
        code: n.code,
        parent,
        nameZh: n.nameZh,
        nameEn: n.nameEn,
        weight: String(n.weightBp / 100),
        kind: n.kind,
        bands: c.bands ? bandsToText(c.bands) : "",
        graceDays: c.graceDays !== undefined ? String(c.graceDays) : "",
        pointsPerDayLate: c.pointsPerDayLate !== undefined ? String(c.pointsPerDayLate) : "",
        pointsPerItem: c.pointsPerItem !== undefined ? String(c.pointsPerItem) : "",
        minResponses: c.minResponses !== undefined ? String(c.minResponses) : "",
        missing: c.missing ?? "ZERO",
      });
      if (n.children) walk(n.children, n.code);
    }
  };
  walk(tree, "");
  return out;
}

export function indicatorEditorSchema(locale: Locale) {
  return z
    .object({
      name: textField().trim().min(1, "error.required").max(100, "error.tooLong"),
      rows: z
        .array(indicatorRowSchema, { required_error: "error.indicators.empty", invalid_type_error: "error.indicators.empty" })
        .min(1, "error.indicators.empty")
        .max(MAX_INDICATOR_ROWS, tx(locale, "indicators.editor.error.tooMany", { max: MAX_INDICATOR_ROWS })),
    })
    .superRefine((value, ctx) => {
      // (zod runs this refinement also when a field check failed, e.g. 5,000 rows: that issue is enough)
      if (value.rows.length > MAX_INDICATOR_ROWS) return;
      const { issues, formIssues } = rowsToTree(value.rows, locale);
      for (const i of issues) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["rows", i.index, i.field], message: i.message });
      for (const m of formIssues) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["rows"], message: m });
    });
}

export const createSystemSchema = z.object({
  year: z.number({ required_error: "error.required", invalid_type_error: "error.number" }).int("error.integer").min(2000, "error.min").max(2100, "error.max"),
  name: z.string({ required_error: "error.required" }).trim().min(1, "error.required").max(100, "error.tooLong"),
  /** "default" or the id of a system to copy. */
  source: z.string({ required_error: "error.required" }).min(1, "error.required").max(64),
});

export const copySystemSchema = z.object({
  year: z.number({ required_error: "error.required", invalid_type_error: "error.number" }).int("error.integer").min(2000, "error.min").max(2100, "error.max"),
  name: z.string({ required_error: "error.required" }).trim().min(1, "error.required").max(100, "error.tooLong"),
});

// ---------------------------------------------------------------------------------------------------
// Evaluation: broker assessments.
// ---------------------------------------------------------------------------------------------------

export const assessmentSchema = z
  .object({
    intent: z.enum(["save", "close"]).default("save"),
    items: z
      .array(
        z.object({
          code: z.string().min(1).max(40),
          score: z
            .number({ invalid_type_error: "error.number" })
            .min(0, "error.evaluation.scoreRange")
            .max(100, "error.evaluation.scoreRange")
            .refine(twoDecimals, "error.evaluation.scorePrecision")
            .optional(),
          comment: z.string().trim().max(1000, "error.tooLong").optional(),
        }),
      )
      .max(50)
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (v.intent !== "close") return;
    v.items.forEach((item, i) => {
      if (item.score === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["items", i, "score"], message: "evaluation.error.scoreRequired" });
    });
  });

export const clearFlagSchema = z.object({
  organizationId: z.string().min(1).max(64),
  note: z.string({ required_error: "error.required" }).trim().min(1, "error.required").max(500, "error.tooLong"),
});

// ---------------------------------------------------------------------------------------------------
// Worker survey.
// ---------------------------------------------------------------------------------------------------

/** The domain's batch limit (surveys.server MAX_TOKENS_PER_BATCH). */
export const SURVEY_MAX_BATCH = 500;
export const SURVEY_MAX_COMMENT = 500;

const star = z
  .number({ required_error: "survey.error.rate", invalid_type_error: "survey.error.rate" })
  .int("survey.error.rate")
  .min(1, "survey.error.rate")
  .max(5, "survey.error.rate");

export const surveyAnswerSchema = z.object({
  q1: star,
  q2: star,
  q3: star,
  q4: star,
  q5: star,
  comment: z.string().trim().max(SURVEY_MAX_COMMENT, "survey.error.commentTooLong").optional(),
});

export const surveyTokensSchema = z.object({
  count: z
    .number({ required_error: "error.required", invalid_type_error: "error.number" })
    .int("error.integer")
    .min(1, "survey.tokens.error.count")
    .max(SURVEY_MAX_BATCH, "survey.tokens.error.count"),
});

// ---------------------------------------------------------------------------------------------------
// Payment schedule and invoices.
// ---------------------------------------------------------------------------------------------------

export const INSTALMENT_TRIGGERS = ["ON_AWARD", "ON_ACCEPTANCE", "ON_EVALUATION"] as const;
export const PAYER_KINDS = ["UNION", "ENTERPRISE"] as const;
export const MAX_INSTALMENTS = 12;

export function scheduleSchema(locale: Locale) {
  return z
    .object({
      instalments: z
        .array(
          z.object({
            percent: z
              .number({ required_error: "error.required", invalid_type_error: "error.number" })
              .min(0.01, "error.payment.percent")
              .max(100, "error.payment.percent")
              .refine(twoDecimals, "indicators.editor.error.weightPrecision"),
            trigger: z.enum(INSTALMENT_TRIGGERS, { errorMap: () => ({ message: "error.invalidOption" }) }),
            payer: z.enum(PAYER_KINDS, { errorMap: () => ({ message: "error.invalidOption" }) }),
          }),
          { required_error: "error.payment.empty" },
        )
        .min(1, "error.payment.empty")
        .max(MAX_INSTALMENTS, tx(locale, "error.payment.tooMany", { max: MAX_INSTALMENTS })),
    })
    .superRefine((v, ctx) => {
      const sum = v.instalments.reduce((a, x) => a + Math.round(x.percent * 100), 0);
      if (v.instalments.length > 0 && sum !== 10000) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["instalments"], message: tx(locale, "error.payment.percentSum", { sum: sum / 100 }) });
      }
    });
}

export const issueInvoiceSchema = z.object({
  instalmentId: z.string().min(1).max(64),
  /** Tax rate in percent (0–13); empty = the configured default. */
  taxRate: z
    .number({ invalid_type_error: "error.number" })
    .min(0, "error.invoice.taxRate")
    .max(13, "error.invoice.taxRate")
    .refine(twoDecimals, "error.invoice.taxRate")
    .optional(),
});

export const creditNoteSchema = z.object({
  reason: z.string({ required_error: "error.required" }).trim().min(1, "error.required").max(500, "error.tooLong"),
});

export const markPaidSchema = z.object({
  paidAt: z.string({ required_error: "error.required" }).regex(/^\d{4}-\d{2}-\d{2}$/, "error.invalid"),
  reference: z.string({ required_error: "error.required" }).trim().min(1, "error.required").max(100, "error.tooLong"),
});

/** "2026-03-05" → the instant of 00:00 that day in Asia/Shanghai (null when not a real date). */
export function shanghaiDayStart(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T00:00:00+08:00`);
  if (Number.isNaN(d.getTime())) return null;
  // Reject 2026-02-31 & co. (Date rolls them over).
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) === day ? d : null;
}

/** i18n keys of the five survey questions (as surveys.server SURVEY_QUESTION_KEYS, importable by components). */
export const SURVEY_QUESTIONS = ["survey.q1", "survey.q2", "survey.q3", "survey.q4", "survey.q5"] as const;

/**
 * Preview of how the award splits by percentages (largest remainder, the rule of payments.server
 * allocateByPercent, which computes the stored amounts): each part floor(total·bp/10000), the fen left
 * over go one each to the largest remainders, earlier instalments first on ties.
 */
export function previewAllocation(totalFen: number, percentBps: readonly number[]): number[] {
  const parts = percentBps.map((bp) => Math.floor((totalFen * bp) / 10000));
  const rems = percentBps.map((bp, i) => ({ i, r: (totalFen * bp) % 10000 }));
  let left = totalFen - parts.reduce((a, b) => a + b, 0);
  rems.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && k < rems.length; k++, left--) parts[rems[k].i] += 1;
  return parts;
}
