// Form schemas of the broker pages. Client-safe: Conform validates the same rules in the browser as
// on the server (`parseWithZod(formData, { schema, disableAutoCoercion: true })`; the domain schemas
// do their own preprocessing). Messages are i18n keys. The domain re-validates whatever it is given.
import { z } from "zod";
import { parseShanghaiDateTime, resolutionSchema, RESOLVE_OUTCOMES } from "~/domain/projects.schema";

export { awardSchema, makeBundleSchema, reasonSchema } from "~/domain/projects.schema";

/** Publish: the broker sets the bid deadline (prefilled with the enterprise's proposal). */
export const publishFormSchema = z.object({
  bidDeadline: z.preprocess(
    parseShanghaiDateTime,
    z.date({ required_error: "error.bidDeadline.required", invalid_type_error: "error.date" }),
  ),
});

/** A transition without input (close bidding, close project): nothing to validate. */
export const emptySchema = z.object({});

/** Resolve a dispute: outcome, written resolution, and whether the complaint was justified. */
export const resolveFormSchema = z.object({
  projectId: z.string({ required_error: "error.invalidInput" }).regex(/^[A-Za-z0-9_-]{1,64}$/, "error.invalidInput"),
  outcome: z.enum(RESOLVE_OUTCOMES, { errorMap: () => ({ message: "broker.disputes.error.outcome" }) }),
  resolution: resolutionSchema.shape.resolution,
  upheld: z.enum(["yes", "no"], { errorMap: () => ({ message: "broker.disputes.error.upheld" }) }),
});
export type ResolveFormInput = z.output<typeof resolveFormSchema>;

/** Unbundle: an optional reason (at least 5 characters when given). */
export const unbundleSchema = z.object({
  reason: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string({ invalid_type_error: "error.invalid" }).trim().min(5, "error.reason.tooShort").max(2000, "error.tooLong").optional(),
  ),
});
