// Enterprise profiles, the smaller twin of the org registry: USCC, industry, district, employees,
// whether a union is established. An enterprise user edits its own profile (audited); brokers list
// and filter all enterprises (and export them: ledger-io.server.ts).
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { canonicalJson, writeAudit } from "./audit.server";
import { conflict, notFound } from "./errors";
import { assertReferenceCodes, assertStaff, auditActor, isStaff, type DomainActor } from "./organizations.server";
import { enterpriseFilterSchema, type EnterpriseFilter, type EnterpriseFilterInput, type EnterpriseProfileInput } from "./organizations.schema";

/** The owner (ENTERPRISE user of it) or staff; anyone else 404. */
export function assertCanReadEnterprise(actor: DomainActor, enterpriseId: string): void {
  if (isStaff(actor)) return;
  if (actor.role !== "ENTERPRISE" || !actor.enterpriseId || actor.enterpriseId !== enterpriseId) throw notFound();
}

export async function getEnterprise(actor: DomainActor, enterpriseId: string) {
  assertCanReadEnterprise(actor, enterpriseId);
  const e = await db.enterprise.findUnique({ where: { id: enterpriseId }, include: { district: true } });
  if (!e) throw notFound();
  return e;
}

/** Form default values for the enterprise profile editor. */
export function enterpriseFormValues(e: {
  name: string;
  uscc: string;
  industry: string | null;
  districtCode: string;
  employees: number | null;
  hasUnion: boolean;
  contactName: string | null;
  contactPhone: string | null;
  address: string | null;
}): Record<string, unknown> {
  return {
    name: e.name,
    uscc: e.uscc,
    industry: e.industry ?? "",
    districtCode: e.districtCode,
    employees: e.employees == null ? "" : String(e.employees),
    hasUnion: e.hasUnion ? "on" : undefined,
    contactName: e.contactName ?? "",
    contactPhone: e.contactPhone ?? "",
    address: e.address ?? "",
  };
}

const PROFILE_FIELDS = ["name", "uscc", "industry", "districtCode", "employees", "hasUnion", "contactName", "contactPhone", "address"] as const;

/** An ENTERPRISE user updates its own enterprise. Saving unchanged values writes nothing. */
export async function updateOwnEnterprise(
  actor: DomainActor,
  enterpriseId: string,
  input: EnterpriseProfileInput,
): Promise<{ changed: string[] }> {
  if (actor.role !== "ENTERPRISE" || actor.enterpriseId !== enterpriseId) throw notFound();
  await assertReferenceCodes(db, { districts: [{ field: "districtCode", codes: [input.districtCode] }] });
  const next = {
    name: input.name,
    uscc: input.uscc,
    industry: input.industry ?? null,
    districtCode: input.districtCode,
    employees: input.employees ?? null,
    hasUnion: input.hasUnion,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    address: input.address ?? null,
  };
  try {
    return await db.$transaction(async (tx) => {
      const e = await tx.enterprise.findUnique({ where: { id: enterpriseId } });
      if (!e) throw notFound();
      const changed = PROFILE_FIELDS.filter((k) => canonicalJson(e[k]) !== canonicalJson(next[k]));
      if (changed.length === 0) return { changed: [] };
      if (changed.includes("uscc")) {
        const other = await tx.enterprise.findUnique({ where: { uscc: next.uscc }, select: { id: true } });
        if (other && other.id !== enterpriseId) throw conflict("error.uscc.taken", "uscc");
      }
      const data = Object.fromEntries(changed.map((k) => [k, next[k]])) as Prisma.EnterpriseUncheckedUpdateInput;
      await tx.enterprise.update({ where: { id: enterpriseId }, data });
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "enterprise.profile.update",
        entityType: "Enterprise",
        entityId: enterpriseId,
        before: Object.fromEntries(changed.map((k) => [k, e[k]])),
        after: Object.fromEntries(changed.map((k) => [k, next[k]])),
      });
      return { changed: [...changed] };
    });
  } catch (err) {
    if (typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002") throw conflict("error.uscc.taken", "uscc");
    throw err;
  }
}

// ---------------------------------------------------------------- broker list

export function parseEnterpriseFilter(input: URLSearchParams | EnterpriseFilterInput | Record<string, unknown>): EnterpriseFilter {
  return enterpriseFilterSchema.parse(input instanceof URLSearchParams ? Object.fromEntries(input) : input);
}

export function enterpriseFilterToSearchParams(f: Partial<EnterpriseFilter>): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.district) p.set("district", f.district);
  if (f.industry) p.set("industry", f.industry);
  if (f.hasUnion !== undefined) p.set("hasUnion", f.hasUnion ? "yes" : "no");
  return p;
}

export function buildEnterpriseWhere(f: Partial<EnterpriseFilter>): Prisma.EnterpriseWhereInput {
  const and: Prisma.EnterpriseWhereInput[] = [];
  if (f.district) and.push({ districtCode: f.district });
  if (f.industry) and.push({ industry: { contains: f.industry } });
  if (f.hasUnion !== undefined) and.push({ hasUnion: f.hasUnion });
  if (f.q) {
    const q = f.q.trim();
    and.push({ OR: [{ name: { contains: q } }, { uscc: { contains: q.toUpperCase() } }, { industry: { contains: q } }, { contactName: { contains: q } }] });
  }
  return and.length ? { AND: and } : {};
}

export const enterpriseInclude = {
  district: { select: { code: true, nameZh: true, nameEn: true } },
  _count: { select: { projects: true, users: true } },
} satisfies Prisma.EnterpriseInclude;
export type EnterpriseRow = Prisma.EnterpriseGetPayload<{ include: typeof enterpriseInclude }>;
const enterpriseOrder: Prisma.EnterpriseOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "asc" }];

export async function listEnterprises(actor: DomainActor, filterInput: URLSearchParams | EnterpriseFilterInput | Record<string, unknown> = {}) {
  assertStaff(actor);
  const filter = parseEnterpriseFilter(filterInput);
  const where = buildEnterpriseWhere(filter);
  const total = await db.enterprise.count({ where });
  const pages = Math.max(1, Math.ceil(total / filter.pageSize));
  const page = Math.min(filter.page, pages);
  const rows = await db.enterprise.findMany({ where, orderBy: enterpriseOrder, include: enterpriseInclude, skip: (page - 1) * filter.pageSize, take: filter.pageSize });
  return { filter: { ...filter, page }, rows, total, page, pageSize: filter.pageSize, pages };
}

/** Every enterprise matching the filter (the export), in list order. */
export async function allFilteredEnterprises(filter: Partial<EnterpriseFilter>): Promise<EnterpriseRow[]> {
  const where = buildEnterpriseWhere(filter);
  const out: EnterpriseRow[] = [];
  for (let skip = 0; ; skip += 1000) {
    const rows = await db.enterprise.findMany({ where, orderBy: enterpriseOrder, include: enterpriseInclude, skip, take: 1000 });
    out.push(...rows);
    if (rows.length < 1000) break;
  }
  return out;
}
