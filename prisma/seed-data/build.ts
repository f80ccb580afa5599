// Builds every row of the demo data set in memory, deterministically (seeded PRNG, stable ids, dates
// relative to "now"). No database access here: prisma/seed.ts writes the rows.
import { createHash } from "node:crypto";
import type { Prisma } from "~/generated/sqlite/client";
import { makeUscc, orgCodeCheckChar } from "~/domain/uscc";
import { makeRng, seedId, DAY_MS, type Rng } from "./prng";
import {
  ALL_CATEGORY_CODES,
  ALL_DISTRICT_CODES,
  CITY_CIVIL_AFFAIRS,
  CITY_DIVISION,
  DISTRICT_BY_CODE,
  GIVEN_NAMES,
  SURNAMES,
  type CategoryCode,
  type DistrictCode,
} from "./districts";
import { ORGS, type OrgSeed } from "./orgs";
import { ENTERPRISES } from "./enterprises";
import { PLAN, type PlanEntry, type SeedState } from "./plan";
import {
  AWARD_RATIONALES,
  CANCEL_REASONS,
  CATEGORY_TEXTS,
  DISPUTE_REASONS,
  NEED_TEMPLATES,
  REJECT_REASONS,
  UNSUCCESSFUL_REASONS,
} from "./needs";
import { INDICATOR_TREE } from "./indicators";
import { recencyWeightedMean, scoreProject, shanghaiDay, type IndicatorNode, type ScoringInputs } from "~/domain/scoring";
import type { EvaluationInputs } from "~/domain/evaluation.server";
import { checkAdmission, isAdmitted, type AdmissionProject } from "~/domain/admission";
import { TRIGGER_STATES, allocateByPercent, allowedPayers } from "~/domain/payments.server";

export const SEED = 20260101;

export type DemoRole = "ADMIN" | "BROKER" | "ENTERPRISE" | "ORG";
export interface DemoAccount {
  role: DemoRole;
  email: string;
  password: string;
  name: string;
}

export const PASSWORDS = {
  ADMIN: "Admin#2026",
  BROKER: "Broker#2026",
  ENTERPRISE: "Enterprise#2026",
  ORG: "Org#2026",
} as const;

/** Index (into ORGS / ENTERPRISES) of the entities the named demo accounts belong to. */
export const DEMO_ENTERPRISE = 0;
export const DEMO_ORG = 0;
export const DEMO_ORG2 = 1;
export const DEMO_PENDING_ORG = ORGS.findIndex((o) => o.vetting === "PENDING");

export const ADMIN_NAME = "系统管理员";
export const BROKER_NAME = "刘建华";

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: "ADMIN", email: "admin@laborbridge.cn", password: PASSWORDS.ADMIN, name: ADMIN_NAME },
  { role: "BROKER", email: "broker@laborbridge.cn", password: PASSWORDS.BROKER, name: `${BROKER_NAME}（长沙市总工会）` },
  { role: "ENTERPRISE", email: "enterprise@laborbridge.cn", password: PASSWORDS.ENTERPRISE, name: ENTERPRISES[DEMO_ENTERPRISE].name },
  { role: "ORG", email: "org@laborbridge.cn", password: PASSWORDS.ORG, name: ORGS[DEMO_ORG].name },
  { role: "ORG", email: "org2@laborbridge.cn", password: PASSWORDS.ORG, name: ORGS[DEMO_ORG2].name },
  { role: "ORG", email: "pending-org@laborbridge.cn", password: PASSWORDS.ORG, name: `${ORGS[DEMO_PENDING_ORG].name}（待审核 / pending）` },
];

export const enterpriseEmail = (i: number) =>
  i === DEMO_ENTERPRISE ? "enterprise@laborbridge.cn" : `ent-${String(i + 1).padStart(2, "0")}@demo.laborbridge.cn`;
export const orgEmail = (i: number) =>
  i === DEMO_ORG
    ? "org@laborbridge.cn"
    : i === DEMO_ORG2
      ? "org2@laborbridge.cn"
      : i === DEMO_PENDING_ORG
        ? "pending-org@laborbridge.cn"
        : `org-${String(i + 1).padStart(2, "0")}@demo.laborbridge.cn`;

export interface PasswordHashes {
  ADMIN: string;
  BROKER: string;
  ENTERPRISE: string;
  ORG: string;
}

export interface DemoRows {
  organizations: Prisma.OrganizationCreateManyInput[];
  serviceDistricts: Prisma.OrganizationServiceDistrictCreateManyInput[];
  orgCategories: Prisma.OrganizationCategoryCreateManyInput[];
  enterprises: Prisma.EnterpriseCreateManyInput[];
  users: Prisma.UserCreateManyInput[];
  indicatorSystems: Prisma.IndicatorSystemCreateManyInput[];
  indicatorsL1: Prisma.IndicatorCreateManyInput[];
  indicatorsL2: Prisma.IndicatorCreateManyInput[];
  /** Projects that reference no bundle (including the bundle itself); insert before `memberProjects`. */
  projects: Prisma.ProjectCreateManyInput[];
  memberProjects: Prisma.ProjectCreateManyInput[];
  invitations: Prisma.ProjectInvitationCreateManyInput[];
  bids: Prisma.BidCreateManyInput[];
  awards: Prisma.AwardCreateManyInput[];
  instalments: Prisma.InstalmentCreateManyInput[];
  deliveryReports: Prisma.DeliveryReportCreateManyInput[];
  disputes: Prisma.DisputeCreateManyInput[];
  ratings: Prisma.RatingCreateManyInput[];
  surveyTokens: Prisma.SurveyTokenCreateManyInput[];
  surveyResponses: Prisma.SurveyResponseCreateManyInput[];
  evaluations: Prisma.EvaluationCreateManyInput[];
  meetings: Prisma.JointMeetingCreateManyInput[];
  meetingInvitations: Prisma.MeetingInvitationCreateManyInput[];
  notifications: Prisma.NotificationCreateManyInput[];
  /** Search documents to enqueue. */
  outbox: Array<{ index: "projects" | "organizations"; docId: string }>;
  /**
   * The audit records the seeded history would have written (every project's lifecycle transitions
   * as projects.server.ts writes them, bundling, bid submissions/withdrawals), oldest first; all in
   * the past. seed.ts appends them to the audit chain (writeAudit with `at`) before "seed.demo".
   */
  history: DemoAuditEntry[];
}

export interface DemoAuditEntry {
  at: Date;
  actorId: string | null;
  actorRole: "ENTERPRISE" | "ORG" | "BROKER" | "SYSTEM";
  action: string;
  entityType: "Project" | "Bid";
  entityId: string;
  before?: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string | null;
}

// ---------------------------------------------------------------- time helpers

const SH_OFFSET = 8 * 3600_000; // Asia/Shanghai, no DST

function clock(now: Date) {
  const midnight = Math.floor((now.getTime() + SH_OFFSET) / DAY_MS) * DAY_MS - SH_OFFSET; // today 00:00 Shanghai
  /** `day` days from today (Shanghai) at hh:mm Shanghai time. Negative days are always in the past. */
  const at = (day: number, hour = 9, minute = 0) => new Date(midnight + day * DAY_MS + hour * 3600_000 + minute * 60_000);
  const sh = new Date(now.getTime() + SH_OFFSET);
  return { at, year: sh.getUTCFullYear(), month: sh.getUTCMonth() + 1 };
}

const shYear = (d: Date) => new Date(d.getTime() + SH_OFFSET).getUTCFullYear();
export function fmtDateZh(d: Date): string {
  const s = new Date(d.getTime() + SH_OFFSET);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

// ---------------------------------------------------------------- small generators

const personName = (rng: Rng) => rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
const landline = (rng: Rng) => `0731-8${rng.digits(7)}`;
const address = (rng: Rng, d: DistrictCode) => {
  const info = DISTRICT_BY_CODE[d];
  return `湖南省长沙市${info.nameZh}${rng.pick(info.roads)}${rng.int(1, 399)}号`;
};

/** Splits 10000 bp into `k` shares, multiples of 500, each at least 500. */
function splitShares(rng: Rng, k: number): number[] {
  const units = Array.from({ length: k }, () => 1);
  for (let u = k; u < 20; u++) units[rng.int(0, k - 1)]++;
  return units.map((n) => n * 500);
}

export function orgUscc(i: number, o: OrgSeed): string {
  const division = o.cityLevel ? CITY_DIVISION : DISTRICT_BY_CODE[o.district].division;
  const body8 = `MJ${String(((i + 1) * 7919 + 104729) % 1_000_000).padStart(6, "0")}`;
  return makeUscc(`5${o.type}${division}${body8}${orgCodeCheckChar(body8)}`);
}

export function enterpriseUscc(i: number, district: DistrictCode): string {
  const body8 = `MA4L${String(1000 + (i + 1) * 37).padStart(4, "0")}`;
  return makeUscc(`91${DISTRICT_BY_CODE[district].division}${body8}${orgCodeCheckChar(body8)}`);
}

/** Evaluation.inputs version understood by app/domain/evaluation.server.ts (EVALUATION_INPUTS_VERSION). */
export const EVALUATION_INPUTS_VERSION = 1;

// ---------------------------------------------------------------- the builder

interface OrgInfo {
  i: number;
  id: string;
  seed: OrgSeed;
  userId: string;
  grade: number | null;
  gradeValidUntil: Date | null;
  foundedAt: Date;
  serves: Set<DistrictCode>;
  name: string;
}

interface ProjectCtx {
  id: string;
  plan: PlanEntry;
  state: SeedState;
  title: string;
  code?: string;
  createdAt: Date;
}

export function buildDemoRows(now: Date, hashes: PasswordHashes): DemoRows {
  const rng = makeRng(SEED);
  const { at, year } = clock(now);
  const out: DemoRows = {
    organizations: [],
    serviceDistricts: [],
    orgCategories: [],
    enterprises: [],
    users: [],
    indicatorSystems: [],
    indicatorsL1: [],
    indicatorsL2: [],
    projects: [],
    memberProjects: [],
    invitations: [],
    bids: [],
    awards: [],
    instalments: [],
    deliveryReports: [],
    disputes: [],
    ratings: [],
    surveyTokens: [],
    surveyResponses: [],
    evaluations: [],
    meetings: [],
    meetingInvitations: [],
    notifications: [],
    outbox: [],
    history: [],
  };

  // ---------- staff accounts
  const adminId = seedId("user", "admin");
  const brokerId = seedId("user", "broker");
  out.users.push(
    { id: adminId, email: "admin@laborbridge.cn", passwordHash: hashes.ADMIN, role: "ADMIN", displayName: ADMIN_NAME, createdAt: at(-420) },
    { id: brokerId, email: "broker@laborbridge.cn", passwordHash: hashes.BROKER, role: "BROKER", displayName: BROKER_NAME, phone: "0731-84567890", createdAt: at(-420) },
  );

  // ---------- organizations
  const orgs: OrgInfo[] = ORGS.map((o, i) => {
    const id = seedId("org", i);
    const foundedAt = at(-Math.round((o.founded[0] + (now.getUTCMonth() + 1 - o.founded[1]) / 12) * 365.25) - rng.int(0, 20), 0, 0);
    let grade: number | null = null;
    let gradeAssessedAt: Date | null = null;
    let gradeValidUntil: Date | null = null;
    if (o.grade) {
      grade = o.grade.grade;
      gradeAssessedAt = at(-Math.round(o.grade.assessedYearsAgo * 365.25) - rng.int(10, 90));
      gradeValidUntil = new Date(gradeAssessedAt.getTime() + Math.round(5 * 365.25) * DAY_MS);
    }
    const serves = new Set<DistrictCode>(o.cityLevel ? ALL_DISTRICT_CODES : (o.serviceDistricts ?? [o.district]));
    serves.add(o.district);
    const createdDay = o.vetting === "PENDING" ? -rng.int(2, 12) : -rng.int(320, 700);
    const createdAt = at(createdDay, rng.int(9, 17), rng.int(0, 59));
    const vettedAt = o.vetting === "PENDING" ? null : at(createdDay + rng.int(3, 10), 15, 30);
    const sources = rng.shuffle(["GOVERNMENT", "UNION", "DONATION", "FEES", "OTHER"]).slice(0, rng.int(2, 4));
    const shares = splitShares(rng, sources.length);
    const contactName = personName(rng);
    const info: OrgInfo = { i, id, seed: o, userId: seedId("user", `org-${i}`), grade, gradeValidUntil, foundedAt, serves, name: o.name };
    out.organizations.push({
      id,
      name: o.name,
      uscc: orgUscc(i, o),
      registeringAuthority: o.cityLevel ? CITY_CIVIL_AFFAIRS : DISTRICT_BY_CODE[o.district].civilAffairs,
      legalRepresentative: personName(rng),
      foundedAt,
      staffCount: o.staff,
      volunteerCount: o.volunteers,
      districtCode: o.district,
      industryFocus: o.industryFocus,
      description: o.description,
      activityAreas: o.activityAreas,
      workingMethods: o.workingMethods,
      tags: o.tags,
      fundingSources: sources.map((source, k) => ({ source, shareBp: shares[k] })),
      unionCoverage: o.union,
      incubated: !!o.incubated,
      incubationDistrictCode: o.incubated?.district ?? null,
      incubatedSince: o.incubated
        ? o.incubated.sinceYearsAgo === 0
          ? at(-rng.int(30, 120), 0, 0)
          : at(-Math.round(o.incubated.sinceYearsAgo * 365.25) - rng.int(0, 120), 0, 0)
        : null,
      vettingStatus: o.vetting,
      vettingNote: o.vettingNote ?? null,
      vettedAt,
      grade,
      gradeAssessedAt,
      gradeValidUntil,
      ledgerConfirmedAt: o.vetting === "APPROVED" ? at(-rng.int(15, 200), 10, 0) : null,
      contactName,
      contactPhone: landline(rng),
      address: address(rng, o.district),
      createdAt,
    });
    for (const d of serves) out.serviceDistricts.push({ organizationId: id, districtCode: d });
    for (const c of o.categories) out.orgCategories.push({ organizationId: id, categoryCode: c });
    out.users.push({
      id: info.userId,
      email: orgEmail(i),
      passwordHash: hashes.ORG,
      role: "ORG",
      displayName: contactName,
      phone: landline(rng),
      organizationId: id,
      createdAt,
    });
    return info;
  });
  const approved = orgs.filter((o) => o.seed.vetting === "APPROVED");

  // ---------- enterprises
  const ents = ENTERPRISES.map((e, i) => {
    const id = seedId("enterprise", i);
    const contactName = personName(rng);
    const createdAt = at(-rng.int(300, 400), rng.int(9, 17), rng.int(0, 59));
    out.enterprises.push({
      id,
      name: e.name,
      uscc: enterpriseUscc(i, e.district),
      industry: e.industry,
      districtCode: e.district,
      employees: e.employees,
      hasUnion: e.hasUnion,
      contactName,
      contactPhone: landline(rng),
      address: address(rng, e.district),
      createdAt,
    });
    const userId = seedId("user", `enterprise-${i}`);
    out.users.push({
      id: userId,
      email: enterpriseEmail(i),
      passwordHash: hashes.ENTERPRISE,
      role: "ENTERPRISE",
      displayName: contactName,
      phone: landline(rng),
      enterpriseId: id,
      createdAt,
    });
    return { ...e, i, id, userId };
  });

  // ---------- indicator system (current year)
  const systemId = seedId("indicator-system", year);
  out.indicatorSystems.push({ id: systemId, year, name: `${year}年度劳动关系领域社会组织服务项目绩效评价指标体系`, active: true, createdAt: at(-60) });
  const addIndicators = (nodes: IndicatorNode[], parentId: string | null, level: number) =>
    nodes.forEach((ind, k) => {
      const id = seedId("indicator", `${year}:${ind.code}`);
      (level === 1 ? out.indicatorsL1 : out.indicatorsL2).push({
        id,
        systemId,
        parentId,
        level,
        code: ind.code,
        nameZh: ind.nameZh,
        nameEn: ind.nameEn,
        weightBp: ind.weightBp,
        kind: ind.kind,
        config: (ind.config ?? undefined) as Prisma.InputJsonValue | undefined,
        sortOrder: k,
      });
      if (ind.children?.length) addIndicators(ind.children, id, level + 1);
    });
  addIndicators(INDICATOR_TREE, null, 1);
  const indicatorSystem = { id: systemId, year, name: out.indicatorSystems[0].name };

  // ---------- projects
  const templateCursor: Record<CategoryCode, number> = Object.fromEntries(ALL_CATEGORY_CODES.map((c) => [c, 0])) as Record<CategoryCode, number>;
  const usedTitles = new Set<string>();
  const projects: ProjectCtx[] = [];
  const notify = (userId: string, kind: string, params: Record<string, unknown>, link: string | null, createdAt: Date, read = false) => {
    const row: Prisma.NotificationCreateManyInput = {
      id: seedId("notification", out.notifications.length),
      userId,
      kind,
      params: params as Prisma.InputJsonValue,
      link,
      createdAt,
      readAt: read ? new Date(createdAt.getTime() + 3600_000) : null,
    };
    out.notifications.push(row);
    return row;
  };
  /** A project notification; its `code` param is filled in once the project codes are assigned. */
  const codeLater: Array<{ params: Record<string, unknown>; projectId: string }> = [];
  const notifyProject = (userId: string, kind: string, projectId: string, params: Record<string, unknown>, createdAt: Date, read = false) => {
    const full = { code: "", ...params };
    codeLater.push({ params: full, projectId });
    notify(userId, kind, full, `/projects/${projectId}`, createdAt, read);
  };
  const evaluatedScores = new Map<string, Array<{ score: number; at: Date }>>();
  const bundleMembers: Array<{ ctx: ProjectCtx; row: Prisma.ProjectCreateManyInput }> = [];

  PLAN.forEach((p, n) => {
    const ent = ents[p.ent];
    const cat = p.cat;
    const templates = NEED_TEMPLATES[cat];
    const tIdx = p.t ?? templateCursor[cat]++ % templates.length;
    const tpl = templates[tIdx];
    let title = tpl.title;
    if (usedTitles.has(`${ent.i}:${title}`)) title = `${title}（第二期）`;
    usedTitles.add(`${ent.i}:${title}`);
    const beneficiaries = Math.round(rng.int(tpl.beneficiaries[0], tpl.beneficiaries[1]) / 5) * 5;
    const sessions = rng.int(tpl.sessions[0], tpl.sessions[1]);
    const budgetFen = Math.round(rng.int(tpl.budgetYuan[0], tpl.budgetYuan[1]) / 500) * 500 * 100;
    const description = `${tpl.description.replaceAll("{ent}", ent.name).replaceAll("{n}", String(ent.employees))}服务对象约${beneficiaries}人，计划开展${sessions}场（次）服务。`;
    const fundingSource = rng.pick(
      ent.hasUnion
        ? (["UNION_FUNDS", "UNION_FUNDS", "MIXED", "GOVERNMENT_PURCHASE", "ENTERPRISE_SELF"] as const)
        : (["GOVERNMENT_PURCHASE", "ENTERPRISE_SELF", "MIXED", "UNION_FUNDS"] as const),
    );

    // Timeline, in days relative to the need's creation.
    const dl = p.bundle ? 16 : rng.int(10, 20); // bidding window
    const dur = rng.int(20, 60); // service window
    const late = ["DELIVERED", "DISPUTED", "ACCEPTED", "EVALUATED", "CLOSED"].includes(p.state) && rng.chance(0.18) ? rng.int(8, 14) : 0;
    const off = {
      submit: 1,
      publish: 3,
      deadline: 3 + dl,
      award: 3 + dl + 3,
      start: 3 + dl + 10,
      end: 3 + dl + 10 + dur,
      report: 3 + dl + 10 + dur + 2 + late,
    };
    const off2 = { accept: off.report + 4, rating: off.report + 6, evaluation: off.report + 16, close: off.report + 22 };
    const T: number = (() => {
      switch (p.state) {
        case "DRAFT":
          return rng.int(1, 6);
        case "SUBMITTED":
          return rng.int(3, 9);
        case "REJECTED":
          return rng.int(8, 25);
        case "PUBLISHED":
          return p.bundle ? 6 : rng.int(4, dl - 2);
        case "EVALUATING":
          return off.deadline + rng.int(1, 3);
        case "UNSUCCESSFUL":
          return off.deadline + rng.int(5, 30);
        case "CANCELLED":
          return rng.int(10, 40);
        case "AWARDED":
          return off.award + rng.int(1, 5);
        case "IN_DELIVERY":
          return off.start + rng.int(3, dur - 3);
        case "DELIVERED":
          return off.report + rng.int(1, 3);
        case "DISPUTED":
          return off.report + rng.int(3, 5);
        case "ACCEPTED":
          return off2.accept + rng.int(1, 8);
        case "EVALUATED":
          return off2.evaluation + rng.int(1, 5);
        case "CLOSED":
          return off2.close + rng.int(5, 150);
      }
    })();
    const d = (o: number) => o - T; // day relative to today
    const createdAt = at(d(0), rng.int(9, 11), rng.int(0, 59));
    const isPublishedish = !["DRAFT", "SUBMITTED", "REJECTED"].includes(p.state) && !(p.state === "CANCELLED" && n % 3 === 2);
    const publishedAt = isPublishedish ? at(d(off.publish), 10, 0) : null;
    const bidDeadline = isPublishedish ? at(d(off.deadline), 17, 0) : null;
    const serviceStart = at(d(off.start), 0, 0);
    const serviceEnd = at(d(off.end), 0, 0);

    const id = seedId("project", n);
    const ctx: ProjectCtx = { id, plan: p, state: p.state, title, createdAt };
    projects.push(ctx);

    // --- bidders
    const candidates = approved.filter((o) => o.seed.categories.includes(cat));
    const forced = p.win ?? p.bid;
    const others = rng
      .shuffle(candidates.filter((o) => o.i !== forced))
      .sort((a, b) => Number(!a.serves.has(ent.district)) - Number(!b.serves.has(ent.district)));
    let bidCount = 0;
    switch (p.state) {
      case "PUBLISHED":
        bidCount = p.bundle ? 0 : forced != null ? rng.int(1, 2) : p.invite ? 0 : rng.int(0, 2);
        break;
      case "EVALUATING":
        bidCount = rng.int(3, 4);
        break;
      case "UNSUCCESSFUL":
        bidCount = n % 3 === 1 ? 0 : 1;
        break;
      case "CANCELLED":
      case "DRAFT":
      case "SUBMITTED":
      case "REJECTED":
        bidCount = 0;
        break;
      default:
        bidCount = rng.int(2, 4);
    }
    const bidders: OrgInfo[] = [];
    if (bidCount > 0 && forced != null) bidders.push(orgs[forced]);
    for (const o of others) if (bidders.length < bidCount) bidders.push(o);

    // --- admission conditions (准入), kept only where every bidder meets them (app/domain/admission.ts)
    const when = bidDeadline ?? createdAt;
    const cond: AdmissionProject = { districtCode: ent.district, minGrade: null, minYearsRegistered: null, mustServeDistrict: false, unionRule: "NONE" };
    const admits = (c: AdmissionProject) =>
      bidders.every((b) =>
        isAdmitted(
          checkAdmission(
            c,
            {
              vettingStatus: "APPROVED",
              grade: b.grade,
              gradeValidUntil: b.gradeValidUntil,
              foundedAt: b.foundedAt,
              districtCode: b.seed.district,
              serviceDistrictCodes: [...b.serves],
              unionCoverage: b.seed.union,
            },
            when,
          ),
        ),
      );
    const proposals: Array<Partial<AdmissionProject>> = [
      rng.chance(0.45) ? { minGrade: rng.int(2, 3) } : {},
      rng.chance(0.35) ? { minYearsRegistered: rng.int(1, 3) } : {},
      rng.chance(0.35) ? { mustServeDistrict: true } : {},
      rng.chance(0.5) ? { unionRule: rng.pick(["PREFERRED", "PREFERRED", "REQUIRED"] as const) } : {},
    ];
    for (const prop of proposals) if (admits({ ...cond, ...prop })) Object.assign(cond, prop);
    const { minGrade, minYearsRegistered, mustServeDistrict, unionRule } = cond;

    let stateReason: string | null = null;
    if (p.state === "REJECTED") stateReason = rng.pick(REJECT_REASONS);
    if (p.state === "CANCELLED") stateReason = CANCEL_REASONS[n % CANCEL_REASONS.length];
    if (p.state === "UNSUCCESSFUL") stateReason = bidCount === 0 ? UNSUCCESSFUL_REASONS[1] : rng.pick([UNSUCCESSFUL_REASONS[0], UNSUCCESSFUL_REASONS[2]]);

    const row: Prisma.ProjectCreateManyInput = {
      id,
      code: "", // assigned below, in creation order per year
      enterpriseId: ent.id,
      title,
      description,
      categoryCode: cat,
      districtCode: ent.district,
      beneficiariesPlanned: beneficiaries,
      sessionsPlanned: sessions,
      serviceStart,
      serviceEnd,
      budgetFen,
      fundingSource,
      bidDeadline,
      publishedAt,
      state: p.state,
      minGrade,
      minYearsRegistered,
      mustServeDistrict,
      unionRule,
      stateReason,
      createdById: ent.userId,
      createdAt,
    };
    if (p.bundle) bundleMembers.push({ ctx, row });
    else out.projects.push(row);
    out.outbox.push({ index: "projects", docId: id });

    // --- bids
    const overBudgetIdx = p.state === "UNSUCCESSFUL" && stateReason === UNSUCCESSFUL_REASONS[0] ? 0 : p.state === "EVALUATING" && n === 22 ? bidders.length - 1 : -1;
    const texts = CATEGORY_TEXTS[cat];
    const bidRows = bidders.map((o, k) => {
      const over = k === overBudgetIdx;
      const amountFen = over ? Math.round((budgetFen * rng.int(104, 112)) / 100 / 10000) * 10000 : Math.round((budgetFen * rng.int(82, 100)) / 100 / 10000) * 10000;
      // Sealed bids arrive while bidding is open (and, for open needs, before today).
      const lastDay = p.state === "PUBLISHED" ? T - 1 : off.deadline - 1;
      const submittedAt = at(d(rng.int(off.publish, lastDay)), rng.int(11, 20), rng.int(0, 59));
      const team = rng.shuffle(texts.team).slice(0, 3).join("；");
      return {
        id: seedId("bid", `${n}:${o.i}`),
        projectId: id,
        organizationId: o.id,
        amountFen,
        overBudgetReason: over ? "为保证服务质量，方案增加了一场次现场督导和一次效果回访，报价略高于预算。" : null,
        plan: `针对“${title}”需求，${o.name}拟${texts.method}。计划服务${beneficiaries}人、开展${sessions}场（次），并在服务结束后提交总结报告及佐证材料。`,
        timeline: `签约后第1周完成需求调研与方案细化；第2至${Math.max(3, Math.ceil(dur / 7) - 1)}周分批开展${sessions}场（次）服务；最后1周完成效果评估并提交交付报告。`,
        team,
        state: "SUBMITTED" as "SUBMITTED" | "WITHDRAWN" | "AWARDED" | "LOST",
        withdrawnAt: null as Date | null,
        submittedById: o.userId,
        submittedAt,
        org: o,
      };
    });
    // One withdrawn bid, to show the state.
    if (p.state === "EVALUATING" && n === 23 && bidRows.length >= 3) {
      bidRows[bidRows.length - 1].state = "WITHDRAWN";
      bidRows[bidRows.length - 1].withdrawnAt = at(d(off.deadline - 1), 11, 0);
    }

    // --- award
    const awardedStates: SeedState[] = ["AWARDED", "IN_DELIVERY", "DELIVERED", "DISPUTED", "ACCEPTED", "EVALUATED", "CLOSED"];
    let winner: (typeof bidRows)[number] | null = null;
    if (awardedStates.includes(p.state)) {
      winner = p.win != null ? bidRows.find((b) => b.org.i === p.win)! : rng.pick(bidRows);
      for (const b of bidRows) b.state = b === winner ? "AWARDED" : "LOST";
      out.awards.push({
        id: seedId("award", n),
        projectId: id,
        bidId: winner.id,
        organizationId: winner.org.id,
        amountFen: winner.amountFen,
        rationale: rng.pick(AWARD_RATIONALES),
        noConflictDeclared: true,
        approvedById: brokerId,
        approvedAt: at(d(off.award), 10, 30),
      });
      // Payment schedule (what the broker sets after the award): 30% on award, 60% on acceptance,
      // 10% retained until the evaluation; DUE once the project has reached the trigger state.
      const payers = allowedPayers(fundingSource, true);
      const schedule = [
        { percentBp: 3000, trigger: "ON_AWARD" as const, dueDay: off.award },
        { percentBp: 6000, trigger: "ON_ACCEPTANCE" as const, dueDay: off2.accept },
        { percentBp: 1000, trigger: "ON_EVALUATION" as const, dueDay: off2.evaluation },
      ];
      const amounts = allocateByPercent(winner.amountFen, schedule.map((x) => x.percentBp));
      schedule.forEach((x, k) => {
        const due = TRIGGER_STATES[x.trigger].includes(p.state);
        out.instalments.push({
          id: seedId("instalment", `${n}:${k + 1}`),
          projectId: id,
          seq: k + 1,
          percentBp: x.percentBp,
          amountFen: amounts[k],
          trigger: x.trigger,
          payer: payers.length === 1 ? payers[0] : k === 0 ? "UNION" : "ENTERPRISE",
          state: due ? "DUE" : "PENDING",
          dueAt: due ? at(d(x.dueDay), 18, 0) : null,
        });
      });
    }
    if (p.state === "UNSUCCESSFUL") for (const b of bidRows) b.state = "LOST";
    for (const b of bidRows) {
      const { org: _org, ...bid } = b;
      out.bids.push(bid);
    }

    // --- delivery, disputes, ratings, survey, evaluation
    const enterpriseUserId = ent.userId;
    if (winner && !["AWARDED", "IN_DELIVERY"].includes(p.state)) {
      const org = winner.org;
      const ratio = rng.int(82, 118) / 100;
      const beneficiariesActual = Math.max(1, Math.round(beneficiaries * ratio));
      const sessionsHeld = Math.max(1, rng.chance(0.2) ? sessions - 1 : rng.chance(0.15) ? sessions + 1 : sessions);
      const reportAt = at(d(off.report), 16, rng.int(0, 59));
      const deliveredEnd = at(d(off.end + late), 0, 0); // ON_TIME compares this with serviceEnd
      const upheld = p.state === "CLOSED" && cat === "cadre_training";
      if (upheld) {
        // An earlier report was disputed; the complaint was upheld and the org delivered again.
        out.deliveryReports.push({
          id: seedId("report", `${n}:first`),
          projectId: id,
          organizationId: org.id,
          beneficiariesActual: Math.round(beneficiariesActual * 0.6),
          sessionsHeld: Math.max(1, sessionsHeld - 2),
          startDate: serviceStart,
          endDate: at(d(off.end - 6), 0, 0),
          summary: `${org.name}提交首次交付报告，完成部分场次。`,
          submittedById: org.userId,
          submittedAt: at(d(off.end - 6), 15, 0),
        });
        out.disputes.push({
          id: seedId("dispute", `${n}`),
          projectId: id,
          raisedById: enterpriseUserId,
          reason: DISPUTE_REASONS[0],
          resolution: "经现场核实，部分场次确未按约定开展，投诉成立。责令服务方补足场次后重新提交交付报告。",
          outcome: "IN_DELIVERY",
          upheld: true,
          resolvedById: brokerId,
          createdAt: at(d(off.end - 4), 10, 0),
          resolvedAt: at(d(off.end - 2), 16, 0),
        });
      }
      out.deliveryReports.push({
        id: seedId("report", n),
        projectId: id,
        organizationId: org.id,
        beneficiariesActual,
        sessionsHeld,
        startDate: serviceStart,
        endDate: deliveredEnd,
        summary: `${org.name}于${fmtDateZh(serviceStart)}至${fmtDateZh(deliveredEnd)}为${ent.name}开展“${title}”服务${sessionsHeld}场（次），累计服务职工${beneficiariesActual}人次。${texts.report}`,
        submittedById: org.userId,
        submittedAt: reportAt,
      });
      if (p.state === "DISPUTED") {
        out.disputes.push({
          id: seedId("dispute", `${n}`),
          projectId: id,
          raisedById: enterpriseUserId,
          reason: DISPUTE_REASONS[n % DISPUTE_REASONS.length],
          createdAt: at(d(off.report + 2), 11, 0),
        });
      }
      if (p.state === "ACCEPTED" && p.resolvedDispute) {
        out.disputes.push({
          id: seedId("dispute", `${n}`),
          projectId: id,
          raisedById: enterpriseUserId,
          reason: DISPUTE_REASONS[1],
          resolution: "服务方补充提交了签到表、现场照片和满意度回访记录，经核实服务按约定完成，投诉不成立，项目转为验收通过。",
          outcome: "ACCEPTED",
          upheld: false,
          resolvedById: brokerId,
          createdAt: at(d(off.report + 1), 10, 0),
          resolvedAt: at(d(off2.accept), 15, 0),
        });
      }
      const rated = ["EVALUATED", "CLOSED"].includes(p.state) || (p.state === "ACCEPTED" && n % 2 === 0);
      let rating: ScoringInputs["ratings"][number] | null = null;
      if (rated) {
        const base = rng.pick([3, 4, 4, 5, 5]);
        const dim = () => Math.min(5, Math.max(1, base + rng.pick([-1, 0, 0, 0, 1])));
        rating = { quality: dim(), timeliness: late ? Math.max(1, dim() - 1) : dim(), professionalism: dim(), workerResponse: dim() };
        out.ratings.push({
          id: seedId("rating", n),
          projectId: id,
          enterpriseId: ent.id,
          organizationId: org.id,
          ...rating,
          comment: rng.pick(texts.comments),
          createdById: enterpriseUserId,
          createdAt: at(d(off2.rating), 14, 0),
        });
      }
      const surveyCount = ["EVALUATED", "CLOSED"].includes(p.state) ? rng.int(6, 12) : p.state === "ACCEPTED" ? rng.int(3, 5) : 0;
      const surveySums: [number, number, number, number, number] = [0, 0, 0, 0, 0];
      for (let k = 0; k < surveyCount; k++) {
        const tokenId = seedId("survey-token", `${n}:${k}`);
        const respondedAt = at(d(off.end + rng.int(0, 6)), rng.int(8, 21), rng.int(0, 59));
        const base = rng.pick([3, 4, 4, 5, 5]);
        const q = () => Math.min(5, Math.max(1, base + rng.pick([-1, 0, 0, 1])));
        const qs = [q(), q(), q(), q(), q()];
        qs.forEach((v, j) => (surveySums[j] += v));
        out.surveyTokens.push({
          id: tokenId,
          projectId: id,
          tokenHash: createHash("sha256").update(`laborbridge-seed-survey:${n}:${k}`).digest("hex"),
          createdById: brokerId,
          createdAt: at(d(off.end - 1), 9, 0),
          usedAt: respondedAt,
        });
        out.surveyResponses.push({
          id: seedId("survey-response", `${n}:${k}`),
          projectId: id,
          tokenId,
          q1: qs[0],
          q2: qs[1],
          q3: qs[2],
          q4: qs[3],
          q5: qs[4],
          comment: k % 3 === 0 ? rng.pick(["老师讲得很实用。", "希望以后多组织这样的活动。", "时间安排在下班后，有点累。", "对我帮助很大，谢谢工会！", ""]) : "",
          createdAt: respondedAt,
        });
      }
      if (["EVALUATED", "CLOSED"].includes(p.state)) {
        // Stored exactly as closeEvaluation stores it, so rescore(inputs) reproduces score and grade.
        const broker: ScoringInputs["broker"] = {};
        const walk = (list: IndicatorNode[]) =>
          list.forEach((ind) => {
            if (ind.kind === "BROKER_ASSESSMENT") {
              const score = rng.int(75, 98);
              broker[ind.code] = { score, comment: score >= 90 ? "完成质量高，资料规范齐全。" : score >= 80 ? "总体较好，个别环节记录不够完整。" : "基本完成，需加强过程管理和资料留存。" };
            }
            if (ind.children) walk(ind.children);
          });
        walk(INDICATOR_TREE);
        const facts: ScoringInputs = {
          people: { planned: beneficiaries, actual: beneficiariesActual },
          sessions: { planned: sessions, actual: sessionsHeld },
          onTime: { due: shanghaiDay(serviceEnd), delivered: shanghaiDay(deliveredEnd) },
          ratings: rating ? [rating] : [],
          survey: { responses: surveyCount, sums: surveySums },
          broker,
          penalties: { upheld: upheld ? 1 : 0 },
        };
        const closedAt = at(d(off2.evaluation), 17, 0);
        const inputs: EvaluationInputs = {
          version: EVALUATION_INPUTS_VERSION,
          system: indicatorSystem,
          tree: INDICATOR_TREE,
          facts,
          sources: {
            deliveryReportId: seedId("report", n),
            ratingIds: rating ? [seedId("rating", n)] : [],
            upheldDisputeIds: upheld ? [seedId("dispute", `${n}`)] : [],
            surveyResponses: surveyCount,
          },
          collectedAt: closedAt.toISOString(),
        };
        const result = scoreProject(INDICATOR_TREE, facts);
        out.evaluations.push({
          id: seedId("evaluation", n),
          projectId: id,
          systemId,
          state: "CLOSED",
          inputs: inputs as unknown as Prisma.InputJsonValue,
          breakdown: result.breakdown as unknown as Prisma.InputJsonValue,
          score: result.score,
          grade: result.grade,
          openedById: brokerId,
          closedById: brokerId,
          openedAt: at(d(off2.accept + 1), 9, 0),
          closedAt,
        });
        const list = evaluatedScores.get(org.id) ?? [];
        list.push({ score: result.score, at: closedAt });
        evaluatedScores.set(org.id, list);
      }
    }

    // --- history: the audit records this need's lifecycle would have written (no rng: keeps the
    // rest of the data set unchanged). Times follow the offsets above; every step is in the past.
    {
      type Who = { id: string | null; role: DemoAuditEntry["actorRole"] };
      const ENT: Who = { id: ent.userId, role: "ENTERPRISE" };
      const BROKER: Who = { id: brokerId, role: "BROKER" };
      const SYSTEM: Who = { id: null, role: "SYSTEM" };
      const ORG: Who = { id: winner?.org.userId ?? null, role: "ORG" };
      let cur: SeedState | "DRAFT" = "DRAFT";
      let version = 0;
      const step = (when: Date, name: string, who: Who, to: string, extra: { after?: Record<string, unknown>; reason?: string | null } = {}) => {
        out.history.push({
          at: when,
          actorId: who.id,
          actorRole: who.role,
          action: `project.${name}`,
          entityType: "Project",
          entityId: id,
          before: { state: cur, version },
          after: { state: to, version: version + 1, ...extra.after },
          reason: extra.reason ?? null,
        });
        cur = to as SeedState;
        version++;
      };
      out.history.push({
        at: createdAt,
        actorId: ent.userId,
        actorRole: "ENTERPRISE",
        action: "project.create",
        entityType: "Project",
        entityId: id,
        after: {
          state: "DRAFT",
          code: "", // filled in once the codes are assigned
          title,
          categoryCode: cat,
          districtCode: ent.district,
          beneficiariesPlanned: beneficiaries,
          sessionsPlanned: sessions,
          budgetFen,
          fundingSource,
          serviceStart: serviceStart.toISOString(),
          serviceEnd: serviceEnd.toISOString(),
        },
        reason: null,
      });
      const s = p.state;
      const published = () => step(publishedAt!, "publish", BROKER, "PUBLISHED", { after: { bidDeadline: bidDeadline!.toISOString() } });
      const closeBidding = () => step(new Date(bidDeadline!.getTime() + 5 * 60_000), "close_bidding", SYSTEM, "EVALUATING");
      const report = (r: Prisma.DeliveryReportCreateManyInput) =>
        step(r.submittedAt as Date, "file_delivery", ORG, "DELIVERED", {
          after: { deliveryReportId: r.id, beneficiariesActual: r.beneficiariesActual, sessionsHeld: r.sessionsHeld, evidence: 0 },
        });
      const dispute = (x: Prisma.DisputeCreateManyInput) => step(x.createdAt as Date, "dispute", ENT, "DISPUTED", { after: { disputeId: x.id }, reason: x.reason });
      const resolve = (x: Prisma.DisputeCreateManyInput, to: "IN_DELIVERY" | "ACCEPTED") =>
        step(x.resolvedAt as Date, to === "ACCEPTED" ? "resolve_dispute_accept" : "resolve_dispute_redeliver", BROKER, to, {
          after: { disputeId: x.id, outcome: to, upheld: x.upheld },
          reason: x.resolution,
        });
      if (s !== "DRAFT") step(at(d(off.submit), 9, 30), "submit", ENT, "SUBMITTED");
      if (s === "REJECTED") step(at(d(4), 15, 0), "reject", BROKER, "REJECTED", { reason: stateReason });
      if (s === "CANCELLED") {
        if (!isPublishedish) step(at(d(2), 14, 0), "cancel", ENT, "CANCELLED", { reason: stateReason });
        else {
          published();
          const cancelAt = at(d(Math.min(T - 1, off.deadline + 2)), 14, 0);
          if (cancelAt.getTime() > bidDeadline!.getTime()) closeBidding();
          step(cancelAt, "cancel", ENT, "CANCELLED", { reason: stateReason });
        }
      }
      // Bundle members are bundled (and so published) by the broker below, with the bundle.
      if (!["DRAFT", "SUBMITTED", "REJECTED", "CANCELLED"].includes(s) && !p.bundle) {
        published();
        if (s !== "PUBLISHED") closeBidding();
        if (s === "UNSUCCESSFUL") step(at(d(off.deadline + 3), 15, 0), "declare_unsuccessful", BROKER, "UNSUCCESSFUL", { reason: stateReason });
        const award = out.awards.find((a) => a.projectId === id);
        if (award && winner) {
          step(award.approvedAt as Date, "award", BROKER, "AWARDED", {
            after: { awardId: award.id, bidId: winner.id, organizationId: winner.org.id, amountFen: winner.amountFen, noConflictDeclared: true },
            reason: award.rationale,
          });
          if (s !== "AWARDED") step(at(d(off.start), 9, 0), "start_delivery", ORG, "IN_DELIVERY");
          const reports = out.deliveryReports.filter((r) => r.projectId === id);
          const disputeRow = out.disputes.find((x) => x.projectId === id);
          if (reports.length > 1 && disputeRow) {
            // First report disputed, complaint upheld, delivered again.
            report(reports[0]);
            dispute(disputeRow);
            resolve(disputeRow, "IN_DELIVERY");
          }
          const last = reports[reports.length - 1];
          if (last) {
            report(last);
            if (s === "DISPUTED" && disputeRow) dispute(disputeRow);
            if (["ACCEPTED", "EVALUATED", "CLOSED"].includes(s)) {
              if (disputeRow && disputeRow.outcome === "ACCEPTED") {
                dispute(disputeRow);
                resolve(disputeRow, "ACCEPTED");
              } else step(at(d(off2.accept), 15, 0), "accept", ENT, "ACCEPTED");
            }
            const evaluation = out.evaluations.find((x) => x.projectId === id);
            if (evaluation) step(evaluation.closedAt as Date, "evaluate", BROKER, "EVALUATED");
            if (s === "CLOSED") step(at(d(off2.close), 10, 0), "close", BROKER, "CLOSED");
          }
        }
      }
      row.version = version;
      // Sealed bids (and the one withdrawal).
      for (const b of bidRows) {
        const bidAfter = { state: "SUBMITTED", projectId: id, organizationId: b.org.id };
        out.history.push({ at: b.submittedAt, actorId: b.org.userId, actorRole: "ORG", action: "bid.submit", entityType: "Bid", entityId: b.id, after: bidAfter, reason: null });
        if (b.withdrawnAt) {
          out.history.push({
            at: b.withdrawnAt,
            actorId: b.org.userId,
            actorRole: "ORG",
            action: "bid.withdraw",
            entityType: "Bid",
            entityId: b.id,
            before: { state: "SUBMITTED" },
            after: { ...bidAfter, state: "WITHDRAWN" },
            reason: null,
          });
        }
      }
    }

    // --- notifications (kinds and params as the lifecycle sends them: { code, title, state, … })
    const tell = (userId: string, kind: string, when: Date, extra: Record<string, unknown> = {}, read = false) =>
      notifyProject(userId, kind, id, { title, state: p.state, ...extra }, when, read);
    const liveBids = bidRows.filter((b) => b.state === "SUBMITTED").length;
    if (p.ent === DEMO_ENTERPRISE) {
      const u = ent.userId;
      if (p.state === "PUBLISHED") {
        tell(u, "need.published", publishedAt!, {}, true);
        if (liveBids) tell(u, "bid.received", bidRows[bidRows.length - 1].submittedAt, { count: liveBids });
      }
      if (p.state === "REJECTED") tell(u, "need.rejected", at(d(4), 15, 0), { reason: stateReason });
      if (p.state === "EVALUATING") tell(u, "bidding.closed", bidDeadline!);
      if (p.state === "AWARDED") tell(u, "project.awarded", at(d(off.award), 10, 30));
      if (p.state === "IN_DELIVERY") tell(u, "delivery.started", at(d(off.start), 9, 0), {}, true);
      if (p.state === "DELIVERED") tell(u, "delivery.filed", at(d(off.report), 16, 30));
      if (p.state === "EVALUATED" || p.state === "CLOSED") tell(u, "project.evaluated", at(d(off2.evaluation), 17, 0), {}, true);
    }
    for (const b of bidRows) {
      if (b.org.i !== DEMO_ORG && b.org.i !== DEMO_ORG2) continue;
      const u = b.org.userId;
      const recent = T - off.award < 45;
      if (b.state === "SUBMITTED" && p.state === "EVALUATING") tell(u, "bidding.closed", bidDeadline!);
      if (b.state === "AWARDED" && recent) tell(u, "award.won", at(d(off.award), 10, 31), {}, p.state !== "AWARDED");
      if (b.state === "LOST" && recent) tell(u, "award.lost", at(d(off.award), 10, 31), {}, true);
      if (b.state === "AWARDED" && p.state === "DISPUTED") tell(u, "delivery.disputed", at(d(off.report + 2), 11, 0));
      if (b.state === "AWARDED" && p.state === "ACCEPTED") tell(u, "delivery.accepted", at(d(off2.accept), 15, 0), {}, true);
      if (b.state === "AWARDED" && p.state === "ACCEPTED" && out.ratings.some((r) => r.projectId === id)) tell(u, "rating.received", at(d(off2.rating), 14, 0));
      if (b.state === "AWARDED" && (p.state === "EVALUATED" || p.state === "CLOSED")) tell(u, "project.evaluated", at(d(off2.evaluation), 17, 0), {}, p.state === "CLOSED");
    }
    if (p.state === "SUBMITTED") tell(brokerId, "need.submitted", at(d(off.submit), 9, 30));
    if (p.state === "PUBLISHED" && liveBids) tell(brokerId, "bid.received", bidRows[bidRows.length - 1].submittedAt, { count: liveBids }, true);
    if (p.state === "EVALUATING") tell(brokerId, "bidding.closed", bidDeadline!);
    if (p.state === "DELIVERED") tell(brokerId, "delivery.filed", at(d(off.report), 16, 30));
    if (p.state === "DISPUTED") tell(brokerId, "delivery.disputed", at(d(off.report + 2), 11, 0));
  });

  // The bundle project: the broker bundled two similar needs into one published project.
  const bundleId = seedId("project", "bundle");
  // Created (already PUBLISHED, as projects.server.ts bundleNeeds does) after its members were submitted.
  const bundleCreated = at(-5, 15, 0);
  const m1 = bundleMembers[0].row;
  const m2 = bundleMembers[1].row;
  const bundleRow: Prisma.ProjectCreateManyInput = {
    id: bundleId,
    code: "",
    enterpriseId: null,
    isBundle: true,
    title: `${year}年园区企业叉车司机技能培训（打捆项目）`,
    description: `工会将${bundleMembers.map((m) => ents[m.ctx.plan.ent].name).join("、")}两家企业的同类叉车司机培训需求打捆为一个项目统一发布，由一家社会组织承接、分企业实施，各企业分别验收和评价。服务对象合计约${(m1.beneficiariesPlanned as number) + (m2.beneficiariesPlanned as number)}人。`,
    categoryCode: "skills_training",
    districtCode: m1.districtCode as string,
    beneficiariesPlanned: (m1.beneficiariesPlanned as number) + (m2.beneficiariesPlanned as number),
    sessionsPlanned: (m1.sessionsPlanned as number) + (m2.sessionsPlanned as number),
    serviceStart: m1.serviceStart,
    serviceEnd: m1.serviceEnd,
    budgetFen: (m1.budgetFen as number) + (m2.budgetFen as number),
    fundingSource: m1.fundingSource === m2.fundingSource ? m1.fundingSource : "MIXED",
    bidDeadline: at(12, 17, 0),
    publishedAt: bundleCreated,
    state: "PUBLISHED",
    mustServeDistrict: false,
    unionRule: "PREFERRED",
    createdById: brokerId,
    createdAt: bundleCreated,
  };
  out.history.push({
    at: bundleCreated,
    actorId: brokerId,
    actorRole: "BROKER",
    action: "project.create",
    entityType: "Project",
    entityId: bundleId,
    after: {
      state: "PUBLISHED",
      code: "", // filled in once the codes are assigned
      isBundle: true,
      members: [m1.id, m2.id],
      bidDeadline: (bundleRow.bidDeadline as Date).toISOString(),
      budgetFen: bundleRow.budgetFen,
    },
    reason: null,
  });
  [m1, m2].forEach((m, k) => {
    m.bundleId = bundleId;
    m.publishedAt = bundleRow.publishedAt;
    m.bidDeadline = bundleRow.bidDeadline;
    const v = (m.version as number | undefined) ?? 0; // created and submitted above
    out.history.push({
      at: new Date(bundleCreated.getTime() + (k + 1) * 1000),
      actorId: brokerId,
      actorRole: "BROKER",
      action: "project.bundle",
      entityType: "Project",
      entityId: m.id as string,
      before: { state: "SUBMITTED", version: v, bundleId: null },
      after: { state: "PUBLISHED", version: v + 1, bundleId },
      reason: null,
    });
    m.version = v + 1;
  });
  out.projects.push(bundleRow);
  out.memberProjects.push(m1, m2);
  out.outbox.push({ index: "projects", docId: bundleId });
  // Two sealed bids on the bundle.
  approved
    .filter((o) => o.seed.categories.includes("skills_training"))
    .sort((a, b) => Number(!a.serves.has(m1.districtCode as DistrictCode)) - Number(!b.serves.has(m1.districtCode as DistrictCode)))
    .slice(0, 2)
    .forEach((o, k) =>
      out.bids.push({
        id: seedId("bid", `bundle:${o.i}`),
        projectId: bundleId,
        organizationId: o.id,
        amountFen: Math.round(((bundleRow.budgetFen as number) * (92 - k * 5)) / 100 / 10000) * 10000,
        plan: `${o.name}拟在两家企业分别组织叉车理论培训和实操训练，统一考核取证辅导，${CATEGORY_TEXTS.skills_training.method}。`,
        timeline: "签约后第1周分别对接两家企业确定学员名单；第2至5周分两个教学点开展培训；第6周组织考核并提交交付报告。",
        team: CATEGORY_TEXTS.skills_training.team.slice(0, 3).join("；"),
        state: "SUBMITTED",
        submittedById: o.userId,
        submittedAt: at(-3 + k, 14, 0),
      }),
    );
  for (const b of out.bids.filter((x) => x.projectId === bundleId)) {
    out.history.push({
      at: b.submittedAt as Date,
      actorId: b.submittedById as string,
      actorRole: "ORG",
      action: "bid.submit",
      entityType: "Bid",
      entityId: b.id as string,
      after: { state: "SUBMITTED", projectId: bundleId, organizationId: b.organizationId },
      reason: null,
    });
  }

  // Project codes: XQ-<year>-<seq> for needs, JC-<year>-<seq> for bundles (集采), numbered per year in
  // creation order (as projects.server.ts nextCode does).
  const byYear = new Map<string, number>();
  [...out.projects, ...out.memberProjects]
    .sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime() || String(a.id).localeCompare(String(b.id)))
    .forEach((r) => {
      const prefix = r.isBundle ? "JC" : "XQ";
      const key = `${prefix}-${shYear(r.createdAt as Date)}`;
      const seq = (byYear.get(key) ?? 0) + 1;
      byYear.set(key, seq);
      r.code = `${key}-${String(seq).padStart(4, "0")}`;
    });
  const codeOf = new Map([...out.projects, ...out.memberProjects].map((r) => [r.id as string, r.code]));
  for (const c of codeLater) c.params.code = codeOf.get(c.projectId);
  for (const h of out.history) if (h.action === "project.create") h.after.code = codeOf.get(h.entityId);
  // One chain, oldest first (stable: steps of one project at the same instant keep their order).
  out.history.sort((a, b) => a.at.getTime() - b.at.getTime());

  // Invitations to bid on an open need that has no bids yet (the broker's matching recommendations).
  for (const openNoBids of projects.filter((x) => x.plan.invite)) {
  const invitedAt = new Date((out.projects.find((r) => r.id === openNoBids.id)!.publishedAt as Date).getTime() + 2 * 3600_000);
  const district = ents[openNoBids.plan.ent].district;
  openNoBids.plan.invite!.forEach((oi) => {
    const o = orgs[oi];
    out.invitations.push({
      projectId: openNoBids.id,
      organizationId: o.id,
      invitedById: brokerId,
      reasons: ["服务类别匹配", o.serves.has(district) ? "服务区域覆盖项目所在区" : "邻近区域服务经验", o.grade ? `社会组织等级 ${o.grade}A` : "工会覆盖组织"],
      createdAt: invitedAt,
    });
  });
  }

  // Performance score: recency-weighted mean of the closed evaluations (app/domain/scoring.ts).
  for (const o of out.organizations) {
    const list = evaluatedScores.get(o.id as string);
    if (list?.length) o.performanceScore = recencyWeightedMean(list, now);
  }

  // ---------- joint meetings (联席会)
  const cityMeetingId = seedId("meeting", "city");
  const kaifuMeetingId = seedId("meeting", "kaifu");
  const yuhuaMeetingId = seedId("meeting", "yuhua");
  out.meetings.push(
    {
      id: cityMeetingId,
      title: `${shYear(at(-45))}年${new Date(at(-45).getTime() + SH_OFFSET).getUTCMonth() < 6 ? "上" : "下"}半年长沙市职工服务类社会组织联席会`,
      level: "CITY",
      districtCode: null,
      scheduledAt: at(-45, 9, 30),
      place: "长沙市总工会职工服务中心三楼会议室",
      agenda: "一、通报上半年工会购买服务项目实施和绩效评价情况；二、社会组织交流服务职工经验；三、征集下半年职工服务需求；四、部署社会组织等级评估和年度检查工作。",
      minutes:
        "会议由市总工会基层工作部主持。通报上半年共发布职工服务需求项目，已完成绩效评价的项目平均得分良好。心桥中心、劳动者法律援助服务社作了经验交流。会议要求各社会组织按期提交交付报告和佐证材料，下半年重点围绕新就业形态劳动者开展服务。",
      createdById: brokerId,
      createdAt: at(-60, 10, 0),
    },
    {
      id: kaifuMeetingId,
      title: "开福区劳动关系领域社会组织联席会（第三次）",
      level: "DISTRICT",
      districtCode: "kaifu",
      scheduledAt: at(10, 14, 30),
      place: "开福区总工会社会组织孵化基地多功能厅",
      agenda: "一、孵化基地入驻组织年度工作汇报；二、新就业形态劳动者服务需求对接；三、研究建立社会组织联合会的工作方案。",
      createdById: brokerId,
      createdAt: at(-5, 10, 0),
    },
    {
      id: yuhuaMeetingId,
      title: "雨花区劳动关系领域社会组织联席会（第二次）",
      level: "DISTRICT",
      districtCode: "yuhua",
      scheduledAt: at(-20, 14, 30),
      place: "雨花区职工服务中心二楼会议室",
      agenda: "一、雨花区孵化基地社会组织服务情况通报；二、企业工会与社会组织项目对接；三、讨论孵化机制在人员、资金、场地方面的支持措施。",
      minutes: "会议听取了孵化基地三家社会组织的工作汇报，现场促成两项企业服务对接意向。会议明确孵化期内由区总工会提供免费办公场地和项目启动资金支持。",
      createdById: brokerId,
      createdAt: at(-30, 10, 0),
    },
  );
  const cityInvitees = approved.filter((o) => o.seed.cityLevel || o.i <= 12);
  cityInvitees.forEach((o, k) =>
    out.meetingInvitations.push({ meetingId: cityMeetingId, organizationId: o.id, attended: k % 5 !== 3, invitedAt: at(-60, 10, 5) }),
  );
  approved
    .filter((o) => o.seed.district === "kaifu" || o.serves.has("kaifu"))
    .forEach((o) => out.meetingInvitations.push({ meetingId: kaifuMeetingId, organizationId: o.id, attended: null, invitedAt: at(-5, 10, 5) }));
  approved
    .filter((o) => o.seed.district === "yuhua" || o.seed.incubated?.district === "yuhua")
    .forEach((o, k) =>
      out.meetingInvitations.push({ meetingId: yuhuaMeetingId, organizationId: o.id, attended: k % 4 !== 2, invitedAt: at(-30, 10, 5) }),
    );
  for (const inv of out.meetingInvitations) {
    const o = orgs.find((x) => x.id === inv.organizationId)!;
    if (o.i !== DEMO_ORG && o.i !== DEMO_ORG2) continue;
    const m = out.meetings.find((x) => x.id === inv.meetingId)!;
    notify(o.userId, "meeting.invited", { title: m.title, scheduledAt: (m.scheduledAt as Date).toISOString(), place: m.place }, `/org/meetings/${m.id}`, inv.invitedAt as Date, inv.attended != null);
  }

  // Search documents: every project and every approved organization.
  for (const o of approved) out.outbox.push({ index: "organizations", docId: o.id });

  return out;
}
