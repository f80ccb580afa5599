// Payment schedule of an awarded project: instalments with a percentage (basis points, summing to
// 10000), a trigger (on award / on acceptance / on evaluation) and a payer (union or enterprise).
// Amounts are integer fen that sum EXACTLY to the award amount (largest-remainder rounding).
// An instalment is PENDING until the project reaches its trigger state, then DUE (refreshDueInstalments),
// INVOICED once the org issues its invoice, PAID once the payer marks the invoice paid.
import { db, type Tx } from "~/db.server";
import type { InstalmentTrigger, Payer, ProjectState } from "~/generated/sqlite/enums";
import { writeAudit } from "./audit.server";
import { badRequest, conflict, forbidden, notFound } from "./errors";
import { requireRole, type ActorRef } from "./indicators.server";

export const MAX_INSTALMENTS = 12;

/** The project states in which an instalment with the trigger is due. */
export const TRIGGER_STATES: Record<InstalmentTrigger, readonly ProjectState[]> = {
  ON_AWARD: ["AWARDED", "IN_DELIVERY", "DELIVERED", "DISPUTED", "ACCEPTED", "EVALUATED", "CLOSED"],
  ON_ACCEPTANCE: ["ACCEPTED", "EVALUATED", "CLOSED"],
  ON_EVALUATION: ["EVALUATED", "CLOSED"],
};

export const TRIGGERS: readonly InstalmentTrigger[] = ["ON_AWARD", "ON_ACCEPTANCE", "ON_EVALUATION"];
export const PAYERS: readonly Payer[] = ["UNION", "ENTERPRISE"];

/**
 * Splits `totalFen` by basis points so the parts sum exactly to the total: each part gets
 * floor(total·bp/10000); the fen left over go one each to the parts with the largest remainders
 * (ties: the earlier instalment first). Pure.
 */
export function allocateByPercent(totalFen: number, percentBps: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalFen) || totalFen < 0) throw new RangeError("totalFen must be a non-negative integer");
  const parts = percentBps.map((bp) => Math.floor((totalFen * bp) / 10000));
  const rems = percentBps.map((bp, i) => ({ i, r: (totalFen * bp) % 10000 }));
  let left = totalFen - parts.reduce((a, b) => a + b, 0);
  rems.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && k < rems.length; k++, left--) parts[rems[k].i] += 1;
  return parts;
}

export interface InstalmentInput {
  percentBp: number;
  trigger: InstalmentTrigger;
  payer: Payer;
}

/** Which payers the project's funding source allows. */
export function allowedPayers(fundingSource: string, hasEnterprise: boolean): Payer[] {
  switch (fundingSource) {
    case "UNION_FUNDS":
    case "GOVERNMENT_PURCHASE": // government purchase funds are paid out through the union
      return ["UNION"];
    case "ENTERPRISE_SELF":
      return hasEnterprise ? ["ENTERPRISE"] : [];
    default: // MIXED
      return hasEnterprise ? ["UNION", "ENTERPRISE"] : ["UNION"];
  }
}

function validateInstalments(list: InstalmentInput[], payers: Payer[]): void {
  if (!Array.isArray(list) || list.length === 0) throw badRequest("error.payment.empty", "instalments");
  if (list.length > MAX_INSTALMENTS) throw badRequest("error.payment.tooMany", "instalments", { max: MAX_INSTALMENTS });
  let sum = 0;
  list.forEach((x, i) => {
    if (!Number.isInteger(x.percentBp) || x.percentBp < 1 || x.percentBp > 10000) throw badRequest("error.payment.percent", `instalments.${i}.percentBp`);
    if (!TRIGGERS.includes(x.trigger)) throw badRequest("error.invalidOption", `instalments.${i}.trigger`);
    if (!PAYERS.includes(x.payer)) throw badRequest("error.invalidOption", `instalments.${i}.payer`);
    if (!payers.includes(x.payer)) throw badRequest("error.payment.payer", `instalments.${i}.payer`);
    sum += x.percentBp;
  });
  if (sum !== 10000) throw badRequest("error.payment.percentSum", "instalments", { sum: sum / 100 });
}

export interface ScheduleRow {
  id: string;
  seq: number;
  percentBp: number;
  amountFen: number;
  trigger: InstalmentTrigger;
  payer: Payer;
  state: string;
  dueAt: Date | null;
}

/** Broker: sets (or replaces, while nothing is invoiced) the payment schedule of an awarded project. */
export async function createSchedule(actor: ActorRef, projectId: string, instalments: InstalmentInput[]): Promise<ScheduleRow[]> {
  requireRole(actor, "BROKER");
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({
      where: { id: projectId },
      select: { id: true, code: true, state: true, fundingSource: true, enterpriseId: true, award: { select: { amountFen: true } } },
    });
    if (!project) throw notFound();
    if (!project.award) throw conflict("error.payment.notAwarded");
    if (project.state === "CANCELLED" || project.state === "UNSUCCESSFUL") throw conflict("error.payment.notAwarded");
    validateInstalments(instalments, allowedPayers(project.fundingSource, !!project.enterpriseId));
    const existing = await tx.instalment.findMany({ where: { projectId }, orderBy: { seq: "asc" } });
    const invoiced = await tx.invoice.count({ where: { projectId } });
    if (invoiced > 0 || existing.some((x) => x.state === "INVOICED" || x.state === "PAID")) throw conflict("error.payment.scheduleLocked");
    const amounts = allocateByPercent(project.award.amountFen, instalments.map((x) => x.percentBp));
    await tx.instalment.deleteMany({ where: { projectId } });
    for (let i = 0; i < instalments.length; i++) {
      await tx.instalment.create({
        data: { projectId, seq: i + 1, percentBp: instalments[i].percentBp, amountFen: amounts[i], trigger: instalments[i].trigger, payer: instalments[i].payer },
      });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "payment.schedule.set",
      entityType: "Project",
      entityId: projectId,
      before: existing.length ? existing.map((x) => ({ seq: x.seq, percentBp: x.percentBp, amountFen: x.amountFen, trigger: x.trigger, payer: x.payer })) : null,
      after: instalments.map((x, i) => ({ seq: i + 1, percentBp: x.percentBp, amountFen: amounts[i], trigger: x.trigger, payer: x.payer })),
    });
    await refreshDueInstalmentsTx(tx, projectId);
    return tx.instalment.findMany({ where: { projectId }, orderBy: { seq: "asc" } });
  });
}

/**
 * Marks PENDING instalments DUE when the project has reached their trigger state. Idempotent.
 * Call it inside the transaction of every project transition (award, accept, evaluate) — the
 * lifecycle owner wires it; closeEvaluation already does.
 */
export async function refreshDueInstalmentsTx(tx: Tx, projectId: string, now = new Date()): Promise<number> {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { state: true } });
  if (!project) return 0;
  const triggers = TRIGGERS.filter((t) => TRIGGER_STATES[t].includes(project.state));
  if (triggers.length === 0) return 0;
  const r = await tx.instalment.updateMany({ where: { projectId, state: "PENDING", trigger: { in: [...triggers] } }, data: { state: "DUE", dueAt: now } });
  return r.count;
}

export async function refreshDueInstalments(projectId: string): Promise<number> {
  return db.$transaction((tx) => refreshDueInstalmentsTx(tx, projectId));
}

/** The schedule of a project (route checks who may see the project). */
export async function getSchedule(projectId: string): Promise<ScheduleRow[]> {
  return db.instalment.findMany({ where: { projectId }, orderBy: { seq: "asc" } });
}

/** ORG: the DUE instalments of its awarded projects, i.e. what it can invoice now. */
export async function listInvoiceableInstalments(actor: ActorRef) {
  if (actor.role !== "ORG" || !actor.organizationId) throw forbidden();
  const organizationId = actor.organizationId;
  return db.instalment.findMany({
    where: { state: "DUE", project: { OR: [{ award: { organizationId } }, { bundle: { award: { organizationId } } }] } },
    orderBy: [{ dueAt: "asc" }, { seq: "asc" }],
    include: { project: { select: { id: true, code: true, title: true } } },
  });
}
