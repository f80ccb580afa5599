// Delivery, acceptance, disputes and the enterprise's rating of the organization. The state changes
// are lifecycle transitions (projects.server.ts fireTransition); for a bundle, delivery reports,
// acceptance, disputes and ratings are per MEMBER need (each enterprise its own), and the bundle's
// state rolls up from its members.
import { db } from "~/db.server";
import { writeAudit } from "./audit.server";
import { DomainError, conflict, forbidden } from "./errors";
import { notify, transaction } from "./notifications.server";
import { enqueueSearch } from "./outbox.server";
import {
  awardedOrgId,
  fireTransition,
  isUniqueViolation,
  loadVisibleProject,
  parseWithSchema,
  projectLink,
  type Actor,
  type FireOptions,
  type TransitionResult,
} from "./projects.server";
import { ratingSchema, resolveDisputeSchema } from "./projects.schema";

/** The awarded organization starts delivery (AWARDED → IN_DELIVERY; a bundle's members follow). */
export async function startDelivery(actor: Actor, projectId: string, options: FireOptions = {}): Promise<TransitionResult> {
  return fireTransition(actor, projectId, "start_delivery", {}, options);
}

/**
 * The awarded organization files its delivery report (IN_DELIVERY → DELIVERED): actual
 * beneficiaries, sessions held, dates, summary, evidence file metadata (files are stored by the
 * upload module; pass { fileName, storedPath, mime, size, sha256 }).
 */
export async function fileDeliveryReport(actor: Actor, projectId: string, input: unknown, options: FireOptions = {}): Promise<TransitionResult> {
  return fireTransition(actor, projectId, "file_delivery", input, options);
}

/** The owner enterprise accepts the delivery (DELIVERED → ACCEPTED). */
export async function acceptDelivery(actor: Actor, projectId: string, options: FireOptions = {}): Promise<TransitionResult> {
  return fireTransition(actor, projectId, "accept", {}, options);
}

/** The owner enterprise disputes the delivery with a reason (DELIVERED → DISPUTED). */
export async function disputeDelivery(actor: Actor, projectId: string, input: { reason: string } | unknown, options: FireOptions = {}): Promise<TransitionResult> {
  return fireTransition(actor, projectId, "dispute", input, options);
}

/**
 * A broker resolves the open dispute: back to IN_DELIVERY (the organization must deliver again and
 * file a new report) or ACCEPTED. `upheld` records whether the complaint was justified.
 */
export async function resolveDispute(
  actor: Actor,
  projectId: string,
  input: { outcome: "IN_DELIVERY" | "ACCEPTED"; resolution: string; upheld: boolean | string } | unknown,
  options: FireOptions = {},
): Promise<TransitionResult> {
  const v = parseWithSchema(resolveDisputeSchema, input);
  const name = v.outcome === "IN_DELIVERY" ? "resolve_dispute_redeliver" : "resolve_dispute_accept";
  return fireTransition(actor, projectId, name, { resolution: v.resolution, upheld: v.upheld }, options);
}

export interface RatingResult {
  ratingId: string;
  changed: boolean;
}

/**
 * The owner enterprise rates the organization that delivered (1–5 on quality, timeliness,
 * professionalism, worker response, plus a comment): once per enterprise per project, only while
 * the project is ACCEPTED (before the broker's evaluation, which uses it). Sending the same rating
 * again changes nothing; a different second rating is 409 error.rating.duplicate.
 */
export async function rateOrganization(actor: Actor, projectId: string, input: unknown, options: FireOptions = {}): Promise<RatingResult> {
  if (actor.role !== "ENTERPRISE" || !actor.enterpriseId) throw forbidden();
  const enterpriseId = actor.enterpriseId;
  const now = options.now ?? new Date();
  const v = parseWithSchema(ratingSchema, input);
  const run = () =>
    transaction(async (tx) => {
      const p = await loadVisibleProject(tx, actor, projectId);
      if (p.isBundle) throw conflict("error.bundle.actOnMember");
      if (p.enterpriseId !== enterpriseId) throw forbidden();
      const organizationId = awardedOrgId(p);
      const existing = await tx.rating.findUnique({ where: { projectId_enterpriseId: { projectId: p.id, enterpriseId } } });
      if (existing) {
        const same =
          existing.quality === v.quality &&
          existing.timeliness === v.timeliness &&
          existing.professionalism === v.professionalism &&
          existing.workerResponse === v.workerResponse &&
          existing.comment === v.comment;
        if (same) return { ratingId: existing.id, changed: false };
        throw conflict("error.rating.duplicate");
      }
      if (p.state !== "ACCEPTED" || !organizationId) throw conflict("error.rating.wrongState", undefined, { state: p.state });
      const r = await tx.rating.create({
        data: { projectId: p.id, enterpriseId, organizationId, ...v, createdById: actor.id, createdAt: now },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "rating.create",
        entityType: "Rating",
        entityId: r.id,
        after: { projectId: p.id, enterpriseId, organizationId, quality: v.quality, timeliness: v.timeliness, professionalism: v.professionalism, workerResponse: v.workerResponse, comment: v.comment },
      });
      await enqueueSearch(tx, "organizations", organizationId);
      await notify(tx, [{ organizationId }, { role: "BROKER" }], "rating.received", { code: p.code, title: p.title }, projectLink(p.id), { exclude: [actor.id] });
      return { ratingId: r.id, changed: true };
    });
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e)) return run(); // a concurrent identical request won: now a repeat or a duplicate
    if (e instanceof DomainError) throw e;
    throw e;
  }
}

export interface RatingSummary {
  count: number;
  /** Mean of the four scores over all ratings (1–5), or null without ratings. */
  average: number | null;
}

/** Past rating averages of organizations (bid comparison, org profile). */
export async function ratingSummaries(organizationIds: readonly string[]): Promise<Map<string, RatingSummary>> {
  const ids = [...new Set(organizationIds)];
  const out = new Map<string, RatingSummary>();
  if (ids.length === 0) return out;
  const rows = await db.rating.groupBy({
    by: ["organizationId"],
    where: { organizationId: { in: ids } },
    _count: { _all: true },
    _avg: { quality: true, timeliness: true, professionalism: true, workerResponse: true },
  });
  for (const r of rows) {
    const a = r._avg;
    const parts = [a.quality, a.timeliness, a.professionalism, a.workerResponse].filter((x): x is number => x !== null);
    out.set(r.organizationId, {
      count: r._count._all,
      average: parts.length ? Math.round((parts.reduce((s, x) => s + x, 0) / parts.length) * 100) / 100 : null,
    });
  }
  for (const id of ids) if (!out.has(id)) out.set(id, { count: 0, average: null });
  return out;
}
