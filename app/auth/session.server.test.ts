import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { makeUscc } from "~/domain/uscc";
import { cookieSecure, lucia, prismaAdapter, SESSION_COOKIE_NAME } from "./lucia.server";
import {
  createUserSession,
  destroyUserSession,
  getOptionalUser,
  getOptionalUserWithCookie,
  invalidateAllSessions,
} from "./session.server";

let n = 0;
async function makeUser(data: { role?: "ENTERPRISE" | "ORG" | "BROKER" | "ADMIN"; disabled?: boolean; vetting?: "PENDING" | "APPROVED" } = {}) {
  n++;
  const role = data.role ?? "BROKER";
  let enterpriseId: string | null = null;
  let organizationId: string | null = null;
  if (role === "ENTERPRISE") {
    const e = await db.enterprise.create({
      data: { name: `企业${n}`, uscc: makeUscc(`9143010${n % 10}MA4L${String(n).padStart(5, "0")}`), districtCode: "yuhua" },
    });
    enterpriseId = e.id;
  }
  if (role === "ORG") {
    const o = await db.organization.create({
      data: {
        name: `组织${n}`,
        uscc: makeUscc(`5243010${n % 10}MJJ${String(n).padStart(6, "0")}`),
        districtCode: "kaifu",
        vettingStatus: data.vetting ?? "PENDING",
      },
    });
    organizationId = o.id;
  }
  return db.user.create({
    data: {
      email: `user${n}@example.cn`,
      passwordHash: "not-used",
      role,
      displayName: `用户${n}`,
      disabled: data.disabled ?? false,
      enterpriseId,
      organizationId,
    },
  });
}

/** The cookie header a browser would send back for a Set-Cookie value. */
const cookieFrom = (setCookie: string) => setCookie.split(";")[0];
const reqWith = (setCookie?: string, init: RequestInit = {}) =>
  new Request("http://localhost/dashboard", {
    ...init,
    headers: { ...(setCookie ? { Cookie: cookieFrom(setCookie) } : {}), ...(init.headers as object) },
  });
const sessionIdOf = (setCookie: string) => cookieFrom(setCookie).split("=")[1];

describe("sessions", () => {
  it("creates an httpOnly, SameSite=Lax, 30-day cookie named lb_session", async () => {
    const u = await makeUser();
    const setCookie = await createUserSession(u.id, reqWith());
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE_NAME}=[a-z0-9]+;`));
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).toContain(`Max-Age=${30 * 24 * 3600}`);
    expect(setCookie).not.toContain("Secure"); // NODE_ENV=test
    const row = await db.session.findUnique({ where: { id: sessionIdOf(setCookie) } });
    expect(row?.userId).toBe(u.id);
    const days = (row!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it("marks the cookie Secure in production (COOKIE_SECURE overrides)", () => {
    expect(cookieSecure({ NODE_ENV: "production" })).toBe(true);
    expect(cookieSecure({ NODE_ENV: "production", COOKIE_SECURE: "0" })).toBe(false);
    expect(cookieSecure({ NODE_ENV: "development" })).toBe(false);
    expect(cookieSecure({ NODE_ENV: "test", COOKIE_SECURE: "1" })).toBe(true);
  });

  it("reads the user from the cookie", async () => {
    const u = await makeUser({ role: "ORG", vetting: "APPROVED" });
    const setCookie = await createUserSession(u.id);
    expect(await getOptionalUser(reqWith(setCookie))).toEqual({
      id: u.id,
      email: u.email,
      role: "ORG",
      displayName: u.displayName,
      locale: "zh-CN",
      enterpriseId: null,
      organizationId: u.organizationId,
      orgVettingStatus: "APPROVED",
    });
    const ent = await makeUser({ role: "ENTERPRISE" });
    const user = await getOptionalUser(reqWith(await createUserSession(ent.id)));
    expect(user?.enterpriseId).toBe(ent.enterpriseId);
    expect(user?.orgVettingStatus).toBeNull();
  });

  it("returns null without a cookie, and null plus a blank cookie for an unknown session", async () => {
    expect(await getOptionalUserWithCookie(reqWith())).toEqual({ user: null });
    const r = await getOptionalUserWithCookie(new Request("http://localhost/", { headers: { Cookie: `${SESSION_COOKIE_NAME}=nope` } }));
    expect(r.user).toBeNull();
    expect(r.setCookie).toMatch(/^lb_session=;.*Max-Age=0/);
  });

  it("always issues a new session id and invalidates the one the request carried", async () => {
    const u = await makeUser();
    const first = await createUserSession(u.id);
    const second = await createUserSession(u.id, reqWith(first));
    expect(sessionIdOf(second)).not.toBe(sessionIdOf(first));
    expect(await getOptionalUser(reqWith(first))).toBeNull();
    expect((await getOptionalUser(reqWith(second)))?.id).toBe(u.id);
  });

  it("destroys the session on logout", async () => {
    const u = await makeUser();
    const setCookie = await createUserSession(u.id);
    const blank = await destroyUserSession(reqWith(setCookie));
    expect(blank).toMatch(/^lb_session=;.*Max-Age=0/);
    expect(await db.session.count({ where: { userId: u.id } })).toBe(0);
    expect(await getOptionalUser(reqWith(setCookie))).toBeNull();
    expect(await destroyUserSession(reqWith())).toMatch(/Max-Age=0/); // no cookie: still fine
  });

  it("invalidates every session of a user", async () => {
    const u = await makeUser();
    const other = await makeUser();
    const a = await createUserSession(u.id);
    const b = await createUserSession(u.id);
    const c = await createUserSession(other.id);
    await invalidateAllSessions(u.id);
    expect(await getOptionalUser(reqWith(a))).toBeNull();
    expect(await getOptionalUser(reqWith(b))).toBeNull();
    expect((await getOptionalUser(reqWith(c)))?.id).toBe(other.id);
  });

  it("treats a disabled user as signed out and deletes the session", async () => {
    const u = await makeUser();
    const setCookie = await createUserSession(u.id);
    await db.user.update({ where: { id: u.id }, data: { disabled: true } });
    const r = await getOptionalUserWithCookie(reqWith(setCookie));
    expect(r.user).toBeNull();
    expect(r.setCookie).toMatch(/Max-Age=0/);
    expect(await db.session.count({ where: { userId: u.id } })).toBe(0);
  });

  it("rejects and deletes an expired session", async () => {
    const u = await makeUser();
    const setCookie = await createUserSession(u.id);
    const id = sessionIdOf(setCookie);
    await db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getOptionalUser(reqWith(setCookie))).toBeNull();
    expect(await db.session.findUnique({ where: { id } })).toBeNull();
  });

  it("slides the expiry once less than half remains, and asks for the cookie to be re-sent", async () => {
    const u = await makeUser();
    const setCookie = await createUserSession(u.id);
    const id = sessionIdOf(setCookie);
    // More than half left: not refreshed.
    const r1 = await getOptionalUserWithCookie(reqWith(setCookie));
    expect(r1.user?.id).toBe(u.id);
    expect(r1.setCookie).toBeUndefined();
    // 10 days left (< 15): refreshed to 30 days and a new Set-Cookie for the same id.
    await db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 10 * 86_400_000) } });
    const r2 = await getOptionalUserWithCookie(reqWith(setCookie));
    expect(r2.user?.id).toBe(u.id);
    expect(r2.setCookie).toBeDefined();
    expect(sessionIdOf(r2.setCookie!)).toBe(id);
    const row = await db.session.findUnique({ where: { id } });
    expect((row!.expiresAt.getTime() - Date.now()) / 86_400_000).toBeGreaterThan(29.9);
  });
});

describe("prisma lucia adapter", () => {
  it("implements the lucia Adapter contract", async () => {
    const u = await makeUser();
    const expiresAt = new Date(Date.now() + 3600_000);
    await prismaAdapter.setSession({ id: "s1", userId: u.id, expiresAt, attributes: {} });
    await prismaAdapter.setSession({ id: "s2", userId: u.id, expiresAt: new Date(Date.now() - 1), attributes: {} });

    const [session, user] = await prismaAdapter.getSessionAndUser("s1");
    expect(session).toEqual({ id: "s1", userId: u.id, expiresAt, attributes: {} });
    expect(user?.id).toBe(u.id);
    expect(user?.attributes.email).toBe(u.email);
    expect(await prismaAdapter.getSessionAndUser("missing")).toEqual([null, null]);

    expect((await prismaAdapter.getUserSessions(u.id)).map((s) => s.id).sort()).toEqual(["s1", "s2"]);
    // lucia itself hides the expired one
    expect((await lucia.getUserSessions(u.id)).map((s) => s.id)).toEqual(["s1"]);

    const later = new Date(Date.now() + 7200_000);
    await prismaAdapter.updateSessionExpiration("s1", later);
    expect((await db.session.findUnique({ where: { id: "s1" } }))?.expiresAt).toEqual(later);
    await prismaAdapter.updateSessionExpiration("missing", later); // no throw

    await prismaAdapter.deleteExpiredSessions();
    expect(await db.session.findUnique({ where: { id: "s2" } })).toBeNull();
    await prismaAdapter.deleteSession("s1");
    await prismaAdapter.deleteSession("s1"); // idempotent
    expect(await db.session.count({ where: { userId: u.id } })).toBe(0);

    await prismaAdapter.setSession({ id: "s3", userId: u.id, expiresAt, attributes: {} });
    await prismaAdapter.deleteUserSessions(u.id);
    expect(await db.session.count({ where: { userId: u.id } })).toBe(0);
  });
});
