// "Download my data": everything the platform holds about the signed-in user and the party (enterprise
// or organization) they act for, as one JSON document (GET /account/data.json).
//
// Rules:
//  - Only the user's own data and their own party's. Other parties appear only by the name the user
//    already sees in the app (the winning organization of their project, the enterprise of a project
//    they bid on, the payer/payee on an invoice). No other party's bid, plan, contact or account.
//  - No secrets: never a password hash, session id, survey token hash, invoice verification token or
//    a stored file path (files are listed by name, type, size and checksum). Every query below uses an
//    explicit `select`, so a column added later is not exported until someone decides it should be.
//  - Activity (audit records the user wrote) lists what they did, when and to which record; the
//    before/after payloads are left out because they can hold other parties' data.
import type { Prisma } from "~/generated/sqlite/client";
import type { Role, VettingStatus } from "~/generated/sqlite/enums";
import { db } from "~/db.server";
import { notFound } from "~/domain/errors";

export const DATA_EXPORT_FORMAT = "laborbridge.user-data/1";
export const DATA_EXPORT_FILENAME = "laborbridge-my-data.json";

/** The caller: the signed-in user (SessionUser fits). */
export interface ExportSubject {
  id: string;
  role: Role;
  enterpriseId: string | null;
  organizationId: string | null;
  orgVettingStatus?: VettingStatus | null;
}

const accountSelect = {
  id: true,
  email: true,
  role: true,
  displayName: true,
  phone: true,
  locale: true,
  disabled: true,
  enterpriseId: true,
  organizationId: true,
  passwordChangedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.UserSelect;

const fileSelect = { fileName: true, mime: true, size: true, sha256: true, createdAt: true } as const;

const invoiceSelect = {
  number: true,
  kind: true,
  year: true,
  seq: true,
  payerName: true,
  payerUscc: true,
  payeeName: true,
  payeeUscc: true,
  amountFen: true,
  taxRateBp: true,
  taxFen: true,
  issuedAt: true,
  paidAt: true,
  paymentRef: true,
  creditOf: { select: { number: true } },
  instalment: { select: { seq: true, payer: true } },
  project: { select: { code: true, title: true } },
} satisfies Prisma.InvoiceSelect;

const projectSummary = { id: true, code: true, title: true, state: true } as const;

/** Evidence entries of a delivery report without their stored paths. */
function evidenceList(evidence: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(evidence)) return [];
  return evidence
    .filter((e): e is Record<string, unknown> => !!e && typeof e === "object")
    .map((e) => ({ fileName: e.fileName ?? null, mime: e.mime ?? null, size: e.size ?? null, sha256: e.sha256 ?? null }));
}

async function commonPart(userId: string) {
  const account = await db.user.findUnique({ where: { id: userId }, select: accountSelect });
  if (!account) throw notFound();
  const [sessions, notifications, activity] = await Promise.all([
    db.session.findMany({ where: { userId }, select: { createdAt: true, expiresAt: true }, orderBy: { createdAt: "asc" } }),
    db.notification.findMany({
      where: { userId },
      select: { kind: true, params: true, link: true, readAt: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
    db.auditLog.findMany({
      where: { actorId: userId },
      select: { seq: true, at: true, action: true, entityType: true, entityId: true, reason: true },
      orderBy: { seq: "asc" },
    }),
  ]);
  return { account, sessions, notifications, activity };
}

async function enterprisePart(enterpriseId: string) {
  const enterprise = await db.enterprise.findUnique({
    where: { id: enterpriseId },
    select: {
      id: true,
      name: true,
      uscc: true,
      industry: true,
      districtCode: true,
      district: { select: { nameZh: true, nameEn: true } },
      employees: true,
      hasUnion: true,
      contactName: true,
      contactPhone: true,
      address: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  if (!enterprise) return null;

  const awardSelect = { amountFen: true, approvedAt: true, organization: { select: { name: true } } } as const;
  const projects = await db.project.findMany({
    where: { enterpriseId },
    orderBy: { code: "asc" },
    select: {
      id: true,
      code: true,
      title: true,
      description: true,
      categoryCode: true,
      districtCode: true,
      beneficiariesPlanned: true,
      sessionsPlanned: true,
      serviceStart: true,
      serviceEnd: true,
      budgetFen: true,
      fundingSource: true,
      bidDeadline: true,
      publishedAt: true,
      state: true,
      minGrade: true,
      minYearsRegistered: true,
      mustServeDistrict: true,
      unionRule: true,
      stateReason: true,
      createdAt: true,
      updatedAt: true,
      attachments: { select: fileSelect, orderBy: { createdAt: "asc" } },
      bundle: { select: { ...projectSummary, award: { select: awardSelect } } },
      award: { select: awardSelect },
      instalments: { select: { seq: true, percentBp: true, amountFen: true, trigger: true, payer: true, state: true, dueAt: true }, orderBy: { seq: "asc" } },
      deliveryReports: {
        select: { beneficiariesActual: true, sessionsHeld: true, startDate: true, endDate: true, summary: true, evidence: true, submittedAt: true },
        orderBy: { submittedAt: "asc" },
      },
      disputes: { select: { reason: true, resolution: true, outcome: true, upheld: true, createdAt: true, resolvedAt: true }, orderBy: { createdAt: "asc" } },
      _count: { select: { bids: { where: { state: { in: ["SUBMITTED", "AWARDED", "LOST"] } } } } },
    },
  });

  const [ratingsGiven, invoices] = await Promise.all([
    db.rating.findMany({
      where: { enterpriseId },
      select: {
        quality: true,
        timeliness: true,
        professionalism: true,
        workerResponse: true,
        comment: true,
        createdAt: true,
        project: { select: { code: true, title: true } },
        organization: { select: { name: true } },
      },
      orderBy: { createdAt: "asc" },
    }),
    // What the enterprise pays (the same rule as its payables list).
    db.invoice.findMany({
      where: { instalment: { payer: "ENTERPRISE" }, project: { enterpriseId } },
      select: invoiceSelect,
      orderBy: [{ year: "asc" }, { seq: "asc" }],
    }),
  ]);

  return {
    enterprise,
    projects: projects.map(({ award, bundle, _count, deliveryReports, ...p }) => {
      const won = award ?? bundle?.award ?? null;
      return {
        ...p,
        bundle: bundle ? { code: bundle.code, title: bundle.title, state: bundle.state } : null,
        bidsReceived: _count.bids,
        award: won ? { organizationName: won.organization.name, amountFen: won.amountFen, approvedAt: won.approvedAt } : null,
        deliveryReports: deliveryReports.map((d) => ({ ...d, evidence: evidenceList(d.evidence) })),
      };
    }),
    ratingsGiven: ratingsGiven.map(({ organization, ...r }) => ({ ...r, organizationName: organization.name })),
    invoices,
  };
}

async function organizationPart(organizationId: string) {
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: {
      id: true,
      name: true,
      uscc: true,
      registeringAuthority: true,
      legalRepresentative: true,
      foundedAt: true,
      staffCount: true,
      volunteerCount: true,
      districtCode: true,
      industryFocus: true,
      description: true,
      activityAreas: true,
      workingMethods: true,
      tags: true,
      fundingSources: true,
      unionCoverage: true,
      incubated: true,
      incubationDistrictCode: true,
      incubatedSince: true,
      vettingStatus: true,
      vettingNote: true,
      vettedAt: true,
      grade: true,
      gradeAssessedAt: true,
      gradeValidUntil: true,
      performanceScore: true,
      pendingChanges: true,
      ledgerConfirmedAt: true,
      contactName: true,
      contactPhone: true,
      address: true,
      createdAt: true,
      updatedAt: true,
      serviceDistricts: { select: { districtCode: true }, orderBy: { districtCode: "asc" } },
      categories: { select: { categoryCode: true }, orderBy: { categoryCode: "asc" } },
      documents: { select: { kind: true, ...fileSelect }, orderBy: { createdAt: "asc" } },
      annualReviews: { select: { year: true, confirmedAt: true, changes: true }, orderBy: { year: "asc" } },
    },
  });
  if (!organization) return null;

  const awardedProjects: Prisma.ProjectWhereInput = { OR: [{ award: { organizationId } }, { bundle: { award: { organizationId } } }] };
  const [bids, awards, deliveryReports, ratingsReceived, invoicesIssued, meetingInvitations, projectInvitations] = await Promise.all([
    db.bid.findMany({
      where: { organizationId },
      select: {
        id: true,
        amountFen: true,
        overBudgetReason: true,
        plan: true,
        timeline: true,
        team: true,
        state: true,
        submittedAt: true,
        updatedAt: true,
        withdrawnAt: true,
        project: { select: { ...projectSummary, bidDeadline: true, enterprise: { select: { name: true } } } },
      },
      orderBy: { submittedAt: "asc" },
    }),
    db.award.findMany({
      where: { organizationId },
      select: { amountFen: true, approvedAt: true, bidId: true, project: { select: { ...projectSummary, enterprise: { select: { name: true } } } } },
      orderBy: { approvedAt: "asc" },
    }),
    db.deliveryReport.findMany({
      where: { organizationId },
      select: {
        beneficiariesActual: true,
        sessionsHeld: true,
        startDate: true,
        endDate: true,
        summary: true,
        evidence: true,
        submittedAt: true,
        project: { select: projectSummary },
      },
      orderBy: { submittedAt: "asc" },
    }),
    db.rating.findMany({
      where: { organizationId },
      select: { quality: true, timeliness: true, professionalism: true, workerResponse: true, createdAt: true, project: { select: { code: true, title: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.invoice.findMany({ where: { project: awardedProjects }, select: invoiceSelect, orderBy: [{ year: "asc" }, { seq: "asc" }] }),
    db.meetingInvitation.findMany({
      where: { organizationId },
      select: { attended: true, invitedAt: true, meeting: { select: { title: true, level: true, districtCode: true, scheduledAt: true, place: true, agenda: true } } },
      orderBy: { invitedAt: "asc" },
    }),
    db.projectInvitation.findMany({
      where: { organizationId },
      select: { createdAt: true, project: { select: projectSummary } },
      orderBy: { createdAt: "asc" },
    }),
  ]);

  return {
    organization: {
      ...organization,
      serviceDistricts: organization.serviceDistricts.map((d) => d.districtCode),
      categories: organization.categories.map((c) => c.categoryCode),
    },
    bids: bids.map(({ project, ...b }) => ({
      ...b,
      project: { id: project.id, code: project.code, title: project.title, state: project.state, bidDeadline: project.bidDeadline, enterpriseName: project.enterprise?.name ?? null },
    })),
    awards: awards.map(({ project, ...a }) => ({
      ...a,
      project: { id: project.id, code: project.code, title: project.title, state: project.state, enterpriseName: project.enterprise?.name ?? null },
    })),
    deliveryReports: deliveryReports.map((d) => ({ ...d, evidence: evidenceList(d.evidence) })),
    ratingsReceived,
    invoicesIssued,
    meetingInvitations,
    projectInvitations,
  };
}

export type UserDataExport = Awaited<ReturnType<typeof exportUserData>>;

/** The signed-in user's data, as described at the top of this file. 404 when the user no longer exists. */
export async function exportUserData(user: ExportSubject, now: Date = new Date()) {
  const common = await commonPart(user.id);
  // The party comes from the stored account, not the session object.
  const { enterpriseId, organizationId, role } = common.account;
  const enterprise = role === "ENTERPRISE" && enterpriseId ? await enterprisePart(enterpriseId) : null;
  const organization = role === "ORG" && organizationId ? await organizationPart(organizationId) : null;
  return {
    format: DATA_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    ...common,
    ...(enterprise ?? {}),
    ...(organization ?? {}),
  };
}

/** The export as pretty-printed JSON (dates as ISO strings). */
export async function exportUserDataJson(user: ExportSubject, now: Date = new Date()): Promise<string> {
  return JSON.stringify(await exportUserData(user, now), null, 2);
}
