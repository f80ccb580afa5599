// Accounts: sign-up of enterprises and organizations, login, password change, staff accounts.
// Inputs are the OUTPUT of the zod schemas in accounts.schema.ts (already trimmed/normalised).
import { db } from "~/db.server";
import type { Role } from "~/generated/sqlite/enums";
import { getDummyHash, hashPassword, verifyPassword } from "~/auth/password.server";
import { writeAudit } from "./audit.server";
import { DomainError, badRequest, conflict, forbidden, notFound } from "./errors";
import { clear, count, hit, isKnownIp, isLimited, LIMITS, removeEvent } from "./ratelimit.server";
import type { ChangePasswordInput, CreateStaffInput, SignupEnterpriseInput, SignupOrgInput } from "./accounts.schema";

export interface RequestMeta {
  /** From `clientIp(request, context)`; "direct" when unknown (per-IP limits are then skipped). */
  ip: string;
}

/** The acting user, as far as this module needs it (a SessionUser fits). */
export interface Actor {
  id: string;
  role: Role;
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  locale: string;
  enterpriseId: string | null;
  organizationId: string | null;
}

const normEmail = (e: string) => e.trim().toLowerCase();

function isUniqueViolation(e: unknown): boolean {
  // Duck-typed: the SQLite and PostgreSQL generated clients have distinct error classes.
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

async function enforceSignupLimit(meta: RequestMeta): Promise<void> {
  if (!isKnownIp(meta.ip)) return;
  const { bucket, max, windowMs } = LIMITS.signupIp;
  if (await isLimited(bucket, meta.ip, max, windowMs)) throw new DomainError(429, "error.rateLimited");
  await hit(bucket, meta.ip);
}

async function assertDistrict(code: string, field = "districtCode"): Promise<void> {
  const d = await db.district.findUnique({ where: { code }, select: { code: true } });
  if (!d) throw badRequest("error.invalidOption", field);
}

async function assertCategories(codes: string[]): Promise<void> {
  const found = await db.category.count({ where: { code: { in: codes } } });
  if (found !== new Set(codes).size) throw badRequest("error.invalidOption", "categories");
}

async function assertEmailFree(email: string): Promise<void> {
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw conflict("error.email.taken", "email");
  }
}

/** Turns a unique-constraint race into the same field errors the pre-checks give. */
async function explainUniqueViolation(email: string, uscc: string, kind: "enterprise" | "organization"): Promise<never> {
  await assertEmailFree(email);
  const taken =
    kind === "enterprise"
      ? await db.enterprise.findUnique({ where: { uscc }, select: { id: true } })
      : await db.organization.findUnique({ where: { uscc }, select: { id: true } });
  if (taken) throw conflict("error.uscc.taken", "uscc");
  throw conflict("error.conflict");
}

/** Creates an Enterprise and its first user (role ENTERPRISE) in one transaction, with an audit record. */
export async function registerEnterprise(
  input: SignupEnterpriseInput,
  meta: RequestMeta,
): Promise<{ userId: string; enterpriseId: string }> {
  await enforceSignupLimit(meta);
  const email = normEmail(input.email);
  await assertDistrict(input.districtCode);
  await assertEmailFree(email);
  if (await db.enterprise.findUnique({ where: { uscc: input.uscc }, select: { id: true } })) {
    throw conflict("error.uscc.taken", "uscc");
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const enterprise = await tx.enterprise.create({
        data: {
          name: input.name,
          uscc: input.uscc,
          districtCode: input.districtCode,
          industry: input.industry ?? null,
          employees: input.employees ?? null,
          hasUnion: input.hasUnion,
          contactName: input.contactName,
          contactPhone: input.phone,
        },
      });
      const user = await tx.user.create({
        data: {
          email,
          passwordHash,
          role: "ENTERPRISE",
          displayName: input.contactName,
          phone: input.phone,
          enterpriseId: enterprise.id,
        },
      });
      await writeAudit(tx, {
        actorId: user.id,
        actorRole: "ENTERPRISE",
        action: "enterprise.register",
        entityType: "Enterprise",
        entityId: enterprise.id,
        after: {
          name: enterprise.name,
          uscc: enterprise.uscc,
          districtCode: enterprise.districtCode,
          industry: enterprise.industry,
          employees: enterprise.employees,
          hasUnion: enterprise.hasUnion,
          userId: user.id,
          email,
        },
      });
      return { userId: user.id, enterpriseId: enterprise.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return explainUniqueViolation(email, input.uscc, "enterprise");
    throw e;
  }
}

/**
 * Creates an Organization (vetting PENDING; its home district is its first service district) and its
 * first user (role ORG). Not indexed for search until a broker approves it.
 */
export async function registerOrganization(
  input: SignupOrgInput,
  meta: RequestMeta,
): Promise<{ userId: string; organizationId: string }> {
  await enforceSignupLimit(meta);
  const email = normEmail(input.email);
  const categories = [...new Set(input.categories)];
  await assertDistrict(input.districtCode);
  await assertCategories(categories);
  await assertEmailFree(email);
  if (await db.organization.findUnique({ where: { uscc: input.uscc }, select: { id: true } })) {
    throw conflict("error.uscc.taken", "uscc");
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const org = await tx.organization.create({
        data: {
          name: input.name,
          uscc: input.uscc,
          registeringAuthority: input.registeringAuthority,
          districtCode: input.districtCode,
          vettingStatus: "PENDING",
          contactName: input.contactName ?? null,
          contactPhone: input.phone ?? null,
          categories: { create: categories.map((categoryCode) => ({ categoryCode })) },
          serviceDistricts: { create: [{ districtCode: input.districtCode }] },
        },
      });
      const user = await tx.user.create({
        data: {
          email,
          passwordHash,
          role: "ORG",
          displayName: input.contactName ?? input.name,
          phone: input.phone ?? null,
          organizationId: org.id,
        },
      });
      await writeAudit(tx, {
        actorId: user.id,
        actorRole: "ORG",
        action: "org.register",
        entityType: "Organization",
        entityId: org.id,
        after: {
          name: org.name,
          uscc: org.uscc,
          registeringAuthority: org.registeringAuthority,
          districtCode: org.districtCode,
          categories,
          serviceDistricts: [input.districtCode],
          vettingStatus: org.vettingStatus,
          userId: user.id,
          email,
        },
      });
      return { userId: user.id, organizationId: org.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return explainUniqueViolation(email, input.uscc, "organization");
    throw e;
  }
}

/**
 * Checks e-mail + password. Refused with 429 "error.auth.rateLimited" — before the password is looked
 * at — once the account (e-mail) or the IP has 5 failures within 15 minutes. Unknown e-mail, wrong
 * password and disabled account all give the same 401 "error.auth.invalid", after the same argon2
 * verification work. Success clears the account's failures. The caller then calls createUserSession.
 */
export async function authenticate(
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<AuthenticatedUser> {
  const email = normEmail(input.email);
  const acc = LIMITS.loginAccount;
  const ipl = LIMITS.loginIp;
  const knownIp = isKnownIp(meta.ip);
  const limited = async () => {
    const [a, i] = await Promise.all([
      count(acc.bucket, email, acc.windowMs),
      knownIp ? count(ipl.bucket, meta.ip, ipl.windowMs) : Promise.resolve(0),
    ]);
    return { a, i };
  };
  // 1. Refuse outright once 5 failures are on record (the password is not looked at).
  const before = await limited();
  if (before.a >= acc.max || before.i >= ipl.max) throw new DomainError(429, "error.auth.rateLimited");
  // 2. Record this attempt as a failure up front and count again, so a burst of parallel requests
  //    cannot all slip past step 1: at most `max` attempts per window ever reach the verification.
  await hit(acc.bucket, email);
  const ipEvent = knownIp ? await hit(ipl.bucket, meta.ip) : null;
  const after = await limited();
  if (after.a > acc.max || after.i > ipl.max) throw new DomainError(429, "error.auth.rateLimited");

  const user = email ? await db.user.findUnique({ where: { email } }) : null;
  // Unknown e-mail: verify against a dummy hash anyway, so timing does not reveal registered e-mails.
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user || !ok || user.disabled) throw new DomainError(401, "error.auth.invalid");
  // 3. Success: forget the account's failures (including this attempt) and this attempt's IP event.
  if (ipEvent !== null) await removeEvent(ipEvent);
  await clear(acc.bucket, email);
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    displayName: user.displayName,
    locale: user.locale,
    enterpriseId: user.enterpriseId,
    organizationId: user.organizationId,
  };
}

/**
 * Verifies the current password, stores the new hash and passwordChangedAt, deletes ALL sessions of
 * the user (every device is signed out) and writes an audit record, in one transaction. The caller
 * should then start a fresh session for the current device (createUserSession).
 */
export async function changePassword(userId: string, input: Pick<ChangePasswordInput, "current" | "next">): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.disabled) throw notFound();
  const lim = LIMITS.passwordChange;
  if (await isLimited(lim.bucket, userId, lim.max, lim.windowMs)) throw new DomainError(429, "error.auth.rateLimited");
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    await hit(lim.bucket, userId);
    throw badRequest("error.password.currentWrong", "current");
  }
  const passwordHash = await hashPassword(input.next);
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
    await tx.session.deleteMany({ where: { userId } });
    await writeAudit(tx, {
      actorId: userId,
      actorRole: user.role,
      action: "user.password.change",
      entityType: "User",
      entityId: userId,
      after: { passwordChangedAt: now.toISOString(), sessionsRevoked: true },
    });
  });
  await clear(lim.bucket, userId);
}

/** An ADMIN creates a BROKER or ADMIN account. */
export async function createStaffUser(actor: Actor, input: CreateStaffInput): Promise<{ userId: string }> {
  if (actor.role !== "ADMIN") throw forbidden();
  if (input.role !== "BROKER" && input.role !== "ADMIN") throw badRequest("error.invalidOption", "role");
  const email = normEmail(input.email);
  await assertEmailFree(email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email, passwordHash, role: input.role, displayName: input.displayName },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "user.create",
        entityType: "User",
        entityId: user.id,
        after: { email, role: user.role, displayName: user.displayName },
      });
      return { userId: user.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("error.email.taken", "email");
    throw e;
  }
}

/**
 * An ADMIN disables (or re-enables) an account. Disabling deletes all its sessions at once.
 * An admin cannot disable their own account (no lock-out by accident).
 */
export async function setUserDisabled(actor: Actor, userId: string, disabled: boolean, reason?: string | null): Promise<void> {
  if (actor.role !== "ADMIN") throw forbidden();
  if (actor.id === userId && disabled) throw badRequest("error.user.cannotDisableSelf");
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, disabled: true } });
    if (!user) throw notFound();
    if (user.disabled === disabled) return; // idempotent
    await tx.user.update({ where: { id: userId }, data: { disabled } });
    if (disabled) await tx.session.deleteMany({ where: { userId } });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: disabled ? "user.disable" : "user.enable",
      entityType: "User",
      entityId: userId,
      before: { disabled: user.disabled },
      after: { disabled },
      reason: reason ?? null,
    });
  });
}
