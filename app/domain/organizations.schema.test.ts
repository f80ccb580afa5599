import { describe, expect, it } from "vitest";
import { gradeSchema, pastDateSchema } from "./organizations.schema";

// An invalid date leaves z.NEVER in the value and zod still runs the refinements after it: they must
// report the field error, not throw (a throw was a 500 on /org/profile and /broker/orgs/:id).
describe("date refinements with an invalid date", () => {
  it("pastDateSchema: an impossible date is an error.date issue", () => {
    const r = pastDateSchema.safeParse("2026-02-30");
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(["error.date"]);
  });

  it("gradeSchema: invalid assessedAt / validUntil are field errors", () => {
    for (const [assessedAt, validUntil, field] of [
      ["constructor", "2030-01-01", "assessedAt"],
      ["2025-01-01", "2026-02-30", "validUntil"],
      ["x", "y", "assessedAt"],
    ] as const) {
      const r = gradeSchema.safeParse({ grade: "3", assessedAt, validUntil });
      expect(r.success).toBe(false);
      expect(r.error?.issues.some((i) => i.path[0] === field && i.message === "error.date")).toBe(true);
    }
  });
});
