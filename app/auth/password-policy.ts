// Password policy, shared by the zod schemas (client and server) and the server-side hashing module.
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export type PasswordPolicyError = "error.password.tooShort" | "error.password.tooLong";

/** Returns the i18n key of the first policy violation, or null when the password is acceptable. */
export function checkPasswordPolicy(password: string): PasswordPolicyError | null {
  // Count code points, not UTF-16 units, so a password of Chinese characters is measured fairly.
  const len = [...password].length;
  if (len < PASSWORD_MIN) return "error.password.tooShort";
  if (len > PASSWORD_MAX) return "error.password.tooLong";
  return null;
}
