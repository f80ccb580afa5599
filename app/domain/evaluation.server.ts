// Project performance evaluation (绩效评价).
//
//   openEvaluation      broker, project ACCEPTED → an OPEN Evaluation with the applicable indicator
//                       system's tree snapshot and the computed inputs (delivery report, enterprise
//                       ratings, worker survey, upheld disputes) collected automatically.
//   saveBrokerAssessment broker fills the BROKER_ASSESSMENT leaves (0–100 + comment); score recomputed.
//   refreshEvaluation   re-collects the computed inputs (e.g. after more survey responses came in).
//   closeEvaluation     final collection + score, Evaluation CLOSED, project ACCEPTED → EVALUATED, the
//                       org's performance score recomputed, ON_EVALUATION instalments become due,
//                       two 不合格 in a row → org flagged for review. ONE transaction, audited.
//
// Evaluation.inputs holds EVERYTHING the score depends on ({ tree, facts }), so
// scoreProject(inputs.tree, inputs.facts) always reproduces Evaluation.score / grade / breakdown.
//
// Organization performance score = recency-weighted mean of its closed evaluations' scores,
// weight = 0.5 ^ (age in days / 365) (half-life one year), see recencyWeightedMean in scoring.ts and
// docs/evaluation.md.
import { db, type Tx } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { writeAudit } from "./audit.server";
import { enqueueSearch } from "./outbox.server";
import { transaction } from "./notifications.server";
import { fireTransitionTx } from "./projects.server";
import { DomainError, badRequest, conflict, notFound } from "./errors";
import { loadTree, requireRole, systemForYear, type ActorRef } from "./indicators.server";
import { refreshDueInstalmentsTx } from "./payments.server";
import {
  brokerLeafCodes,
  recencyWeightedMean,
  scoreProject,
  shanghaiDay,
  shanghaiYear,
  type IndicatorNode,
  type ScoreResult,
  type ScoringInputs,
} from "./scoring";

export const EVALUATION_INPUTS_VERSION = 1;

/** The JSON stored in Evaluation.inputs. */
export interface EvaluationInputs {
  version: number;
  system: { id: string; year: number; name: string };
  tree: IndicatorNode[];
  facts: ScoringInputs;
  /** Where the computed facts came from (ids only; survey responses stay anonymous). */
  sources: { deliveryReportId: string | null; ratingIds: string[]; upheldDisputeIds: string[]; surveyResponses: number };
  collectedAt: string;
}

export interface EvaluationView {
  id: string;
  projectId: string;
  state: "OPEN" | "CLOSED";
  score: number | null;
  grade: string | null;
  inputs: EvaluationInputs;
  result: ScoreResult;
  openedAt: Date;
  closedAt: Date | null;
  brokerCodes: string[];
}

/** The organization a project was awarded to (a bundle member's award sits on its bundle). */
export async function awardedOrgId(client: Tx | typeof db, projectId: string): Promise<string | null> {
  const p = await client.project.findUnique({
    where: { id: projectId },
    select: { award: { select: { organizationId: true } }, bundle: { select: { award: { select: { organizationId: true } } } } },
  });
  return p?.award?.organizationId ?? p?.bundle?.award?.organizationId ?? null;
}

/** Collects the computed facts of a project from its delivery report, ratings, survey and disputes. */
export async function collectFacts(
  tx: Tx,
  projectId: string,
  broker: ScoringInputs["broker"] = {},
): Promise<{ facts: ScoringInputs; sources: EvaluationInputs["sources"] }> {
  const project = await tx.project.findUnique({
    where: { id: projectId },
    select: { id: true, bundleId: true, beneficiariesPlanned: true, sessionsPlanned: true, serviceEnd: true },
  });
  if (!project) throw notFound();
  // The latest delivery report counts (a report re-filed after a dispute supersedes the earlier one).
  let report = await tx.deliveryReport.findFirst({ where: { projectId }, orderBy: [{ submittedAt: "desc" }, { id: "desc" }] });
  if (!report && project.bundleId) {
    report = await tx.deliveryReport.findFirst({ where: { projectId: project.bundleId }, orderBy: [{ submittedAt: "desc" }, { id: "desc" }] });
  }
  const ratings = await tx.rating.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: { id: true, quality: true, timeliness: true, professionalism: true, workerResponse: true },
  });
  const agg = await tx.surveyResponse.aggregate({
    where: { projectId },
    _count: { _all: true },
    _sum: { q1: true, q2: true, q3: true, q4: true, q5: true },
  });
  const disputes = await tx.dispute.findMany({
    where: { projectId: project.bundleId ? { in: [projectId, project.bundleId] } : projectId, upheld: true },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  const facts: ScoringInputs = {
    people: report ? { planned: project.beneficiariesPlanned, actual: report.beneficiariesActual } : null,
    sessions: report ? { planned: project.sessionsPlanned, actual: report.sessionsHeld } : null,
    onTime: report ? { due: project.serviceEnd ? shanghaiDay(project.serviceEnd) : null, delivered: shanghaiDay(report.endDate) } : null,
    ratings: ratings.map((r) => ({ quality: r.quality, timeliness: r.timeliness, professionalism: r.professionalism, workerResponse: r.workerResponse })),
    survey: {
      responses: agg._count._all,
      sums: [agg._sum.q1 ?? 0, agg._sum.q2 ?? 0, agg._sum.q3 ?? 0, agg._sum.q4 ?? 0, agg._sum.q5 ?? 0],
    },
    broker,
    penalties: { upheld: disputes.length },
  };
  return {
    facts,
    sources: { deliveryReportId: report?.id ?? null, ratingIds: ratings.map((r) => r.id), upheldDisputeIds: disputes.map((d) => d.id), surveyResponses: agg._count._all },
  };
}

function parseInputs(json: unknown): EvaluationInputs {
  const v = json as EvaluationInputs | null;
  if (!v || typeof v !== "object" || !Array.isArray(v.tree) || !v.facts) throw new Error("evaluation inputs missing or malformed");
  return v;
}

/** Recomputes the result from the stored inputs alone (reproducibility). */
export function rescore(inputsJson: unknown): ScoreResult {
  const inputs = parseInputs(inputsJson);
  return scoreProject(inputs.tree, inputs.facts);
}

function toView(e: { id: string; projectId: string; state: string; score: number | null; grade: string | null; inputs: unknown; openedAt: Date; closedAt: Date | null }): EvaluationView {
  const inputs = parseInputs(e.inputs);
  return {
    id: e.id,
    projectId: e.projectId,
    state: e.state as "OPEN" | "CLOSED",
    score: e.score,
    grade: e.grade,
    inputs,
    result: scoreProject(inputs.tree, inputs.facts),
    openedAt: e.openedAt,
    closedAt: e.closedAt,
    brokerCodes: brokerLeafCodes(inputs.tree),
  };
}

async function buildInputs(tx: Tx, projectId: string, systemId: string, broker: ScoringInputs["broker"]): Promise<{ inputs: EvaluationInputs; result: ScoreResult }> {
  const system = await tx.indicatorSystem.findUniqueOrThrow({ where: { id: systemId }, select: { id: true, year: true, name: true } });
  const tree = await loadTree(tx, systemId);
  const codes = new Set(brokerLeafCodes(tree));
  const kept: ScoringInputs["broker"] = {};
  for (const [k, v] of Object.entries(broker)) if (codes.has(k)) kept[k] = v;
  const { facts, sources } = await collectFacts(tx, projectId, kept);
  const inputs: EvaluationInputs = { version: EVALUATION_INPUTS_VERSION, system, tree, facts, sources, collectedAt: new Date().toISOString() };
  return { inputs, result: scoreProject(tree, facts) };
}

function resultData(inputs: EvaluationInputs, result: ScoreResult) {
  return {
    inputs: inputs as unknown as Prisma.InputJsonValue,
    breakdown: result.breakdown as unknown as Prisma.InputJsonValue,
    score: result.score,
    grade: result.grade,
  };
}

/** Broker: opens (or, when already open, refreshes) the evaluation of an ACCEPTED project. */
export async function openEvaluation(actor: ActorRef, projectId: string): Promise<EvaluationView> {
  requireRole(actor, "BROKER");
  const row = await db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { id: true, state: true, code: true, isBundle: true } });
    if (!project) throw notFound();
    if (project.isBundle) throw conflict("error.bundle.actOnMember");
    const existing = await tx.evaluation.findUnique({ where: { projectId } });
    if (existing?.state === "CLOSED") throw conflict("error.evaluation.closed");
    if (project.state !== "ACCEPTED") throw conflict("error.evaluation.notAccepted", undefined, { state: project.state });
    if (!(await awardedOrgId(tx, projectId))) throw conflict("error.evaluation.noAward");
    if (existing) {
      const prev = parseInputs(existing.inputs);
      const { inputs, result } = await buildInputs(tx, projectId, existing.systemId, prev.facts.broker);
      return tx.evaluation.update({ where: { id: existing.id }, data: resultData(inputs, result) });
    }
    const system = await systemForYear(tx, shanghaiYear(new Date()));
    if (!system) throw conflict("error.evaluation.noSystem");
    const { inputs, result } = await buildInputs(tx, projectId, system.id, {});
    const e = await tx.evaluation.create({ data: { projectId, systemId: system.id, state: "OPEN", openedById: actor.id, ...resultData(inputs, result) } });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "evaluation.open",
      entityType: "Evaluation",
      entityId: e.id,
      after: { projectId, projectCode: project.code, system: inputs.system, score: result.score, grade: result.grade },
    });
    return e;
  });
  return toView(row);
}

/** Broker: re-collects the computed inputs of an OPEN evaluation (and the system's current tree). */
export async function refreshEvaluation(actor: ActorRef, projectId: string): Promise<EvaluationView> {
  requireRole(actor, "BROKER");
  const row = await db.$transaction(async (tx) => {
    const e = await tx.evaluation.findUnique({ where: { projectId } });
    if (!e) throw notFound();
    if (e.state !== "OPEN") throw conflict("error.evaluation.closed");
    const { inputs, result } = await buildInputs(tx, projectId, e.systemId, parseInputs(e.inputs).facts.broker);
    return tx.evaluation.update({ where: { id: e.id }, data: resultData(inputs, result) });
  });
  return toView(row);
}

/** Broker: sets BROKER_ASSESSMENT values ({ [code]: { score 0–100 (2 decimals), comment } }). */
export async function saveBrokerAssessment(
  actor: ActorRef,
  projectId: string,
  values: Record<string, { score: number; comment?: string }>,
): Promise<EvaluationView> {
  requireRole(actor, "BROKER");
  const row = await db.$transaction(async (tx) => {
    const e = await tx.evaluation.findUnique({ where: { projectId } });
    if (!e) throw notFound();
    if (e.state !== "OPEN") throw conflict("error.evaluation.closed");
    const prev = parseInputs(e.inputs);
    const codes = new Set(brokerLeafCodes(prev.tree));
    const broker = { ...prev.facts.broker };
    for (const [code, v] of Object.entries(values)) {
      if (!codes.has(code)) throw badRequest("error.evaluation.unknownIndicator", code, { code });
      const score = Number(v.score);
      if (!Number.isFinite(score) || score < 0 || score > 100 || Math.round(score * 100) !== score * 100) {
        throw badRequest("error.evaluation.scoreRange", code);
      }
      const comment = (v.comment ?? "").trim();
      if (comment.length > 1000) throw badRequest("error.tooLong", code);
      broker[code] = { score, comment };
    }
    const facts: ScoringInputs = { ...prev.facts, broker };
    const inputs: EvaluationInputs = { ...prev, facts };
    const result = scoreProject(inputs.tree, facts);
    const updated = await tx.evaluation.update({ where: { id: e.id }, data: resultData(inputs, result) });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "evaluation.assess",
      entityType: "Evaluation",
      entityId: e.id,
      before: { broker: prev.facts.broker, score: e.score },
      after: { broker, score: result.score, grade: result.grade },
    });
    return updated;
  });
  return toView(row);
}

/** The closed evaluations of an organization's projects, newest first. */
async function orgEvaluations(tx: Tx | typeof db, organizationId: string) {
  return tx.evaluation.findMany({
    where: {
      state: "CLOSED",
      score: { not: null },
      project: { OR: [{ award: { organizationId } }, { bundle: { award: { organizationId } } }] },
    },
    orderBy: [{ closedAt: "desc" }, { id: "desc" }],
    select: { id: true, projectId: true, score: true, grade: true, closedAt: true },
  });
}

/** Recomputes Organization.performanceScore (recency-weighted mean, half-life one year). */
export async function recomputeOrgPerformance(tx: Tx, organizationId: string, now = new Date()): Promise<number | null> {
  const evals = await orgEvaluations(tx, organizationId);
  const score = recencyWeightedMean(
    evals.filter((e) => e.score !== null && e.closedAt).map((e) => ({ score: e.score as number, at: e.closedAt as Date })),
    now,
  );
  await tx.organization.update({ where: { id: organizationId }, data: { performanceScore: score } });
  return score;
}

export interface CloseResult {
  evaluation: EvaluationView;
  organizationId: string;
  performanceScore: number | null;
  flaggedForReview: boolean;
  alreadyClosed: boolean;
}

/** Broker: closes the evaluation (all broker values required). Idempotent: a second call changes nothing. */
export async function closeEvaluation(actor: ActorRef, projectId: string): Promise<CloseResult> {
  requireRole(actor, "BROKER");
  return transaction(async (tx) => {
    const e = await tx.evaluation.findUnique({ where: { projectId } });
    if (!e) throw notFound();
    const organizationId = await awardedOrgId(tx, projectId);
    if (!organizationId) throw conflict("error.evaluation.noAward");
    if (e.state === "CLOSED") {
      const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { performanceScore: true, flaggedForReview: true } });
      return { evaluation: toView(e), organizationId, performanceScore: org.performanceScore, flaggedForReview: org.flaggedForReview, alreadyClosed: true };
    }
    const prev = parseInputs(e.inputs);
    // Final collection with the tree snapshot taken at open/refresh.
    const { facts, sources } = await collectFacts(tx, projectId, prev.facts.broker);
    const inputs: EvaluationInputs = { ...prev, facts, sources, collectedAt: new Date().toISOString() };
    const result = scoreProject(inputs.tree, facts);
    if (!result.complete) {
      const missing = brokerLeafCodes(inputs.tree).filter((c) => !(c in facts.broker));
      throw new DomainError(409, "error.evaluation.incomplete", { params: { codes: missing.join(", ") }, field: missing[0] });
    }
    const now = new Date();
    const closed = await tx.evaluation.updateMany({
      where: { id: e.id, state: "OPEN" },
      data: { ...resultData(inputs, result), state: "CLOSED", closedById: actor.id, closedAt: now },
    });
    if (closed.count !== 1) throw conflict("error.conflict");
    // The lifecycle transition ACCEPTED → EVALUATED (guard: evaluation CLOSED), in this transaction.
    await fireTransitionTx(tx, actor, projectId, "evaluate", {}, { now });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "evaluation.close",
      entityType: "Evaluation",
      entityId: e.id,
      before: { state: "OPEN" },
      after: { state: "CLOSED", projectId, score: result.score, grade: result.grade, inputs },
    });

    const orgBefore = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { performanceScore: true, flaggedForReview: true } });
    const performanceScore = await recomputeOrgPerformance(tx, organizationId, now);
    let flaggedForReview = orgBefore.flaggedForReview;
    const lastTwo = (await orgEvaluations(tx, organizationId)).slice(0, 2);
    if (!flaggedForReview && lastTwo.length === 2 && lastTwo.every((x) => x.grade === "FAIL")) {
      await tx.organization.update({ where: { id: organizationId }, data: { flaggedForReview: true } });
      flaggedForReview = true;
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "org.flag.review",
        entityType: "Organization",
        entityId: organizationId,
        before: { flaggedForReview: false },
        after: { flaggedForReview: true, evaluations: lastTwo.map((x) => ({ id: x.id, projectId: x.projectId, score: x.score, grade: x.grade })) },
        reason: "two consecutive FAIL (不合格) evaluations",
      });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "org.performance.update",
      entityType: "Organization",
      entityId: organizationId,
      before: { performanceScore: orgBefore.performanceScore },
      after: { performanceScore },
    });
    await enqueueSearch(tx, "organizations", organizationId);
    await refreshDueInstalmentsTx(tx, projectId, now);
    const row = await tx.evaluation.findUniqueOrThrow({ where: { id: e.id } });
    return { evaluation: toView(row), organizationId, performanceScore, flaggedForReview, alreadyClosed: false };
  });
}

/** The evaluation of a project (any role that may see the project; the route checks that). */
export async function getEvaluation(projectId: string): Promise<EvaluationView | null> {
  const e = await db.evaluation.findUnique({ where: { projectId } });
  return e ? toView(e) : null;
}

/** Broker: clears the review flag of an organization after reviewing it. */
export async function clearReviewFlag(actor: ActorRef, organizationId: string, note: string): Promise<void> {
  requireRole(actor, "BROKER");
  await db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { flaggedForReview: true } });
    if (!org) throw notFound();
    if (!org.flaggedForReview) return;
    await tx.organization.update({ where: { id: organizationId }, data: { flaggedForReview: false } });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "org.flag.clear",
      entityType: "Organization",
      entityId: organizationId,
      before: { flaggedForReview: true },
      after: { flaggedForReview: false },
      reason: note.trim() || null,
    });
  });
}
