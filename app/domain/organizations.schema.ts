// zod schemas for the organization registry (profile, vetting decisions, grade, ledger filter, joint
// meetings) and the smaller enterprise profile. Messages are i18n KEYS; the form layer translates
// them. Safe to import in the browser (no server modules).
//
// Like accounts.schema.ts, they accept what Conform's `parseWithZod` produces (empty → undefined,
// checkboxes "on", repeated fields → arrays, `fundingSources[0].source` → nested objects) and plain
// objects (empty → "").
import { z } from "zod";
import {
  checkboxSchema,
  optionalPhoneSchema,
  optionalString,
  requiredString,
  usccSchema,
} from "./accounts.schema";

// ---------------------------------------------------------------- constants

/** Funding-source kinds of an organization (stored in Organization.fundingSources JSON). */
export const ORG_FUNDING_KINDS = ["GOVERNMENT", "UNION", "DONATION", "FEES", "OTHER"] as const;
export type OrgFundingKind = (typeof ORG_FUNDING_KINDS)[number];
export interface FundingShare {
  source: OrgFundingKind;
  /** Share in basis points (1% = 100); the shares of one org sum to 10000. */
  shareBp: number;
}

/** Registration facts: after approval, an org's change to these goes to the broker for review. */
export const REGISTRATION_FACTS = ["name", "uscc", "registeringAuthority", "legalRepresentative", "foundedAt"] as const;
export type RegistrationFact = (typeof REGISTRATION_FACTS)[number];

export const UNION_COVERAGES = ["OWN_UNION", "JOINT_UNION", "NONE"] as const;
export const VETTING_STATUSES = ["PENDING", "APPROVED", "REJECTED", "SUSPENDED"] as const;
export const DOCUMENT_KINDS = ["certificate", "registration", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const MEETING_LEVELS = ["CITY", "DISTRICT"] as const;
export const GRADE_STATUSES = ["VALID", "EXPIRED", "NONE"] as const;
export type GradeStatusKind = (typeof GRADE_STATUSES)[number];

export const ORG_LIMITS = {
  name: 100,
  authority: 100,
  person: 50,
  industry: 100,
  code: 50,
  description: 2000,
  activityAreas: 1000,
  workingMethods: 1000,
  tag: 20,
  tags: 20,
  address: 200,
  reason: 1000,
  minutes: 20000,
  agenda: 5000,
  place: 200,
  title: 200,
  count: 10_000_000,
} as const;

// ---------------------------------------------------------------- small parsers (pure, exported)

/**
 * A calendar date → Date at UTC midnight of that day (date-only semantics: the day is the same in
 * Asia/Shanghai). Accepts YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD, an ISO date-time
 * (its date part) or a Date (its UTC date). Returns null when it is not a real date.
 */
export function parseDateOnly(input: unknown): Date | null {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return null;
    return new Date(Date.UTC(input.getUTCFullYear(), input.getUTCMonth(), input.getUTCDate()));
  }
  if (typeof input !== "string") return null;
  const s = input.normalize("NFKC").trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s].*)?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date;
}

/** YYYY-MM-DD of a date-only value (UTC date). */
export function formatDateOnly(d: Date | null | undefined): string {
  return d ? d.toISOString().slice(0, 10) : "";
}

/** An instant as "YYYY-MM-DD HH:mm" in Asia/Shanghai (for exports and notification params). */
export function formatShanghaiDateTime(d: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const g = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${g("year")}-${g("month")}-${g("day")} ${g("hour")}:${g("minute")}`;
}

/** "60", "60%", "12.5", "12.50％" → basis points (6000, 1250); null when not a percentage with ≤ 2 decimals. */
export function percentToBp(input: unknown): number | null {
  if (typeof input === "number") input = String(input);
  if (typeof input !== "string") return null;
  const s = input.normalize("NFKC").trim().replace(/%$/, "").trim();
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0") || "0");
  return bp <= 10000 ? bp : null;
}

/** Basis points → "60" / "12.5" (percent, no trailing zeros). */
export function bpToPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

/** A list given as an array, or as one string separated by 、 , ， ; ； / or new lines. Deduplicated. */
export function splitList(v: unknown): string[] {
  const parts = Array.isArray(v) ? v : typeof v === "string" ? v.split(/[、,，;；/\n\r|]+/) : [];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== "string") continue;
    const s = p.normalize("NFKC").trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Reads the stored fundingSources JSON defensively. */
export function readFundingSources(json: unknown): FundingShare[] {
  if (!Array.isArray(json)) return [];
  const out: FundingShare[] = [];
  for (const item of json) {
    if (!item || typeof item !== "object") continue;
    const { source, shareBp } = item as { source?: unknown; shareBp?: unknown };
    if (typeof source === "string" && (ORG_FUNDING_KINDS as readonly string[]).includes(source) && typeof shareBp === "number") {
      out.push({ source: source as OrgFundingKind, shareBp });
    }
  }
  return out;
}

/** Reads the stored tags JSON defensively. */
export function readTags(json: unknown): string[] {
  return Array.isArray(json) ? json.filter((t): t is string => typeof t === "string") : [];
}

// ---------------------------------------------------------------- field schemas

const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const nullToUndefined = (v: unknown) => (v === null ? undefined : v);

/** accounts.schema's optionalString, also accepting null (a value read back from the database). */
export const optText = (max: number) => z.preprocess(nullToUndefined, optionalString(max));
const optPhone = z.preprocess(nullToUndefined, optionalPhoneSchema);

/** Optional date-only field ("" / missing → undefined); not in the future. */
export const optionalDateSchema = z.preprocess(
  emptyToUndefined,
  z
    .union([z.string(), z.date()], { invalid_type_error: "error.date" })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const d = parseDateOnly(v);
      if (!d) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "error.date" });
        return z.NEVER;
      }
      if (d.getUTCFullYear() < 1900) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "error.date" });
        return z.NEVER;
      }
      return d;
    }),
);

/**
 * A date that must not lie in the future (founding date, incubation start).
 * Note for every refinement over these date schemas: an invalid date leaves its issue and z.NEVER (not
 * a Date) in the value, and zod still runs the refinements that follow, so they check `instanceof Date`.
 */
export const pastDateSchema = optionalDateSchema.superRefine((d, ctx) => {
  if (d instanceof Date && d.getTime() > Date.now()) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "error.date.future" });
});

/** A required date-only field. */
export const requiredDateSchema = z.preprocess(
  emptyToUndefined,
  z.union([z.string(), z.date()], { required_error: "error.required", invalid_type_error: "error.date" }).transform((v, ctx) => {
    const d = parseDateOnly(v);
    if (!d) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "error.date" });
      return z.NEVER;
    }
    return d;
  }),
);

/** Non-negative integer count from a form field ("" / missing → 0). */
export const countSchema = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? 0 : Number(v.normalize("NFKC").trim())) : v ?? 0),
  z.number({ invalid_type_error: "error.number" }).int("error.integer").min(0, "error.min").max(ORG_LIMITS.count, "error.max"),
);

const codeSchema = requiredString(ORG_LIMITS.code);

/** A list of codes (multi-select or a separated string), deduplicated; `min` items at least. */
export function codeListSchema(min: number, requiredKey = "error.required") {
  return z.preprocess(
    (v) => (v === undefined || v === null ? [] : splitList(v)),
    z
      .array(z.string().max(ORG_LIMITS.code, "error.tooLong"))
      .min(min, requiredKey)
      .max(20, "error.tooMany"),
  );
}

/** Free text, trimmed, "" when missing. */
export function textSchema(max: number) {
  return z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string({ invalid_type_error: "error.invalid" }).trim().max(max, "error.tooLong"));
}

export const tagsSchema = z.preprocess(
  (v) => (v === undefined || v === null ? [] : splitList(typeof v === "string" ? v.replace(/\s+/g, ",") : v)),
  z.array(z.string().max(ORG_LIMITS.tag, "error.tag.tooLong")).max(ORG_LIMITS.tags, "error.tooMany"),
);

const fundingItemSchema = z.preprocess(
  (v) => {
    if (!v || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    let shareBp: unknown = o.shareBp;
    if (typeof shareBp === "string") shareBp = shareBp.trim() === "" ? undefined : Number(shareBp);
    if (shareBp === undefined && o.sharePercent !== undefined && o.sharePercent !== "") {
      shareBp = percentToBp(o.sharePercent) ?? Number.NaN;
    }
    return { source: o.source === "" ? undefined : o.source, shareBp };
  },
  z.object({
    source: z.enum(ORG_FUNDING_KINDS, { errorMap: () => ({ message: "error.invalidOption" }) }),
    shareBp: z
      .number({ required_error: "error.required", invalid_type_error: "error.funding.share" })
      .int("error.funding.share")
      .min(1, "error.funding.share")
      .max(10000, "error.funding.share"),
  }),
);

/**
 * Funding sources with shares: rows left completely empty are dropped; each source at most once; when
 * any row is given the shares must sum to exactly 100% (10000 bp).
 */
export const fundingSourcesSchema = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === "") return [];
    const arr = Array.isArray(v) ? v : typeof v === "object" ? Object.values(v as object) : v;
    if (!Array.isArray(arr)) return arr;
    return arr.filter((row) => {
      if (!row || typeof row !== "object") return true;
      const o = row as Record<string, unknown>;
      const blank = (x: unknown) => x === undefined || x === null || x === "";
      return !(blank(o.source) && blank(o.shareBp) && blank(o.sharePercent));
    });
  },
  z
    .array(fundingItemSchema, { invalid_type_error: "error.invalid" })
    .max(ORG_FUNDING_KINDS.length, "error.tooMany")
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        if (seen.has(r.source)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, "source"], message: "error.funding.duplicate" });
        seen.add(r.source);
      });
      if (rows.length > 0) {
        const sum = rows.reduce((s, r) => s + r.shareBp, 0);
        if (sum !== 10000) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "error.funding.sum", params: { sum: bpToPercent(sum) } });
      }
    }),
);

const unionCoverageSchema = z.preprocess(
  emptyToUndefined,
  z.enum(UNION_COVERAGES, { errorMap: () => ({ message: "error.invalidOption" }) }).default("NONE"),
);

// ---------------------------------------------------------------- organization profile

const orgProfileShape = {
  name: requiredString(ORG_LIMITS.name),
  uscc: usccSchema,
  registeringAuthority: optText(ORG_LIMITS.authority),
  legalRepresentative: optText(ORG_LIMITS.person),
  foundedAt: pastDateSchema,
  staffCount: countSchema,
  volunteerCount: countSchema,
  districtCode: codeSchema,
  serviceDistricts: codeListSchema(1, "error.serviceDistricts.required"),
  industryFocus: optText(ORG_LIMITS.industry),
  categories: codeListSchema(1, "error.categories.required"),
  description: textSchema(ORG_LIMITS.description),
  activityAreas: textSchema(ORG_LIMITS.activityAreas),
  workingMethods: textSchema(ORG_LIMITS.workingMethods),
  tags: tagsSchema,
  fundingSources: fundingSourcesSchema,
  unionCoverage: unionCoverageSchema,
  incubated: checkboxSchema,
  incubationDistrictCode: optText(ORG_LIMITS.code),
  incubatedSince: pastDateSchema,
  contactName: optText(ORG_LIMITS.person),
  contactPhone: optPhone,
  address: optText(ORG_LIMITS.address),
};

type IncubationFields = { incubated: boolean; incubationDistrictCode?: string; incubatedSince?: Date };

/** Incubation: the base district is required when incubated; both fields are cleared when not. */
function refineIncubation<T extends IncubationFields>(d: T, ctx: z.RefinementCtx): void {
  if (d.incubated && !d.incubationDistrictCode) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["incubationDistrictCode"], message: "error.incubation.district" });
  }
}
function clearIncubation<T extends IncubationFields>(d: T): T {
  return d.incubated ? d : { ...d, incubationDistrictCode: undefined, incubatedSince: undefined };
}

/** The full profile an org edits (also what an annual review may change). */
export const orgProfileSchema = z.object(orgProfileShape).superRefine(refineIncubation).transform(clearIncubation);
export type OrgProfileInput = z.output<typeof orgProfileSchema>;

/**
 * One imported ledger row (civil-affairs list): only name, USCC and district are required; the
 * importer maps Chinese labels to codes before validating.
 */
export const orgImportRowSchema = z
  .object({
    ...orgProfileShape,
    serviceDistricts: codeListSchema(0),
    categories: codeListSchema(0),
    foundedAt: optionalDateSchema,
    incubatedSince: optionalDateSchema,
  })
  .superRefine(refineIncubation)
  .transform(clearIncubation);
export type OrgImportRow = z.output<typeof orgImportRowSchema>;

// ---------------------------------------------------------------- vetting, grade, annual review

export const reasonSchema = requiredString(ORG_LIMITS.reason);

export const vettingActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("approve"), reason: optText(ORG_LIMITS.reason) }),
    z.object({ intent: z.literal("reject"), reason: reasonSchema }),
    z.object({ intent: z.literal("requestDocuments"), reason: reasonSchema }),
    z.object({ intent: z.literal("suspend"), reason: reasonSchema }),
    z.object({ intent: z.literal("reinstate"), reason: reasonSchema }),
  ],
  { errorMap: () => ({ message: "error.invalidOption" }) },
);
export type VettingActionInput = z.output<typeof vettingActionSchema>;

export const pendingReviewSchema = z
  .object({
    approve: checkboxSchema,
    reason: optText(ORG_LIMITS.reason),
  })
  .superRefine((d, ctx) => {
    if (!d.approve && !d.reason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["reason"], message: "error.required" });
  });

export const gradeSchema = z
  .object({
    grade: z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim().replace(/A$/i, ""))) : v),
      z.number({ required_error: "error.required", invalid_type_error: "error.grade" }).int("error.grade").min(1, "error.grade").max(5, "error.grade"),
    ),
    assessedAt: requiredDateSchema,
    validUntil: requiredDateSchema,
  })
  .superRefine((d, ctx) => {
    // An invalid date already has its issue, and its value is z.NEVER (see pastDateSchema).
    if (!(d.assessedAt instanceof Date)) return;
    if (d.assessedAt.getTime() > Date.now()) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["assessedAt"], message: "error.date.future" });
    }
    if (d.validUntil instanceof Date && d.validUntil.getTime() <= d.assessedAt.getTime()) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["validUntil"], message: "error.grade.validity" });
    }
  });
export type GradeInput = z.output<typeof gradeSchema>;

// ---------------------------------------------------------------- ledger filter (URL search params)

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(emptyToUndefined, z.enum(values).optional().catch(undefined));

/**
 * The ledger's filter, read from URL search params (`Object.fromEntries(url.searchParams)`). Invalid
 * values are dropped rather than rejected, so a hand-edited URL still shows a page.
 */
export const ledgerFilterSchema = z.object({
  q: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional().catch(undefined)),
  district: z.preprocess(emptyToUndefined, z.string().max(ORG_LIMITS.code).optional().catch(undefined)),
  category: z.preprocess(emptyToUndefined, z.string().max(ORG_LIMITS.code).optional().catch(undefined)),
  grade: z.preprocess(
    emptyToUndefined,
    z.union([z.literal("none"), z.coerce.number().int().min(1).max(5)]).optional().catch(undefined),
  ),
  gradeStatus: optionalEnum(GRADE_STATUSES),
  union: optionalEnum(UNION_COVERAGES),
  status: optionalEnum(VETTING_STATUSES),
  incubated: z.preprocess(
    (v) => (v === "yes" || v === "true" || v === "1" || v === true ? true : v === "no" || v === "false" || v === "0" || v === false ? false : undefined),
    z.boolean().optional(),
  ),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(20).default(20),
});
export type LedgerFilter = z.output<typeof ledgerFilterSchema>;
export type LedgerFilterInput = z.input<typeof ledgerFilterSchema>;

// ---------------------------------------------------------------- joint meetings

export const meetingSchema = z
  .object({
    title: requiredString(ORG_LIMITS.title),
    level: z.enum(MEETING_LEVELS, { errorMap: () => ({ message: "error.invalidOption" }) }),
    districtCode: optText(ORG_LIMITS.code),
    scheduledAt: z.preprocess(
      (v) => (v === "" || v === null || v === undefined ? undefined : v instanceof Date ? v : new Date(String(v))),
      z.date({ required_error: "error.required", invalid_type_error: "error.date" }).refine((d) => !Number.isNaN(d.getTime()), "error.date"),
    ),
    place: requiredString(ORG_LIMITS.place),
    agenda: requiredString(ORG_LIMITS.agenda),
  })
  .superRefine((d, ctx) => {
    if (d.level === "DISTRICT" && !d.districtCode) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["districtCode"], message: "error.district" });
    }
  })
  .transform((d) => (d.level === "CITY" ? { ...d, districtCode: undefined } : d));
export type MeetingInput = z.output<typeof meetingSchema>;

export const minutesSchema = z.object({ minutes: requiredString(ORG_LIMITS.minutes) });

// ---------------------------------------------------------------- enterprises (the smaller form)

export const enterpriseProfileSchema = z.object({
  name: requiredString(ORG_LIMITS.name),
  uscc: usccSchema,
  industry: optText(ORG_LIMITS.industry),
  districtCode: codeSchema,
  employees: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v ?? undefined),
    z.number({ invalid_type_error: "error.number" }).int("error.integer").min(0, "error.min").max(ORG_LIMITS.count, "error.max").optional(),
  ),
  hasUnion: checkboxSchema,
  contactName: optText(ORG_LIMITS.person),
  contactPhone: optPhone,
  address: optText(ORG_LIMITS.address),
});
export type EnterpriseProfileInput = z.output<typeof enterpriseProfileSchema>;

export const enterpriseFilterSchema = z.object({
  q: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional().catch(undefined)),
  district: z.preprocess(emptyToUndefined, z.string().max(ORG_LIMITS.code).optional().catch(undefined)),
  industry: z.preprocess(emptyToUndefined, z.string().trim().max(ORG_LIMITS.industry).optional().catch(undefined)),
  hasUnion: z.preprocess(
    (v) => (v === "yes" || v === "true" || v === "1" || v === true ? true : v === "no" || v === "false" || v === "0" || v === false ? false : undefined),
    z.boolean().optional(),
  ),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(20).default(20),
});
export type EnterpriseFilter = z.output<typeof enterpriseFilterSchema>;
export type EnterpriseFilterInput = z.input<typeof enterpriseFilterSchema>;

// ---------------------------------------------------------------- needs import row

/**
 * Budget in yuan as written in a sheet ("12800", "12,800.50", "¥12 800") → integer fen; null when it is
 * not a non-negative amount with at most two decimals. No floating point.
 */
export function yuanToFen(input: unknown): number | null {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) return null;
    input = input.toFixed(2);
  }
  if (typeof input !== "string") return null;
  const s = input.normalize("NFKC").trim().replace(/^[¥￥]|元$/g, "").replace(/[,\s]/g, "");
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0") || "0");
  return Number.isSafeInteger(fen) ? fen : null;
}

export const needImportRowSchema = z.object({
  enterpriseUscc: usccSchema,
  categoryCode: codeSchema,
  districtCode: codeSchema,
  title: requiredString(ORG_LIMITS.title),
  description: requiredString(5000),
  budgetFen: z.preprocess(
    (v) => (v === undefined || v === "" ? undefined : yuanToFen(v) ?? Number.NaN),
    z.number({ required_error: "error.required", invalid_type_error: "error.budget" }).int("error.budget").min(1, "error.budget").max(10_000_000_000, "error.max"),
  ),
  beneficiariesPlanned: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.normalize("NFKC").trim())) : v),
    z.number({ required_error: "error.required", invalid_type_error: "error.number" }).int("error.integer").min(1, "error.min").max(ORG_LIMITS.count, "error.max"),
  ),
  sessionsPlanned: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? 1 : Number(v.normalize("NFKC").trim())) : v ?? 1),
    z.number({ invalid_type_error: "error.number" }).int("error.integer").min(1, "error.min").max(10_000, "error.max"),
  ),
  fundingSource: z.preprocess(
    emptyToUndefined,
    z.enum(["UNION_FUNDS", "GOVERNMENT_PURCHASE", "ENTERPRISE_SELF", "MIXED"], { errorMap: () => ({ message: "error.invalidOption" }) }).default("ENTERPRISE_SELF"),
  ),
});
export type NeedImportRow = z.output<typeof needImportRowSchema>;
