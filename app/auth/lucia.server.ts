// lucia 3 over our Prisma client: a small custom Adapter (models Session / User in prisma/models.prisma).
// Sessions live in the database, so any app instance can validate any session.
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { db } from "~/db.server";
import type { Role, VettingStatus } from "~/generated/sqlite/enums";

export const SESSION_COOKIE_NAME = "lb_session";
export const SESSION_DAYS = 30;

/** The user columns lucia carries with a validated session. */
export interface DatabaseUserAttributes {
  email: string;
  role: Role;
  displayName: string;
  locale: string;
  disabled: boolean;
  enterpriseId: string | null;
  organizationId: string | null;
  orgVettingStatus: VettingStatus | null;
  passwordChangedAt: Date | null;
}

type SessionRow = { id: string; userId: string; expiresAt: Date };

function toDatabaseSession(s: SessionRow): DatabaseSession {
  return { id: s.id, userId: s.userId, expiresAt: s.expiresAt, attributes: {} };
}

export const prismaAdapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const row = await db.session.findUnique({
      where: { id: sessionId },
      include: { user: { include: { organization: { select: { vettingStatus: true } } } } },
    });
    if (!row) return [null, null];
    const u = row.user;
    const user: DatabaseUser = {
      id: u.id,
      attributes: {
        email: u.email,
        role: u.role,
        displayName: u.displayName,
        locale: u.locale,
        disabled: u.disabled,
        enterpriseId: u.enterpriseId,
        organizationId: u.organizationId,
        orgVettingStatus: u.organization?.vettingStatus ?? null,
        passwordChangedAt: u.passwordChangedAt,
      },
    };
    return [toDatabaseSession(row), user];
  },
  async getUserSessions(userId) {
    const rows = await db.session.findMany({ where: { userId } });
    return rows.map(toDatabaseSession);
  },
  async setSession(session) {
    await db.session.create({ data: { id: session.id, userId: session.userId, expiresAt: session.expiresAt } });
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await db.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  },
  async deleteSession(sessionId) {
    await db.session.deleteMany({ where: { id: sessionId } });
  },
  async deleteUserSessions(userId) {
    await db.session.deleteMany({ where: { userId } });
  },
  async deleteExpiredSessions() {
    await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  },
};

/**
 * Secure cookies in production. `COOKIE_SECURE=0|1` overrides (e.g. a production build served over
 * plain HTTP on a LAN; browsers accept Secure cookies from http://localhost anyway).
 */
export function cookieSecure(env: Record<string, string | undefined> = process.env): boolean {
  if (env.COOKIE_SECURE === "1") return true;
  if (env.COOKIE_SECURE === "0") return false;
  return env.NODE_ENV === "production";
}

export const lucia = new Lucia(prismaAdapter, {
  // Sliding expiry: lucia extends a session to a fresh 30 days once less than half remains and marks
  // it `fresh`, and the caller must then send the cookie again (see getOptionalUserWithCookie).
  sessionExpiresIn: new TimeSpan(SESSION_DAYS, "d"),
  sessionCookie: {
    name: SESSION_COOKIE_NAME,
    expires: true,
    attributes: { sameSite: "lax", secure: cookieSecure(), path: "/" },
  },
  getUserAttributes: (a) => ({
    email: a.email,
    role: a.role,
    displayName: a.displayName,
    locale: a.locale,
    disabled: a.disabled,
    enterpriseId: a.enterpriseId,
    organizationId: a.organizationId,
    orgVettingStatus: a.orgVettingStatus,
    passwordChangedAt: a.passwordChangedAt,
  }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: DatabaseUserAttributes;
  }
}
