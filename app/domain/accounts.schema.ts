// zod schemas for the account forms (sign-up, login, password change, staff creation). Messages are
// i18n KEYS; the form layer translates them. Safe to import in the browser (no server modules).
//
// They accept both what Conform's `parseWithZod` produces (empty fields → undefined, checkboxes
// "on", repeated fields → arrays) and plain objects built from FormData (empty fields → "").
import { z } from "zod";
import { normalizeUscc, validateUscc } from "./uscc";
import { checkPasswordPolicy, PASSWORD_MAX } from "~/auth/password-policy";

export const FIELD_LIMITS = {
  name: 100,
  displayName: 50,
  email: 254,
  code: 50,
  industry: 100,
  contactName: 50,
  phone: 30,
  authority: 100,
} as const;

const REQUIRED = { required_error: "error.required", invalid_type_error: "error.required" };

/** Trimmed, non-empty, at most `max` characters. */
export function requiredString(max: number) {
  return z.string(REQUIRED).trim().min(1, "error.required").max(max, "error.tooLong");
}

/** Trimmed; "" and missing both become undefined. */
export function optionalString(max: number) {
  return z
    .string({ invalid_type_error: "error.invalid" })
    .trim()
    .max(max, "error.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));
}

export const emailSchema = z
  .string(REQUIRED)
  .trim()
  .toLowerCase()
  .min(1, "error.required")
  .max(FIELD_LIMITS.email, "error.tooLong")
  .email("error.email");

/** A new password: the policy (8..128 characters). Not trimmed: spaces are part of a password. */
export const newPasswordSchema = z
  .string(REQUIRED)
  .min(1, "error.required")
  .superRefine((v, ctx) => {
    if (v === "") return;
    const err = checkPasswordPolicy(v);
    if (err) ctx.addIssue({ code: z.ZodIssueCode.custom, message: err });
  });

/** An existing password being checked (login, current password): only required and bounded. */
export const passwordInputSchema = z
  .string(REQUIRED)
  .min(1, "error.required")
  // Longer than the policy allows can never match; the bound keeps hashing cost fixed.
  .max(PASSWORD_MAX * 4, "error.tooLong");

/** 统一社会信用代码: normalised (trim, full-width → half-width, upper-case) and check-digit validated. */
export const usccSchema = z
  .string(REQUIRED)
  .trim()
  .min(1, "error.required")
  .max(64, "error.uscc.length")
  .superRefine((v, ctx) => {
    if (v === "") return;
    const r = validateUscc(v);
    if (!r.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.code });
  })
  .transform((v) => normalizeUscc(v));

/** Chinese phone number, lenient: mobile (1[3-9]x, 11 digits), landline with area code, 400/800. */
export function normalizePhone(raw: string): string | null {
  let s = raw.normalize("NFKC").replace(/[\s()（）.]/g, "");
  s = s.replace(/^(\+86|0086)-?/, "");
  const digits = s.replace(/-/g, "");
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  // 0 + 2–3 digit area code + 7–8 digit number, optional extension ("0731-88886666-123").
  const land = /^(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?$/.exec(s);
  if (land) return `${land[1]}-${land[2]}${land[3] ? `-${land[3]}` : ""}`;
  if (/^[48]00\d{7}$/.test(digits)) return digits;
  return null;
}

export const phoneSchema = z
  .string(REQUIRED)
  .trim()
  .min(1, "error.required")
  .max(FIELD_LIMITS.phone, "error.tooLong")
  .transform((v, ctx) => {
    const p = normalizePhone(v);
    if (!p) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "error.phone" });
      return z.NEVER;
    }
    return p;
  });

export const optionalPhoneSchema = z
  .string({ invalid_type_error: "error.phone" })
  .trim()
  .max(FIELD_LIMITS.phone, "error.tooLong")
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const p = normalizePhone(v);
    if (!p) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "error.phone" });
      return z.NEVER;
    }
    return p;
  });

/** HTML checkbox: "on" (or "true"/true) → true; anything else, including missing → false. */
export const checkboxSchema = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

/** Optional non-negative integer from a form field ("" / missing → undefined). */
export const optionalCountSchema = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
  z
    .number({ invalid_type_error: "error.number" })
    .int("error.integer")
    .min(0, "error.min")
    .max(10_000_000, "error.max")
    .optional(),
);

const codeSchema = requiredString(FIELD_LIMITS.code);

function confirmMatches<T extends { confirm: string }>(key: keyof T) {
  return (d: T, ctx: z.RefinementCtx) => {
    if (d[key] !== d.confirm) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["confirm"], message: "error.password.mismatch" });
    }
  };
}

export const signupEnterpriseSchema = z
  .object({
    name: requiredString(FIELD_LIMITS.name),
    uscc: usccSchema,
    districtCode: codeSchema,
    industry: optionalString(FIELD_LIMITS.industry),
    employees: optionalCountSchema,
    hasUnion: checkboxSchema,
    contactName: requiredString(FIELD_LIMITS.contactName),
    phone: phoneSchema,
    email: emailSchema,
    password: newPasswordSchema,
    confirm: z.string(REQUIRED).min(1, "error.required"),
  })
  .superRefine(confirmMatches("password"));
export type SignupEnterpriseInput = z.output<typeof signupEnterpriseSchema>;

export const signupOrgSchema = z
  .object({
    name: requiredString(FIELD_LIMITS.name),
    uscc: usccSchema,
    registeringAuthority: requiredString(FIELD_LIMITS.authority),
    districtCode: codeSchema,
    categories: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
      z
        .array(z.string().trim().min(1, "error.required").max(FIELD_LIMITS.code, "error.tooLong"), {
          invalid_type_error: "error.categories.required",
        })
        .min(1, "error.categories.required")
        .max(20, "error.tooMany")
        .transform((a) => [...new Set(a)]),
    ),
    contactName: optionalString(FIELD_LIMITS.contactName),
    phone: optionalPhoneSchema,
    email: emailSchema,
    password: newPasswordSchema,
    confirm: z.string(REQUIRED).min(1, "error.required"),
  })
  .superRefine(confirmMatches("password"));
export type SignupOrgInput = z.output<typeof signupOrgSchema>;

export const loginSchema = z.object({
  email: z.string(REQUIRED).trim().toLowerCase().min(1, "error.required").max(FIELD_LIMITS.email, "error.tooLong"),
  password: passwordInputSchema,
  redirectTo: z.string().max(2000).optional(),
});
export type LoginInput = z.output<typeof loginSchema>;

export const changePasswordSchema = z
  .object({
    current: passwordInputSchema,
    next: newPasswordSchema,
    confirm: z.string(REQUIRED).min(1, "error.required"),
  })
  .superRefine((d, ctx) => {
    confirmMatches<typeof d>("next")(d, ctx);
    if (d.next === d.current) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["next"], message: "error.password.same" });
    }
  });
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

export const STAFF_ROLES = ["BROKER", "ADMIN"] as const;

export const createStaffSchema = z.object({
  email: emailSchema,
  displayName: requiredString(FIELD_LIMITS.displayName),
  role: z.enum(STAFF_ROLES, { errorMap: () => ({ message: "error.invalidOption" }) }),
  password: newPasswordSchema,
});
export type CreateStaffInput = z.output<typeof createStaffSchema>;
