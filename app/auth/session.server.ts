// Session helpers over lucia: read the current user from the request cookie, start and end sessions.
import type { User } from "lucia";
import { lucia } from "./lucia.server";
import type { Role, VettingStatus } from "~/generated/sqlite/enums";

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  locale: string;
  enterpriseId: string | null;
  organizationId: string | null;
  orgVettingStatus: VettingStatus | null;
}

function toSessionUser(u: User): SessionUser {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    displayName: u.displayName,
    locale: u.locale,
    enterpriseId: u.enterpriseId,
    organizationId: u.organizationId,
    orgVettingStatus: u.orgVettingStatus,
  };
}

/** The session id from the request's cookie, or null. */
export function readSessionId(request: Request): string | null {
  return lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
}

export interface UserWithCookie {
  user: SessionUser | null;
  /**
   * A Set-Cookie value the response must carry: the extended cookie when lucia slid the session's
   * expiry (`fresh`), or a blank cookie when the request carried a session that is no longer valid.
   */
  setCookie?: string;
}

/**
 * Validates the session cookie. A disabled user's session is deleted and counts as no session.
 * Use this in the root loader (or wherever a response is built) so a refreshed cookie reaches the
 * browser; elsewhere `getOptionalUser` is enough.
 */
export function getOptionalUserWithCookie(request: Request): Promise<UserWithCookie> {
  // A page load runs the root loader and the route's loaders with the same Request: validate the
  // session once per GET/HEAD request. Never for other methods: an action may end or replace the
  // session before the loaders run.
  if (request.method !== "GET" && request.method !== "HEAD") return validateRequestSession(request);
  let p = perRequest.get(request);
  if (!p) {
    p = validateRequestSession(request);
    perRequest.set(request, p);
  }
  return p;
}

const perRequest = new WeakMap<Request, Promise<UserWithCookie>>();

async function validateRequestSession(request: Request): Promise<UserWithCookie> {
  const sessionId = readSessionId(request);
  if (!sessionId) return { user: null };
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) {
    return { user: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  if (user.disabled) {
    await lucia.invalidateSession(session.id);
    return { user: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  const result: UserWithCookie = { user: toSessionUser(user) };
  if (session.fresh) result.setCookie = lucia.createSessionCookie(session.id).serialize();
  return result;
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return (await getOptionalUserWithCookie(request)).user;
}

/**
 * Starts a session for a user who just authenticated and returns the Set-Cookie value. Always a new
 * session id (no fixation); a session the request already carried is invalidated.
 */
export async function createUserSession(userId: string, request?: Request): Promise<string> {
  const previous = request ? readSessionId(request) : null;
  if (previous) await lucia.invalidateSession(previous);
  // Opportunistic housekeeping: logins are rare enough that this costs nothing noticeable.
  await lucia.deleteExpiredSessions();
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

/** Ends the request's session (if any) and returns a Set-Cookie value that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const sessionId = readSessionId(request);
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}

/** Signs a user out everywhere (password change, account disabled). */
export async function invalidateAllSessions(userId: string): Promise<void> {
  await lucia.invalidateUserSessions(userId);
}
