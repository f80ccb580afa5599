// Vetting, grading and the annual review of organizations.
//
// Vetting is a small state machine, kept as data (VETTING_ACTIONS): who may fire an action (staff:
// BROKER/ADMIN), from which states, to which state, whether a reason is required. Each action is ONE
// transaction: a conditional status update (so a concurrent or repeated request cannot apply twice),
// the audit record, the search-outbox row (APPROVED → UPSERT, anything else → DELETE) and a
// notification to the org's users. Wrong role → 403; unknown org → 404; wrong state → 409 and nothing
// is written (so a repeated click has the effect of one).
//
// Only APPROVED orgs may bid. Suspending an org withdraws its open bids (SUBMITTED bids on projects
// still PUBLISHED) in the same transaction and notifies the enterprises that posted those projects.
import { db, type Tx } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import type { VettingStatus } from "~/generated/sqlite/enums";
import { writeAudit } from "./audit.server";
import { badRequest, conflict, DomainError, notFound } from "./errors";
import { transaction } from "./notifications.server";
import { enqueueSearch } from "./outbox.server";
import {
  applyProfileChanges,
  assertCanReadOrg,
  assertStaff,
  auditActor,
  enqueueOrgIndex,
  notifyEnterprise,
  notifyOrganization,
  ORG_PROFILE_LINK,
  readPendingChanges,
  type DomainActor,
  type ProfileChangeResult,
} from "./organizations.server";
import { formatDateOnly, type GradeInput, type GradeStatusKind, type OrgProfileInput } from "./organizations.schema";

// ---------------------------------------------------------------- the vetting state machine

export type VettingIntent = "approve" | "reject" | "requestDocuments" | "suspend" | "reinstate";

export interface VettingActionDef {
  from: readonly VettingStatus[];
  to: VettingStatus;
  reasonRequired: boolean;
  /** Audit action name. */
  audit: string;
  /** Notification kind sent to the org's users (params: { reason? }). */
  notify: string;
}

export const VETTING_ACTIONS: Readonly<Record<VettingIntent, VettingActionDef>> = {
  approve: { from: ["PENDING"], to: "APPROVED", reasonRequired: false, audit: "org.vetting.approve", notify: "org.vetting.approved" },
  reject: { from: ["PENDING"], to: "REJECTED", reasonRequired: true, audit: "org.vetting.reject", notify: "org.vetting.rejected" },
  requestDocuments: {
    from: ["PENDING"],
    to: "PENDING",
    reasonRequired: true,
    audit: "org.vetting.requestDocuments",
    notify: "org.vetting.documentsRequested",
  },
  suspend: { from: ["APPROVED"], to: "SUSPENDED", reasonRequired: true, audit: "org.vetting.suspend", notify: "org.vetting.suspended" },
  reinstate: { from: ["SUSPENDED"], to: "APPROVED", reasonRequired: true, audit: "org.vetting.reinstate", notify: "org.vetting.reinstated" },
};

/** The vetting actions a broker may take on an org in `status` (for the buttons on the page). */
export function availableVettingActions(status: VettingStatus): VettingIntent[] {
  return (Object.keys(VETTING_ACTIONS) as VettingIntent[]).filter((k) => VETTING_ACTIONS[k].from.includes(status));
}

export interface VettingResult {
  status: VettingStatus;
  /** Bids withdrawn by a suspension. */
  withdrawnBids: number;
  /** false when the action changed nothing (a repeated request for the same documents). */
  changed: boolean;
}

/** Fires one vetting action. See the module comment for the rules. */
export async function applyVettingAction(
  actor: DomainActor,
  orgId: string,
  intent: VettingIntent,
  reason?: string | null,
  now: Date = new Date(),
): Promise<VettingResult> {
  assertStaff(actor);
  const def = VETTING_ACTIONS[intent];
  if (!def) throw badRequest("error.invalidOption", "intent");
  const why = reason?.trim() || null;
  if (def.reasonRequired && !why) throw badRequest("error.required", "reason");
  if (why && why.length > 1000) throw badRequest("error.tooLong", "reason");

  return transaction(async (tx) => {
    const org = await tx.organization.findUnique({
      where: { id: orgId },
      select: { id: true, name: true, vettingStatus: true, vettingNote: true },
    });
    if (!org) throw notFound();
    if (!def.from.includes(org.vettingStatus)) {
      throw conflict("error.vetting.state", undefined, { status: org.vettingStatus });
    }
    // Asking again for the same documents is the same request: nothing to write.
    if (intent === "requestDocuments" && org.vettingNote === why) {
      return { status: org.vettingStatus, withdrawnBids: 0, changed: false };
    }
    // Conditional update: only one of two concurrent requests can move the org out of `from`.
    const res = await tx.organization.updateMany({
      where: { id: orgId, vettingStatus: org.vettingStatus },
      data: { vettingStatus: def.to, vettingNote: why, vettedAt: now },
    });
    if (res.count !== 1) throw conflict("error.vetting.state");

    let withdrawnBids = 0;
    if (intent === "suspend") withdrawnBids = await withdrawOpenBids(tx, actor, orgId, why ?? "", now);

    await writeAudit(tx, {
      ...auditActor(actor),
      action: def.audit,
      entityType: "Organization",
      entityId: orgId,
      before: { vettingStatus: org.vettingStatus, vettingNote: org.vettingNote },
      after: { vettingStatus: def.to, vettingNote: why, ...(intent === "suspend" ? { withdrawnBids } : {}) },
      reason: why,
    });
    await enqueueOrgIndex(tx, orgId, def.to);
    await notifyOrganization(tx, orgId, def.notify, { ...(why ? { reason: why } : {}), ...(withdrawnBids ? { withdrawnBids } : {}) }, ORG_PROFILE_LINK);
    return { status: def.to, withdrawnBids, changed: true };
  });
}

export const approveOrg = (actor: DomainActor, orgId: string, note?: string | null) => applyVettingAction(actor, orgId, "approve", note);
export const rejectOrg = (actor: DomainActor, orgId: string, reason: string) => applyVettingAction(actor, orgId, "reject", reason);
export const requestMoreDocuments = (actor: DomainActor, orgId: string, reason: string) =>
  applyVettingAction(actor, orgId, "requestDocuments", reason);
export const suspendOrg = (actor: DomainActor, orgId: string, reason: string) => applyVettingAction(actor, orgId, "suspend", reason);
export const reinstateOrg = (actor: DomainActor, orgId: string, reason: string) => applyVettingAction(actor, orgId, "reinstate", reason);

/**
 * Withdraws the org's open bids (SUBMITTED on projects still PUBLISHED) inside the suspension
 * transaction; audits each bid and notifies the enterprise(s) behind each project (for a bundle, the
 * enterprises of its member needs). The notification names the project, not the bidder: bids are
 * sealed until the deadline.
 */
async function withdrawOpenBids(tx: Tx, actor: DomainActor, orgId: string, reason: string, now: Date): Promise<number> {
  const bids = await tx.bid.findMany({
    where: { organizationId: orgId, state: "SUBMITTED", project: { state: "PUBLISHED" } },
    select: {
      id: true,
      project: { select: { id: true, code: true, title: true, enterpriseId: true, members: { select: { enterpriseId: true } } } },
    },
  });
  let count = 0;
  for (const bid of bids) {
    const res = await tx.bid.updateMany({ where: { id: bid.id, state: "SUBMITTED" }, data: { state: "WITHDRAWN", withdrawnAt: now } });
    if (res.count !== 1) continue;
    count++;
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "bid.withdraw.orgSuspended",
      entityType: "Bid",
      entityId: bid.id,
      before: { state: "SUBMITTED" },
      after: { state: "WITHDRAWN", projectId: bid.project.id, organizationId: orgId },
      reason,
    });
    await enqueueSearch(tx, "projects", bid.project.id, "UPSERT");
    const enterpriseIds = new Set<string>();
    if (bid.project.enterpriseId) enterpriseIds.add(bid.project.enterpriseId);
    for (const m of bid.project.members) if (m.enterpriseId) enterpriseIds.add(m.enterpriseId);
    for (const enterpriseId of enterpriseIds) {
      await notifyEnterprise(
        tx,
        enterpriseId,
        "bid.withdrawn.orgSuspended",
        { projectCode: bid.project.code, projectTitle: bid.project.title },
        `/projects/${bid.project.id}`,
      );
    }
  }
  return count;
}

// ---------------------------------------------------------------- bidding eligibility

/** Only APPROVED orgs may bid. `code` is the i18n key of the reason when not. */
export function biddingEligibility(org: { vettingStatus: VettingStatus }): { eligible: true } | { eligible: false; code: string } {
  return org.vettingStatus === "APPROVED" ? { eligible: true } : { eligible: false, code: "error.org.notApproved" };
}

/** For the bid module: throws 403 "error.org.notApproved" unless the org is APPROVED (read inside `tx`). */
export async function assertOrgMayBid(tx: Tx, orgId: string): Promise<void> {
  const org = await tx.organization.findUnique({ where: { id: orgId }, select: { vettingStatus: true } });
  if (!org) throw notFound();
  const e = biddingEligibility(org);
  if (!e.eligible) throw new DomainError(403, e.code);
}

// ---------------------------------------------------------------- vetting queue

export interface VettingQueueOptions {
  /** A status, or "CHANGES" for approved orgs with registration changes awaiting review. Default PENDING. */
  status?: VettingStatus | "CHANGES";
  page?: number;
  pageSize?: number;
}

export async function vettingQueue(actor: DomainActor, opts: VettingQueueOptions = {}) {
  assertStaff(actor);
  const status = opts.status ?? "PENDING";
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(opts.pageSize ?? 20)));
  // pendingChanges is Json: filter "not null" portably by reading ids (the set is small).
  let where: Prisma.OrganizationWhereInput;
  if (status === "CHANGES") {
    const rows = await db.organization.findMany({
      where: { vettingStatus: { in: ["APPROVED", "SUSPENDED"] } },
      select: { id: true, pendingChanges: true },
    });
    where = { id: { in: rows.filter((r) => readPendingChanges(r.pendingChanges)).map((r) => r.id) } };
  } else {
    where = { vettingStatus: status };
  }
  const [total, rows] = await Promise.all([
    db.organization.count({ where }),
    db.organization.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { district: true, categories: { select: { categoryCode: true } }, _count: { select: { documents: true } } },
    }),
  ]);
  return {
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    rows: rows.map((o) => ({
      id: o.id,
      name: o.name,
      uscc: o.uscc,
      district: o.district,
      categories: o.categories.map((c) => c.categoryCode),
      vettingStatus: o.vettingStatus,
      vettingNote: o.vettingNote,
      documents: o._count.documents,
      pending: readPendingChanges(o.pendingChanges),
      createdAt: o.createdAt,
      actions: availableVettingActions(o.vettingStatus),
    })),
  };
}

// ---------------------------------------------------------------- grade (1A–5A)

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDate(d: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

export function shanghaiYear(d: Date): number {
  return Number(shanghaiDate(d).slice(0, 4));
}

export interface GradeStatus {
  grade: number | null;
  /** "3A" etc.; null when no grade. */
  label: string | null;
  status: GradeStatusKind;
  assessedAt: Date | null;
  validUntil: Date | null;
}

/**
 * Whether an org's grade holds on `now`: NONE (never graded), VALID (through the whole validUntil day,
 * Asia/Shanghai) or EXPIRED. An expired grade is shown as such and does not count for matching.
 */
export function gradeStatus(
  org: { grade: number | null; gradeAssessedAt?: Date | null; gradeValidUntil: Date | null },
  now: Date = new Date(),
): GradeStatus {
  if (org.grade == null) return { grade: null, label: null, status: "NONE", assessedAt: null, validUntil: null };
  const expired = !org.gradeValidUntil || shanghaiDate(now) > formatDateOnly(org.gradeValidUntil);
  return {
    grade: org.grade,
    label: `${org.grade}A`,
    status: expired ? "EXPIRED" : "VALID",
    assessedAt: org.gradeAssessedAt ?? null,
    validUntil: org.gradeValidUntil,
  };
}

/** The grade that counts (for matching and minimum-grade rules): null when none or expired. */
export function effectiveGrade(org: { grade: number | null; gradeValidUntil: Date | null }, now: Date = new Date()): number | null {
  const s = gradeStatus(org, now);
  return s.status === "VALID" ? s.grade : null;
}

/** A broker records a grade assessment. Setting the same grade and dates again writes nothing. */
export async function setGrade(actor: DomainActor, orgId: string, input: GradeInput): Promise<{ changed: boolean }> {
  assertStaff(actor);
  if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > 5) throw badRequest("error.grade", "grade");
  if (input.validUntil.getTime() <= input.assessedAt.getTime()) throw badRequest("error.grade.validity", "validUntil");
  return transaction(async (tx) => {
    const org = await tx.organization.findUnique({
      where: { id: orgId },
      select: { grade: true, gradeAssessedAt: true, gradeValidUntil: true, vettingStatus: true },
    });
    if (!org) throw notFound();
    const before = { grade: org.grade, assessedAt: formatDateOnly(org.gradeAssessedAt), validUntil: formatDateOnly(org.gradeValidUntil) };
    const after = { grade: input.grade, assessedAt: formatDateOnly(input.assessedAt), validUntil: formatDateOnly(input.validUntil) };
    if (before.grade === after.grade && before.assessedAt === after.assessedAt && before.validUntil === after.validUntil) {
      return { changed: false };
    }
    await tx.organization.update({
      where: { id: orgId },
      data: { grade: input.grade, gradeAssessedAt: input.assessedAt, gradeValidUntil: input.validUntil },
    });
    await writeAudit(tx, { ...auditActor(actor), action: "org.grade.set", entityType: "Organization", entityId: orgId, before, after });
    await enqueueOrgIndex(tx, orgId, org.vettingStatus);
    await notifyOrganization(tx, orgId, "org.grade.set", { grade: `${input.grade}A`, validUntil: after.validUntil }, ORG_PROFILE_LINK);
    return { changed: true };
  });
}

// ---------------------------------------------------------------- annual review (年度台账确认)

export interface AnnualReviewResult extends ProfileChangeResult {
  year: number;
  /** false when this year's review already existed (`changed` then says whether the profile changed). */
  created: boolean;
}

/**
 * The org (or staff on its behalf) confirms its ledger facts for the current year (Asia/Shanghai),
 * optionally with an updated profile (`changes`, the validated profile form: registration facts of an
 * approved org still go to broker review). Creates the year's AnnualReview and stamps
 * ledgerConfirmedAt. Confirming again in the same year without changes writes nothing.
 */
export async function confirmLedger(
  actor: DomainActor,
  orgId: string,
  changes: OrgProfileInput | null,
  now: Date = new Date(),
): Promise<AnnualReviewResult> {
  assertCanReadOrg(actor, orgId);
  const year = shanghaiYear(now);
  return db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: orgId }, select: { id: true } });
    if (!org) throw notFound();
    const result: ProfileChangeResult = changes
      ? await applyProfileChanges(tx, actor, orgId, changes, "org.annualReview.update")
      : { applied: [], pending: [], changed: false };
    const changed = result.changed;
    const existing = await tx.annualReview.findUnique({ where: { organizationId_year: { organizationId: orgId, year } } });
    if (existing && !changed) {
      return { ...result, year, created: false, changed: false };
    }
    const summary = mergeReviewChanges(existing?.changes, result);
    if (existing) {
      await tx.annualReview.update({ where: { id: existing.id }, data: { confirmedAt: now, confirmedById: actor.id, changes: summary } });
    } else {
      await tx.annualReview.create({ data: { organizationId: orgId, year, confirmedAt: now, confirmedById: actor.id, changes: summary } });
    }
    await tx.organization.update({ where: { id: orgId }, data: { ledgerConfirmedAt: now } });
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "org.annualReview.confirm",
      entityType: "Organization",
      entityId: orgId,
      after: { year, ...summary },
    });
    return { ...result, year, created: !existing, changed };
  });
}

function mergeReviewChanges(prev: unknown, r: ProfileChangeResult): { applied: string[]; pending: string[] } {
  const p = (prev && typeof prev === "object" ? prev : {}) as { applied?: unknown; pending?: unknown };
  const arr = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);
  return {
    applied: [...new Set([...arr(p.applied), ...r.applied])],
    pending: [...new Set([...arr(p.pending), ...r.pending])],
  };
}

/** The reviews of one org, newest first (owner or staff). */
export async function annualReviews(actor: DomainActor, orgId: string) {
  assertCanReadOrg(actor, orgId);
  return db.annualReview.findMany({ where: { organizationId: orgId }, orderBy: { year: "desc" } });
}

/** The instant 12 calendar months before `now`. */
export function twelveMonthsBefore(now: Date): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}

/**
 * Vetted orgs (APPROVED or SUSPENDED) whose ledger has not been confirmed in the last 12 months —
 * counting from their registration when they never confirmed — oldest first.
 */
export async function overdueAnnualReviews(now: Date = new Date()) {
  const cutoff = twelveMonthsBefore(now);
  const rows = await db.organization.findMany({
    where: {
      vettingStatus: { in: ["APPROVED", "SUSPENDED"] },
      OR: [{ ledgerConfirmedAt: { lt: cutoff } }, { ledgerConfirmedAt: null, createdAt: { lt: cutoff } }],
    },
    select: { id: true, name: true, uscc: true, districtCode: true, vettingStatus: true, ledgerConfirmedAt: true, createdAt: true },
  });
  return rows
    .map((o) => {
      const last = o.ledgerConfirmedAt ?? null;
      const since = last ?? o.createdAt;
      const due = new Date(since);
      due.setUTCFullYear(due.getUTCFullYear() + 1);
      return { ...o, lastConfirmedAt: last, dueSince: due };
    })
    .sort((a, b) => a.dueSince.getTime() - b.dueSince.getTime() || a.id.localeCompare(b.id));
}
