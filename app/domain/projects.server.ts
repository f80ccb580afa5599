// Projects (needs) and the lifecycle engine. Every state change goes through fireTransitionTx: ONE
// transaction that checks visibility, role, party (ownership), bundle rules, from-state, input and
// guard; moves the state with a compare-and-set on (state, version); applies the transition's own
// writes (award, delivery report, dispute…); cascades to bundle members or rolls the bundle up;
// writes the audit record, the search-outbox rows and the notifications. Repeating a transition that
// already happened (double click, retried POST, two brokers at once) returns { changed: false }
// without writing anything.
import { db, type Tx } from "~/db.server";
import type { Prisma, Project } from "~/generated/sqlite/client";
import type { ProjectState, Role, UnionRule } from "~/generated/sqlite/enums";
import { writeAudit } from "./audit.server";
import { checkAdmission, type AdmissionCheck } from "./admission";
import { DomainError, badRequest, conflict, forbidden, notFound } from "./errors";
import {
  TRANSITIONS,
  bidsAreOpen,
  getTransition,
  isTransitionName,
  rollUpBundleState,
  type NotifyTarget,
  type TransitionDef,
  type TransitionName,
} from "./lifecycle";
import { notify, transaction, type NotificationParams, type Recipients } from "./notifications.server";
import { enqueueSearch } from "./outbox.server";
import { refreshDueInstalmentsTx } from "./payments.server";
import {
  awardSchema,
  firstIssue,
  makeBundleSchema,
  makeDeliveryReportSchema,
  makeNeedSchema,
  projectFiltersSchema,
  publishSchema,
  reasonSchema,
  resolutionSchema,
  type AwardInput,
  type DeliveryReportInput,
  type NeedInput,
  type ProjectFilters,
  type PublishInput,
  type ReasonInput,
  type ResolutionInput,
} from "./projects.schema";
import type { z } from "zod";

// ---------- actors ----------

/** The acting user, as far as this module needs it (a SessionUser fits). */
export interface Actor {
  id: string;
  role: Role;
  enterpriseId?: string | null;
  organizationId?: string | null;
}

/** The deadline timer. */
export const SYSTEM_ACTOR = { id: null, role: "SYSTEM" } as const;
export type SystemActor = typeof SYSTEM_ACTOR;
export type LifecycleActor = Actor | SystemActor;

function isSystem(a: LifecycleActor): a is SystemActor {
  return a.role === "SYSTEM";
}

export const projectLink = (id: string) => `/projects/${id}`;

// ---------- loading and visibility ----------

const lifecycleInclude = {
  award: { select: { id: true, organizationId: true, bidId: true, amountFen: true } },
  bundle: { select: { id: true, code: true, state: true, version: true, award: { select: { id: true, organizationId: true, bidId: true } } } },
  members: { select: { id: true, code: true, state: true, version: true, enterpriseId: true }, orderBy: { code: "asc" } },
} satisfies Prisma.ProjectInclude;

export type LoadedProject = Prisma.ProjectGetPayload<{ include: typeof lifecycleInclude }>;

async function loadProject(client: Tx | typeof db, id: string): Promise<LoadedProject | null> {
  if (typeof id !== "string" || id.length === 0 || id.length > 64) return null;
  return client.project.findUnique({ where: { id }, include: lifecycleInclude });
}

/** The organization the project (or, for a member, its bundle) was awarded to. */
export function awardedOrgId(p: Pick<LoadedProject, "award" | "bundle">): string | null {
  return p.award?.organizationId ?? p.bundle?.award?.organizationId ?? null;
}

/** The enterprise(s) a project belongs to: its owner, or every member's owner for a bundle. */
export function ownerEnterpriseIds(p: Pick<LoadedProject, "isBundle" | "enterpriseId" | "members">): string[] {
  if (p.isBundle) return [...new Set(p.members.map((m) => m.enterpriseId).filter((x): x is string => !!x))];
  return p.enterpriseId ? [p.enterpriseId] : [];
}

async function orgHasBid(client: Tx | typeof db, p: LoadedProject, organizationId: string): Promise<boolean> {
  const ids = [p.id, ...(p.bundleId ? [p.bundleId] : [])];
  return (await client.bid.count({ where: { projectId: { in: ids }, organizationId } })) > 0;
}

/**
 * Who may see a project at all (else 404):
 * broker/admin/system everything; an enterprise its own needs and the bundles they are in; an
 * organization what is PUBLISHED (open for bids), what it bid on, and what was awarded to it.
 */
async function canSee(client: Tx | typeof db, actor: LifecycleActor, p: LoadedProject): Promise<boolean> {
  if (isSystem(actor) || actor.role === "BROKER" || actor.role === "ADMIN") return true;
  if (actor.role === "ENTERPRISE") return !!actor.enterpriseId && ownerEnterpriseIds(p).includes(actor.enterpriseId);
  if (actor.role === "ORG") {
    const orgId = actor.organizationId;
    if (!orgId) return false;
    if (p.state === "PUBLISHED") return true;
    if (awardedOrgId(p) === orgId) return true;
    return orgHasBid(client, p, orgId);
  }
  return false;
}

/** Whether the actor is the party the transition's role stands for (owner enterprise, awarded org). */
function isParty(actor: LifecycleActor, def: TransitionDef, p: LoadedProject): boolean {
  if (isSystem(actor)) return def.roles.includes("SYSTEM");
  switch (actor.role) {
    case "BROKER":
      return true;
    case "ENTERPRISE":
      return !p.isBundle && !!actor.enterpriseId && p.enterpriseId === actor.enterpriseId;
    case "ORG":
      return !!actor.organizationId && awardedOrgId(p) === actor.organizationId;
    default:
      return false;
  }
}

function roleAllowed(actor: LifecycleActor, def: TransitionDef): boolean {
  return (def.roles as readonly string[]).includes(actor.role);
}

/** Bundle rules: 409 when the transition must be fired on the bundle, or on a member. */
function bundleProblem(def: TransitionDef, p: LoadedProject): string | null {
  if (def.bundle === "single") {
    if (p.isBundle) return "error.bundle.notForBundle";
    if (p.bundleId) return "error.project.inBundle";
  } else if (def.bundle === "bundle") {
    if (p.bundleId) return "error.project.inBundle";
  } else if (def.bundle === "member") {
    if (p.isBundle) return "error.bundle.actOnMember";
  }
  return null;
}

// ---------- transition inputs ----------

export type TransitionInput =
  | Record<string, never>
  | Partial<PublishInput>
  | ReasonInput
  | AwardInput
  | DeliveryReportInput
  | ResolutionInput
  | Record<string, unknown>;

function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    const { field, code } = firstIssue(r.error);
    throw badRequest(code, field);
  }
  return r.data;
}

type ParsedInput =
  | { kind: "none" }
  | { kind: "publish"; value: PublishInput }
  | { kind: "reason"; value: ReasonInput }
  | { kind: "award"; value: AwardInput }
  | { kind: "deliveryReport"; value: DeliveryReportInput }
  | { kind: "resolution"; value: ResolutionInput };

function parseTransitionInput(def: TransitionDef, input: unknown, now: Date): ParsedInput {
  switch (def.input) {
    case "none":
      return { kind: "none" };
    case "publish":
      return { kind: "publish", value: parseInput(publishSchema, input) };
    case "reason":
      return { kind: "reason", value: parseInput(reasonSchema, input) };
    case "award":
      return { kind: "award", value: parseInput(awardSchema, input) };
    case "deliveryReport":
      return { kind: "deliveryReport", value: parseInput(makeDeliveryReportSchema({ now: () => now }), input) };
    case "resolution":
      return { kind: "resolution", value: parseInput(resolutionSchema, input) };
  }
}

// ---------- the engine ----------

export interface TransitionResult {
  project: Project;
  transition: TransitionName;
  from: ProjectState;
  to: ProjectState;
  /** False when the transition had already happened (repeat): nothing was written. */
  changed: boolean;
}

export interface FireOptions {
  now?: Date;
}

/** Audit actions that record a state change of a project (the latest one says how it got there). */
const STATE_CHANGE_ACTIONS = [...TRANSITIONS.map((t) => `project.${t.name}`), "project.rollup", "project.bundle", "project.unbundle", "project.create"];

async function lastStateChange(tx: Tx, projectId: string): Promise<{ action: string; after: unknown } | null> {
  return tx.auditLog.findFirst({
    where: { entityType: "Project", entityId: projectId, action: { in: STATE_CHANGE_ACTIONS } },
    orderBy: { seq: "desc" },
    select: { action: true, after: true },
  });
}

/** Already in the target state because THIS transition (with the same effect) put it there. */
async function alreadyDone(tx: Tx, def: TransitionDef, p: { id: string; state: ProjectState }, parsed: unknown): Promise<boolean> {
  if (p.state !== def.to) return false;
  const last = await lastStateChange(tx, p.id);
  if (!last || last.action !== `project.${def.name}`) return false;
  if (def.name === "award") {
    // Two different bids awarded at once: the second is a conflict, not a repeat.
    const bidId = (parsed as { bidId?: unknown } | null)?.bidId;
    const award = await tx.award.findUnique({ where: { projectId: p.id }, select: { bidId: true } });
    return !!award && typeof bidId === "string" && award.bidId === bidId;
  }
  return true;
}

interface ApplyResult {
  auditAfter: Record<string, unknown>;
  loserOrgIds: string[];
  winnerOrgId: string | null;
}

interface GuardContext {
  tx: Tx;
  actor: LifecycleActor;
  project: LoadedProject;
  parsed: ParsedInput;
  now: Date;
}

type GuardResult = { data?: Prisma.ProjectUpdateManyMutationInput; audit?: Record<string, unknown> };

const GUARDS: Record<NonNullable<TransitionDef["guard"]>, (c: GuardContext) => Promise<GuardResult>> = {
  async needReady({ project: p, now }) {
    if (!p.serviceStart) throw new DomainError(422, "error.required", { field: "serviceStart" });
    if (!p.serviceEnd) throw new DomainError(422, "error.required", { field: "serviceEnd" });
    if (p.bidDeadline && p.bidDeadline.getTime() <= now.getTime()) throw new DomainError(422, "error.bidDeadline.past", { field: "bidDeadline" });
    return { data: { stateReason: null } };
  },
  async bidWindowValid({ project: p, parsed, now }) {
    const given = parsed.kind === "publish" ? parsed.value.bidDeadline : undefined;
    const deadline = given ?? p.bidDeadline;
    if (!deadline) throw new DomainError(422, "error.bidDeadline.required", { field: "bidDeadline" });
    if (deadline.getTime() <= now.getTime()) throw new DomainError(422, "error.bidDeadline.past", { field: "bidDeadline" });
    if (p.serviceStart && deadline.getTime() >= p.serviceStart.getTime()) {
      throw new DomainError(422, "error.bidDeadline.afterServiceStart", { field: "bidDeadline" });
    }
    return { data: { bidDeadline: deadline, publishedAt: now, stateReason: null }, audit: { bidDeadline: deadline.toISOString() } };
  },
  async deadlinePassed({ project: p, now }) {
    if (!p.bidDeadline || p.bidDeadline.getTime() > now.getTime()) {
      throw new DomainError(409, "error.bidding.deadlineNotReached", { params: { deadline: p.bidDeadline?.toISOString() ?? "—" } });
    }
    return {};
  },
  async bidAwardable({ tx, project: p, parsed }) {
    if (parsed.kind !== "award") throw badRequest("error.invalidInput");
    const bid = await tx.bid.findUnique({
      where: { id: parsed.value.bidId },
      select: { id: true, projectId: true, state: true, organization: { select: { vettingStatus: true } } },
    });
    if (!bid || bid.projectId !== p.id) throw new DomainError(404, "error.bid.notFound", { field: "bidId" });
    if (bid.state !== "SUBMITTED") throw new DomainError(409, "error.bid.notLive", { field: "bidId", params: { state: bid.state } });
    if (bid.organization.vettingStatus !== "APPROVED") throw new DomainError(409, "error.award.orgNotApproved", { field: "bidId" });
    return {};
  },
  async disputeOpen({ tx, project: p }) {
    const open = await tx.dispute.count({ where: { projectId: p.id, resolvedAt: null } });
    if (open === 0) throw new DomainError(409, "error.dispute.none");
    return {};
  },
  async evaluationClosed({ tx, project: p }) {
    const e = await tx.evaluation.findUnique({ where: { projectId: p.id }, select: { state: true } });
    if (!e || e.state !== "CLOSED") throw new DomainError(409, "error.evaluation.notClosed");
    return {};
  },
};

function reasonOf(parsed: ParsedInput): string | null {
  if (parsed.kind === "reason") return parsed.value.reason;
  if (parsed.kind === "resolution") return parsed.value.resolution;
  if (parsed.kind === "award") return parsed.value.rationale;
  return null;
}

/** The transition's own writes, after the state compare-and-set succeeded. */
async function applyEffects(tx: Tx, actor: LifecycleActor, def: TransitionDef, p: LoadedProject, parsed: ParsedInput, now: Date): Promise<ApplyResult> {
  const result: ApplyResult = { auditAfter: {}, loserOrgIds: [], winnerOrgId: null };
  const actorId = isSystem(actor) ? null : actor.id;
  switch (def.name) {
    case "award": {
      if (parsed.kind !== "award") break;
      const bid = await tx.bid.findUniqueOrThrow({ where: { id: parsed.value.bidId }, select: { id: true, organizationId: true, amountFen: true } });
      const award = await tx.award.create({
        data: {
          projectId: p.id,
          bidId: bid.id,
          organizationId: bid.organizationId,
          amountFen: bid.amountFen,
          rationale: parsed.value.rationale,
          noConflictDeclared: true,
          approvedById: actorId as string,
          approvedAt: now,
        },
      });
      await tx.bid.update({ where: { id: bid.id }, data: { state: "AWARDED" } });
      const losers = await tx.bid.findMany({ where: { projectId: p.id, state: "SUBMITTED", id: { not: bid.id } }, select: { organizationId: true } });
      await tx.bid.updateMany({ where: { projectId: p.id, state: "SUBMITTED", id: { not: bid.id } }, data: { state: "LOST" } });
      result.winnerOrgId = bid.organizationId;
      result.loserOrgIds = losers.map((l) => l.organizationId);
      result.auditAfter = { awardId: award.id, bidId: bid.id, organizationId: bid.organizationId, amountFen: bid.amountFen, noConflictDeclared: true };
      break;
    }
    case "declare_unsuccessful": {
      const live = await tx.bid.findMany({ where: { projectId: p.id, state: "SUBMITTED" }, select: { organizationId: true } });
      await tx.bid.updateMany({ where: { projectId: p.id, state: "SUBMITTED" }, data: { state: "LOST" } });
      result.loserOrgIds = live.map((l) => l.organizationId);
      break;
    }
    case "file_delivery": {
      if (parsed.kind !== "deliveryReport") break;
      const v = parsed.value;
      const report = await tx.deliveryReport.create({
        data: {
          projectId: p.id,
          organizationId: awardedOrgId(p) as string,
          beneficiariesActual: v.beneficiariesActual,
          sessionsHeld: v.sessionsHeld,
          startDate: v.startDate,
          endDate: v.endDate,
          summary: v.summary,
          evidence: v.evidence as unknown as Prisma.InputJsonValue,
          submittedById: actorId,
          submittedAt: now,
        },
      });
      result.auditAfter = { deliveryReportId: report.id, beneficiariesActual: v.beneficiariesActual, sessionsHeld: v.sessionsHeld, evidence: v.evidence.length };
      break;
    }
    case "dispute": {
      if (parsed.kind !== "reason") break;
      const d = await tx.dispute.create({ data: { projectId: p.id, raisedById: actorId as string, reason: parsed.value.reason, createdAt: now } });
      result.auditAfter = { disputeId: d.id };
      break;
    }
    case "resolve_dispute_redeliver":
    case "resolve_dispute_accept": {
      if (parsed.kind !== "resolution") break;
      const open = await tx.dispute.findFirstOrThrow({ where: { projectId: p.id, resolvedAt: null }, orderBy: { createdAt: "desc" } });
      await tx.dispute.update({
        where: { id: open.id },
        data: { resolution: parsed.value.resolution, outcome: def.to, upheld: parsed.value.upheld, resolvedById: actorId, resolvedAt: now },
      });
      result.auditAfter = { disputeId: open.id, outcome: def.to, upheld: parsed.value.upheld };
      break;
    }
    default:
      break;
  }
  return result;
}

async function organizationsRecipients(orgIds: readonly string[]): Promise<Recipients[]> {
  return [...new Set(orgIds)].map((organizationId) => ({ organizationId }));
}

async function sendTransitionNotifications(
  tx: Tx,
  actor: LifecycleActor,
  def: TransitionDef,
  p: LoadedProject,
  applied: ApplyResult,
  bidderOrgIds: string[],
  reason: string | null,
): Promise<void> {
  const params: NotificationParams = { code: p.code, title: p.title, state: def.to };
  if (reason && def.input !== "award") params.reason = reason.length > 500 ? `${reason.slice(0, 500)}…` : reason;
  const link = projectLink(p.id);
  const exclude = isSystem(actor) ? [] : [actor.id];
  const byKind = new Map<string, Recipients[]>();
  const add = (kind: string, r: Recipients[]) => byKind.set(kind, [...(byKind.get(kind) ?? []), ...r]);
  const targets: readonly NotifyTarget[] = def.effects.notify;
  for (const target of targets) {
    switch (target) {
      case "enterprise":
        add(def.effects.notificationKind, ownerEnterpriseIds(p).map((enterpriseId) => ({ enterpriseId })));
        break;
      case "brokers":
        add(def.effects.notificationKind, [{ role: "BROKER" }]);
        break;
      case "awardedOrg": {
        const org = applied.winnerOrgId ?? awardedOrgId(p);
        if (org) add(def.name === "award" ? "award.won" : def.effects.notificationKind, [{ organizationId: org }]);
        break;
      }
      case "bidders":
        add(def.effects.notificationKind, await organizationsRecipients(bidderOrgIds));
        break;
      case "losers":
        add("award.lost", await organizationsRecipients(applied.loserOrgIds));
        break;
    }
  }
  for (const [kind, recipients] of byKind) {
    if (recipients.length) await notify(tx, recipients, kind, params, link, { exclude });
  }
}

async function casState(
  tx: Tx,
  id: string,
  from: ProjectState,
  version: number,
  to: ProjectState,
  data: Prisma.ProjectUpdateManyMutationInput = {},
): Promise<boolean> {
  const r = await tx.project.updateMany({ where: { id, state: from, version }, data: { ...data, state: to, version: { increment: 1 } } });
  return r.count === 1;
}

/** Bundle roll-up: a bundle in delivery shows the least advanced member's state. */
async function rollUpBundle(tx: Tx, bundleId: string): Promise<void> {
  const bundle = await tx.project.findUnique({ where: { id: bundleId }, select: { id: true, state: true, version: true } });
  if (!bundle) return;
  const members = await tx.project.findMany({ where: { bundleId }, select: { state: true } });
  const next = rollUpBundleState(members.map((m) => m.state));
  if (!next || next === bundle.state) return;
  if (!(await casState(tx, bundle.id, bundle.state, bundle.version, next))) throw conflict("error.transition.conflict");
  await writeAudit(tx, {
    actorId: null,
    actorRole: "SYSTEM",
    action: "project.rollup",
    entityType: "Project",
    entityId: bundle.id,
    before: { state: bundle.state, version: bundle.version },
    after: { state: next, version: bundle.version + 1 },
  });
  await enqueueSearch(tx, "projects", bundle.id);
}

/**
 * Fires a lifecycle transition inside the caller's transaction (for modules that change more in
 * the same transaction, e.g. closing an evaluation fires "evaluate"). Prefer fireTransition.
 */
export async function fireTransitionTx(
  tx: Tx,
  actor: LifecycleActor,
  projectId: string,
  name: TransitionName,
  input: unknown = {},
  options: FireOptions = {},
): Promise<TransitionResult> {
  if (!isTransitionName(name)) throw badRequest("error.transition.unknown");
  const def = getTransition(name);
  const now = options.now ?? new Date();

  const p = await loadProject(tx, projectId);
  if (!p || !(await canSee(tx, actor, p))) throw notFound();
  if (!roleAllowed(actor, def)) throw new DomainError(403, "error.transition.roleNotAllowed", { params: { transition: def.name, role: actor.role } });
  if (!isParty(actor, def, p)) throw new DomainError(403, "error.transition.notParty", { params: { transition: def.name } });
  const bundleErr = bundleProblem(def, p);
  if (bundleErr) throw conflict(bundleErr, undefined, { transition: def.name, code: p.bundle?.code ?? p.code });

  if (!def.from.includes(p.state)) {
    if (await alreadyDone(tx, def, p, input)) return { project: await tx.project.findUniqueOrThrow({ where: { id: p.id } }), transition: def.name, from: p.state, to: def.to, changed: false };
    throw conflict("error.transition.wrongState", undefined, { transition: def.name, state: p.state });
  }

  const parsed = parseTransitionInput(def, input, now);
  const guarded = def.guard ? await GUARDS[def.guard]({ tx, actor, project: p, parsed, now }) : {};
  const reason = reasonOf(parsed);
  const data: Prisma.ProjectUpdateManyMutationInput = { ...guarded.data };
  if (parsed.kind === "reason" && def.name !== "dispute") data.stateReason = reason;

  // Bidders to tell, taken before the transition changes their bids.
  const bidderOrgIds = def.effects.notify.includes("bidders")
    ? (await tx.bid.findMany({ where: { projectId: p.id, state: "SUBMITTED" }, select: { organizationId: true } })).map((b) => b.organizationId)
    : [];

  const from = p.state;
  if (!(await casState(tx, p.id, from, p.version, def.to, data))) {
    // Someone else changed the project between our read and our write.
    const now2 = await tx.project.findUnique({ where: { id: p.id }, select: { id: true, state: true } });
    if (now2 && (await alreadyDone(tx, def, now2, parsed.kind === "award" ? parsed.value : input))) {
      return { project: await tx.project.findUniqueOrThrow({ where: { id: p.id } }), transition: def.name, from, to: def.to, changed: false };
    }
    throw conflict("error.transition.conflict", undefined, { transition: def.name, state: now2?.state ?? from });
  }

  const applied = await applyEffects(tx, actor, def, p, parsed, now);
  const actorId = isSystem(actor) ? null : actor.id;
  await writeAudit(tx, {
    actorId,
    actorRole: actor.role,
    action: `project.${def.name}`,
    entityType: "Project",
    entityId: p.id,
    before: { state: from, version: p.version },
    after: { state: def.to, version: p.version + 1, ...guarded.audit, ...applied.auditAfter },
    reason,
  });
  if (def.effects.reindex) await enqueueSearch(tx, "projects", p.id);

  // Bundles: members follow bidding-phase transitions fired on the bundle.
  if (def.bundle === "bundle" && p.isBundle) {
    for (const m of p.members) {
      if (!def.from.includes(m.state)) continue;
      if (!(await casState(tx, m.id, m.state, m.version, def.to, data))) throw conflict("error.transition.conflict");
      await writeAudit(tx, {
        actorId,
        actorRole: actor.role,
        action: `project.${def.name}`,
        entityType: "Project",
        entityId: m.id,
        before: { state: m.state, version: m.version },
        after: { state: def.to, version: m.version + 1, viaBundle: p.id },
        reason,
      });
      await enqueueSearch(tx, "projects", m.id);
    }
  }
  // …and a member's delivery-phase transition rolls the bundle's state up.
  if (def.bundle === "member" && p.bundleId) await rollUpBundle(tx, p.bundleId);

  // Payment instalments triggered by the new state (on award / acceptance / evaluation) become DUE.
  const touched = [p.id, ...(def.bundle === "bundle" && p.isBundle ? p.members.map((m) => m.id) : []), ...(p.bundleId ? [p.bundleId] : [])];
  for (const id of touched) await refreshDueInstalmentsTx(tx, id, now);

  await sendTransitionNotifications(tx, actor, def, p, applied, bidderOrgIds, reason);
  const project = await tx.project.findUniqueOrThrow({ where: { id: p.id } });
  return { project, transition: def.name, from, to: def.to, changed: true };
}

/** Fires a lifecycle transition in its own transaction (emails go out after the commit). */
export async function fireTransition(
  actor: LifecycleActor,
  projectId: string,
  name: TransitionName,
  input: unknown = {},
  options: FireOptions = {},
): Promise<TransitionResult> {
  return transaction((tx) => fireTransitionTx(tx, actor, projectId, name, input, options));
}

// ---------- deadline closing ----------

/**
 * Moves every PUBLISHED project (not bundle members: they follow their bundle) whose bid deadline
 * has passed to EVALUATING. Idempotent; safe to run from several instances at once.
 */
export async function closeExpiredBidding(now: Date = new Date()): Promise<number> {
  const due = await db.project.findMany({
    where: { state: "PUBLISHED", bundleId: null, bidDeadline: { lte: now } },
    select: { id: true },
    orderBy: { bidDeadline: "asc" },
    take: 500,
  });
  let closed = 0;
  for (const { id } of due) {
    try {
      const r = await fireTransition(SYSTEM_ACTOR, id, "close_bidding", {}, { now });
      if (r.changed) closed++;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e; // someone else closed or cancelled it meanwhile
    }
  }
  return closed;
}

/** Lazy deadline close for one project (or its bundle) before it is read. */
export async function closeBiddingIfExpired(projectId: string, now: Date = new Date()): Promise<boolean> {
  const p = await db.project.findUnique({ where: { id: projectId }, select: { state: true, bidDeadline: true, bundleId: true } });
  if (!p) return false;
  if (p.bundleId) return closeBiddingIfExpired(p.bundleId, now);
  if (p.state !== "PUBLISHED" || !p.bidDeadline || p.bidDeadline.getTime() > now.getTime()) return false;
  try {
    return (await fireTransition(SYSTEM_ACTOR, projectId, "close_bidding", {}, { now })).changed;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

let timer: ReturnType<typeof setInterval> | null = null;
/** Starts the deadline timer (once per process). Returns a stop function. */
export function startDeadlineTimer(intervalMs = 60_000): () => void {
  if (!timer) {
    timer = setInterval(() => {
      closeExpiredBidding().catch((e) => console.error("[deadline] closing expired bidding failed:", e));
    }, intervalMs);
    timer.unref?.();
  }
  return () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
}

// ---------- drafts ----------

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

function shanghaiYear(d: Date): number {
  return new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
}

async function nextCode(tx: Tx, prefix: "XQ" | "JC", now: Date): Promise<string> {
  const stem = `${prefix}-${shanghaiYear(now)}-`;
  const last = await tx.project.findFirst({ where: { code: { startsWith: stem } }, orderBy: { code: "desc" }, select: { code: true } });
  const seq = last ? Number.parseInt(last.code.slice(stem.length), 10) + 1 : 1;
  return `${stem}${String(seq).padStart(4, "0")}`;
}

/** Retries a whole transaction when two writers picked the same project code at once. */
async function withCodeRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 5) throw e;
    }
  }
}

async function assertReference(tx: Tx, categoryCode: string, districtCode: string): Promise<void> {
  // Sequential: one transaction is one connection (PostgreSQL does not pipeline queries on it).
  const c = await tx.category.findUnique({ where: { code: categoryCode }, select: { code: true } });
  const d = await tx.district.findUnique({ where: { code: districtCode }, select: { code: true } });
  if (!c) throw badRequest("error.invalidOption", "categoryCode");
  if (!d) throw badRequest("error.invalidOption", "districtCode");
}

function parseNeed(input: unknown, now: Date): NeedInput {
  return parseInput(makeNeedSchema({ now: () => now }), input);
}

const NEED_FIELDS = [
  "title",
  "description",
  "categoryCode",
  "districtCode",
  "beneficiariesPlanned",
  "sessionsPlanned",
  "serviceStart",
  "serviceEnd",
  "budgetFen",
  "fundingSource",
  "bidDeadline",
  "minGrade",
  "minYearsRegistered",
  "mustServeDistrict",
  "unionRule",
] as const;

function needData(v: NeedInput) {
  const { version: _version, ...rest } = v;
  return rest;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return a === b;
}

/** An enterprise user creates a need as a DRAFT. */
export async function createDraft(actor: Actor, input: unknown, options: FireOptions = {}): Promise<Project> {
  if (actor.role !== "ENTERPRISE" || !actor.enterpriseId) throw forbidden();
  const now = options.now ?? new Date();
  const v = parseNeed(input, now);
  const enterpriseId = actor.enterpriseId;
  return withCodeRetry(() =>
    transaction(async (tx) => {
      await assertReference(tx, v.categoryCode, v.districtCode);
      const code = await nextCode(tx, "XQ", now);
      const p = await tx.project.create({ data: { ...needData(v), code, enterpriseId, state: "DRAFT", createdById: actor.id } });
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "project.create",
        entityType: "Project",
        entityId: p.id,
        after: { state: "DRAFT", code, ...needData(v) },
      });
      await enqueueSearch(tx, "projects", p.id);
      return p;
    }),
  );
}

/**
 * The owner edits a DRAFT (new, or returned by the broker). With `version` in the input, an edit
 * based on an outdated copy is refused (409 error.conflict) unless it changes nothing.
 */
export async function updateDraft(actor: Actor, projectId: string, input: unknown, options: FireOptions = {}): Promise<Project> {
  const now = options.now ?? new Date();
  return transaction(async (tx) => {
    const p = await loadProject(tx, projectId);
    if (!p || !(await canSee(tx, actor, p))) throw notFound();
    if (actor.role !== "ENTERPRISE" || p.isBundle || p.enterpriseId !== actor.enterpriseId) throw forbidden();
    if (p.state !== "DRAFT") throw conflict("error.project.notDraft", undefined, { state: p.state });
    const v = parseNeed(input, now);
    const data = needData(v);
    const changed = NEED_FIELDS.filter((k) => !sameValue(p[k], data[k]));
    if (changed.length === 0) return tx.project.findUniqueOrThrow({ where: { id: p.id } });
    if (v.version !== undefined && v.version !== p.version) throw conflict("error.conflict");
    await assertReference(tx, v.categoryCode, v.districtCode);
    const r = await tx.project.updateMany({ where: { id: p.id, state: "DRAFT", version: p.version }, data: { ...data, version: { increment: 1 } } });
    if (r.count !== 1) throw conflict("error.conflict");
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "project.update",
      entityType: "Project",
      entityId: p.id,
      before: Object.fromEntries(changed.map((k) => [k, p[k]])),
      after: Object.fromEntries(changed.map((k) => [k, data[k]])),
    });
    await enqueueSearch(tx, "projects", p.id);
    return tx.project.findUniqueOrThrow({ where: { id: p.id } });
  });
}

// ---------- bundles (集中采购) ----------

const UNION_RULE_ORDER: Record<UnionRule, number> = { NONE: 0, PREFERRED: 1, REQUIRED: 2 };

function maxOrNull(values: (number | null)[]): number | null {
  const xs = values.filter((x): x is number => x !== null && x !== undefined);
  return xs.length ? Math.max(...xs) : null;
}

/**
 * A broker merges several SUBMITTED / PUBLISHED needs (of one category, typically from different
 * enterprises) into one bundle project that is published at once: bids and the award attach to the
 * bundle; each member keeps its own delivery report, acceptance and rating. Repeating the same
 * bundling returns the existing bundle.
 */
export async function bundleNeeds(actor: Actor, needIds: readonly string[], input: unknown, options: FireOptions = {}): Promise<Project> {
  if (actor.role !== "BROKER") throw forbidden();
  const now = options.now ?? new Date();
  const v = parseInput(makeBundleSchema({ now: () => now }), { ...(input as object), needIds: [...needIds] });
  return withCodeRetry(() =>
    transaction(async (tx) => {
      const needs = await tx.project.findMany({ where: { id: { in: v.needIds } }, include: { bids: { where: { state: "SUBMITTED" }, select: { id: true } } } });
      if (needs.length !== v.needIds.length) throw notFound();
      // Repeat of a bundling that already happened: the same needs, all in one bundle.
      const bundleIds = new Set(needs.map((n) => n.bundleId));
      if (bundleIds.size === 1 && needs[0].bundleId) {
        const existing = await tx.project.findUniqueOrThrow({ where: { id: needs[0].bundleId }, include: { members: { select: { id: true } } } });
        if (existing.members.length === needs.length) {
          const { members: _m, ...rest } = existing;
          return rest;
        }
      }
      for (const n of needs) {
        if (n.isBundle) throw conflict("error.bundle.nested", "needIds", { code: n.code });
        if (n.bundleId) throw conflict("error.bundle.alreadyBundled", "needIds", { code: n.code });
        if (n.state !== "SUBMITTED" && n.state !== "PUBLISHED") throw conflict("error.bundle.needState", "needIds", { code: n.code, state: n.state });
        if (n.bids.length > 0) throw conflict("error.bundle.memberHasBids", "needIds", { code: n.code });
      }
      const category = needs[0].categoryCode;
      if (needs.some((n) => n.categoryCode !== category)) throw new DomainError(422, "error.bundle.categoryMismatch", { field: "needIds" });
      const starts = needs.map((n) => n.serviceStart).filter((d): d is Date => !!d);
      const ends = needs.map((n) => n.serviceEnd).filter((d): d is Date => !!d);
      const serviceStart = starts.length ? new Date(Math.min(...starts.map((d) => d.getTime()))) : null;
      const serviceEnd = ends.length ? new Date(Math.max(...ends.map((d) => d.getTime()))) : null;
      if (serviceStart && v.bidDeadline.getTime() >= serviceStart.getTime()) {
        throw new DomainError(422, "error.bidDeadline.afterServiceStart", { field: "bidDeadline" });
      }
      const districtCode = v.districtCode ?? needs[0].districtCode;
      await assertReference(tx, category, districtCode);
      const funding = new Set(needs.map((n) => n.fundingSource));
      const code = await nextCode(tx, "JC", now);
      const bundle = await tx.project.create({
        data: {
          code,
          isBundle: true,
          enterpriseId: null,
          title: v.title,
          description: v.description,
          categoryCode: category,
          districtCode,
          beneficiariesPlanned: needs.reduce((s, n) => s + n.beneficiariesPlanned, 0),
          sessionsPlanned: needs.reduce((s, n) => s + n.sessionsPlanned, 0),
          serviceStart,
          serviceEnd,
          budgetFen: needs.reduce((s, n) => s + n.budgetFen, 0),
          fundingSource: funding.size === 1 ? needs[0].fundingSource : "MIXED",
          bidDeadline: v.bidDeadline,
          publishedAt: now,
          state: "PUBLISHED",
          minGrade: maxOrNull(needs.map((n) => n.minGrade)),
          minYearsRegistered: maxOrNull(needs.map((n) => n.minYearsRegistered)),
          mustServeDistrict: needs.some((n) => n.mustServeDistrict),
          unionRule: needs.reduce<UnionRule>((r, n) => (UNION_RULE_ORDER[n.unionRule] > UNION_RULE_ORDER[r] ? n.unionRule : r), "NONE"),
          createdById: actor.id,
        },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "project.create",
        entityType: "Project",
        entityId: bundle.id,
        after: { state: "PUBLISHED", code, isBundle: true, members: needs.map((n) => n.id), bidDeadline: v.bidDeadline.toISOString(), budgetFen: bundle.budgetFen },
      });
      await enqueueSearch(tx, "projects", bundle.id);
      for (const n of needs) {
        const r = await tx.project.updateMany({
          where: { id: n.id, state: n.state, version: n.version, bundleId: null },
          data: { state: "PUBLISHED", bundleId: bundle.id, version: { increment: 1 } },
        });
        if (r.count !== 1) throw conflict("error.conflict");
        await writeAudit(tx, {
          actorId: actor.id,
          actorRole: actor.role,
          action: "project.bundle",
          entityType: "Project",
          entityId: n.id,
          before: { state: n.state, version: n.version, bundleId: null },
          after: { state: "PUBLISHED", version: n.version + 1, bundleId: bundle.id },
        });
        await enqueueSearch(tx, "projects", n.id);
        if (n.enterpriseId) {
          await notify(tx, { enterpriseId: n.enterpriseId }, "need.bundled", { code: n.code, title: n.title, bundleCode: code }, projectLink(n.id));
        }
      }
      return bundle;
    }),
  );
}

/**
 * A broker dissolves a bundle that has no live bids (still PUBLISHED) or failed (UNSUCCESSFUL):
 * the bundle is CANCELLED and its members go back to SUBMITTED for individual review.
 */
export async function unbundle(actor: Actor, bundleId: string, input: unknown = {}): Promise<Project> {
  if (actor.role !== "BROKER") throw forbidden();
  const reasonIn = (input as { reason?: unknown } | null)?.reason;
  const reason = typeof reasonIn === "string" && reasonIn.trim() ? parseInput(reasonSchema, input).reason : null;
  return transaction(async (tx) => {
    const b = await loadProject(tx, bundleId);
    if (!b || !b.isBundle) throw notFound();
    if (b.state === "CANCELLED" && b.members.length === 0) {
      const last = await lastStateChange(tx, b.id);
      if (last?.action === "project.unbundle") return tx.project.findUniqueOrThrow({ where: { id: b.id } });
    }
    if (b.state !== "PUBLISHED" && b.state !== "UNSUCCESSFUL") throw conflict("error.bundle.cannotUnbundle", undefined, { state: b.state });
    if (b.state === "PUBLISHED" && (await tx.bid.count({ where: { projectId: b.id, state: "SUBMITTED" } })) > 0) {
      throw conflict("error.bundle.hasBids");
    }
    if (!(await casState(tx, b.id, b.state, b.version, "CANCELLED", { stateReason: reason ?? "unbundled" }))) throw conflict("error.conflict");
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "project.unbundle",
      entityType: "Project",
      entityId: b.id,
      before: { state: b.state, version: b.version, members: b.members.map((m) => m.id) },
      after: { state: "CANCELLED", version: b.version + 1, members: [] },
      reason,
    });
    await enqueueSearch(tx, "projects", b.id);
    for (const m of b.members) {
      const r = await tx.project.updateMany({
        where: { id: m.id, version: m.version, bundleId: b.id },
        data: { state: "SUBMITTED", bundleId: null, version: { increment: 1 } },
      });
      if (r.count !== 1) throw conflict("error.conflict");
      await writeAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: "project.unbundle",
        entityType: "Project",
        entityId: m.id,
        before: { state: m.state, version: m.version, bundleId: b.id },
        after: { state: "SUBMITTED", version: m.version + 1, bundleId: null },
        reason,
      });
      await enqueueSearch(tx, "projects", m.id);
      if (m.enterpriseId) {
        await notify(tx, { enterpriseId: m.enterpriseId }, "need.unbundled", { code: m.code, bundleCode: b.code }, projectLink(m.id), { exclude: [actor.id] });
      }
    }
    return tx.project.findUniqueOrThrow({ where: { id: b.id } });
  });
}

// ---------- reading ----------

/** Prisma filter of the projects an actor may see (same rule as canSee). */
/** Projects an organization bid on or was awarded (its bundles included: their members follow them). */
async function ownProjectIds(organizationId: string): Promise<string[]> {
  const [bids, awards] = await Promise.all([
    db.bid.findMany({ where: { organizationId }, select: { projectId: true } }),
    db.award.findMany({ where: { organizationId }, select: { projectId: true } }),
  ]);
  return [...new Set([...bids.map((b) => b.projectId), ...awards.map((a) => a.projectId)])];
}

export function visibleWhere(actor: LifecycleActor): Prisma.ProjectWhereInput {
  if (isSystem(actor) || actor.role === "BROKER" || actor.role === "ADMIN") return {};
  if (actor.role === "ENTERPRISE") {
    if (!actor.enterpriseId) return { id: "__none__" };
    return { OR: [{ enterpriseId: actor.enterpriseId }, { isBundle: true, members: { some: { enterpriseId: actor.enterpriseId } } }] };
  }
  if (actor.role === "ORG") {
    const organizationId = actor.organizationId;
    if (!organizationId) return { id: "__none__" };
    return {
      OR: [
        { state: "PUBLISHED" },
        { bids: { some: { organizationId } } },
        { bundle: { bids: { some: { organizationId } } } },
        { award: { organizationId } },
        { bundle: { award: { organizationId } } },
      ],
    };
  }
  return { id: "__none__" };
}

const listSelect = {
  id: true,
  code: true,
  title: true,
  state: true,
  categoryCode: true,
  districtCode: true,
  budgetFen: true,
  beneficiariesPlanned: true,
  bidDeadline: true,
  serviceStart: true,
  serviceEnd: true,
  publishedAt: true,
  isBundle: true,
  bundleId: true,
  fundingSource: true,
  unionRule: true,
  updatedAt: true,
  createdAt: true,
  enterprise: { select: { id: true, name: true } },
} satisfies Prisma.ProjectSelect;

export type ProjectListItem = Prisma.ProjectGetPayload<{ select: typeof listSelect }>;

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

function pageOf(page: Partial<PageRequest> | undefined): PageRequest {
  const pageSize = Math.min(Math.max(1, Math.floor(page?.pageSize ?? 20) || 20), 100);
  const p = Math.max(1, Math.floor(page?.page ?? 1) || 1);
  return { page: p, pageSize };
}

/**
 * Projects the actor may see, newest activity first. Filters: state(s), district, category, text in
 * title/code, `mine` (ORG: only those it bid on or holds; others: ignored), `bundled`.
 * Organizations see open bundles, not their members (bids go to the bundle).
 */
export async function listProjects(actor: LifecycleActor, filters: unknown = {}, page?: Partial<PageRequest>): Promise<Paged<ProjectListItem>> {
  const f: ProjectFilters = parseInput(projectFiltersSchema, filters ?? {});
  const pg = pageOf(page);
  await closeExpiredBidding().catch(() => 0);
  const and: Prisma.ProjectWhereInput[] = [visibleWhere(actor)];
  if (f.state?.length) and.push({ state: { in: f.state } });
  if (f.districtCode) and.push({ districtCode: f.districtCode });
  if (f.categoryCode) and.push({ categoryCode: f.categoryCode });
  if (f.q) and.push({ OR: [{ title: { contains: f.q } }, { code: { contains: f.q.toUpperCase() } }] });
  if (f.bundled === "only") and.push({ OR: [{ isBundle: true }, { bundleId: { not: null } }] });
  if (f.bundled === "exclude") and.push({ isBundle: false, bundleId: null });
  if (!isSystem(actor) && actor.role === "ORG" && actor.organizationId) {
    // The same visibility as visibleWhere, minus open bundle members (bids go to the bundle), but
    // as plain indexed conditions: the org's own projects as id lists read first (its bids and
    // awards are few), instead of four correlated sub-queries per project row. At 100,000 projects
    // that made the count alone ~150 ms.
    const own = await ownProjectIds(actor.organizationId);
    const involved: Prisma.ProjectWhereInput = { OR: [{ id: { in: own } }, { bundleId: { in: own } }] };
    const open: Prisma.ProjectWhereInput = { state: "PUBLISHED", bundleId: null };
    const other: Prisma.ProjectWhereInput = { state: { not: "PUBLISHED" }, ...involved };
    if (f.mine) and[0] = { AND: [{ OR: [{ bundleId: null }, { NOT: { state: "PUBLISHED" } }] }, involved] };
    else {
      // Two disjoint parts, counted apart: each is an index lookup, their OR is a full scan.
      const rest = and.slice(1);
      const [items, open_, other_] = await Promise.all([
        db.project.findMany({ where: { AND: [{ OR: [open, other] }, ...rest] }, select: listSelect, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], skip: (pg.page - 1) * pg.pageSize, take: pg.pageSize }),
        db.project.count({ where: { AND: [open, ...rest] } }),
        own.length ? db.project.count({ where: { AND: [other, ...rest] } }) : Promise.resolve(0),
      ]);
      return { items, total: open_ + other_, page: pg.page, pageSize: pg.pageSize };
    }
  }
  const where: Prisma.ProjectWhereInput = { AND: and };
  const [items, total] = await Promise.all([
    db.project.findMany({ where, select: listSelect, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], skip: (pg.page - 1) * pg.pageSize, take: pg.pageSize }),
    db.project.count({ where }),
  ]);
  return { items, total, page: pg.page, pageSize: pg.pageSize };
}

/** Counts per state of the projects the actor may see (dashboards). */
export async function countProjectsByState(actor: LifecycleActor): Promise<Partial<Record<ProjectState, number>>> {
  await closeExpiredBidding().catch(() => 0);
  const rows = await db.project.groupBy({ by: ["state"], where: visibleWhere(actor), _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.state, r._count._all]));
}

/** Transitions the actor could fire now (role, party, bundle rule and state; guards not evaluated). */
export function allowedTransitions(actor: LifecycleActor, p: LoadedProject): TransitionName[] {
  return TRANSITIONS.filter((def) => def.from.includes(p.state) && roleAllowed(actor, def) && isParty(actor, def, p) && !bundleProblem(def, p)).map((d) => d.name);
}

const detailInclude = {
  ...lifecycleInclude,
  category: true,
  district: true,
  enterprise: { select: { id: true, name: true, districtCode: true } },
  attachments: { orderBy: { createdAt: "asc" } },
  bundle: { select: { id: true, code: true, title: true, state: true, version: true, award: { select: { id: true, organizationId: true, bidId: true } } } },
  members: {
    select: { id: true, code: true, title: true, state: true, version: true, enterpriseId: true, budgetFen: true, beneficiariesPlanned: true, enterprise: { select: { name: true } } },
    orderBy: { code: "asc" },
  },
} satisfies Prisma.ProjectInclude;

export type ProjectDetailRow = Prisma.ProjectGetPayload<{ include: typeof detailInclude }>;

export interface ProjectDetail {
  project: ProjectDetailRow;
  /** Award (winner and amount), shown after the award to everyone who can see the project. */
  award: { id: string; organizationId: string; organizationName: string; amountFen: number; rationale: string; approvedAt: Date } | null;
  /** Live bids (count only: amounts and plans are sealed until the deadline). */
  bidCount: number;
  bidsOpen: boolean;
  /** ORG: its own bid on this project (or its bundle). */
  myBid: { id: string; state: string; amountFen: number; updatedAt: Date } | null;
  /** ORG: the admission conditions checked against its organization. */
  admission: AdmissionCheck[] | null;
  /** Delivery reports, disputes and ratings: owner enterprise(s), broker/admin and the awarded org. */
  deliveryReports: Prisma.DeliveryReportGetPayload<object>[];
  disputes: Prisma.DisputeGetPayload<object>[];
  ratings: Prisma.RatingGetPayload<object>[];
  allowedTransitions: TransitionName[];
  canEdit: boolean;
  canBid: boolean;
}

/** One project as the actor may see it (404 otherwise). Closes expired bidding first. */
export async function getProjectForActor(actor: LifecycleActor, projectId: string, options: FireOptions = {}): Promise<ProjectDetail> {
  const now = options.now ?? new Date();
  if (typeof projectId !== "string" || !projectId || projectId.length > 64) throw notFound();
  await closeBiddingIfExpired(projectId, now);
  const p = await db.project.findUnique({ where: { id: projectId }, include: detailInclude });
  if (!p) throw notFound();
  const loaded = p as unknown as LoadedProject;
  if (!(await canSee(db, actor, loaded))) throw notFound();
  seenBy.set(p, actorKey(actor));

  const awardRow = p.award ?? (p.bundle?.award ? { id: p.bundle.award.id } : null);
  const award = awardRow
    ? await db.award.findUnique({ where: { id: awardRow.id }, include: { organization: { select: { name: true } } } })
    : null;
  const biddingProjectId = p.bundleId ?? p.id;
  const bidCount = await db.bid.count({ where: { projectId: biddingProjectId, state: { in: ["SUBMITTED", "AWARDED", "LOST"] } } });

  const orgId = !isSystem(actor) && actor.role === "ORG" ? actor.organizationId ?? null : null;
  let myBid: ProjectDetail["myBid"] = null;
  let admission: AdmissionCheck[] | null = null;
  if (orgId) {
    const b = await db.bid.findUnique({ where: { projectId_organizationId: { projectId: biddingProjectId, organizationId: orgId } } });
    if (b) myBid = { id: b.id, state: b.state, amountFen: b.amountFen, updatedAt: b.updatedAt };
    const org = await db.organization.findUnique({ where: { id: orgId }, include: { serviceDistricts: { select: { districtCode: true } } } });
    if (org) admission = checkAdmission(p, { ...org, serviceDistrictCodes: org.serviceDistricts.map((s) => s.districtCode) }, now);
  }

  const enterpriseSide = !isSystem(actor) && actor.role === "ENTERPRISE";
  const privileged =
    isSystem(actor) || actor.role === "BROKER" || actor.role === "ADMIN" || enterpriseSide || (!!orgId && awardedOrgId(loaded) === orgId);
  // In a bundle, an enterprise sees only its own member need(s), not the other enterprises'.
  if (enterpriseSide && p.isBundle) p.members = p.members.filter((m) => m.enterpriseId === (actor as Actor).enterpriseId);
  const deliveryIds = p.isBundle ? [p.id, ...p.members.map((m) => m.id)] : [p.id];
  const [deliveryReports, disputes, ratings] = privileged
    ? await Promise.all([
        db.deliveryReport.findMany({ where: { projectId: { in: deliveryIds } }, orderBy: { submittedAt: "desc" } }),
        db.dispute.findMany({ where: { projectId: { in: deliveryIds } }, orderBy: { createdAt: "desc" } }),
        db.rating.findMany({ where: { projectId: { in: deliveryIds } }, orderBy: { createdAt: "desc" } }),
      ])
    : [[], [], []];

  const allowed = allowedTransitions(actor, loaded);
  return {
    project: p,
    award: award
      ? { id: award.id, organizationId: award.organizationId, organizationName: award.organization.name, amountFen: award.amountFen, rationale: award.rationale, approvedAt: award.approvedAt }
      : null,
    bidCount,
    bidsOpen: bidsAreOpen(p.bundle?.state ?? p.state),
    myBid,
    admission,
    deliveryReports,
    disputes,
    ratings,
    allowedTransitions: allowed,
    canEdit: enterpriseSide && p.state === "DRAFT" && !p.isBundle && p.enterpriseId === (actor as Actor).enterpriseId,
    canBid:
      !!orgId &&
      p.state === "PUBLISHED" &&
      !p.bundleId &&
      !!p.bidDeadline &&
      p.bidDeadline.getTime() > now.getTime() &&
      (admission?.every((c) => c.ok) ?? false),
  };
}

// ---------- shared with bids / delivery ----------

/** Loads a project for a non-transition operation with the same 404 rule. */
/**
 * Projects that getProjectForActor loaded and checked for an actor in this process (object identity:
 * a client cannot forge one). Lets the other readers of the same page skip loading and checking the
 * project again (the project page loaded it three times).
 */
const seenBy = new WeakMap<object, string>();
const actorKey = (a: LifecycleActor) => (isSystem(a) ? "SYSTEM" : `${a.role}:${a.id}:${a.enterpriseId ?? ""}:${a.organizationId ?? ""}`);

/** The project as a reader may see it; `known`: the project getProjectForActor returned for the same actor. */
export async function loadVisibleProject(tx: Tx | typeof db, actor: LifecycleActor, projectId: string, known?: object): Promise<LoadedProject> {
  if (known && tx === db && seenBy.get(known) === actorKey(actor) && (known as { id?: unknown }).id === projectId) return known as LoadedProject;
  const p = await loadProject(tx, projectId);
  if (!p || !(await canSee(tx, actor, p))) throw notFound();
  return p;
}

export { parseInput as parseWithSchema, isUniqueViolation };
