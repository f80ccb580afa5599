// zod schemas for the indicator-system admin forms. Shape checks here; the tree rules (levels 1–3,
// sibling weights summing to 10000 bp, leaf configs) come from validateTree in scoring.ts, whose
// issues become zod issues whose message is the i18n key (path = the node's path of codes).
import { z } from "zod";
import { INDICATOR_KINDS, validateTree, type IndicatorNode } from "./scoring";

const intBp = z.number().int();

export const indicatorConfigSchema = z
  .object({
    bands: z.array(z.tuple([intBp, intBp])).optional(),
    graceDays: z.number().int().optional(),
    pointsPerDayLate: z.number().optional(),
    pointsPerItem: z.number().optional(),
    minResponses: z.number().int().optional(),
    missing: z.enum(["ZERO", "EXCLUDE"]).optional(),
  })
  .strict();

export const indicatorNodeSchema: z.ZodType<IndicatorNode> = z.lazy(() =>
  z.object({
    code: z.string().trim().min(1, "error.required").max(40, "error.tooLong"),
    nameZh: z.string().trim().min(1, "error.required").max(100, "error.tooLong"),
    nameEn: z.string().trim().min(1, "error.required").max(100, "error.tooLong"),
    weightBp: z.number({ invalid_type_error: "error.number" }).int("error.integer"),
    kind: z.enum(INDICATOR_KINDS, { errorMap: () => ({ message: "error.invalidOption" }) }),
    config: indicatorConfigSchema.nullish(),
    children: z.array(indicatorNodeSchema).optional(),
  }),
);

/** A whole tree (the level-1 indicators), validated with every rule of validateTree. */
export const indicatorTreeSchema = z.array(indicatorNodeSchema).superRefine((tree, ctx) => {
  for (const issue of validateTree(tree)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: issue.code,
      path: issue.path ? issue.path.split(".") : [],
      params: issue.params,
    });
  }
});

/** The tree posted as a JSON string (e.g. from a hidden field of the tree editor). */
export const indicatorTreeJsonSchema = z.string().transform((s, ctx) => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "error.invalid" });
    return z.NEVER;
  }
}).pipe(indicatorTreeSchema);

export const createIndicatorSystemSchema = z.object({
  year: z.coerce.number({ invalid_type_error: "error.number" }).int("error.integer").min(2000, "error.min").max(2100, "error.max"),
  name: z.string().trim().min(1, "error.required").max(100, "error.tooLong"),
});
export type CreateIndicatorSystemInput = z.infer<typeof createIndicatorSystemSchema>;

export const copyIndicatorSystemSchema = z.object({
  fromSystemId: z.string().min(1, "error.required"),
  year: z.coerce.number({ invalid_type_error: "error.number" }).int("error.integer").min(2000, "error.min").max(2100, "error.max"),
  name: z.string().trim().max(100, "error.tooLong").optional(),
});
export type CopyIndicatorSystemInput = z.infer<typeof copyIndicatorSystemSchema>;

/** Broker assessment values posted for an evaluation: { [indicatorCode]: { score 0–100, comment } }. */
export const brokerAssessmentSchema = z.record(
  z.string().min(1),
  z.object({
    score: z.coerce
      .number({ invalid_type_error: "error.number" })
      .min(0, "error.min")
      .max(100, "error.max")
      .refine((n) => Math.round(n * 100) === n * 100, "error.evaluation.scorePrecision"),
    comment: z.string().trim().max(1000, "error.tooLong").default(""),
  }),
);
export type BrokerAssessmentInput = z.infer<typeof brokerAssessmentSchema>;
