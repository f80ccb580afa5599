// Input schemas of the marketplace (needs, transitions, delivery, ratings, bundles). Error messages
// are i18n KEYS. Each schema accepts both raw form values (strings, "on" checkboxes, yuan as typed)
// and already-typed values (numbers, Dates, budgetFen), so the domain functions can re-validate
// what a route passes them. Dates typed without a zone are Asia/Shanghai (UTC+8, no DST).
import { z } from "zod";
import { MAX_BUDGET_FEN, fenToYuanInput, tryParseYuanToFen } from "./money";

// ---------- field helpers ----------

const SHANGHAI_OFFSET = "+08:00";

function blankToUndefined(v: unknown): unknown {
  if (typeof v === "string" && v.trim() === "") return undefined;
  if (v === null) return undefined;
  return v;
}

/**
 * "2026-12-01" → 2026-12-01 00:00 Asia/Shanghai; "2026-12-01T17:30" → 17:30 Asia/Shanghai;
 * a string with a zone or a Date is taken as is. Anything else → the string "invalid".
 */
export function parseShanghaiDateTime(v: unknown): Date | "invalid" | undefined {
  const x = blankToUndefined(v);
  if (x === undefined) return undefined;
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? "invalid" : x;
  if (typeof x !== "string") return "invalid";
  const s = x.trim();
  let iso: string;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = `${s}T00:00:00${SHANGHAI_OFFSET}`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(s)) iso = `${s.replace(" ", "T")}${s.length === 16 ? ":00" : ""}${SHANGHAI_OFFSET}`;
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) iso = s;
  else return "invalid";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "invalid";
  // Reject dates that rolled over (2026-02-30 → March 2).
  const day = s.slice(0, 10);
  if (iso.endsWith(SHANGHAI_OFFSET) && shanghaiDay(d) !== day) return "invalid";
  return d;
}

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function dateField(requiredMsg = "error.required") {
  return z.preprocess(parseShanghaiDateTime, z.date({ required_error: requiredMsg, invalid_type_error: "error.date" }));
}

function optionalDateField() {
  return z.preprocess(parseShanghaiDateTime, z.date({ invalid_type_error: "error.date" }).optional());
}

function toInt(v: unknown): unknown {
  const x = blankToUndefined(v);
  if (typeof x === "string") return /^\s*[+-]?\d+\s*$/.test(x) ? Number(x.trim()) : Number.NaN;
  return x;
}

function intField(min: number, max: number, rangeMsg: string) {
  return z.preprocess(
    toInt,
    z.number({ required_error: "error.required", invalid_type_error: "error.integer" }).int("error.integer").min(min, rangeMsg).max(max, rangeMsg),
  );
}

function optionalIntField(min: number, max: number, rangeMsg: string) {
  return z.preprocess(
    toInt,
    z.number({ invalid_type_error: "error.integer" }).int("error.integer").min(min, rangeMsg).max(max, rangeMsg).optional(),
  );
}

function toBool(v: unknown): unknown {
  if (v === undefined || v === null || v === "") return false;
  if (typeof v === "string") return ["on", "true", "1", "yes"].includes(v.trim().toLowerCase());
  return v;
}

const boolField = () => z.preprocess(toBool, z.boolean({ invalid_type_error: "error.invalid" }));

function text(min: number, max: number, minMsg = "error.required", maxMsg = "error.tooLong") {
  return z.preprocess(
    (v) => (v === undefined || v === null ? "" : v),
    z.string({ invalid_type_error: "error.invalid" }).trim().min(min, minMsg).max(max, maxMsg),
  );
}

function optionalText(max: number) {
  return z.preprocess(blankToUndefined, z.string({ invalid_type_error: "error.invalid" }).trim().max(max, "error.tooLong").optional());
}

const code = () =>
  z.preprocess(
    (v) => (v === undefined || v === null ? "" : v),
    z.string({ invalid_type_error: "error.invalidOption" }).trim().min(1, "error.required").max(64, "error.invalidOption"),
  );

function enumField<T extends [string, ...string[]]>(values: T, fallback?: T[number]) {
  const e = z.enum(values, {
    errorMap: (issue, ctx) => ({ message: issue.code === z.ZodIssueCode.invalid_type && ctx.data === undefined ? "error.required" : "error.invalidOption" }),
  });
  return fallback === undefined ? z.preprocess(blankToUndefined, e) : z.preprocess((v) => blankToUndefined(v) ?? fallback, e);
}

/**
 * Money in yuan as typed ("12,800.50") → integer fen, checked against [min, max] fen. Field-level,
 * so its error shows together with the other fields' errors.
 */
export function yuanField(opts: { min: number; max: number; rangeMsg: string }) {
  return z.unknown().transform((v, ctx): number => {
    const raw = v === undefined || v === null ? undefined : typeof v === "string" ? v : typeof v === "number" ? String(v) : "\u0000";
    const r = tryParseYuanToFen(raw);
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.code === "error.money.tooLarge" ? opts.rangeMsg : r.code });
      return z.NEVER;
    }
    if (r.fen < opts.min || r.fen > opts.max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: opts.rangeMsg, params: { min: opts.min, max: opts.max } });
      return z.NEVER;
    }
    return r.fen;
  });
}

/** Lets typed callers pass `{ [fenKey]: number }` instead of the form's yuan string at `yuanKey`. */
function fenToYuanKey(yuanKey: string, fenKey: string) {
  return (v: unknown): unknown => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    const fen = o[fenKey];
    if ((o[yuanKey] === undefined || o[yuanKey] === "") && typeof fen === "number" && Number.isSafeInteger(fen)) {
      return { ...o, [yuanKey]: fenToYuanInput(fen) };
    }
    return v;
  };
}

// ---------- the need (project draft) ----------

export const FUNDING_SOURCES = ["UNION_FUNDS", "GOVERNMENT_PURCHASE", "ENTERPRISE_SELF", "MIXED"] as const;
export const UNION_RULES = ["NONE", "PREFERRED", "REQUIRED"] as const;

export const NEED_LIMITS = {
  titleMax: 100,
  descriptionMax: 5000,
  beneficiariesMax: 100_000,
  sessionsMax: 1000,
  budgetMaxFen: MAX_BUDGET_FEN,
  minYearsMax: 50,
} as const;

export interface NeedSchemaOptions {
  /** The clock used for "bid deadline in the future" (tests pass a fixed one). */
  now?: () => Date;
}

export function makeNeedSchema(options: NeedSchemaOptions = {}) {
  const now = options.now ?? (() => new Date());
  const fields = z
    .object({
      title: text(1, NEED_LIMITS.titleMax),
      description: text(1, NEED_LIMITS.descriptionMax),
      categoryCode: code(),
      districtCode: code(),
      beneficiariesPlanned: intField(1, NEED_LIMITS.beneficiariesMax, "error.beneficiaries.range"),
      sessionsPlanned: intField(1, NEED_LIMITS.sessionsMax, "error.sessions.range"),
      serviceStart: dateField(),
      serviceEnd: dateField(),
      /** Yuan as typed ("12,800.50"); typed callers may pass budgetFen instead. */
      budget: yuanField({ min: 1, max: NEED_LIMITS.budgetMaxFen, rangeMsg: "error.budget.range" }),
      fundingSource: enumField([...FUNDING_SOURCES]),
      bidDeadline: optionalDateField(),
      minGrade: optionalIntField(1, 5, "error.minGrade.range"),
      minYearsRegistered: optionalIntField(0, NEED_LIMITS.minYearsMax, "error.minYears.range"),
      mustServeDistrict: boolField(),
      unionRule: enumField([...UNION_RULES], "NONE"),
      /** The version the user edited (optimistic concurrency on updateDraft). */
      version: optionalIntField(0, Number.MAX_SAFE_INTEGER, "error.invalid"),
    })
    .superRefine((v, ctx) => {
      if (v.serviceEnd.getTime() < v.serviceStart.getTime()) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["serviceEnd"], message: "error.serviceEnd.beforeStart" });
      }
      if (v.bidDeadline) {
        if (v.bidDeadline.getTime() <= now().getTime()) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["bidDeadline"], message: "error.bidDeadline.past" });
        } else if (v.bidDeadline.getTime() >= v.serviceStart.getTime()) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["bidDeadline"], message: "error.bidDeadline.afterServiceStart" });
        }
      }
    })
    .transform((v) => ({
      title: v.title,
      description: v.description,
      categoryCode: v.categoryCode,
      districtCode: v.districtCode,
      beneficiariesPlanned: v.beneficiariesPlanned,
      sessionsPlanned: v.sessionsPlanned,
      serviceStart: v.serviceStart,
      serviceEnd: v.serviceEnd,
      budgetFen: v.budget,
      fundingSource: v.fundingSource,
      bidDeadline: v.bidDeadline ?? null,
      minGrade: v.minGrade ?? null,
      minYearsRegistered: v.minYearsRegistered ?? null,
      mustServeDistrict: v.mustServeDistrict,
      unionRule: v.unionRule,
      version: v.version,
    }));
  return z.preprocess(fenToYuanKey("budget", "budgetFen"), fields);
}

/** The need form (create and edit a draft). */
export const needSchema = makeNeedSchema();
export type NeedInput = z.output<typeof needSchema>;

// ---------- transition inputs ----------

export const REASON_MIN = 5;

export const reasonSchema = z.object({
  reason: text(REASON_MIN, 2000, "error.reason.tooShort"),
});
export type ReasonInput = z.output<typeof reasonSchema>;

/** Publish: the broker sets (or confirms the proposed) bid deadline. */
export const publishSchema = z.object({
  bidDeadline: optionalDateField(),
});
export type PublishInput = z.output<typeof publishSchema>;

export const awardSchema = z.object({
  bidId: code(),
  rationale: text(10, 5000, "error.rationale.tooShort"),
  noConflictDeclared: z.preprocess(toBool, z.literal(true, { errorMap: () => ({ message: "error.award.noConflictRequired" }) })),
});
export type AwardInput = z.output<typeof awardSchema>;

export const evidenceFileSchema = z.object({
  fileName: z.string().min(1).max(255),
  storedPath: z.string().min(1).max(500),
  mime: z.string().min(1).max(100),
  size: z.number().int().min(0).max(10 * 1024 * 1024),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type EvidenceFile = z.output<typeof evidenceFileSchema>;

export function makeDeliveryReportSchema(options: NeedSchemaOptions = {}) {
  const now = options.now ?? (() => new Date());
  return z
    .object({
      beneficiariesActual: intField(0, 1_000_000, "error.beneficiaries.range"),
      sessionsHeld: intField(0, 10_000, "error.sessions.range"),
      startDate: dateField(),
      endDate: dateField(),
      summary: text(10, 5000, "error.summary.tooShort"),
      evidence: z.array(evidenceFileSchema, { invalid_type_error: "error.invalid" }).max(20, "error.tooMany").default([]),
    })
    .superRefine((v, ctx) => {
      if (v.endDate.getTime() < v.startDate.getTime()) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endDate"], message: "error.endDate.beforeStart" });
      }
      // A report covers the past: the end day may be today (Asia/Shanghai), not later.
      if (shanghaiDay(v.endDate) > shanghaiDay(now())) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endDate"], message: "error.endDate.future" });
      }
    });
}
export const deliveryReportSchema = makeDeliveryReportSchema();
export type DeliveryReportInput = z.output<typeof deliveryReportSchema>;

export const resolutionSchema = z.object({
  resolution: text(REASON_MIN, 2000, "error.reason.tooShort"),
  /** True when the enterprise's complaint was justified (feeds the complaints indicator). */
  upheld: boolField(),
});
export type ResolutionInput = z.output<typeof resolutionSchema>;

export const RESOLVE_OUTCOMES = ["IN_DELIVERY", "ACCEPTED"] as const;
export const resolveDisputeSchema = resolutionSchema.extend({
  outcome: enumField([...RESOLVE_OUTCOMES]),
});
export type ResolveDisputeInput = z.output<typeof resolveDisputeSchema>;

const score = () => intField(1, 5, "error.rating.range");
export const ratingSchema = z.object({
  quality: score(),
  timeliness: score(),
  professionalism: score(),
  workerResponse: score(),
  comment: z.preprocess((v) => blankToUndefined(v) ?? "", z.string({ invalid_type_error: "error.invalid" }).trim().max(2000, "error.tooLong")),
});
export type RatingInput = z.output<typeof ratingSchema>;

// ---------- bundles ----------

export function makeBundleSchema(options: NeedSchemaOptions = {}) {
  const now = options.now ?? (() => new Date());
  return z
    .object({
      needIds: z.preprocess(
        (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v),
        z.array(z.string().min(1), { required_error: "error.bundle.tooFew", invalid_type_error: "error.bundle.tooFew" }).min(2, "error.bundle.tooFew").max(50, "error.tooMany"),
      ),
      title: text(1, NEED_LIMITS.titleMax),
      description: text(1, NEED_LIMITS.descriptionMax),
      /** The bundle's district (where the service happens); default: the first need's. */
      districtCode: z.preprocess(blankToUndefined, z.string().trim().min(1).max(64).optional()),
      bidDeadline: dateField(),
    })
    .superRefine((v, ctx) => {
      if (new Set(v.needIds).size !== v.needIds.length) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["needIds"], message: "error.bundle.duplicate" });
      }
      if (v.bidDeadline.getTime() <= now().getTime()) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["bidDeadline"], message: "error.bidDeadline.past" });
      }
    });
}
export const bundleSchema = makeBundleSchema();
export type BundleInput = z.output<typeof bundleSchema>;

// ---------- list filters ----------

export const PROJECT_STATE_VALUES = [
  "DRAFT",
  "SUBMITTED",
  "PUBLISHED",
  "EVALUATING",
  "AWARDED",
  "UNSUCCESSFUL",
  "CANCELLED",
  "REJECTED",
  "IN_DELIVERY",
  "DELIVERED",
  "DISPUTED",
  "ACCEPTED",
  "EVALUATED",
  "CLOSED",
] as const;

export const projectFiltersSchema = z.object({
  state: z.preprocess(
    (v) => {
      const x = blankToUndefined(v);
      return typeof x === "string" ? x.split(",").filter(Boolean) : x;
    },
    z.array(z.enum(PROJECT_STATE_VALUES)).optional(),
  ),
  districtCode: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  categoryCode: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  /** ORG: only projects it bid on or was awarded. ENTERPRISE/BROKER: ignored. */
  mine: boolField().optional(),
  /** Include bundle members in the list (default: members are listed under their bundle only for orgs). */
  bundled: z.preprocess(blankToUndefined, z.enum(["only", "exclude"]).optional()),
});
export type ProjectFilters = z.output<typeof projectFiltersSchema>;

/**
 * Turns a failed safeParse into the first issue: `{ field, code }` (code is an i18n key). Used by
 * domain functions to throw a field-level DomainError.
 */
export function firstIssue(error: z.ZodError): { field: string | undefined; code: string } {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join(".") : undefined;
  const message = issue?.message ?? "error.invalidInput";
  return { field, code: message.startsWith("error.") ? message : "error.invalidInput" };
}
