// Shared pieces of the marketplace routes: reference data for forms and filters, the domain actor of a
// session user, and turning a DomainError into a message or a 404/4xx Response.
import { db } from "~/db.server";
import { forbiddenResponse, requireRole, rethrowAsResponse } from "~/auth/guards.server";
import type { SessionUser } from "~/auth/session.server";
import { DomainError, isDomainError } from "~/domain/errors";
import { loadVisibleProject, type Actor } from "~/domain/projects.server";
import { tx, type Locale } from "~/i18n";

export async function loadRefs() {
  const [categories, districts] = await Promise.all([
    db.category.findMany({ select: { code: true, nameZh: true, nameEn: true }, orderBy: [{ sortOrder: "asc" }, { code: "asc" }] }),
    db.district.findMany({ select: { code: true, nameZh: true, nameEn: true }, orderBy: [{ sortOrder: "asc" }, { code: "asc" }] }),
  ]);
  return { categories, districts };
}

/** The domain actor of a signed-in user (nothing else of the session goes to the domain). */
export function actorOf(user: SessionUser): Actor {
  return { id: user.id, role: user.role, enterpriseId: user.enterpriseId, organizationId: user.organizationId };
}

/**
 * An action's first step on a project: the project must exist and be visible to the actor, else a
 * 404 Response. Call it BEFORE reading or validating the body, so that an invalid form or an unknown
 * intent on someone else's project gets the same 404 as a valid one (a 400 would confirm the ID).
 */
export async function requireVisibleProject(actor: Actor, projectId: string | undefined): Promise<void> {
  await orRespond(loadVisibleProject(db, actor, projectId ?? ""));
}

/** Awaits a domain call; a DomainError becomes an error Response (404 stays 404), anything else is rethrown. */
export async function orRespond<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    rethrowAsResponse(e);
  }
}

/** A DomainError's message in the user's language, or null when `e` is not one. */
export function domainMessage(locale: Locale, e: unknown): { message: string; status: number } | null {
  if (!isDomainError(e)) return null;
  return { message: tx(locale, e.code, e.params), status: e.status };
}

/** A signed-in ENTERPRISE user linked to an enterprise (403 otherwise). */
export async function requireEnterpriseUser(request: Request): Promise<SessionUser & { enterpriseId: string }> {
  const user = await requireRole(request, "ENTERPRISE");
  if (!user.enterpriseId) throw forbiddenResponse();
  return user as SessionUser & { enterpriseId: string };
}

/** A signed-in ORG user linked to an organization, whatever its vetting status (403 otherwise). */
export async function requireOrgUser(request: Request): Promise<SessionUser & { organizationId: string }> {
  const user = await requireRole(request, "ORG");
  if (!user.organizationId) throw forbiddenResponse();
  return user as SessionUser & { organizationId: string };
}

/** The upload module names its field "file"; our forms call it `to` (e.g. "files", "evidence"). */
export function onFileField(e: unknown, to: string): unknown {
  if (isDomainError(e) && e.field === "file") return new DomainError(e.status, e.code, { params: e.params, field: to });
  return e;
}
