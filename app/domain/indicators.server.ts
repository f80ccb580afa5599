// Indicator systems: a per-year weighted tree of performance indicators that an admin edits.
// Rows: IndicatorSystem (year, name, active) + Indicator (parentId, level 1–3, weightBp, kind, config).
// Every write is validated with validateTree (scoring.ts) and audited in the same transaction.
import { db, type Db, type Tx } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import type { Role } from "~/generated/sqlite/enums";
import { writeAudit } from "./audit.server";
import { DomainError, badRequest, conflict, forbidden, notFound } from "./errors";
import { validateTree, type IndicatorConfig, type IndicatorKindName, type IndicatorNode } from "./scoring";

/** The acting user, as far as the domain needs it (a SessionUser fits). */
export interface ActorRef {
  id: string;
  role: Role;
  organizationId?: string | null;
  enterpriseId?: string | null;
}

type Client = Db | Tx;

export function requireRole(actor: ActorRef, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden();
}

/**
 * The default system, modelled on common public-service purchase evaluations (项目完成 25%, 产出 25%,
 * 质量与满意度 30%, 项目管理 10%, 社会效益 10%). Weights in basis points; siblings sum to 10000.
 */
export function defaultIndicatorTree(): IndicatorNode[] {
  return [
    {
      code: "completion", nameZh: "项目完成", nameEn: "Completion", weightBp: 2500, kind: "GROUP",
      children: [
        { code: "completion.ontime", nameZh: "按期完成", nameEn: "Delivered on time", weightBp: 6000, kind: "ON_TIME", config: { graceDays: 0, pointsPerDayLate: 5 } },
        { code: "completion.plan", nameZh: "服务方案执行情况", nameEn: "Execution of the service plan", weightBp: 4000, kind: "BROKER_ASSESSMENT" },
      ],
    },
    {
      code: "output", nameZh: "产出", nameEn: "Output", weightBp: 2500, kind: "GROUP",
      children: [
        { code: "output.people", nameZh: "服务人次完成率", nameEn: "People served vs planned", weightBp: 5000, kind: "PEOPLE_RATIO", config: { bands: [[10000, 10000], [8000, 6667], [6000, 3333]] } },
        { code: "output.sessions", nameZh: "服务场次完成率", nameEn: "Sessions held vs planned", weightBp: 5000, kind: "SESSIONS_RATIO", config: { bands: [[10000, 10000], [8000, 6667], [6000, 3333]] } },
      ],
    },
    {
      code: "quality", nameZh: "质量与满意度", nameEn: "Quality and satisfaction", weightBp: 3000, kind: "GROUP",
      children: [
        { code: "quality.enterprise", nameZh: "企业评价", nameEn: "Enterprise rating", weightBp: 5000, kind: "ENTERPRISE_RATING" },
        { code: "quality.workers", nameZh: "职工满意度", nameEn: "Worker satisfaction", weightBp: 5000, kind: "SURVEY", config: { minResponses: 1 } },
      ],
    },
    {
      code: "management", nameZh: "项目管理", nameEn: "Project management", weightBp: 1000, kind: "GROUP",
      children: [
        { code: "management.records", nameZh: "过程资料与台账", nameEn: "Records and documentation", weightBp: 6000, kind: "BROKER_ASSESSMENT" },
        { code: "management.complaints", nameZh: "有效投诉", nameEn: "Upheld complaints", weightBp: 4000, kind: "PENALTY", config: { pointsPerItem: 50 } },
      ],
    },
    {
      code: "impact", nameZh: "社会效益", nameEn: "Impact", weightBp: 1000, kind: "GROUP",
      children: [
        { code: "impact.broker", nameZh: "社会效益与可持续性", nameEn: "Social benefit and sustainability", weightBp: 10000, kind: "BROKER_ASSESSMENT" },
      ],
    },
  ];
}

/** Throws a 400 DomainError carrying the first tree issue (field = the node's path). */
export function assertValidTree(tree: IndicatorNode[]): void {
  const issues = validateTree(tree);
  if (issues.length > 0) {
    const first = issues[0];
    throw new DomainError(400, first.code, { field: first.path ? `tree.${first.path}` : "tree", params: first.params });
  }
}

type IndicatorRow = { id: string; parentId: string | null; code: string; nameZh: string; nameEn: string; weightBp: number; kind: string; config: unknown; sortOrder: number };

/** Builds the tree of a system from its rows (children ordered by sortOrder). */
export function treeFromRows(rows: IndicatorRow[]): IndicatorNode[] {
  const byParent = new Map<string | null, IndicatorRow[]>();
  for (const r of rows) {
    const list = byParent.get(r.parentId) ?? [];
    list.push(r);
    byParent.set(r.parentId, list);
  }
  const build = (parentId: string | null): IndicatorNode[] =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))
      .map((r) => {
        const node: IndicatorNode = { code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, weightBp: r.weightBp, kind: r.kind as IndicatorKindName };
        if (r.config !== null && r.config !== undefined) node.config = r.config as IndicatorConfig;
        const kids = build(r.id);
        if (kids.length > 0 || r.kind === "GROUP") node.children = kids;
        return node;
      });
  return build(null);
}

export async function loadTree(client: Client, systemId: string): Promise<IndicatorNode[]> {
  const rows = await client.indicator.findMany({ where: { systemId } });
  return treeFromRows(rows);
}

async function writeTree(tx: Tx, systemId: string, tree: IndicatorNode[]): Promise<void> {
  await tx.indicator.deleteMany({ where: { systemId } });
  const insert = async (nodes: IndicatorNode[], parentId: string | null, level: number) => {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      const row = await tx.indicator.create({
        data: {
          systemId,
          parentId,
          level,
          code: n.code,
          nameZh: n.nameZh.trim(),
          nameEn: n.nameEn.trim(),
          weightBp: n.weightBp,
          kind: n.kind,
          config: n.config ? (n.config as Prisma.InputJsonValue) : undefined,
          sortOrder: i,
        },
        select: { id: true },
      });
      if (n.children?.length) await insert(n.children, row.id, level + 1);
    }
  };
  await insert(tree, null, 1);
}

export interface IndicatorSystemSummary {
  id: string;
  year: number;
  name: string;
  active: boolean;
  indicatorCount: number;
  evaluationCount: number;
  updatedAt: Date;
}

export async function listIndicatorSystems(): Promise<IndicatorSystemSummary[]> {
  const rows = await db.indicatorSystem.findMany({
    orderBy: [{ year: "desc" }, { name: "asc" }],
    include: { _count: { select: { indicators: true, evaluations: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    name: r.name,
    active: r.active,
    indicatorCount: r._count.indicators,
    evaluationCount: r._count.evaluations,
    updatedAt: r.updatedAt,
  }));
}

export async function getIndicatorSystem(systemId: string): Promise<{ id: string; year: number; name: string; active: boolean; tree: IndicatorNode[]; closedEvaluations: number }> {
  const s = await db.indicatorSystem.findUnique({ where: { id: systemId } });
  if (!s) throw notFound();
  const tree = await loadTree(db, systemId);
  const closedEvaluations = await db.evaluation.count({ where: { systemId, state: "CLOSED" } });
  return { id: s.id, year: s.year, name: s.name, active: s.active, tree, closedEvaluations };
}

/**
 * The system that applies to a year: the active system of that year, else the most recent active
 * system of an earlier year (a year without its own system keeps using last year's).
 */
export async function systemForYear(client: Client, year: number): Promise<{ id: string; year: number; name: string } | null> {
  return client.indicatorSystem.findFirst({
    where: { active: true, year: { lte: year } },
    orderBy: [{ year: "desc" }, { updatedAt: "desc" }],
    select: { id: true, year: true, name: true },
  });
}

async function assertNameFree(client: Client, year: number, name: string): Promise<void> {
  const taken = await client.indicatorSystem.findUnique({ where: { year_name: { year, name } }, select: { id: true } });
  if (taken) throw conflict("error.indicators.nameTaken", "name", { year, name });
}

/** Admin: creates the system of a year with the given tree (the default tree when none is given). */
export async function createIndicatorSystem(
  actor: ActorRef,
  input: { year: number; name: string; tree?: IndicatorNode[] },
): Promise<{ id: string }> {
  requireRole(actor, "ADMIN");
  const tree = input.tree ?? defaultIndicatorTree();
  assertValidTree(tree);
  const name = input.name.trim();
  if (!name) throw badRequest("error.required", "name");
  await assertNameFree(db, input.year, name);
  return db.$transaction(async (tx) => {
    await assertNameFree(tx, input.year, name);
    const s = await tx.indicatorSystem.create({ data: { year: input.year, name, active: true } });
    await writeTree(tx, s.id, tree);
    // One active system per year: the new one.
    await tx.indicatorSystem.updateMany({ where: { year: input.year, id: { not: s.id } }, data: { active: false } });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "indicator.system.create",
      entityType: "IndicatorSystem",
      entityId: s.id,
      after: { year: input.year, name, tree },
    });
    return { id: s.id };
  });
}

/** Admin: copies a system (e.g. last year's) into a new system for `year`. */
export async function copyIndicatorSystem(
  actor: ActorRef,
  input: { fromSystemId: string; year: number; name?: string },
): Promise<{ id: string }> {
  requireRole(actor, "ADMIN");
  const from = await db.indicatorSystem.findUnique({ where: { id: input.fromSystemId } });
  if (!from) throw notFound();
  const tree = await loadTree(db, from.id);
  const name = input.name?.trim() || from.name;
  return createIndicatorSystem(actor, { year: input.year, name, tree });
}

/** Admin: copies the most recent system of an earlier year into `year` (the "copy last year's" button). */
export async function copyLastYearIndicatorSystem(actor: ActorRef, year: number): Promise<{ id: string }> {
  requireRole(actor, "ADMIN");
  const last = await db.indicatorSystem.findFirst({ where: { year: { lt: year } }, orderBy: [{ year: "desc" }, { active: "desc" }, { updatedAt: "desc" }] });
  if (!last) throw notFound("error.indicators.noPrevious");
  return copyIndicatorSystem(actor, { fromSystemId: last.id, year });
}

/**
 * Admin: replaces the tree of a system. Refused (409) once a CLOSED evaluation used the system —
 * the scores of closed evaluations must stay comparable; copy the system instead. (Every evaluation
 * also stores a snapshot of the tree it was scored with, so its score stays reproducible regardless.)
 */
export async function updateIndicatorTree(actor: ActorRef, systemId: string, tree: IndicatorNode[], name?: string): Promise<void> {
  requireRole(actor, "ADMIN");
  assertValidTree(tree);
  await db.$transaction(async (tx) => {
    const s = await tx.indicatorSystem.findUnique({ where: { id: systemId } });
    if (!s) throw notFound();
    const used = await tx.evaluation.count({ where: { systemId, state: "CLOSED" } });
    if (used > 0) throw conflict("error.indicators.inUse", undefined, { count: used });
    const before = await loadTree(tx, systemId);
    const newName = name?.trim() || s.name;
    if (newName !== s.name) {
      await assertNameFree(tx, s.year, newName);
      await tx.indicatorSystem.update({ where: { id: systemId }, data: { name: newName } });
    }
    await writeTree(tx, systemId, tree);
    await tx.indicatorSystem.update({ where: { id: systemId }, data: { updatedAt: new Date() } });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "indicator.tree.update",
      entityType: "IndicatorSystem",
      entityId: systemId,
      before: { name: s.name, tree: before },
      after: { name: newName, tree },
    });
  });
}

/** Admin: activates a system (deactivating the year's others) or deactivates it. */
export async function setIndicatorSystemActive(actor: ActorRef, systemId: string, active: boolean): Promise<void> {
  requireRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    const s = await tx.indicatorSystem.findUnique({ where: { id: systemId } });
    if (!s) throw notFound();
    if (s.active === active) return;
    if (active) await tx.indicatorSystem.updateMany({ where: { year: s.year, id: { not: s.id } }, data: { active: false } });
    await tx.indicatorSystem.update({ where: { id: systemId }, data: { active } });
    await writeAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: active ? "indicator.system.activate" : "indicator.system.deactivate",
      entityType: "IndicatorSystem",
      entityId: systemId,
      before: { active: s.active },
      after: { active },
    });
  });
}

/** For the seed: makes sure `year` has an active system (the default tree, named "默认指标体系"). */
export async function ensureDefaultIndicatorSystem(year: number, name = "默认指标体系"): Promise<{ id: string; created: boolean }> {
  const existing = await db.indicatorSystem.findFirst({ where: { year, active: true }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const tree = defaultIndicatorTree();
  assertValidTree(tree);
  return db.$transaction(async (tx) => {
    const s = await tx.indicatorSystem.upsert({ where: { year_name: { year, name } }, create: { year, name, active: true }, update: { active: true } });
    await writeTree(tx, s.id, tree);
    await writeAudit(tx, { actorId: null, actorRole: "SYSTEM", action: "indicator.system.create", entityType: "IndicatorSystem", entityId: s.id, after: { year, name, tree } });
    return { id: s.id, created: true };
  });
}
