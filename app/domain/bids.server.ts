// Sealed bids. Before the deadline (project PUBLISHED) only the bidding organization can read its
// bid's amount and plan; the enterprise, other organizations and brokers see the COUNT only. After
// close_bidding, the owner enterprise(s) and brokers see every bid with the bidder's profile.
// The audit log records bid submissions WITHOUT amount or plan, so it cannot leak a sealed bid.
import { db, type Tx } from "~/db.server";
import type { BidState, UnionCoverage, VettingStatus } from "~/generated/sqlite/enums";
import { writeAudit } from "./audit.server";
import { checkAdmission, firstFailure, type AdmissionCheck } from "./admission";
import { bidSchema } from "./bids.schema";
import { DomainError, conflict, forbidden, notFound } from "./errors";
import { bidsAreOpen } from "./lifecycle";
import { formatFen } from "./money";
import { notify, transaction } from "./notifications.server";
import {
  closeBiddingIfExpired,
  fireTransition,
  isUniqueViolation,
  loadVisibleProject,
  ownerEnterpriseIds,
  parseWithSchema,
  projectLink,
  type Actor,
  type FireOptions,
  type LoadedProject,
  type Paged,
  type PageRequest,
  type TransitionResult,
} from "./projects.server";
import { ratingSummaries, type RatingSummary } from "./delivery.server";

function requireOrgActor(actor: Actor): string {
  if (actor.role !== "ORG" || !actor.organizationId) throw forbidden();
  return actor.organizationId;
}

async function retryOnUnique<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return fn(); // a concurrent identical request created the row first: run again (now an edit / repeat)
  }
}

/**
 * The project for a bid operation. A tender that was public but has closed since (the org did not
 * bid, so it can no longer see it) answers "bidding closed" rather than "not found": it was public.
 */
async function loadBiddableProject(tx: Tx, actor: Actor, projectId: string): Promise<LoadedProject> {
  try {
    return await loadVisibleProject(tx, actor, projectId);
  } catch (e) {
    if (!(e instanceof DomainError) || e.status !== 404 || typeof projectId !== "string") throw e;
    const p = await tx.project.findUnique({ where: { id: projectId }, select: { publishedAt: true, state: true } });
    if (p?.publishedAt) throw conflict("error.bid.closed", undefined, { state: p.state });
    throw e;
  }
}

function assertOpenForBids(p: LoadedProject, now: Date): void {
  if (p.bundleId) throw conflict("error.bid.memberOfBundle", undefined, { code: p.bundle?.code ?? "" });
  if (p.state !== "PUBLISHED" || !p.bidDeadline || p.bidDeadline.getTime() <= now.getTime()) {
    throw conflict("error.bid.closed", undefined, { state: p.state });
  }
}

export interface SubmitBidResult {
  bidId: string;
  created: boolean;
  changed: boolean;
}

/**
 * An APPROVED organization bids on a PUBLISHED project before its deadline. One bid per
 * organization per project: submitting again edits it (or revives a withdrawn one).
 * Refusals: 403 error.org.notApproved; 409 error.bid.closed; 422 error.admission.<rule> (the first
 * failing admission condition, params name it); 422 error.bid.overBudget (amount above the budget
 * without overBudgetReason).
 */
export async function submitBid(actor: Actor, projectId: string, input: unknown, options: FireOptions & { mustExist?: boolean } = {}): Promise<SubmitBidResult> {
  const organizationId = requireOrgActor(actor);
  const now = options.now ?? new Date();
  const v = parseWithSchema(bidSchema, input);
  await closeBiddingIfExpired(projectId, now);
  return retryOnUnique(() =>
    transaction(async (tx) => {
      const org = await tx.organization.findUnique({ where: { id: organizationId }, include: { serviceDistricts: { select: { districtCode: true } } } });
      if (!org || org.vettingStatus !== "APPROVED") throw forbidden("error.org.notApproved");
      const p = await loadBiddableProject(tx, actor, projectId);
      assertOpenForBids(p, now);
      const failed = firstFailure(checkAdmission(p, { ...org, serviceDistrictCodes: org.serviceDistricts.map((s) => s.districtCode) }, now));
      if (failed) throw new DomainError(422, `error.admission.${failed.rule}`, { params: { rule: failed.rule, ...failed.params } });
      if (v.amountFen > p.budgetFen && !v.overBudgetReason) {
        throw new DomainError(422, "error.bid.overBudget", { field: "overBudgetReason", params: { budget: formatFen(p.budgetFen) } });
      }
      const fields = { amountFen: v.amountFen, overBudgetReason: v.overBudgetReason ?? null, plan: v.plan, timeline: v.timeline, team: v.team };
      const existing = await tx.bid.findUnique({ where: { projectId_organizationId: { projectId: p.id, organizationId } } });
      if (options.mustExist && (!existing || existing.state !== "SUBMITTED")) throw notFound("error.bid.notFound");
      if (existing) {
        if (existing.state !== "SUBMITTED" && existing.state !== "WITHDRAWN") throw conflict("error.bid.closed", undefined, { state: p.state });
        const same =
          existing.state === "SUBMITTED" &&
          existing.amountFen === fields.amountFen &&
          existing.overBudgetReason === fields.overBudgetReason &&
          existing.plan === fields.plan &&
          existing.timeline === fields.timeline &&
          existing.team === fields.team;
        if (same) return { bidId: existing.id, created: false, changed: false };
        const revived = existing.state === "WITHDRAWN";
        const r = await tx.bid.updateMany({
          where: { id: existing.id, state: existing.state, updatedAt: existing.updatedAt },
          data: { ...fields, state: "SUBMITTED", withdrawnAt: null, submittedById: actor.id, ...(revived ? { submittedAt: now } : {}) },
        });
        if (r.count !== 1) throw conflict("error.conflict");
        await writeAudit(tx, {
          actorId: actor.id,
          actorRole: actor.role,
          action: revived ? "bid.resubmit" : "bid.update",
          entityType: "Bid",
          entityId: existing.id,
          before: { state: existing.state },
          after: { state: "SUBMITTED", projectId: p.id, organizationId },
        });
        if (revived) await notifyBidReceived(tx, actor, p);
        return { bidId: existing.id, created: false, changed: true };
      }
      const bid = await tx.bid.create({ data: { projectId: p.id, organizationId, ...fields, submittedById: actor.id, submittedAt: now } });
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "bid.submit",
        entityType: "Bid",
        entityId: bid.id,
        after: { state: "SUBMITTED", projectId: p.id, organizationId },
      });
      await notifyBidReceived(tx, actor, p);
      return { bidId: bid.id, created: true, changed: true };
    }),
  );
}

/** The owner enterprise(s) and brokers learn that a bid came in — not who or how much. */
async function notifyBidReceived(tx: Tx, actor: Actor, p: LoadedProject): Promise<void> {
  const count = await tx.bid.count({ where: { projectId: p.id, state: "SUBMITTED" } });
  await notify(
    tx,
    [...ownerEnterpriseIds(p).map((enterpriseId) => ({ enterpriseId })), { role: "BROKER" as const }],
    "bid.received",
    { code: p.code, title: p.title, count },
    projectLink(p.id),
    { exclude: [actor.id] },
  );
}

/** Edits the organization's live bid (404 error.bid.notFound when it has none). */
export async function updateBid(actor: Actor, projectId: string, input: unknown, options: FireOptions = {}): Promise<SubmitBidResult> {
  return submitBid(actor, projectId, input, { ...options, mustExist: true });
}

/** Withdraws the organization's bid, until the deadline. Repeating it changes nothing. */
export async function withdrawBid(actor: Actor, projectId: string, options: FireOptions = {}): Promise<{ bidId: string; changed: boolean }> {
  const organizationId = requireOrgActor(actor);
  const now = options.now ?? new Date();
  await closeBiddingIfExpired(projectId, now);
  return transaction(async (tx) => {
    const p = await loadVisibleProject(tx, actor, projectId);
    const bid = await tx.bid.findUnique({ where: { projectId_organizationId: { projectId: p.id, organizationId } } });
    if (!bid) throw notFound("error.bid.notFound");
    if (bid.state === "WITHDRAWN") return { bidId: bid.id, changed: false };
    assertOpenForBids(p, now);
    const r = await tx.bid.updateMany({ where: { id: bid.id, state: "SUBMITTED" }, data: { state: "WITHDRAWN", withdrawnAt: now } });
    if (r.count !== 1) throw conflict("error.conflict");
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "bid.withdraw",
      entityType: "Bid",
      entityId: bid.id,
      before: { state: "SUBMITTED" },
      after: { state: "WITHDRAWN", projectId: p.id, organizationId },
    });
    return { bidId: bid.id, changed: true };
  });
}

export interface BidderProfile {
  id: string;
  name: string;
  districtCode: string;
  grade: number | null;
  gradeValidUntil: Date | null;
  unionCoverage: UnionCoverage;
  performanceScore: number | null;
  vettingStatus: VettingStatus;
  foundedAt: Date | null;
  ratings: RatingSummary;
}

export interface BidView {
  id: string;
  projectId: string;
  organizationId: string;
  state: BidState;
  amountFen: number;
  overBudgetReason: string | null;
  plan: string;
  timeline: string;
  team: string;
  submittedAt: Date;
  updatedAt: Date;
  withdrawnAt: Date | null;
  /** Present where the viewer may compare bidders (enterprise owner, broker, after the deadline). */
  organization?: BidderProfile;
  admission?: AdmissionCheck[];
}

export interface BidList {
  /** The project the bids belong to (a member's bids live on its bundle). */
  projectId: string;
  /** True while amounts and plans are hidden from the viewer. */
  sealed: boolean;
  /** Live bids (SUBMITTED, or AWARDED/LOST once decided). Everyone who can see the project may know it. */
  count: number;
  bids: BidView[];
}

const UNION_RANK: Record<UnionCoverage, number> = { OWN_UNION: 0, JOINT_UNION: 1, NONE: 2 };

/**
 * Bids of a project as the actor may see them. ORG: its own bid only (never others', not even after
 * the deadline). Owner enterprise / broker / admin: before the deadline only the count; after it,
 * every live bid with the bidder's profile (grade, union coverage, performance score, past ratings)
 * and admission result, cheapest first and, at equal price, union-covered first.
 */
export async function listBidsForProject(actor: Actor, projectId: string, options: FireOptions & { known?: object } = {}): Promise<BidList> {
  const now = options.now ?? new Date();
  // `known`: the project getProjectForActor just returned (it closed expired bidding and checked visibility).
  if (!options.known) await closeBiddingIfExpired(projectId, now);
  const p = await loadVisibleProject(db, actor, projectId, options.known);
  const biddingId = p.bundleId ?? p.id;
  const biddingState = p.bundle?.state ?? p.state;
  const count = await db.bid.count({ where: { projectId: biddingId, state: { in: ["SUBMITTED", "AWARDED", "LOST"] } } });
  const base = { projectId: biddingId, count };

  if (actor.role === "ORG") {
    if (!actor.organizationId) return { ...base, sealed: true, bids: [] };
    const own = await db.bid.findMany({ where: { projectId: biddingId, organizationId: actor.organizationId } });
    return { ...base, sealed: false, bids: own.map(toView) };
  }
  if (actor.role !== "ENTERPRISE" && actor.role !== "BROKER" && actor.role !== "ADMIN") throw notFound();
  if (!bidsAreOpen(biddingState)) return { ...base, sealed: true, bids: [] };

  const bids = await db.bid.findMany({
    where: { projectId: biddingId, state: { in: ["SUBMITTED", "AWARDED", "LOST"] } },
    include: { organization: { include: { serviceDistricts: { select: { districtCode: true } } } } },
  });
  const biddingProject = p.bundleId ? await db.project.findUniqueOrThrow({ where: { id: biddingId } }) : p;
  const summaries = await ratingSummaries(bids.map((b) => b.organizationId));
  const views: BidView[] = bids.map((b) => ({
    ...toView(b),
    organization: {
      id: b.organization.id,
      name: b.organization.name,
      districtCode: b.organization.districtCode,
      grade: b.organization.grade,
      gradeValidUntil: b.organization.gradeValidUntil,
      unionCoverage: b.organization.unionCoverage,
      performanceScore: b.organization.performanceScore,
      vettingStatus: b.organization.vettingStatus,
      foundedAt: b.organization.foundedAt,
      ratings: summaries.get(b.organizationId) ?? { count: 0, average: null },
    },
    admission: checkAdmission(biddingProject, { ...b.organization, serviceDistrictCodes: b.organization.serviceDistricts.map((s) => s.districtCode) }, now),
  }));
  views.sort(
    (a, b) =>
      a.amountFen - b.amountFen ||
      UNION_RANK[a.organization!.unionCoverage] - UNION_RANK[b.organization!.unionCoverage] ||
      (b.organization!.performanceScore ?? -1) - (a.organization!.performanceScore ?? -1) ||
      a.submittedAt.getTime() - b.submittedAt.getTime(),
  );
  return { ...base, sealed: false, bids: views };
}

function toView(b: {
  id: string;
  projectId: string;
  organizationId: string;
  state: BidState;
  amountFen: number;
  overBudgetReason: string | null;
  plan: string;
  timeline: string;
  team: string;
  submittedAt: Date;
  updatedAt: Date;
  withdrawnAt: Date | null;
}): BidView {
  return {
    id: b.id,
    projectId: b.projectId,
    organizationId: b.organizationId,
    state: b.state,
    amountFen: b.amountFen,
    overBudgetReason: b.overBudgetReason,
    plan: b.plan,
    timeline: b.timeline,
    team: b.team,
    submittedAt: b.submittedAt,
    updatedAt: b.updatedAt,
    withdrawnAt: b.withdrawnAt,
  };
}

/** The organization's own bids, newest first, with the project's code, title and state. */
export async function listMyBids(actor: Actor, page: Partial<PageRequest> = {}): Promise<Paged<BidView & { project: { id: string; code: string; title: string; state: string; bidDeadline: Date | null } }>> {
  const organizationId = requireOrgActor(actor);
  const pageSize = Math.min(Math.max(1, Math.floor(page.pageSize ?? 20) || 20), 100);
  const p = Math.max(1, Math.floor(page.page ?? 1) || 1);
  const where = { organizationId };
  const [rows, total] = await Promise.all([
    db.bid.findMany({
      where,
      include: { project: { select: { id: true, code: true, title: true, state: true, bidDeadline: true } } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (p - 1) * pageSize,
      take: pageSize,
    }),
    db.bid.count({ where }),
  ]);
  return { items: rows.map((b) => ({ ...toView(b), project: b.project })), total, page: p, pageSize };
}

/**
 * A broker approves one bid of an EVALUATING project: declares no conflict of interest and writes a
 * rationale. Creates the Award, marks the bid AWARDED and the others LOST, notifies winner, losers
 * and the enterprise(s). Two brokers at once: exactly one award (state compare-and-set + unique
 * Award.projectId); the same award repeated returns { changed: false }.
 */
export async function awardBid(
  actor: Actor,
  projectId: string,
  bidId: string,
  input: { rationale: string; noConflictDeclared: boolean | string },
  options: FireOptions = {},
): Promise<TransitionResult> {
  try {
    return await fireTransition(actor, projectId, "award", { ...input, bidId }, options);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("error.transition.conflict", undefined, { transition: "award" });
    throw e;
  }
}

/** A broker declares an EVALUATING project unsuccessful (流标), with a reason; live bids become LOST. */
export async function declareUnsuccessful(actor: Actor, projectId: string, input: { reason: string }, options: FireOptions = {}): Promise<TransitionResult> {
  return fireTransition(actor, projectId, "declare_unsuccessful", input, options);
}
