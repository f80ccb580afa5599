// Role and ownership guards for loaders/actions. They THROW Responses (Remix renders them in the
// nearest ErrorBoundary, or follows them when they are redirects). Every error Response has a JSON
// body `{ code }` holding an i18n key, so the boundary can translate it:
//   401 → "error.unauthorized", 403 → "error.forbidden" (or a more specific key), 404 → "error.notFound".
// Ownership failures are 404, never 403, so the existence of someone else's record is not leaked.
import type { Role } from "~/generated/sqlite/enums";
import { isDomainError, type DomainError } from "~/domain/errors";
import { getOptionalUser, type SessionUser } from "./session.server";

export const LOGIN_PATH = "/login";

/** A JSON error Response `{ code, params?, field? }` with the given status. */
export function errorResponse(
  status: number,
  code: string,
  extra: { params?: Record<string, string | number>; field?: string } = {},
  headers?: HeadersInit,
): Response {
  const h = new Headers(headers);
  h.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify({ code, ...extra }), { status, headers: h });
}

/** Converts a DomainError to an error Response (for routes that rethrow domain failures). */
export function domainErrorResponse(e: DomainError): Response {
  return errorResponse(e.status, e.code, { params: e.params, field: e.field });
}

/** Rethrows a DomainError as a Response; any other error is rethrown unchanged. */
export function rethrowAsResponse(e: unknown): never {
  if (isDomainError(e)) throw domainErrorResponse(e);
  throw e;
}

export const unauthorizedResponse = () => errorResponse(401, "error.unauthorized");
export const forbiddenResponse = (code = "error.forbidden") => errorResponse(403, code);
export const notFoundResponse = () => errorResponse(404, "error.notFound");

/**
 * Only same-site relative paths are allowed as a post-login destination ("/x", not "//x" or
 * "/\x" or "https://…"); anything else becomes `fallback`.
 */
export function safeRedirectTo(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}

/** The path + query of the request, minus Remix's single-fetch artefacts (`.data`, `_routes`, `_data`). */
function returnPath(request: Request): string {
  const url = new URL(request.url);
  let path = url.pathname.replace(/\.data$/, "");
  if (path === "/_root") path = "/";
  url.searchParams.delete("_routes");
  url.searchParams.delete("_data");
  url.searchParams.delete("index");
  const qs = url.searchParams.toString();
  return path + (qs ? `?${qs}` : "");
}

/**
 * Page navigations (GET/HEAD that do not ask for JSON only) are sent to the login page; this covers
 * document requests and Remix client-side navigations (single fetch), so a user whose session ran out
 * lands on the login form. Actions and JSON API calls get a 401 JSON Response instead.
 */
function wantsLoginRedirect(request: Request): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const accept = request.headers.get("Accept") ?? "";
  if (/application\/json/i.test(accept) && !/text\/html/i.test(accept)) return false;
  return true;
}

export function loginRedirect(request: Request): Response {
  const redirectTo = returnPath(request);
  const location =
    redirectTo === "/" ? LOGIN_PATH : `${LOGIN_PATH}?redirectTo=${encodeURIComponent(redirectTo)}`;
  return new Response(null, { status: 302, headers: { Location: location } });
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (user) return user;
  throw wantsLoginRedirect(request) ? loginRedirect(request) : unauthorizedResponse();
}

export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw forbiddenResponse();
  return user;
}

/** The user must be an ENTERPRISE user of exactly this enterprise; otherwise 404. */
export function requireEnterpriseOwner(user: SessionUser, enterpriseId: string | null | undefined): void {
  if (user.role !== "ENTERPRISE" || !enterpriseId || user.enterpriseId !== enterpriseId) {
    throw notFoundResponse();
  }
}

/** The user must be an ORG user of exactly this organization; otherwise 404. */
export function requireOrgOwner(user: SessionUser, organizationId: string | null | undefined): void {
  if (user.role !== "ORG" || !organizationId || user.organizationId !== organizationId) {
    throw notFoundResponse();
  }
}

/**
 * An ORG user whose organization is APPROVED (may bid, deliver, invoice).
 * Not an org user → 403 "error.forbidden"; org not (or no longer) approved → 403 "error.org.notApproved".
 */
export async function requireApprovedOrg(
  request: Request,
): Promise<SessionUser & { role: "ORG"; organizationId: string }> {
  const user = await requireUser(request);
  if (user.role !== "ORG" || !user.organizationId) throw forbiddenResponse();
  if (user.orgVettingStatus !== "APPROVED") throw forbiddenResponse("error.org.notApproved");
  return user as SessionUser & { role: "ORG"; organizationId: string };
}

/**
 * Generic permission check. `status` 404 hides the record's existence (use it for record-level
 * checks); 403 is for actions the user may know about but not perform.
 */
export function assertCan(
  user: SessionUser,
  predicate: boolean | ((user: SessionUser) => boolean),
  options: { status?: 403 | 404; code?: string } = {},
): void {
  const ok = typeof predicate === "function" ? predicate(user) : predicate;
  if (ok) return;
  if (options.status === 404) throw notFoundResponse();
  throw forbiddenResponse(options.code);
}
