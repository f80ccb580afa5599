// The organization ledger (台账): a filterable, paginated table of all organizations and the
// dashboard aggregates. Counts come from the database (groupBy / count); the two JSON- or
// date-derived breakdowns (funding source, growth by month) are computed from one narrow select of
// the same filtered set, so every number equals what a direct query returns. Staff only.
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import type { UnionCoverage, VettingStatus } from "~/generated/sqlite/enums";
import { assertStaff, type DomainActor } from "./organizations.server";
import {
  formatDateOnly,
  ledgerFilterSchema,
  ORG_FUNDING_KINDS,
  readFundingSources,
  UNION_COVERAGES,
  VETTING_STATUSES,
  type LedgerFilter,
  type LedgerFilterInput,
  type OrgFundingKind,
} from "./organizations.schema";
import { gradeStatus, shanghaiDate, type GradeStatus } from "./vetting.server";

/** Parses URL search params (or a plain object) into a ledger filter; bad values are dropped. */
export function parseLedgerFilter(input: URLSearchParams | LedgerFilterInput | Record<string, unknown>): LedgerFilter {
  const obj = input instanceof URLSearchParams ? Object.fromEntries(input) : input;
  return ledgerFilterSchema.parse(obj);
}

/** The filter as URL search params (for links: pagination, export of exactly this filter). */
export function ledgerFilterToSearchParams(f: Partial<LedgerFilter>, opts: { withPage?: boolean } = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.district) p.set("district", f.district);
  if (f.category) p.set("category", f.category);
  if (f.grade !== undefined) p.set("grade", String(f.grade));
  if (f.gradeStatus) p.set("gradeStatus", f.gradeStatus);
  if (f.union) p.set("union", f.union);
  if (f.status) p.set("status", f.status);
  if (f.incubated !== undefined) p.set("incubated", f.incubated ? "yes" : "no");
  if (opts.withPage) {
    if (f.page && f.page !== 1) p.set("page", String(f.page));
    if (f.pageSize && f.pageSize !== 20) p.set("pageSize", String(f.pageSize));
  }
  return p;
}

/** UTC midnight of today's date in Asia/Shanghai: a grade valid until this date (or later) holds today. */
function todayDateOnly(now: Date): Date {
  return new Date(`${shanghaiDate(now)}T00:00:00.000Z`);
}

/** The Prisma where-clause of a filter (the same clause drives the table, the export and the dashboard). */
export function buildOrgWhere(f: Partial<LedgerFilter>, now: Date = new Date()): Prisma.OrganizationWhereInput {
  const and: Prisma.OrganizationWhereInput[] = [];
  if (f.district) and.push({ districtCode: f.district });
  if (f.category) and.push({ categories: { some: { categoryCode: f.category } } });
  if (f.grade === "none") and.push({ grade: null });
  else if (typeof f.grade === "number") and.push({ grade: f.grade });
  if (f.gradeStatus) {
    const today = todayDateOnly(now);
    if (f.gradeStatus === "NONE") and.push({ grade: null });
    if (f.gradeStatus === "VALID") and.push({ grade: { not: null }, gradeValidUntil: { gte: today } });
    if (f.gradeStatus === "EXPIRED") and.push({ grade: { not: null }, OR: [{ gradeValidUntil: null }, { gradeValidUntil: { lt: today } }] });
  }
  if (f.union) and.push({ unionCoverage: f.union });
  if (f.status) and.push({ vettingStatus: f.status });
  if (f.incubated !== undefined) and.push({ incubated: f.incubated });
  if (f.q) {
    const q = f.q.trim();
    const upper = q.toUpperCase();
    and.push({
      OR: [
        { name: { contains: q } },
        { uscc: { contains: upper } },
        { industryFocus: { contains: q } },
        { activityAreas: { contains: q } },
        { workingMethods: { contains: q } },
        { description: { contains: q } },
        { legalRepresentative: { contains: q } },
        { registeringAuthority: { contains: q } },
      ],
    });
  }
  return and.length ? { AND: and } : {};
}

export const ledgerOrderBy: Prisma.OrganizationOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "asc" }];

export const ledgerInclude = {
  district: { select: { code: true, nameZh: true, nameEn: true } },
  incubationDistrict: { select: { code: true, nameZh: true, nameEn: true } },
  categories: { select: { categoryCode: true } },
  serviceDistricts: { select: { districtCode: true } },
} satisfies Prisma.OrganizationInclude;
export type LedgerOrg = Prisma.OrganizationGetPayload<{ include: typeof ledgerInclude }>;

export interface Attendance {
  invited: number;
  attended: number;
  absent: number;
  /** Invited, attendance not recorded yet. */
  unrecorded: number;
}
const noAttendance = (): Attendance => ({ invited: 0, attended: 0, absent: 0, unrecorded: 0 });

/** Joint-meeting attendance per org (groupBy over invitations). */
export async function attendanceByOrg(orgIds: string[]): Promise<Map<string, Attendance>> {
  const out = new Map<string, Attendance>();
  for (const id of orgIds) out.set(id, noAttendance());
  // Chunk the IN list (SQLite has a bound-parameter limit).
  for (let i = 0; i < orgIds.length; i += 500) {
    const chunk = orgIds.slice(i, i + 500);
    const groups = await db.meetingInvitation.groupBy({
      by: ["organizationId", "attended"],
      where: { organizationId: { in: chunk } },
      _count: { _all: true },
    });
    for (const g of groups) {
      const a = out.get(g.organizationId) ?? noAttendance();
      a.invited += g._count._all;
      if (g.attended === true) a.attended += g._count._all;
      else if (g.attended === false) a.absent += g._count._all;
      else a.unrecorded += g._count._all;
      out.set(g.organizationId, a);
    }
  }
  return out;
}

export interface LedgerRow extends LedgerOrg {
  gradeInfo: GradeStatus;
  attendance: Attendance;
}

export async function decorate(rows: LedgerOrg[], now: Date): Promise<LedgerRow[]> {
  const att = await attendanceByOrg(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, gradeInfo: gradeStatus(r, now), attendance: att.get(r.id) ?? noAttendance() }));
}

export interface LedgerPage {
  filter: LedgerFilter;
  rows: LedgerRow[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

/** One page of the ledger table. */
export async function listOrganizations(
  actor: DomainActor,
  filterInput: URLSearchParams | LedgerFilterInput | Record<string, unknown> = {},
  now: Date = new Date(),
): Promise<LedgerPage> {
  assertStaff(actor);
  const filter = parseLedgerFilter(filterInput);
  const where = buildOrgWhere(filter, now);
  const total = await db.organization.count({ where });
  const pages = Math.max(1, Math.ceil(total / filter.pageSize));
  const page = Math.min(filter.page, pages);
  const rows = await db.organization.findMany({
    where,
    orderBy: ledgerOrderBy,
    include: ledgerInclude,
    skip: (page - 1) * filter.pageSize,
    take: filter.pageSize,
  });
  return { filter: { ...filter, page }, rows: await decorate(rows, now), total, page, pageSize: filter.pageSize, pages };
}

/**
 * Every org matching the filter, in table order, ignoring pagination (the export). Read in batches
 * with a cursor so a large ledger does not become one huge query.
 */
export async function allFilteredOrganizations(filter: Partial<LedgerFilter>, now: Date = new Date()): Promise<LedgerRow[]> {
  const where = buildOrgWhere(filter, now);
  const out: LedgerRow[] = [];
  const batch = 1000;
  for (let skip = 0; ; skip += batch) {
    const rows = await db.organization.findMany({ where, orderBy: ledgerOrderBy, include: ledgerInclude, skip, take: batch });
    out.push(...(await decorate(rows, now)));
    if (rows.length < batch) break;
  }
  return out;
}

// ---------------------------------------------------------------- dashboard

export interface LabeledCount {
  key: string;
  nameZh?: string;
  nameEn?: string;
  count: number;
}
export interface MonthCount {
  month: string; // YYYY-MM
  count: number;
  cumulative: number;
}
export interface LedgerDashboard {
  total: number;
  byDistrict: LabeledCount[];
  byCategory: LabeledCount[];
  /** Keys "1".."5" (recorded grade) and "none"; `expired` counts the recorded grades no longer valid. */
  byGrade: (LabeledCount & { expired: number })[];
  byUnionCoverage: LabeledCount[];
  /** Orgs that name each funding source (an org with several sources counts once per source), plus orgs with none recorded under "none". */
  byFundingSource: (LabeledCount & { shareBpSum: number })[];
  byVettingStatus: LabeledCount[];
  incubated: number;
  /** By month of registration on the platform (createdAt, Asia/Shanghai), gaps filled with 0. */
  growthByCreated: MonthCount[];
  /** By month of founding (foundedAt), gaps filled with 0; orgs without a founding date are left out. */
  growthByFounded: MonthCount[];
  foundedUnknown: number;
  /** Joint-meeting attendance over the filtered orgs. */
  attendance: { invitations: number; attended: number; absent: number; unrecorded: number };
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 2400) break; // 200 years: a guard against nonsense dates
  }
  return out;
}

function monthSeries(months: string[]): MonthCount[] {
  if (months.length === 0) return [];
  const counts = new Map<string, number>();
  for (const m of months) counts.set(m, (counts.get(m) ?? 0) + 1);
  const sorted = [...counts.keys()].sort();
  let cumulative = 0;
  return monthsBetween(sorted[0], sorted[sorted.length - 1]).map((month) => {
    const count = counts.get(month) ?? 0;
    cumulative += count;
    return { month, count, cumulative };
  });
}

/** The dashboard numbers, optionally over a filtered subset (same filter as the table). */
export async function ledgerDashboard(
  actor: DomainActor,
  filterInput: URLSearchParams | LedgerFilterInput | Record<string, unknown> = {},
  now: Date = new Date(),
): Promise<LedgerDashboard> {
  assertStaff(actor);
  const filter = parseLedgerFilter(filterInput);
  const where = buildOrgWhere(filter, now);
  const today = todayDateOnly(now);

  const [total, districts, categories, byDistrict, byCategory, byGrade, expiredByGrade, byUnion, byStatus, incubated, narrow] =
    await Promise.all([
      db.organization.count({ where }),
      db.district.findMany({ orderBy: [{ sortOrder: "asc" }, { code: "asc" }] }),
      db.category.findMany({ orderBy: [{ sortOrder: "asc" }, { code: "asc" }] }),
      db.organization.groupBy({ by: ["districtCode"], where, _count: { _all: true } }),
      db.organizationCategory.groupBy({ by: ["categoryCode"], where: { organization: where }, _count: { _all: true } }),
      db.organization.groupBy({ by: ["grade"], where, _count: { _all: true } }),
      db.organization.groupBy({
        by: ["grade"],
        where: { AND: [where, { grade: { not: null } }, { OR: [{ gradeValidUntil: null }, { gradeValidUntil: { lt: today } }] }] },
        _count: { _all: true },
      }),
      db.organization.groupBy({ by: ["unionCoverage"], where, _count: { _all: true } }),
      db.organization.groupBy({ by: ["vettingStatus"], where, _count: { _all: true } }),
      db.organization.count({ where: { AND: [where, { incubated: true }] } }),
      db.organization.findMany({ where, select: { id: true, fundingSources: true, createdAt: true, foundedAt: true } }),
    ]);

  const districtCount = new Map(byDistrict.map((g) => [g.districtCode, g._count._all]));
  const categoryCount = new Map(byCategory.map((g) => [g.categoryCode, g._count._all]));
  const gradeCount = new Map(byGrade.map((g) => [g.grade === null ? "none" : String(g.grade), g._count._all]));
  const expiredCount = new Map(expiredByGrade.map((g) => [String(g.grade), g._count._all]));
  const unionCount = new Map(byUnion.map((g) => [g.unionCoverage as UnionCoverage, g._count._all]));
  const statusCount = new Map(byStatus.map((g) => [g.vettingStatus as VettingStatus, g._count._all]));

  const funding = new Map<OrgFundingKind | "none", { count: number; shareBpSum: number }>();
  for (const k of [...ORG_FUNDING_KINDS, "none" as const]) funding.set(k, { count: 0, shareBpSum: 0 });
  for (const o of narrow) {
    const shares = readFundingSources(o.fundingSources);
    if (shares.length === 0) funding.get("none")!.count++;
    for (const s of shares) {
      const f = funding.get(s.source)!;
      f.count++;
      f.shareBpSum += s.shareBp;
    }
  }

  // Attendance over the filtered orgs.
  const att = { invitations: 0, attended: 0, absent: 0, unrecorded: 0 };
  const attGroups = await db.meetingInvitation.groupBy({
    by: ["attended"],
    where: { organization: where },
    _count: { _all: true },
  });
  for (const g of attGroups) {
    att.invitations += g._count._all;
    if (g.attended === true) att.attended += g._count._all;
    else if (g.attended === false) att.absent += g._count._all;
    else att.unrecorded += g._count._all;
  }

  return {
    total,
    byDistrict: districts.map((d) => ({ key: d.code, nameZh: d.nameZh, nameEn: d.nameEn, count: districtCount.get(d.code) ?? 0 })),
    byCategory: categories.map((c) => ({ key: c.code, nameZh: c.nameZh, nameEn: c.nameEn, count: categoryCount.get(c.code) ?? 0 })),
    byGrade: [..."12345", "none"].map((k) => ({ key: k, count: gradeCount.get(k) ?? 0, expired: expiredCount.get(k) ?? 0 })),
    byUnionCoverage: UNION_COVERAGES.map((k) => ({ key: k, count: unionCount.get(k) ?? 0 })),
    byFundingSource: [...funding.entries()].map(([key, v]) => ({ key, count: v.count, shareBpSum: v.shareBpSum })),
    byVettingStatus: VETTING_STATUSES.map((k) => ({ key: k, count: statusCount.get(k) ?? 0 })),
    incubated,
    growthByCreated: monthSeries(narrow.map((o) => shanghaiDate(o.createdAt).slice(0, 7))),
    growthByFounded: monthSeries(narrow.filter((o) => o.foundedAt).map((o) => formatDateOnly(o.foundedAt).slice(0, 7))),
    foundedUnknown: narrow.filter((o) => !o.foundedAt).length,
    attendance: att,
  };
}
