// Organization registry: the profile an org maintains, broker review of registration-fact changes,
// certificates/documents, and the helpers the vetting, ledger, meeting and import modules share.
//
// Rules
// - An org edits only its own profile (anyone else: 404). Staff (BROKER/ADMIN) read any profile.
// - Once an org has been approved (APPROVED or SUSPENDED), a change to a REGISTRATION FACT (name, USCC,
//   registering authority, legal representative, founding date) is not applied: it is stored in
//   `pendingChanges` for a broker to approve or reject (`reviewPendingChanges`). Every other field
//   applies at once. Before approval (PENDING/REJECTED) everything applies at once.
// - Every write is one transaction with its audit record and a search-outbox row (approved orgs are
//   indexed, all others deleted from the index). Saving an unchanged profile writes nothing.
import { db, type Tx } from "~/db.server";
import { Prisma } from "~/generated/sqlite/client";
import type { Role, VettingStatus } from "~/generated/sqlite/enums";
import { canonicalJson, writeAudit } from "./audit.server";
import { badRequest, conflict, forbidden, notFound } from "./errors";
import { notify, transaction, type NotificationParams } from "./notifications.server";
import { enqueueSearch } from "./outbox.server";
import {
  formatDateOnly,
  readFundingSources,
  readTags,
  REGISTRATION_FACTS,
  type DocumentKind,
  type FundingShare,
  type OrgProfileInput,
  type RegistrationFact,
} from "./organizations.schema";
import { deleteStoredFile, DOCUMENT_TYPES, readStoredFile, storeUpload, type UploadInput } from "./uploads.server";

// ---------------------------------------------------------------- actors and guards

/** The acting user as the domain needs it (a SessionUser fits). "SYSTEM" is the command-line importer. */
export interface DomainActor {
  id: string;
  role: Role | "SYSTEM";
  organizationId?: string | null;
  enterpriseId?: string | null;
}

/** The command-line tools act as SYSTEM (recorded as such in the audit log). */
export const SYSTEM_ACTOR: DomainActor = { id: "system", role: "SYSTEM" };

export const isStaff = (a: DomainActor) => a.role === "BROKER" || a.role === "ADMIN" || a.role === "SYSTEM";

/** Staff only (BROKER, ADMIN, SYSTEM); others get 403 — they know the page exists but may not act. */
export function assertStaff(actor: DomainActor): void {
  if (!isStaff(actor)) throw forbidden();
}

/** The actor is an ORG user of exactly this org; otherwise 404 (existence is not revealed). */
export function assertOrgOwner(actor: DomainActor, orgId: string): void {
  if (actor.role !== "ORG" || !actor.organizationId || actor.organizationId !== orgId) throw notFound();
}

/** Owner or staff may read; anyone else 404. */
export function assertCanReadOrg(actor: DomainActor, orgId: string): void {
  if (isStaff(actor)) return;
  assertOrgOwner(actor, orgId);
}

export const auditActor = (a: DomainActor) => ({ actorId: a.id, actorRole: a.role });

// ---------------------------------------------------------------- shared side effects

/** Approved orgs are in the search index; any other status removes the document. */
export async function enqueueOrgIndex(tx: Tx, orgId: string, status: VettingStatus): Promise<void> {
  await enqueueSearch(tx, "organizations", orgId, status === "APPROVED" ? "UPSERT" : "DELETE");
}

export type NotifyParams = NotificationParams;

/** Notifies every enabled ORG user of an organization (in-app + email after commit; see notifications.server). */
export async function notifyOrganization(tx: Tx, orgId: string, kind: string, params: NotifyParams, link: string | null): Promise<number> {
  return (await notify(tx, { organizationId: orgId }, kind, params, link)).length;
}

/** Notifies every enabled ENTERPRISE user of an enterprise. */
export async function notifyEnterprise(tx: Tx, enterpriseId: string, kind: string, params: NotifyParams, link: string | null): Promise<number> {
  return (await notify(tx, { enterpriseId }, kind, params, link)).length;
}

export const ORG_PROFILE_LINK = "/org/profile";

// ---------------------------------------------------------------- reference checks

/** Checks district and category codes against the reference tables (400 with the field). */
export async function assertReferenceCodes(
  client: Tx | typeof db,
  codes: { districts?: { field: string; codes: string[] }[]; categories?: string[]; pilotDistrict?: string | null },
): Promise<void> {
  for (const d of codes.districts ?? []) {
    const uniq = [...new Set(d.codes)];
    if (uniq.length === 0) continue;
    const found = await client.district.count({ where: { code: { in: uniq } } });
    if (found !== uniq.length) throw badRequest("error.invalidOption", d.field);
  }
  if (codes.categories && codes.categories.length > 0) {
    const uniq = [...new Set(codes.categories)];
    const found = await client.category.count({ where: { code: { in: uniq } } });
    if (found !== uniq.length) throw badRequest("error.invalidOption", "categories");
  }
  if (codes.pilotDistrict) {
    const d = await client.district.findUnique({ where: { code: codes.pilotDistrict }, select: { pilot: true } });
    if (!d || !d.pilot) throw badRequest("error.incubation.district", "incubationDistrictCode");
  }
}

// ---------------------------------------------------------------- profile snapshots and diffs

/** The comparable form of a profile: dates as YYYY-MM-DD, code lists sorted, nulls for "none". */
export interface ProfileSnapshot {
  name: string;
  uscc: string;
  registeringAuthority: string | null;
  legalRepresentative: string | null;
  foundedAt: string | null;
  staffCount: number;
  volunteerCount: number;
  districtCode: string;
  serviceDistricts: string[];
  industryFocus: string | null;
  categories: string[];
  description: string;
  activityAreas: string;
  workingMethods: string;
  tags: string[];
  fundingSources: FundingShare[];
  unionCoverage: "OWN_UNION" | "JOINT_UNION" | "NONE";
  incubated: boolean;
  incubationDistrictCode: string | null;
  incubatedSince: string | null;
  contactName: string | null;
  contactPhone: string | null;
  address: string | null;
}
export type ProfileField = keyof ProfileSnapshot;

export const orgWithLinks = {
  categories: { select: { categoryCode: true } },
  serviceDistricts: { select: { districtCode: true } },
} satisfies Prisma.OrganizationInclude;
export type OrgWithLinks = Prisma.OrganizationGetPayload<{ include: typeof orgWithLinks }>;

const sortFunding = (f: FundingShare[]) => [...f].sort((a, b) => a.source.localeCompare(b.source));

export function snapshotFromOrg(org: OrgWithLinks): ProfileSnapshot {
  return {
    name: org.name,
    uscc: org.uscc,
    registeringAuthority: org.registeringAuthority,
    legalRepresentative: org.legalRepresentative,
    foundedAt: org.foundedAt ? formatDateOnly(org.foundedAt) : null,
    staffCount: org.staffCount,
    volunteerCount: org.volunteerCount,
    districtCode: org.districtCode,
    serviceDistricts: org.serviceDistricts.map((s) => s.districtCode).sort(),
    industryFocus: org.industryFocus,
    categories: org.categories.map((c) => c.categoryCode).sort(),
    description: org.description,
    activityAreas: org.activityAreas,
    workingMethods: org.workingMethods,
    tags: readTags(org.tags),
    fundingSources: sortFunding(readFundingSources(org.fundingSources)),
    unionCoverage: org.unionCoverage,
    incubated: org.incubated,
    incubationDistrictCode: org.incubationDistrictCode,
    incubatedSince: org.incubatedSince ? formatDateOnly(org.incubatedSince) : null,
    contactName: org.contactName,
    contactPhone: org.contactPhone,
    address: org.address,
  };
}

/** The snapshot of a validated profile form. */
export function snapshotFromInput(i: OrgProfileInput): ProfileSnapshot {
  return {
    name: i.name,
    uscc: i.uscc,
    registeringAuthority: i.registeringAuthority ?? null,
    legalRepresentative: i.legalRepresentative ?? null,
    foundedAt: i.foundedAt ? formatDateOnly(i.foundedAt) : null,
    staffCount: i.staffCount,
    volunteerCount: i.volunteerCount,
    districtCode: i.districtCode,
    serviceDistricts: [...new Set(i.serviceDistricts)].sort(),
    industryFocus: i.industryFocus ?? null,
    categories: [...new Set(i.categories)].sort(),
    description: i.description,
    activityAreas: i.activityAreas,
    workingMethods: i.workingMethods,
    tags: i.tags,
    fundingSources: sortFunding(i.fundingSources),
    unionCoverage: i.unionCoverage,
    incubated: i.incubated,
    incubationDistrictCode: i.incubated ? i.incubationDistrictCode ?? null : null,
    incubatedSince: i.incubated && i.incubatedSince ? formatDateOnly(i.incubatedSince) : null,
    contactName: i.contactName ?? null,
    contactPhone: i.contactPhone ?? null,
    address: i.address ?? null,
  };
}

/** The fields of `next` whose value differs from `current`. */
export function diffSnapshot(current: ProfileSnapshot, next: Partial<ProfileSnapshot>): Partial<ProfileSnapshot> {
  const out: Partial<ProfileSnapshot> = {};
  for (const key of Object.keys(next) as ProfileField[]) {
    if (next[key] === undefined) continue;
    if (canonicalJson(current[key]) !== canonicalJson(next[key])) (out as Record<string, unknown>)[key] = next[key];
  }
  return out;
}

const dateOrNull = (s: string | null | undefined) => (s ? new Date(`${s}T00:00:00.000Z`) : null);

/** Writes the changed fields (scalars, category and service-district links). */
export async function writeSnapshotChanges(tx: Tx, orgId: string, changes: Partial<ProfileSnapshot>): Promise<void> {
  const data: Prisma.OrganizationUncheckedUpdateInput = {};
  const c = changes;
  if (c.name !== undefined) data.name = c.name;
  if (c.uscc !== undefined) data.uscc = c.uscc;
  if (c.registeringAuthority !== undefined) data.registeringAuthority = c.registeringAuthority;
  if (c.legalRepresentative !== undefined) data.legalRepresentative = c.legalRepresentative;
  if (c.foundedAt !== undefined) data.foundedAt = dateOrNull(c.foundedAt);
  if (c.staffCount !== undefined) data.staffCount = c.staffCount;
  if (c.volunteerCount !== undefined) data.volunteerCount = c.volunteerCount;
  if (c.districtCode !== undefined) data.districtCode = c.districtCode;
  if (c.industryFocus !== undefined) data.industryFocus = c.industryFocus;
  if (c.description !== undefined) data.description = c.description;
  if (c.activityAreas !== undefined) data.activityAreas = c.activityAreas;
  if (c.workingMethods !== undefined) data.workingMethods = c.workingMethods;
  if (c.tags !== undefined) data.tags = c.tags;
  if (c.fundingSources !== undefined) data.fundingSources = c.fundingSources as unknown as Prisma.InputJsonValue;
  if (c.unionCoverage !== undefined) data.unionCoverage = c.unionCoverage;
  if (c.incubated !== undefined) data.incubated = c.incubated;
  if (c.incubationDistrictCode !== undefined) data.incubationDistrictCode = c.incubationDistrictCode;
  if (c.incubatedSince !== undefined) data.incubatedSince = dateOrNull(c.incubatedSince);
  if (c.contactName !== undefined) data.contactName = c.contactName;
  if (c.contactPhone !== undefined) data.contactPhone = c.contactPhone;
  if (c.address !== undefined) data.address = c.address;
  if (Object.keys(data).length > 0) await tx.organization.update({ where: { id: orgId }, data });
  if (c.categories !== undefined) {
    await tx.organizationCategory.deleteMany({ where: { organizationId: orgId } });
    for (const categoryCode of c.categories) await tx.organizationCategory.create({ data: { organizationId: orgId, categoryCode } });
  }
  if (c.serviceDistricts !== undefined) {
    await tx.organizationServiceDistrict.deleteMany({ where: { organizationId: orgId } });
    for (const districtCode of c.serviceDistricts) await tx.organizationServiceDistrict.create({ data: { organizationId: orgId, districtCode } });
  }
}

/** Picks the listed keys of a snapshot (for audit before/after). */
export function pick<T extends object>(o: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) out[k] = o[k];
  return out;
}

// ---------------------------------------------------------------- pending registration changes

export interface PendingChanges {
  changes: Partial<Record<RegistrationFact, { from: string | null; to: string | null }>>;
  requestedAt: string;
  requestedById: string;
}

export function readPendingChanges(json: unknown): PendingChanges | null {
  if (!json || typeof json !== "object") return null;
  const p = json as Partial<PendingChanges>;
  if (!p.changes || typeof p.changes !== "object" || Object.keys(p.changes).length === 0) return null;
  return { changes: p.changes, requestedAt: String(p.requestedAt ?? ""), requestedById: String(p.requestedById ?? "") };
}

/** Registration facts are reviewed once the org has been approved (also while suspended). */
export const reviewsRegistrationFacts = (status: VettingStatus) => status === "APPROVED" || status === "SUSPENDED";

const isFact = (k: string): k is RegistrationFact => (REGISTRATION_FACTS as readonly string[]).includes(k);

async function assertUsccFree(tx: Tx, uscc: string, orgId: string): Promise<void> {
  const other = await tx.organization.findUnique({ where: { uscc }, select: { id: true } });
  if (other && other.id !== orgId) throw conflict("error.uscc.taken", "uscc");
}

export interface ProfileChangeResult {
  /** Fields applied at once. */
  applied: ProfileField[];
  /** Registration facts now awaiting broker review (including earlier requests). */
  pending: RegistrationFact[];
  /** false when nothing was written. */
  changed: boolean;
}

/**
 * Applies a validated profile to an org inside `tx` (shared by updateOwnProfile and the annual
 * review): registration facts go to pendingChanges when the org has been approved; the rest applies.
 * Writes audit + outbox only when something changed.
 */
export async function applyProfileChanges(
  tx: Tx,
  actor: DomainActor,
  orgId: string,
  input: OrgProfileInput,
  action = "org.profile.update",
): Promise<ProfileChangeResult> {
  const org = await tx.organization.findUnique({ where: { id: orgId }, include: orgWithLinks });
  if (!org) throw notFound();
  await assertReferenceCodes(tx, {
    districts: [
      { field: "districtCode", codes: [input.districtCode] },
      { field: "serviceDistricts", codes: input.serviceDistricts },
    ],
    categories: input.categories,
    pilotDistrict: input.incubated ? input.incubationDistrictCode : null,
  });
  const current = snapshotFromOrg(org);
  const next = snapshotFromInput(input);
  const changed = diffSnapshot(current, next);

  const review = reviewsRegistrationFacts(org.vettingStatus);
  const direct: Partial<ProfileSnapshot> = {};
  const facts: Partial<Record<RegistrationFact, string | null>> = {};
  for (const [k, v] of Object.entries(changed)) {
    if (review && isFact(k)) facts[k] = v as string | null;
    else (direct as Record<string, unknown>)[k] = v;
  }

  // Pending changes: merge with what is already waiting. A fact set back to its current value drops out.
  const existing = readPendingChanges(org.pendingChanges);
  let pendingNext: PendingChanges | null = existing;
  let pendingChanged = false;
  if (review) {
    const merged: PendingChanges["changes"] = { ...(existing?.changes ?? {}) };
    for (const fact of REGISTRATION_FACTS) {
      const wanted = facts[fact] !== undefined ? facts[fact] : next[fact];
      const cur = current[fact];
      if (wanted === cur) {
        if (merged[fact]) {
          delete merged[fact];
          pendingChanged = true;
        }
      } else if (!merged[fact] || merged[fact]!.to !== wanted) {
        merged[fact] = { from: cur, to: wanted ?? null };
        pendingChanged = true;
      }
    }
    if (pendingChanged) {
      pendingNext = Object.keys(merged).length
        ? { changes: merged, requestedAt: new Date().toISOString(), requestedById: actor.id }
        : null;
    }
  }
  if (review && facts.uscc) await assertUsccFree(tx, facts.uscc, orgId);
  if (direct.uscc) await assertUsccFree(tx, direct.uscc, orgId);

  const appliedKeys = Object.keys(direct) as ProfileField[];
  if (appliedKeys.length === 0 && !pendingChanged) {
    return { applied: [], pending: Object.keys(existing?.changes ?? {}) as RegistrationFact[], changed: false };
  }

  await writeSnapshotChanges(tx, orgId, direct);
  if (pendingChanged) {
    await tx.organization.update({
      where: { id: orgId },
      data: { pendingChanges: pendingNext ? (pendingNext as unknown as Prisma.InputJsonValue) : Prisma.DbNull },
    });
  }
  if (appliedKeys.length > 0) {
    await writeAudit(tx, {
      ...auditActor(actor),
      action,
      entityType: "Organization",
      entityId: orgId,
      before: pick(current, appliedKeys),
      after: direct,
    });
  }
  if (pendingChanged) {
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "org.profile.pendingChanges",
      entityType: "Organization",
      entityId: orgId,
      before: existing?.changes ?? null,
      after: pendingNext?.changes ?? null,
    });
  }
  await enqueueOrgIndex(tx, orgId, org.vettingStatus);
  return { applied: appliedKeys, pending: Object.keys(pendingNext?.changes ?? {}) as RegistrationFact[], changed: true };
}

/** An ORG user updates its own organization's profile. */
export async function updateOwnProfile(actor: DomainActor, orgId: string, input: OrgProfileInput): Promise<ProfileChangeResult> {
  assertOrgOwner(actor, orgId);
  try {
    return await db.$transaction((tx) => applyProfileChanges(tx, actor, orgId, input));
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("error.uscc.taken", "uscc");
    throw e;
  }
}

/**
 * A broker approves (applies) or rejects (discards, reason required) the registration facts an
 * approved org changed. 409 when nothing is pending (so a repeated click changes nothing).
 */
export async function reviewPendingChanges(
  actor: DomainActor,
  orgId: string,
  approve: boolean,
  reason?: string | null,
): Promise<{ applied: RegistrationFact[] }> {
  assertStaff(actor);
  if (!approve && !reason?.trim()) throw badRequest("error.required", "reason");
  try {
    return await transaction(async (tx) => {
      const org = await tx.organization.findUnique({ where: { id: orgId }, include: orgWithLinks });
      if (!org) throw notFound();
      const pending = readPendingChanges(org.pendingChanges);
      if (!pending) throw conflict("error.org.noPendingChanges");
      const facts = Object.keys(pending.changes).filter(isFact);
      const current = snapshotFromOrg(org);
      if (approve) {
        const changes: Partial<ProfileSnapshot> = {};
        for (const f of facts) (changes as Record<string, unknown>)[f] = pending.changes[f]!.to;
        if (changes.uscc) await assertUsccFree(tx, changes.uscc, orgId);
        if (changes.name === null || changes.uscc === null) throw conflict("error.invalidInput");
        await writeSnapshotChanges(tx, orgId, changes);
      }
      await clearPendingChanges(tx, orgId);
      await writeAudit(tx, {
        ...auditActor(actor),
        action: approve ? "org.changes.approve" : "org.changes.reject",
        entityType: "Organization",
        entityId: orgId,
        before: pick(current, facts),
        after: approve ? Object.fromEntries(facts.map((f) => [f, pending.changes[f]!.to])) : pick(current, facts),
        reason: reason?.trim() || null,
      });
      await enqueueOrgIndex(tx, orgId, org.vettingStatus);
      await notifyOrganization(
        tx,
        orgId,
        approve ? "org.changes.approved" : "org.changes.rejected",
        reason?.trim() ? { reason: reason.trim() } : {},
        ORG_PROFILE_LINK,
      );
      return { applied: approve ? facts : [] };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("error.uscc.taken", "uscc");
    throw e;
  }
}

/** Sets pendingChanges to SQL NULL (Prisma needs DbNull for a nullable Json column). */
export async function clearPendingChanges(tx: Tx, orgId: string): Promise<void> {
  await tx.organization.update({ where: { id: orgId }, data: { pendingChanges: Prisma.DbNull } });
}

/** A REJECTED org that has fixed its profile asks to be vetted again (→ PENDING). */
export async function resubmitForVetting(actor: DomainActor, orgId: string): Promise<void> {
  assertOrgOwner(actor, orgId);
  await db.$transaction(async (tx) => {
    const res = await tx.organization.updateMany({ where: { id: orgId, vettingStatus: "REJECTED" }, data: { vettingStatus: "PENDING" } });
    if (res.count !== 1) {
      const exists = await tx.organization.findUnique({ where: { id: orgId }, select: { id: true } });
      if (!exists) throw notFound();
      throw conflict("error.vetting.state");
    }
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "org.vetting.resubmit",
      entityType: "Organization",
      entityId: orgId,
      before: { vettingStatus: "REJECTED" },
      after: { vettingStatus: "PENDING" },
    });
    await enqueueOrgIndex(tx, orgId, "PENDING");
  });
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

// ---------------------------------------------------------------- reading

const profileInclude = {
  ...orgWithLinks,
  district: true,
  incubationDistrict: true,
  documents: { orderBy: { createdAt: "desc" } },
} satisfies Prisma.OrganizationInclude;
export type OrgProfile = Prisma.OrganizationGetPayload<{ include: typeof profileInclude }>;

/** The full profile (owner or staff; anyone else 404). */
export async function getOrgProfile(actor: DomainActor, orgId: string): Promise<OrgProfile & { pending: PendingChanges | null }> {
  assertCanReadOrg(actor, orgId);
  const org = await db.organization.findUnique({ where: { id: orgId }, include: profileInclude });
  if (!org) throw notFound();
  return { ...org, pending: readPendingChanges(org.pendingChanges) };
}

/**
 * Form default values for the profile editor (strings/arrays as a form holds them). Registration facts
 * awaiting review show the REQUESTED value, so saving the form again keeps the request (a fact put
 * back to its current value withdraws it).
 */
export function profileFormValues(org: OrgWithLinks): Record<string, unknown> {
  const s = snapshotFromOrg(org);
  const pending = readPendingChanges(org.pendingChanges);
  for (const [fact, change] of Object.entries(pending?.changes ?? {})) {
    if (isFact(fact) && change) (s as unknown as Record<string, unknown>)[fact] = change.to;
  }
  const blank = (v: string | null) => v ?? "";
  return {
    ...s,
    registeringAuthority: blank(s.registeringAuthority),
    legalRepresentative: blank(s.legalRepresentative),
    industryFocus: blank(s.industryFocus),
    incubationDistrictCode: blank(s.incubationDistrictCode),
    contactName: blank(s.contactName),
    contactPhone: blank(s.contactPhone),
    address: blank(s.address),
    foundedAt: s.foundedAt ?? "",
    incubatedSince: s.incubatedSince ?? "",
    staffCount: String(s.staffCount),
    volunteerCount: String(s.volunteerCount),
    tags: s.tags.join("，"),
    fundingSources: s.fundingSources.map((f) => ({ source: f.source, shareBp: String(f.shareBp) })),
    incubated: s.incubated ? "on" : undefined,
  };
}

/** The public face of an APPROVED org (for enterprises and other orgs); 404 for any other status. */
export async function getPublicOrgProfile(orgId: string) {
  const org = await db.organization.findFirst({
    where: { id: orgId, vettingStatus: "APPROVED" },
    include: { ...orgWithLinks, district: true },
  });
  if (!org) throw notFound();
  return {
    id: org.id,
    name: org.name,
    uscc: org.uscc,
    registeringAuthority: org.registeringAuthority,
    foundedAt: org.foundedAt,
    staffCount: org.staffCount,
    volunteerCount: org.volunteerCount,
    district: org.district,
    serviceDistricts: org.serviceDistricts.map((s) => s.districtCode),
    categories: org.categories.map((c) => c.categoryCode),
    industryFocus: org.industryFocus,
    description: org.description,
    activityAreas: org.activityAreas,
    workingMethods: org.workingMethods,
    tags: readTags(org.tags),
    unionCoverage: org.unionCoverage,
    incubated: org.incubated,
    grade: org.grade,
    gradeAssessedAt: org.gradeAssessedAt,
    gradeValidUntil: org.gradeValidUntil,
    performanceScore: org.performanceScore,
  };
}

// ---------------------------------------------------------------- documents

export const MAX_DOCUMENTS_PER_ORG = 50;

/**
 * Stores a certificate/document (PDF or image, ≤ 10 MB, magic-number checked) for the actor's own org
 * (or any org, for staff). The file is written first; if the database write fails it is removed.
 */
export async function addOrgDocument(
  actor: DomainActor,
  orgId: string,
  kind: DocumentKind,
  file: UploadInput | null | undefined,
): Promise<{ id: string }> {
  assertCanReadOrg(actor, orgId);
  if (!["certificate", "registration", "other"].includes(kind)) throw badRequest("error.invalidOption", "kind");
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, vettingStatus: true } });
  if (!org) throw notFound();
  if ((await db.organizationDocument.count({ where: { organizationId: orgId } })) >= MAX_DOCUMENTS_PER_ORG) {
    throw conflict("error.upload.tooMany", "file", { max: MAX_DOCUMENTS_PER_ORG });
  }
  const stored = await storeUpload(file, { kinds: DOCUMENT_TYPES, folder: "org-docs" });
  try {
    return await db.$transaction(async (tx) => {
      const doc = await tx.organizationDocument.create({
        data: {
          organizationId: orgId,
          kind,
          fileName: stored.fileName,
          storedPath: stored.storedPath,
          mime: stored.mime,
          size: stored.size,
          sha256: stored.sha256,
          uploadedById: actor.id,
        },
      });
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "org.document.add",
        entityType: "Organization",
        entityId: orgId,
        after: { documentId: doc.id, kind, fileName: stored.fileName, mime: stored.mime, size: stored.size, sha256: stored.sha256 },
      });
      return { id: doc.id };
    });
  } catch (e) {
    await deleteStoredFile(stored.storedPath);
    throw e;
  }
}

export async function listOrgDocuments(actor: DomainActor, orgId: string) {
  assertCanReadOrg(actor, orgId);
  return db.organizationDocument.findMany({ where: { organizationId: orgId }, orderBy: { createdAt: "desc" } });
}

/**
 * A document for download (owner or staff; anyone else 404). Serve with `downloadHeaders(...)` from
 * uploads.server.ts (Content-Disposition: attachment).
 */
export async function getOrgDocumentForDownload(actor: DomainActor, documentId: string) {
  const doc = await db.organizationDocument.findUnique({ where: { id: documentId } });
  if (!doc) throw notFound();
  assertCanReadOrg(actor, doc.organizationId);
  const file = await readStoredFile(doc.storedPath);
  return { fileName: doc.fileName, mime: doc.mime, size: file.size, data: file.data };
}

/** Removes a document (owner or staff). The file is deleted after the transaction commits. */
export async function deleteOrgDocument(actor: DomainActor, documentId: string): Promise<void> {
  const doc = await db.organizationDocument.findUnique({ where: { id: documentId } });
  if (!doc) throw notFound();
  assertCanReadOrg(actor, doc.organizationId);
  await db.$transaction(async (tx) => {
    const res = await tx.organizationDocument.deleteMany({ where: { id: documentId } });
    if (res.count === 0) return;
    await writeAudit(tx, {
      ...auditActor(actor),
      action: "org.document.delete",
      entityType: "Organization",
      entityId: doc.organizationId,
      before: { documentId, kind: doc.kind, fileName: doc.fileName, sha256: doc.sha256 },
    });
  });
  await deleteStoredFile(doc.storedPath);
}

