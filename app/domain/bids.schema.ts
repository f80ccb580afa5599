// The bid form. Messages are i18n keys. Accepts raw form values (amount in yuan as typed) or typed
// values (amountFen), like projects.schema.ts.
import { z } from "zod";
import { MAX_BUDGET_FEN, fenToYuanInput } from "./money";
import { yuanField } from "./projects.schema";

export const BID_LIMITS = { planMin: 10, planMax: 10_000, textMax: 2000, overBudgetReasonMin: 5 } as const;

function text(min: number, max: number, minMsg: string) {
  return z.preprocess(
    (v) => (v === undefined || v === null ? "" : v),
    z.string({ invalid_type_error: "error.invalid" }).trim().min(min, minMsg).max(max, "error.tooLong"),
  );
}

const bidFields = z.object({
  /** Yuan as typed ("12,800.50"); typed callers may pass amountFen instead. */
  amount: yuanField({ min: 1, max: MAX_BUDGET_FEN * 2, rangeMsg: "error.bid.amountRange" }),
  /** Required when the amount is above the project's budget (checked by submitBid). */
  overBudgetReason: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "") || v === null ? undefined : v,
    z
      .string({ invalid_type_error: "error.invalid" })
      .trim()
      .min(BID_LIMITS.overBudgetReasonMin, "error.bid.overBudgetReason.tooShort")
      .max(BID_LIMITS.textMax, "error.tooLong")
      .optional(),
  ),
  plan: text(BID_LIMITS.planMin, BID_LIMITS.planMax, "error.bid.plan.tooShort"),
  timeline: text(1, BID_LIMITS.textMax, "error.required"),
  team: text(1, BID_LIMITS.textMax, "error.required"),
});

export const bidSchema = z.preprocess((v) => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if ((o.amount === undefined || o.amount === "") && typeof o.amountFen === "number" && Number.isSafeInteger(o.amountFen)) {
    return { ...o, amount: fenToYuanInput(o.amountFen) };
  }
  return v;
}, bidFields.transform(({ amount, ...rest }) => ({ amountFen: amount, ...rest })));

export type BidInput = z.output<typeof bidSchema>;
