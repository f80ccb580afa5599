// Mapping from database rows to search documents, and loaders used by the outbox sync worker and
// the reindex script. A loader returns null when the row must NOT be in the index (missing, a
// project still private to its enterprise, an org that is not APPROVED): the caller deletes it.
import type { Db, Tx } from "~/db.server";
import type { ProjectState } from "~/generated/sqlite/enums";
import type { OrganizationDoc, ProjectDoc } from "./port";

type DbLike = Db | Tx;

/** Project states that are never indexed (the need is private to its enterprise and the broker). */
export const UNINDEXED_PROJECT_STATES: readonly ProjectState[] = ["DRAFT", "SUBMITTED", "REJECTED"];

const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

const projectInclude = {
  enterprise: { select: { name: true } },
  category: { select: { nameZh: true } },
  district: { select: { nameZh: true } },
} as const;

export interface ProjectRow {
  id: string;
  code: string;
  title: string;
  description: string;
  categoryCode: string;
  districtCode: string;
  fundingSource: string;
  budgetFen: number;
  state: string;
  bidDeadline: Date | null;
  publishedAt: Date | null;
  createdAt: Date;
  beneficiariesPlanned: number;
  bundleId: string | null;
  enterprise: { name: string } | null;
  category: { nameZh: string } | null;
  district: { nameZh: string } | null;
}

/** Whether a project row belongs in the index. Members of a bundle are found through the bundle. */
export function isProjectIndexable(row: Pick<ProjectRow, "state" | "bundleId">): boolean {
  return !(UNINDEXED_PROJECT_STATES as readonly string[]).includes(row.state) && !row.bundleId;
}

export function projectToDoc(row: ProjectRow): ProjectDoc {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    description: row.description,
    category: row.categoryCode,
    categoryName: row.category?.nameZh ?? "",
    district: row.districtCode,
    districtName: row.district?.nameZh ?? "",
    fundingSource: row.fundingSource,
    budgetFen: row.budgetFen,
    state: row.state,
    bidDeadline: ms(row.bidDeadline),
    publishedAt: ms(row.publishedAt),
    createdAt: row.createdAt.getTime(),
    enterpriseName: row.enterprise?.name ?? null,
    beneficiariesPlanned: row.beneficiariesPlanned,
  };
}

export async function loadProjectDoc(db: DbLike, id: string): Promise<ProjectDoc | null> {
  const row = await db.project.findUnique({ where: { id }, include: projectInclude });
  if (!row || !isProjectIndexable(row)) return null;
  return projectToDoc(row);
}

const orgInclude = {
  categories: { select: { categoryCode: true, category: { select: { nameZh: true, sortOrder: true } } } },
  serviceDistricts: { select: { districtCode: true } },
  district: { select: { nameZh: true } },
} as const;

export interface OrganizationRow {
  id: string;
  name: string;
  description: string;
  activityAreas: string;
  tags: unknown;
  districtCode: string;
  grade: number | null;
  unionCoverage: string;
  incubated: boolean;
  vettingStatus: string;
  performanceScore: number | null;
  categories: { categoryCode: string; category: { nameZh: string; sortOrder: number } | null }[];
  serviceDistricts: { districtCode: string }[];
  district: { nameZh: string } | null;
}

export function isOrganizationIndexable(row: Pick<OrganizationRow, "vettingStatus">): boolean {
  return row.vettingStatus === "APPROVED";
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function organizationToDoc(row: OrganizationRow, ratingAvg: number | null): OrganizationDoc {
  const cats = [...row.categories].sort((a, b) => (a.category?.sortOrder ?? 0) - (b.category?.sortOrder ?? 0));
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    activityAreas: row.activityAreas,
    tags: stringArray(row.tags),
    categories: cats.map((c) => c.categoryCode),
    categoryNames: cats.map((c) => c.category?.nameZh ?? "").filter(Boolean),
    serviceDistricts: row.serviceDistricts.map((d) => d.districtCode).sort(),
    district: row.districtCode,
    districtName: row.district?.nameZh ?? "",
    grade: row.grade,
    unionCoverage: row.unionCoverage,
    incubated: row.incubated,
    vettingStatus: row.vettingStatus,
    performanceScore: row.performanceScore == null ? null : round2(row.performanceScore),
    ratingAvg: ratingAvg == null ? null : round2(ratingAvg),
  };
}

interface RatingAvgRow {
  _avg: { quality: number | null; timeliness: number | null; professionalism: number | null; workerResponse: number | null };
}

/** Mean of the four rating dimensions over all ratings (1..5), or null without ratings. */
function meanOfAverages(a: RatingAvgRow["_avg"]): number | null {
  const xs = [a.quality, a.timeliness, a.professionalism, a.workerResponse].filter((x): x is number => x != null);
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
}

const ratingAvgFields = { quality: true, timeliness: true, professionalism: true, workerResponse: true } as const;

export async function loadOrganizationDoc(db: DbLike, id: string): Promise<OrganizationDoc | null> {
  const row = await db.organization.findUnique({ where: { id }, include: orgInclude });
  if (!row || !isOrganizationIndexable(row)) return null;
  const agg = await db.rating.aggregate({ where: { organizationId: id }, _avg: ratingAvgFields });
  return organizationToDoc(row, meanOfAverages(agg._avg));
}

/** All indexable projects, in batches (for reindexing). */
export async function* projectDocBatches(db: DbLike, batchSize = 1000): AsyncGenerator<ProjectDoc[]> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.project.findMany({
      where: { state: { notIn: [...UNINDEXED_PROJECT_STATES] }, bundleId: null },
      include: projectInclude,
      orderBy: { id: "asc" },
      take: batchSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (rows.length === 0) return;
    yield rows.map(projectToDoc);
    cursor = rows[rows.length - 1].id;
    if (rows.length < batchSize) return;
  }
}

/** All APPROVED organizations, in batches (for reindexing). */
export async function* organizationDocBatches(db: DbLike, batchSize = 500): AsyncGenerator<OrganizationDoc[]> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.organization.findMany({
      where: { vettingStatus: "APPROVED" },
      include: orgInclude,
      orderBy: { id: "asc" },
      take: batchSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (rows.length === 0) return;
    const groups = await db.rating.groupBy({
      by: ["organizationId"],
      where: { organizationId: { in: rows.map((r) => r.id) } },
      _avg: ratingAvgFields,
    });
    const avg = new Map(groups.map((g) => [g.organizationId, meanOfAverages(g._avg)]));
    yield rows.map((r) => organizationToDoc(r, avg.get(r.id) ?? null));
    cursor = rows[rows.length - 1].id;
    if (rows.length < batchSize) return;
  }
}
