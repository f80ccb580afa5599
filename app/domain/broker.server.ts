// Read models of the union broker's pages (/broker/*): dashboard figures, the review queue, bundle
// candidates, open disputes and a project's audit timeline. State changes go through the lifecycle
// engine (projects.server.ts, bids.server.ts, delivery.server.ts); nothing here writes.
// Brokers see everything in every district; admins may read the same pages (no actions).
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import type { ProjectState } from "~/generated/sqlite/enums";
import { forbidden } from "./errors";
import { countProjectsByState, listProjects, type Actor, type Paged, type PageRequest, type ProjectListItem } from "./projects.server";

function assertBrokerReader(actor: Actor): void {
  if (actor.role !== "BROKER" && actor.role !== "ADMIN") throw forbidden();
}

function pageOf(page: Partial<PageRequest> | undefined): PageRequest {
  const pageSize = Math.min(Math.max(1, Math.floor(page?.pageSize ?? 20) || 20), 100);
  return { page: Math.max(1, Math.floor(page?.page ?? 1) || 1), pageSize };
}

// ---------- dashboard ----------

export interface AwaitingAwardItem {
  id: string;
  code: string;
  title: string;
  isBundle: boolean;
  bidDeadline: Date | null;
  bidCount: number;
}

export interface BrokerDashboard {
  counts: Partial<Record<ProjectState, number>>;
  total: number;
  reviewQueue: number;
  awaitingAward: { total: number; items: AwaitingAwardItem[] };
  openDisputes: number;
  bundlesOpen: number;
}

/** The figures of the broker's dashboard (closes expired bidding first, like every list). */
export async function brokerDashboard(actor: Actor): Promise<BrokerDashboard> {
  assertBrokerReader(actor);
  const counts = await countProjectsByState(actor);
  const awaitingWhere: Prisma.ProjectWhereInput = { state: "EVALUATING", bundleId: null };
  const [awaitingTotal, awaiting, openDisputes, bundlesOpen] = await Promise.all([
    db.project.count({ where: awaitingWhere }),
    db.project.findMany({
      where: awaitingWhere,
      orderBy: [{ bidDeadline: "asc" }, { id: "asc" }],
      take: 8,
      select: {
        id: true,
        code: true,
        title: true,
        isBundle: true,
        bidDeadline: true,
        _count: { select: { bids: { where: { state: "SUBMITTED" } } } },
      },
    }),
    db.dispute.count({ where: { resolvedAt: null } }),
    db.project.count({ where: { isBundle: true, state: "PUBLISHED" } }),
  ]);
  return {
    counts,
    total: Object.values(counts).reduce((s, n) => s + (n ?? 0), 0),
    reviewQueue: counts.SUBMITTED ?? 0,
    awaitingAward: {
      total: awaitingTotal,
      items: awaiting.map((p) => ({ id: p.id, code: p.code, title: p.title, isBundle: p.isBundle, bidDeadline: p.bidDeadline, bidCount: p._count.bids })),
    },
    openDisputes,
    bundlesOpen,
  };
}

// ---------- review queue ----------

export interface QueueFilters {
  districtCode?: string;
  categoryCode?: string;
  q?: string;
}

/** SUBMITTED needs waiting for the broker's review (publish / return / reject / bundle). */
export async function listReviewQueue(actor: Actor, filters: QueueFilters = {}, page?: Partial<PageRequest>): Promise<Paged<ProjectListItem>> {
  assertBrokerReader(actor);
  return listProjects(actor, { ...filters, state: ["SUBMITTED"], bundled: "exclude" }, page);
}

// ---------- bundles ----------

const candidateSelect = {
  id: true,
  code: true,
  title: true,
  state: true,
  categoryCode: true,
  districtCode: true,
  budgetFen: true,
  beneficiariesPlanned: true,
  serviceStart: true,
  serviceEnd: true,
  bidDeadline: true,
  enterprise: { select: { id: true, name: true } },
} satisfies Prisma.ProjectSelect;

export type BundleCandidate = Prisma.ProjectGetPayload<{ select: typeof candidateSelect }>;

/**
 * Needs that may be merged into a bundle (集中采购): single needs that are SUBMITTED, or PUBLISHED
 * without a live bid, not in a bundle yet; optionally of one category. Oldest first.
 */
export async function listBundleCandidates(actor: Actor, filters: { categoryCode?: string } = {}): Promise<BundleCandidate[]> {
  assertBrokerReader(actor);
  const categoryCode = typeof filters.categoryCode === "string" && filters.categoryCode.length <= 64 ? filters.categoryCode : undefined;
  return db.project.findMany({
    where: {
      isBundle: false,
      bundleId: null,
      state: { in: ["SUBMITTED", "PUBLISHED"] },
      bids: { none: { state: "SUBMITTED" } },
      ...(categoryCode ? { categoryCode } : {}),
    },
    select: candidateSelect,
    orderBy: [{ categoryCode: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: 200,
  });
}

// ---------- disputes ----------

const disputeInclude = {
  project: {
    select: {
      id: true,
      code: true,
      title: true,
      state: true,
      bundleId: true,
      enterprise: { select: { name: true } },
      bundle: { select: { code: true, award: { select: { organization: { select: { id: true, name: true } } } } } },
      award: { select: { organization: { select: { id: true, name: true } } } },
    },
  },
} satisfies Prisma.DisputeInclude;

type DisputeRow = Prisma.DisputeGetPayload<{ include: typeof disputeInclude }>;

export interface DisputeItem {
  id: string;
  reason: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
  outcome: ProjectState | null;
  upheld: boolean | null;
  project: { id: string; code: string; title: string; state: ProjectState; bundleCode: string | null; enterpriseName: string | null };
  organization: { id: string; name: string } | null;
}

function toDisputeItem(d: DisputeRow): DisputeItem {
  const p = d.project;
  return {
    id: d.id,
    reason: d.reason,
    createdAt: d.createdAt,
    resolvedAt: d.resolvedAt,
    resolution: d.resolution,
    outcome: d.outcome,
    upheld: d.upheld,
    project: { id: p.id, code: p.code, title: p.title, state: p.state, bundleCode: p.bundle?.code ?? null, enterpriseName: p.enterprise?.name ?? null },
    organization: p.award?.organization ?? p.bundle?.award?.organization ?? null,
  };
}

/** Disputes, open ones (oldest first) or resolved ones (newest first). */
export async function listDisputes(actor: Actor, status: "open" | "resolved" = "open", page?: Partial<PageRequest>): Promise<Paged<DisputeItem>> {
  assertBrokerReader(actor);
  const pg = pageOf(page);
  const where: Prisma.DisputeWhereInput = status === "open" ? { resolvedAt: null } : { resolvedAt: { not: null } };
  const [rows, total] = await Promise.all([
    db.dispute.findMany({
      where,
      include: disputeInclude,
      orderBy: status === "open" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ resolvedAt: "desc" }, { id: "desc" }],
      skip: (pg.page - 1) * pg.pageSize,
      take: pg.pageSize,
    }),
    db.dispute.count({ where }),
  ]);
  return { items: rows.map(toDisputeItem), total, page: pg.page, pageSize: pg.pageSize };
}

// ---------- audit timeline ----------

export interface TimelineEntry {
  seq: number;
  at: Date;
  action: string;
  actorName: string | null;
  actorRole: string | null;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
}

function stateOf(json: unknown): string | null {
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const s = (json as Record<string, unknown>).state;
    return typeof s === "string" ? s : null;
  }
  return null;
}

/**
 * The project's audit trail (state changes, edits, bundling), oldest first: who, when, from → to,
 * reason. Only the states and the reason are shown, never the stored field values.
 */
export async function projectTimeline(actor: Actor, projectId: string): Promise<TimelineEntry[]> {
  assertBrokerReader(actor);
  if (typeof projectId !== "string" || !projectId || projectId.length > 64) return [];
  const rows = await db.auditLog.findMany({
    where: { entityType: "Project", entityId: projectId },
    orderBy: { seq: "asc" },
    take: 500,
    select: { seq: true, at: true, action: true, actorId: true, actorRole: true, before: true, after: true, reason: true },
  });
  const ids = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => !!x))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    action: r.action,
    actorName: r.actorId ? (names.get(r.actorId) ?? null) : null,
    actorRole: r.actorRole,
    fromState: stateOf(r.before),
    toState: stateOf(r.after),
    reason: r.reason,
  }));
}

// ---------- reference data for filters ----------

export interface RefItem {
  code: string;
  nameZh: string;
  nameEn: string;
}

export async function referenceLists(): Promise<{ districts: RefItem[]; categories: RefItem[] }> {
  const [districts, categories] = await Promise.all([
    db.district.findMany({ orderBy: [{ sortOrder: "asc" }, { code: "asc" }], select: { code: true, nameZh: true, nameEn: true } }),
    db.category.findMany({ orderBy: [{ sortOrder: "asc" }, { code: "asc" }], select: { code: true, nameZh: true, nameEn: true } }),
  ]);
  return { districts, categories };
}
