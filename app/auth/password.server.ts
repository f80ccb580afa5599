// argon2id password hashing (@node-rs/argon2, prebuilt binary) and the password policy.
import { hash, verify } from "@node-rs/argon2";

export { PASSWORD_MAX, PASSWORD_MIN, checkPasswordPolicy, type PasswordPolicyError } from "./password-policy";

// @node-rs/argon2 declares `Algorithm` as an ambient const enum, which isolatedModules cannot import;
// 2 is Algorithm.Argon2id.
const ARGON2ID = 2 as const;

/** OWASP's argon2id baseline: m=19 MiB, t=2, p=1. */
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password or a malformed stored hash; never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!passwordHash || typeof password !== "string") return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * A hash of a random secret, used to spend the same time verifying when the account does not exist
 * (so response time does not reveal which e-mails are registered). Computed once per process.
 */
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  return dummyHash;
}
