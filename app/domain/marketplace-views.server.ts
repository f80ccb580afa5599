// Read models for the marketplace pages: a project's timeline from the audit log, the enterprise
// dashboard and the organization dashboard. Visibility follows projects.server.ts (visibleWhere /
// loadVisibleProject); nothing here reads a sealed bid of another organization.
import { db } from "~/db.server";
import type { ProjectState } from "~/generated/sqlite/enums";
import { checkAdmission, isAdmitted } from "./admission";
import { ratingSummaries, type RatingSummary } from "./delivery.server";
import { forbidden } from "./errors";
import { TRANSITIONS } from "./lifecycle";
import { awardedOrgId, closeExpiredBidding, countProjectsByState, listProjects, loadVisibleProject, visibleWhere, type Actor, type ProjectListItem } from "./projects.server";
import { listMyBids } from "./bids.server";

// ---------- timeline ----------

const TIMELINE_ACTIONS = [...TRANSITIONS.map((t) => `project.${t.name}`), "project.create", "project.bundle", "project.unbundle", "project.rollup"];
/** Reasons every viewer of the project may read (bidders were told them anyway). */
const PUBLIC_REASON_ACTIONS = new Set(["project.cancel", "project.declare_unsuccessful"]);

export interface TimelineEntry {
  seq: number;
  at: Date;
  /** "create", "submit", "publish", … (audit action without "project."). */
  action: string;
  actorRole: string | null;
  /** The acting user's display name (only for parties of the project). */
  actorName: string | null;
  from: ProjectState | null;
  to: ProjectState | null;
  reason: string | null;
}

function stateOf(json: unknown): ProjectState | null {
  const s = json && typeof json === "object" ? (json as { state?: unknown }).state : undefined;
  return typeof s === "string" ? (s as ProjectState) : null;
}

/**
 * The state changes of a project, oldest first, as recorded in the audit log. Owner enterprise,
 * brokers, admins and the awarded organization see who acted and every reason; other organizations
 * (bidders, browsers of an open tender) see roles only, and only the public reasons.
 */
export async function projectTimeline(actor: Actor, projectId: string, opts: { known?: object } = {}): Promise<TimelineEntry[]> {
  const p = await loadVisibleProject(db, actor, projectId, opts.known);
  const party =
    actor.role === "BROKER" ||
    actor.role === "ADMIN" ||
    actor.role === "ENTERPRISE" ||
    (actor.role === "ORG" && !!actor.organizationId && awardedOrgId(p) === actor.organizationId);
  const rows = await db.auditLog.findMany({
    where: { entityType: "Project", entityId: p.id, action: { in: TIMELINE_ACTIONS } },
    orderBy: { seq: "asc" },
    select: { seq: true, at: true, actorId: true, actorRole: true, action: true, before: true, after: true, reason: true },
    take: 200,
  });
  const ids = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => !!x))];
  const users = party && ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    action: r.action.replace(/^project\./, ""),
    actorRole: r.actorRole,
    actorName: party && r.actorId ? names.get(r.actorId) ?? null : null,
    from: stateOf(r.before),
    to: stateOf(r.after),
    reason: party || PUBLIC_REASON_ACTIONS.has(r.action) ? r.reason : null,
  }));
}

// ---------- enterprise dashboard ----------

export interface EnterpriseDashboard {
  counts: Partial<Record<ProjectState, number>>;
  total: number;
  drafts: ProjectListItem[];
  toAccept: ProjectListItem[];
  toRate: ProjectListItem[];
  bidsOpen: ProjectListItem[];
  recent: ProjectListItem[];
}

export async function enterpriseDashboard(actor: Actor): Promise<EnterpriseDashboard> {
  if (actor.role !== "ENTERPRISE" || !actor.enterpriseId) throw forbidden();
  const enterpriseId = actor.enterpriseId;
  const counts = await countProjectsByState(actor);
  const [drafts, toAccept, accepted, bidsOpen, recent] = await Promise.all([
    listProjects(actor, { state: "DRAFT" }, { pageSize: 10 }),
    listProjects(actor, { state: "DELIVERED" }, { pageSize: 10 }),
    listProjects(actor, { state: "ACCEPTED" }, { pageSize: 50 }),
    listProjects(actor, { state: "EVALUATING" }, { pageSize: 10 }),
    listProjects(actor, {}, { pageSize: 8 }),
  ]);
  const rated = new Set(
    (await db.rating.findMany({ where: { enterpriseId, projectId: { in: accepted.items.map((p) => p.id) } }, select: { projectId: true } })).map((r) => r.projectId),
  );
  return {
    counts,
    total: Object.values(counts).reduce((s, n) => s + (n ?? 0), 0),
    drafts: drafts.items,
    toAccept: toAccept.items.filter((p) => !p.isBundle),
    toRate: accepted.items.filter((p) => !p.isBundle && !rated.has(p.id)).slice(0, 10),
    bidsOpen: bidsOpen.items,
    recent: recent.items,
  };
}

// ---------- organization dashboard ----------

export interface RecommendedProject {
  id: string;
  code: string;
  title: string;
  categoryCode: string;
  districtCode: string;
  budgetFen: number;
  bidDeadline: Date | null;
  isBundle: boolean;
  /** Why it is suggested: the org works in its category / serves its district. */
  reasons: Array<"category" | "district">;
  admitted: boolean;
  hasBid: boolean;
}

export interface OrgDashboard {
  org: {
    id: string;
    name: string;
    vettingStatus: string;
    grade: number | null;
    gradeValidUntil: Date | null;
    performanceScore: number | null;
    unionCoverage: string;
  };
  recommended: RecommendedProject[];
  openCount: number;
  bids: Awaited<ReturnType<typeof listMyBids>>;
  awards: Array<{ id: string; amountFen: number; approvedAt: Date; project: { id: string; code: string; title: string; state: ProjectState } }>;
  ratings: Array<{
    id: string;
    quality: number;
    timeliness: number;
    professionalism: number;
    workerResponse: number;
    comment: string;
    createdAt: Date;
    project: { id: string; code: string; title: string };
  }>;
  ratingSummary: RatingSummary;
}

export async function orgDashboard(actor: Actor, now: Date = new Date()): Promise<OrgDashboard> {
  if (actor.role !== "ORG" || !actor.organizationId) throw forbidden();
  const organizationId = actor.organizationId;
  const org = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    include: { serviceDistricts: { select: { districtCode: true } }, categories: { select: { categoryCode: true } } },
  });
  // Open tenders (not bundle members: bids go to the bundle), the org's own fields first.
  await closeExpiredBidding(now).catch(() => 0);
  const open = await db.project.findMany({
    where: { AND: [visibleWhere(actor), { state: "PUBLISHED", bundleId: null, bidDeadline: { gt: now } }] },
    select: {
      id: true,
      code: true,
      title: true,
      categoryCode: true,
      districtCode: true,
      budgetFen: true,
      bidDeadline: true,
      isBundle: true,
      minGrade: true,
      minYearsRegistered: true,
      mustServeDistrict: true,
      unionRule: true,
      bids: { where: { organizationId, state: "SUBMITTED" }, select: { id: true } },
    },
    orderBy: [{ bidDeadline: "asc" }, { id: "asc" }],
    take: 200,
  });
  const cats = new Set(org.categories.map((c) => c.categoryCode));
  const serves = new Set([org.districtCode, ...org.serviceDistricts.map((s) => s.districtCode)]);
  const admissionOrg = { ...org, serviceDistrictCodes: org.serviceDistricts.map((s) => s.districtCode) };
  const recommended: RecommendedProject[] = open
    .map((p) => {
      const reasons: RecommendedProject["reasons"] = [];
      if (cats.has(p.categoryCode)) reasons.push("category");
      if (serves.has(p.districtCode)) reasons.push("district");
      return {
        id: p.id,
        code: p.code,
        title: p.title,
        categoryCode: p.categoryCode,
        districtCode: p.districtCode,
        budgetFen: p.budgetFen,
        bidDeadline: p.bidDeadline,
        isBundle: p.isBundle,
        reasons,
        admitted: isAdmitted(checkAdmission(p, admissionOrg, now)),
        hasBid: p.bids.length > 0,
      };
    })
    .sort((a, b) => b.reasons.length - a.reasons.length || Number(b.admitted) - Number(a.admitted))
    .slice(0, 6);

  const [bids, awards, ratings, summaries] = await Promise.all([
    listMyBids(actor, { pageSize: 10 }),
    db.award.findMany({
      where: { organizationId },
      select: { id: true, amountFen: true, approvedAt: true, project: { select: { id: true, code: true, title: true, state: true } } },
      orderBy: [{ approvedAt: "desc" }, { id: "desc" }],
      take: 10,
    }),
    db.rating.findMany({
      where: { organizationId },
      select: {
        id: true,
        quality: true,
        timeliness: true,
        professionalism: true,
        workerResponse: true,
        comment: true,
        createdAt: true,
        project: { select: { id: true, code: true, title: true } },
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10,
    }),
    ratingSummaries([organizationId]),
  ]);
  return {
    org: {
      id: org.id,
      name: org.name,
      vettingStatus: org.vettingStatus,
      grade: org.grade,
      gradeValidUntil: org.gradeValidUntil,
      performanceScore: org.performanceScore,
      unionCoverage: org.unionCoverage,
    },
    recommended,
    openCount: open.length,
    bids,
    awards,
    ratings,
    ratingSummary: summaries.get(organizationId) ?? { count: 0, average: null },
  };
}
