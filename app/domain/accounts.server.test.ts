import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { createUserSession, getOptionalUser } from "~/auth/session.server";
import * as password from "~/auth/password.server";
import { verifyAuditChain } from "./audit.server";
import {
  authenticate,
  changePassword,
  createStaffUser,
  registerEnterprise,
  registerOrganization,
  setUserDisabled,
} from "./accounts.server";
import { signupEnterpriseSchema, signupOrgSchema } from "./accounts.schema";
import { DomainError } from "./errors";
import { makeUscc } from "./uscc";

let n = 0;
const uniq = () => ++n;

function enterpriseInput(over: Record<string, unknown> = {}) {
  const i = uniq();
  return signupEnterpriseSchema.parse({
    name: `长沙测试企业${i}`,
    uscc: makeUscc(`91430100MA4L${String(i).padStart(5, "0")}`),
    districtCode: "yuhua",
    industry: "制造业",
    employees: "120",
    hasUnion: "on",
    contactName: "王经理",
    phone: "13807310000",
    email: `ent${i}@example.cn`,
    password: "enterprise-pass",
    confirm: "enterprise-pass",
    ...over,
  });
}

function orgInput(over: Record<string, unknown> = {}) {
  const i = uniq();
  return signupOrgSchema.parse({
    name: `长沙测试社工中心${i}`,
    uscc: makeUscc(`52430100MJJ${String(i).padStart(6, "0")}`),
    registeringAuthority: "长沙市民政局",
    districtCode: "kaifu",
    categories: ["legal_aid", "psych_counselling"],
    email: `org${i}@example.cn`,
    password: "organization-pass",
    confirm: "organization-pass",
    ...over,
  });
}

async function domainError(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

const IP = { ip: "203.0.113.7" };
let ipSeq = 0;
const freshIp = () => ({ ip: `198.51.100.${++ipSeq}` });

beforeEach(async () => {
  await db.rateLimitEvent.deleteMany();
});

describe("registerEnterprise", () => {
  it("creates the enterprise, its ENTERPRISE user and an audit record in one go", async () => {
    const input = enterpriseInput();
    const { userId, enterpriseId } = await registerEnterprise(input, IP);
    const ent = await db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
    expect(ent).toMatchObject({ name: input.name, uscc: input.uscc, districtCode: "yuhua", employees: 120, hasUnion: true, contactPhone: "13807310000" });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ email: input.email, role: "ENTERPRISE", enterpriseId, displayName: "王经理", disabled: false });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityType: "Enterprise", entityId: enterpriseId } });
    expect(audit).toMatchObject({ action: "enterprise.register", actorId: userId, actorRole: "ENTERPRISE" });
    expect(JSON.stringify(audit.after)).not.toContain("argon2");
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("refuses a taken e-mail (any case) with 409 on field email", async () => {
    const first = enterpriseInput();
    await registerEnterprise(first, IP);
    const e = await domainError(registerEnterprise(enterpriseInput({ email: first.email.toUpperCase() }), IP));
    expect(e).toMatchObject({ status: 409, code: "error.email.taken", field: "email" });
  });

  it("refuses a taken USCC with 409 on field uscc, and writes nothing", async () => {
    const first = enterpriseInput();
    await registerEnterprise(first, IP);
    const before = await db.user.count();
    const e = await domainError(registerEnterprise(enterpriseInput({ uscc: first.uscc }), IP));
    expect(e).toMatchObject({ status: 409, code: "error.uscc.taken", field: "uscc" });
    expect(await db.user.count()).toBe(before);
  });

  it("maps a unique-constraint race to the same field error", async () => {
    const a = enterpriseInput();
    const b = enterpriseInput({ uscc: a.uscc });
    const results = await Promise.allSettled([registerEnterprise(a, freshIp()), registerEnterprise(b, freshIp())]);
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toMatchObject({ status: 409, code: "error.uscc.taken", field: "uscc" });
    expect(await db.enterprise.count({ where: { uscc: a.uscc } })).toBe(1);
  });

  it("refuses an unknown district", async () => {
    const e = await domainError(registerEnterprise(enterpriseInput({ districtCode: "atlantis" }), IP));
    expect(e).toMatchObject({ status: 400, code: "error.invalidOption", field: "districtCode" });
  });

  it("allows 10 sign-ups per IP per hour (any kind), then 429", async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) {
      if (i % 2) await registerEnterprise(enterpriseInput(), ip);
      else await registerOrganization(orgInput(), ip);
    }
    const e = await domainError(registerEnterprise(enterpriseInput(), ip));
    expect(e).toMatchObject({ status: 429, code: "error.rateLimited" });
    await registerEnterprise(enterpriseInput(), freshIp()); // other IPs unaffected
    // unknown IP ("direct"): per-IP limits are not applied
    for (let i = 0; i < 11; i++) await registerEnterprise(enterpriseInput(), { ip: "direct" });
  }, 60_000);
});

describe("registerOrganization", () => {
  it("creates a PENDING organization with categories, home service district, ORG user and audit", async () => {
    const input = orgInput({ contactName: "赵社工", phone: "0731-88886666" });
    const { userId, organizationId } = await registerOrganization(input, IP);
    const org = await db.organization.findUniqueOrThrow({
      where: { id: organizationId },
      include: { categories: true, serviceDistricts: true },
    });
    expect(org).toMatchObject({ vettingStatus: "PENDING", registeringAuthority: "长沙市民政局", districtCode: "kaifu", contactPhone: "0731-88886666" });
    expect(org.categories.map((c) => c.categoryCode).sort()).toEqual(["legal_aid", "psych_counselling"]);
    expect(org.serviceDistricts.map((d) => d.districtCode)).toEqual(["kaifu"]);
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ role: "ORG", organizationId, displayName: "赵社工" });
    expect(await db.auditLog.count({ where: { action: "org.register", entityId: organizationId } })).toBe(1);
    expect(await db.searchOutbox.count({ where: { docId: organizationId } })).toBe(0);
  });

  it("uses the organization name as display name when no contact is given", async () => {
    const input = orgInput();
    const { userId } = await registerOrganization(input, IP);
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).displayName).toBe(input.name);
  });

  it("refuses unknown categories, taken USCC and taken e-mail", async () => {
    expect(await domainError(registerOrganization(orgInput({ categories: ["legal_aid", "astrology"] }), IP))).toMatchObject({
      status: 400,
      code: "error.invalidOption",
      field: "categories",
    });
    const first = orgInput();
    await registerOrganization(first, IP);
    expect(await domainError(registerOrganization(orgInput({ uscc: first.uscc }), IP))).toMatchObject({ code: "error.uscc.taken", field: "uscc" });
    expect(await domainError(registerOrganization(orgInput({ email: first.email }), IP))).toMatchObject({ code: "error.email.taken", field: "email" });
    // an e-mail used by an enterprise user is taken for organizations too
    const ent = enterpriseInput();
    await registerEnterprise(ent, IP);
    expect(await domainError(registerOrganization(orgInput({ email: ent.email }), IP))).toMatchObject({ code: "error.email.taken" });
  });

  it("the same USCC may register once as an enterprise and once as an organization", async () => {
    const uscc = makeUscc("52430100MJJ999999");
    await registerEnterprise(enterpriseInput({ uscc }), IP);
    await registerOrganization(orgInput({ uscc }), IP);
  });
});

describe("authenticate", () => {
  async function account(pw = "correct-password") {
    const input = enterpriseInput({ password: pw, confirm: pw });
    const { userId } = await registerEnterprise(input, freshIp());
    return { email: input.email, userId };
  }

  it("returns the user for the right password (e-mail case-insensitive)", async () => {
    const { email, userId } = await account();
    const u = await authenticate({ email: ` ${email.toUpperCase()} `, password: "correct-password" }, freshIp());
    expect(u).toMatchObject({ id: userId, email, role: "ENTERPRISE" });
  });

  it("gives the same 401 for a wrong password, an unknown e-mail and a disabled account", async () => {
    const { email, userId } = await account();
    const wrong = await domainError(authenticate({ email, password: "wrong-password" }, freshIp()));
    const unknown = await domainError(authenticate({ email: "nobody@example.cn", password: "correct-password" }, freshIp()));
    await db.user.update({ where: { id: userId }, data: { disabled: true } });
    const disabled = await domainError(authenticate({ email, password: "correct-password" }, freshIp()));
    for (const e of [wrong, unknown, disabled]) expect(e).toMatchObject({ status: 401, code: "error.auth.invalid" });
  });

  it("spends a hash verification on unknown e-mails too", async () => {
    const spy = vi.spyOn(password, "verifyPassword");
    try {
      await domainError(authenticate({ email: "ghost@example.cn", password: "whatever-pass" }, freshIp()));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][0]).toMatch(/^\$argon2id\$/);
    } finally {
      spy.mockRestore();
    }
  });

  it("locks an account after 5 failures in 15 minutes, without checking the password", async () => {
    const { email } = await account();
    for (let i = 0; i < 5; i++) {
      expect(await domainError(authenticate({ email, password: `wrong-${i}` }, freshIp()))).toMatchObject({ status: 401 });
    }
    const spy = vi.spyOn(password, "verifyPassword");
    try {
      // even the right password, from a new IP, is refused
      expect(await domainError(authenticate({ email, password: "correct-password" }, freshIp()))).toMatchObject({
        status: 429,
        code: "error.auth.rateLimited",
      });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    // failures older than the window no longer count
    await db.rateLimitEvent.updateMany({ data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    expect((await authenticate({ email, password: "correct-password" }, freshIp())).email).toBe(email);
  });

  it("locks an IP after 5 failures, across accounts", async () => {
    const a = await account();
    const b = await account();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await domainError(authenticate({ email: `spray${i}@example.cn`, password: "guess-1234" }, ip));
    expect(await domainError(authenticate({ email: a.email, password: "correct-password" }, ip))).toMatchObject({ status: 429 });
    expect((await authenticate({ email: b.email, password: "correct-password" }, freshIp())).id).toBe(b.userId);
  });

  it("a success clears the account's failures", async () => {
    const { email } = await account();
    for (let i = 0; i < 4; i++) await domainError(authenticate({ email, password: "nope-nope" }, freshIp()));
    await authenticate({ email, password: "correct-password" }, freshIp());
    for (let i = 0; i < 4; i++) await domainError(authenticate({ email, password: "nope-nope" }, freshIp()));
    expect((await authenticate({ email, password: "correct-password" }, freshIp())).email).toBe(email);
  });

  it("lets at most 5 of a parallel burst reach password verification", async () => {
    const { email } = await account();
    const spy = vi.spyOn(password, "verifyPassword");
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => authenticate({ email, password: `burst-${i}` }, freshIp())),
      );
      const statuses = results.map((r) => (r.status === "rejected" ? (r.reason as DomainError).status : 200));
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(5);
    } finally {
      spy.mockRestore();
    }
  });

  it("ignores the IP limit when the IP is unknown (shared 'direct' key)", async () => {
    const a = await account();
    for (let i = 0; i < 6; i++) await domainError(authenticate({ email: `x${i}@example.cn`, password: "guess-1234" }, { ip: "direct" }));
    expect((await authenticate({ email: a.email, password: "correct-password" }, { ip: "direct" })).id).toBe(a.userId);
  });
});

describe("changePassword", () => {
  it("sets the new hash, signs out every session, audits", async () => {
    const input = enterpriseInput({ password: "old-password-1", confirm: "old-password-1" });
    const { userId } = await registerEnterprise(input, freshIp());
    const c1 = (await createUserSession(userId)).split(";")[0];
    const c2 = (await createUserSession(userId)).split(";")[0];
    await changePassword(userId, { current: "old-password-1", next: "new-password-2" });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.passwordChangedAt).toBeInstanceOf(Date);
    expect(await db.session.count({ where: { userId } })).toBe(0);
    for (const c of [c1, c2]) expect(await getOptionalUser(new Request("http://x/", { headers: { Cookie: c } }))).toBeNull();
    expect(await domainError(authenticate({ email: input.email, password: "old-password-1" }, freshIp()))).toMatchObject({ status: 401 });
    expect((await authenticate({ email: input.email, password: "new-password-2" }, freshIp())).id).toBe(userId);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "user.password.change", entityId: userId } });
    expect(JSON.stringify(audit)).not.toContain("argon2");
  });

  it("refuses a wrong current password on field current, and rate-limits guessing", async () => {
    const input = enterpriseInput({ password: "old-password-1", confirm: "old-password-1" });
    const { userId } = await registerEnterprise(input, freshIp());
    const s = (await createUserSession(userId)).split(";")[0];
    for (let i = 0; i < 5; i++) {
      expect(await domainError(changePassword(userId, { current: `bad-${i}-xx`, next: "new-password-2" }))).toMatchObject({
        status: 400,
        code: "error.password.currentWrong",
        field: "current",
      });
    }
    expect(await domainError(changePassword(userId, { current: "old-password-1", next: "new-password-2" }))).toMatchObject({
      status: 429,
    });
    expect(await getOptionalUser(new Request("http://x/", { headers: { Cookie: s } }))).not.toBeNull();
  });
});

describe("staff accounts", () => {
  async function admin() {
    return db.user.create({ data: { email: `admin${uniq()}@lb.cn`, passwordHash: "x", role: "ADMIN", displayName: "管理员" } });
  }

  it("an ADMIN creates a BROKER, with audit", async () => {
    const a = await admin();
    const { userId } = await createStaffUser(
      { id: a.id, role: "ADMIN" },
      { email: "broker1@lb.cn", displayName: "李撮合", role: "BROKER", password: "broker-pass-1" },
    );
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ role: "BROKER", email: "broker1@lb.cn" });
    expect(await db.auditLog.count({ where: { action: "user.create", entityId: userId, actorId: a.id } })).toBe(1);
    expect((await authenticate({ email: "broker1@lb.cn", password: "broker-pass-1" }, freshIp())).role).toBe("BROKER");
    expect(
      await domainError(createStaffUser({ id: a.id, role: "ADMIN" }, { email: "BROKER1@lb.cn", displayName: "x", role: "ADMIN", password: "broker-pass-1" })),
    ).toMatchObject({ status: 409, code: "error.email.taken", field: "email" });
  });

  it("only an ADMIN may create staff", async () => {
    for (const role of ["BROKER", "ENTERPRISE", "ORG"] as const) {
      expect(
        await domainError(createStaffUser({ id: "u", role }, { email: `s${uniq()}@lb.cn`, displayName: "x", role: "ADMIN", password: "whatever-pass" })),
      ).toMatchObject({ status: 403, code: "error.forbidden" });
    }
  });

  it("an ADMIN disables an account: sessions end, login fails; re-enable works; not oneself", async () => {
    const a = await admin();
    const input = enterpriseInput();
    const { userId } = await registerEnterprise(input, freshIp());
    const s = (await createUserSession(userId)).split(";")[0];
    await setUserDisabled({ id: a.id, role: "ADMIN" }, userId, true, "spam");
    await setUserDisabled({ id: a.id, role: "ADMIN" }, userId, true); // idempotent: no second audit row
    expect(await db.auditLog.count({ where: { action: "user.disable", entityId: userId } })).toBe(1);
    expect(await db.session.count({ where: { userId } })).toBe(0);
    expect(await getOptionalUser(new Request("http://x/", { headers: { Cookie: s } }))).toBeNull();
    expect(await domainError(authenticate({ email: input.email, password: "enterprise-pass" }, freshIp()))).toMatchObject({ status: 401 });
    await setUserDisabled({ id: a.id, role: "ADMIN" }, userId, false);
    expect((await authenticate({ email: input.email, password: "enterprise-pass" }, freshIp())).id).toBe(userId);
    expect(await domainError(setUserDisabled({ id: a.id, role: "ADMIN" }, a.id, true))).toMatchObject({ status: 400 });
    expect(await domainError(setUserDisabled({ id: a.id, role: "BROKER" }, userId, true))).toMatchObject({ status: 403 });
    expect(await domainError(setUserDisabled({ id: a.id, role: "ADMIN" }, "missing", true))).toMatchObject({ status: 404 });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
