// getZodConstraint cannot see through z.preprocess, so it marks optional fields (free text with a
// default, counts that default to 0, optional dates, checkboxes) as `required` — and a required
// checkbox or empty textarea would block the form in a browser without JavaScript. Keep `required`
// only on the fields that really are.
import type { getZodConstraint } from "@conform-to/zod";

type Constraints = ReturnType<typeof getZodConstraint>;
type Constraint = Constraints[string];

export function onlyRequired(constraint: Constraints, required: readonly string[]): Constraints {
  const out: Record<string, Constraint> = {};
  for (const [name, c] of Object.entries(constraint)) {
    const base = name.replace(/\[\d*\]/g, "");
    out[name] = { ...c, required: c.required && required.includes(base) ? true : undefined };
  }
  return out;
}
