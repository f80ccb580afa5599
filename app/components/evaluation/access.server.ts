// Route-side access checks shared by the evaluation / survey / payment pages: who is a party to a
// project, as a 404 for everyone else (never a 403 that would reveal the record exists).
import type { SessionUser } from "~/auth/session.server";
import { notFoundResponse } from "~/auth/guards.server";
import { db } from "~/db.server";
import type { Role } from "~/generated/sqlite/enums";

export type Party = "BROKER" | "ADMIN" | "ENTERPRISE" | "ORG";

const projectSelect = {
  id: true,
  code: true,
  title: true,
  state: true,
  isBundle: true,
  bundleId: true,
  enterpriseId: true,
  fundingSource: true,
  beneficiariesPlanned: true,
  sessionsPlanned: true,
  serviceStart: true,
  serviceEnd: true,
  enterprise: { select: { id: true, name: true } },
  members: { select: { enterpriseId: true } },
  award: { select: { amountFen: true, organizationId: true, organization: { select: { id: true, name: true } } } },
  bundle: { select: { code: true, award: { select: { amountFen: true, organizationId: true, organization: { select: { id: true, name: true } } } } } },
} as const;

export interface PartyProject {
  id: string;
  code: string;
  title: string;
  state: string;
  isBundle: boolean;
  fundingSource: string;
  enterpriseId: string | null;
  enterpriseName: string | null;
  beneficiariesPlanned: number;
  sessionsPlanned: number;
  serviceStart: Date | null;
  serviceEnd: Date | null;
  /** The awarded organization (of the project, or of its bundle). */
  organization: { id: string; name: string } | null;
  awardFen: number | null;
  /** Which party the user is. */
  party: Party;
}

/** A project id from a route param: short, no odd characters (anything else is a 404). */
export function projectIdParam(raw: string | undefined): string {
  if (!raw || raw.length > 64 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw notFoundResponse();
  return raw;
}

/**
 * The project if the user is one of `parties` to it: BROKER / ADMIN (any project), ENTERPRISE (the
 * project's owner, or a member's owner for a bundle), ORG (the awarded organization). Else 404.
 */
export async function requireProjectParty(user: SessionUser, projectId: string, parties: readonly Party[]): Promise<PartyProject> {
  const role = user.role as Role;
  if (!(parties as readonly string[]).includes(role)) throw notFoundResponse();
  const p = await db.project.findUnique({ where: { id: projectIdParam(projectId) }, select: projectSelect });
  if (!p) throw notFoundResponse();
  const award = p.award ?? p.bundle?.award ?? null;
  let ok = role === "BROKER" || role === "ADMIN";
  if (role === "ENTERPRISE") {
    const owners = p.isBundle ? p.members.map((m) => m.enterpriseId) : [p.enterpriseId];
    ok = !!user.enterpriseId && owners.includes(user.enterpriseId);
  }
  if (role === "ORG") ok = !!user.organizationId && award?.organizationId === user.organizationId;
  if (!ok) throw notFoundResponse();
  return {
    id: p.id,
    code: p.code,
    title: p.title,
    state: p.state,
    isBundle: p.isBundle,
    fundingSource: p.fundingSource,
    enterpriseId: p.enterpriseId,
    enterpriseName: p.enterprise?.name ?? null,
    beneficiariesPlanned: p.beneficiariesPlanned,
    sessionsPlanned: p.sessionsPlanned,
    serviceStart: p.serviceStart,
    serviceEnd: p.serviceEnd,
    organization: award?.organization ?? null,
    awardFen: award?.amountFen ?? null,
    party: role as Party,
  };
}

/** The project's own page for this party: brokers and admins use the broker's project page. */
export function projectHref(projectId: string, party: Party): string {
  return party === "BROKER" || party === "ADMIN" ? `/broker/projects/${projectId}` : `/projects/${projectId}`;
}

/** Slices a list for ?page=&pageSize= (the domain lists return every row). */
export function slicePage<T>(rows: T[], page: number, pageSize: number): { items: T[]; page: number; total: number } {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const p = Math.min(Math.max(1, page), pages);
  return { items: rows.slice((p - 1) * pageSize, p * pageSize), page: p, total: rows.length };
}
