// The demo seed against a real, freshly migrated database (SQLite, or PostgreSQL with LB_TEST_DB=postgres).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { validateUscc } from "~/domain/uscc";
import { verifyPassword } from "~/auth/password.server";
import { verifyAuditChain } from "~/domain/audit.server";
import { DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo, type SeedResult } from "./seed";
import { rescore } from "~/domain/evaluation.server";
import { getEvaluation } from "~/domain/evaluation.server";
import { loadTree } from "~/domain/indicators.server";
import { validateTree } from "~/domain/scoring";
import { checkAdmission, isAdmitted } from "~/domain/admission";
import { buildDemoRows } from "./seed-data/build";
import { projectTimeline as brokerTimeline } from "~/domain/broker.server";
import { projectTimeline } from "~/domain/marketplace-views.server";

const PROJECT_STATES = [
  "DRAFT",
  "SUBMITTED",
  "PUBLISHED",
  "EVALUATING",
  "AWARDED",
  "UNSUCCESSFUL",
  "CANCELLED",
  "REJECTED",
  "IN_DELIVERY",
  "DELIVERED",
  "DISPUTED",
  "ACCEPTED",
  "EVALUATED",
  "CLOSED",
] as const;

let first: SeedResult;
const now = new Date();

beforeAll(async () => {
  expect(await isDatabaseEmpty(db)).toBe(true);
  first = await seedDemo(db, { now });
}, 60_000);

describe("seedDemo", () => {
  it("seeds an empty database and then refuses to seed again", async () => {
    expect(first.seeded).toBe(true);
    expect(await isDatabaseEmpty(db)).toBe(false);
    const before = await db.project.count();
    const logs: string[] = [];
    const second = await seedDemo(db, { log: (s) => logs.push(s) });
    expect(second.seeded).toBe(false);
    expect(logs.join("\n")).toMatch(/skipped/);
    expect(await db.project.count()).toBe(before);
    expect(second.accounts.map((a) => a.email)).toEqual(first.accounts.map((a) => a.email));
  });

  it("has ≥30 organizations over ≥8 districts and all 5 categories, with valid ledger fields", async () => {
    const orgs = await db.organization.findMany({ include: { categories: true, serviceDistricts: true } });
    expect(orgs.length).toBeGreaterThanOrEqual(30);
    expect(new Set(orgs.map((o) => o.districtCode)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(orgs.flatMap((o) => o.categories.map((c) => c.categoryCode)))).toEqual(
      new Set(["skills_training", "legal_aid", "psych_counselling", "employment", "cadre_training"]),
    );
    const statuses = new Set(orgs.map((o) => o.vettingStatus));
    for (const s of ["APPROVED", "PENDING", "REJECTED", "SUSPENDED"]) expect(statuses).toContain(s);
    expect(new Set(orgs.map((o) => o.unionCoverage))).toEqual(new Set(["OWN_UNION", "JOINT_UNION", "NONE"]));
    expect(orgs.some((o) => o.grade == null)).toBe(true);
    expect(orgs.some((o) => o.gradeValidUntil && o.gradeValidUntil < now)).toBe(true);
    expect(new Set(orgs.map((o) => o.grade).filter((g) => g != null))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(orgs.filter((o) => o.incubated).every((o) => ["kaifu", "yuhua"].includes(o.incubationDistrictCode!) && o.incubatedSince)).toBe(true);
    for (const o of orgs) {
      const len = [...o.description].length;
      expect(len, o.name).toBeGreaterThanOrEqual(80);
      expect(len, o.name).toBeLessThanOrEqual(200);
      expect(o.serviceDistricts.map((d) => d.districtCode)).toContain(o.districtCode);
      expect(o.categories.length).toBeGreaterThan(0);
      expect(o.registeringAuthority).toMatch(/民政局$/);
    }
  });

  it("gives every organization and enterprise a valid USCC (GB 32100-2015)", async () => {
    const orgs = await db.organization.findMany({ select: { uscc: true } });
    const ents = await db.enterprise.findMany({ select: { uscc: true } });
    expect(ents.length).toBeGreaterThanOrEqual(20);
    for (const { uscc } of [...orgs, ...ents]) expect(validateUscc(uscc), uscc).toEqual({ ok: true, value: uscc });
    expect(orgs.every((o) => /^5[12]4301\d\d/.test(o.uscc))).toBe(true);
    expect(ents.every((e) => /^914301\d\d/.test(e.uscc))).toBe(true);
  });

  it("funding shares sum to 10000 bp", async () => {
    const orgs = await db.organization.findMany({ select: { name: true, fundingSources: true } });
    for (const o of orgs) {
      const fs = o.fundingSources as Array<{ source: string; shareBp: number }>;
      expect(fs.length, o.name).toBeGreaterThan(0);
      expect(fs.reduce((s, f) => s + f.shareBp, 0), o.name).toBe(10000);
    }
  });

  it("has ≥60 needs in every project state, consistent with bids, awards and deliveries", async () => {
    const projects = await db.project.findMany({ include: { bids: true, award: true, deliveryReports: true, disputes: true, ratings: true, evaluation: true } });
    expect(projects.filter((p) => p.enterpriseId).length).toBeGreaterThanOrEqual(60);
    expect(new Set(projects.map((p) => p.state))).toEqual(new Set(PROJECT_STATES));
    expect(new Set(projects.map((p) => p.code)).size).toBe(projects.length);
    for (const p of projects) {
      expect(p.code).toMatch(p.isBundle ? /^JC-\d{4}-\d{4}$/ : /^XQ-\d{4}-\d{4}$/);
      expect(p.budgetFen).toBeGreaterThanOrEqual(800_000);
      expect(p.budgetFen).toBeLessThanOrEqual(30_000_000);
      if (p.state === "PUBLISHED") expect(p.bidDeadline!.getTime(), p.code).toBeGreaterThan(now.getTime());
      if (p.state === "EVALUATING") {
        expect(p.bidDeadline!.getTime()).toBeLessThan(now.getTime());
        expect(p.bids.length).toBeGreaterThanOrEqual(2);
      }
      const awarded = ["AWARDED", "IN_DELIVERY", "DELIVERED", "DISPUTED", "ACCEPTED", "EVALUATED", "CLOSED"].includes(p.state);
      expect(!!p.award, p.code).toBe(awarded);
      if (p.award) {
        const win = p.bids.find((b) => b.id === p.award!.bidId)!;
        expect(win.state).toBe("AWARDED");
        expect(win.organizationId).toBe(p.award.organizationId);
        expect(win.amountFen).toBe(p.award.amountFen);
        expect(p.bids.filter((b) => b.id !== win.id).every((b) => b.state === "LOST")).toBe(true);
      }
      if (["DELIVERED", "DISPUTED", "ACCEPTED", "EVALUATED", "CLOSED"].includes(p.state)) expect(p.deliveryReports.length).toBeGreaterThan(0);
      if (p.state === "DISPUTED") expect(p.disputes.some((d) => d.resolvedAt == null)).toBe(true);
      if (["EVALUATED", "CLOSED"].includes(p.state)) {
        expect(p.ratings.length).toBe(1);
        expect(p.evaluation?.state).toBe("CLOSED");
      }
      for (const r of p.ratings) for (const v of [r.quality, r.timeliness, r.professionalism, r.workerResponse]) expect(v >= 1 && v <= 5).toBe(true);
    }
    // Every bidder met the project's admission conditions at the bid deadline.
    const orgs = await db.organization.findMany({ include: { serviceDistricts: true } });
    const byId = new Map(orgs.map((o) => [o.id, o]));
    for (const p of projects) {
      for (const b of p.bids) {
        const o = byId.get(b.organizationId)!;
        const checks = checkAdmission(p, { ...o, serviceDistrictCodes: o.serviceDistricts.map((d) => d.districtCode) }, p.bidDeadline ?? now);
        expect(isAdmitted(checks), `${p.code} ${o.name} ${JSON.stringify(checks)}`).toBe(true);
      }
    }
    // Awarded projects have a payment schedule summing to the award amount.
    const instalments = await db.instalment.findMany();
    for (const p of projects.filter((x) => x.award)) {
      const mine = instalments.filter((i) => i.projectId === p.id);
      expect(mine.reduce((s, i) => s + i.percentBp, 0)).toBe(10000);
      expect(mine.reduce((s, i) => s + i.amountFen, 0)).toBe(p.award!.amountFen);
    }
    // Bids come only from approved organizations.
    const bidOrgs = await db.organization.findMany({ where: { bids: { some: {} } }, select: { vettingStatus: true } });
    expect(bidOrgs.every((o) => o.vettingStatus === "APPROVED")).toBe(true);
  });

  it("has one published bundle project with two member needs", async () => {
    const bundles = await db.project.findMany({ where: { isBundle: true }, include: { members: true } });
    expect(bundles).toHaveLength(1);
    expect(bundles[0].enterpriseId).toBeNull();
    expect(bundles[0].state).toBe("PUBLISHED");
    expect(bundles[0].members).toHaveLength(2);
    expect(bundles[0].budgetFen).toBe(bundles[0].members.reduce((s, m) => s + m.budgetFen, 0));
  });

  it("has an indicator system for the current year whose sibling weights sum to 10000", async () => {
    const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
    const system = await db.indicatorSystem.findFirst({ where: { year, active: true }, include: { indicators: true } });
    expect(system).not.toBeNull();
    const groups = new Map<string | null, number>();
    for (const i of system!.indicators) groups.set(i.parentId, (groups.get(i.parentId) ?? 0) + i.weightBp);
    for (const [, sum] of groups) expect(sum).toBe(10000);
    // The evaluation module accepts the tree as it is stored.
    expect(validateTree(await loadTree(db, system!.id))).toEqual([]);
    const kinds = new Set(system!.indicators.map((i) => i.kind));
    for (const k of ["GROUP", "PEOPLE_RATIO", "SESSIONS_RATIO", "ON_TIME", "ENTERPRISE_RATING", "SURVEY", "BROKER_ASSESSMENT", "PENALTY"]) expect(kinds).toContain(k);
    const people = system!.indicators.find((i) => i.kind === "PEOPLE_RATIO")!;
    expect(people.config).toEqual({ bands: [[10000, 10000], [8000, 6667], [6000, 3333]] });
  });

  it("stores evaluations in the evaluation module's format, reproducible from their inputs", async () => {
    const evals = await db.evaluation.findMany({ include: { project: true } });
    expect(evals.length).toBeGreaterThan(0);
    const grades = new Set<string>();
    for (const e of evals) {
      expect(["EVALUATED", "CLOSED"]).toContain(e.project.state);
      const r = rescore(e.inputs);
      expect(r.complete).toBe(true);
      expect(r.score).toBe(e.score);
      expect(r.grade).toBe(e.grade);
      expect(r.breakdown).toEqual(e.breakdown);
      grades.add(e.grade!);
      const view = await getEvaluation(e.projectId);
      expect(view?.state).toBe("CLOSED");
    }
    expect(grades.size).toBeGreaterThan(1);
    const scored = await db.organization.count({ where: { performanceScore: { not: null } } });
    expect(scored).toBeGreaterThan(0);
  });

  it("creates the demo accounts with the right roles and links", async () => {
    for (const a of DEMO_ACCOUNTS) {
      const u = await db.user.findUnique({ where: { email: a.email }, include: { enterprise: true, organization: true } });
      expect(u, a.email).not.toBeNull();
      expect(u!.role).toBe(a.role);
      if (a.role === "ENTERPRISE") expect(u!.enterprise).not.toBeNull();
      if (a.role === "ORG") expect(u!.organization).not.toBeNull();
    }
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@laborbridge.cn" } });
    expect(await verifyPassword(admin.passwordHash, "Admin#2026")).toBe(true);
    const org = await db.user.findUniqueOrThrow({ where: { email: "org@laborbridge.cn" }, include: { organization: { include: { awards: true, bids: true } } } });
    expect(org.organization!.vettingStatus).toBe("APPROVED");
    expect(org.organization!.awards.length).toBeGreaterThan(0);
    expect(await verifyPassword(org.passwordHash, "Org#2026")).toBe(true);
    const org2 = await db.user.findUniqueOrThrow({ where: { email: "org2@laborbridge.cn" }, include: { organization: true } });
    expect(org2.organization!.vettingStatus).toBe("APPROVED");
    const pending = await db.user.findUniqueOrThrow({ where: { email: "pending-org@laborbridge.cn" }, include: { organization: true } });
    expect(pending.organization!.vettingStatus).toBe("PENDING");
    const ent = await db.user.findUniqueOrThrow({ where: { email: "enterprise@laborbridge.cn" } });
    const entStates = await db.project.findMany({ where: { enterpriseId: ent.enterpriseId }, select: { state: true } });
    expect(new Set(entStates.map((p) => p.state)).size).toBeGreaterThanOrEqual(8);
    expect(await verifyPassword(ent.passwordHash, "Enterprise#2026")).toBe(true);
    // Every enterprise and organization has an account.
    expect(await db.enterprise.count({ where: { users: { none: {} } } })).toBe(0);
    expect(await db.organization.count({ where: { users: { none: {} } } })).toBe(0);
    expect(await db.notification.count({ where: { userId: { in: [org.id, ent.id] } } })).toBeGreaterThan(0);
  });

  it("enqueues search documents, starts the audit chain and seeds joint meetings", async () => {
    const projects = await db.project.count();
    const approved = await db.organization.count({ where: { vettingStatus: "APPROVED" } });
    expect(await db.searchOutbox.count({ where: { index: "projects" } })).toBe(projects);
    expect(await db.searchOutbox.count({ where: { index: "organizations" } })).toBe(approved);
    const audit = await db.auditLog.findMany();
    expect(audit.map((a) => a.action)).toContain("seed.demo");
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const meetings = await db.jointMeeting.findMany({ include: { invitations: true } });
    expect(meetings.length).toBeGreaterThanOrEqual(2);
    expect(meetings.some((m) => m.invitations.some((i) => i.attended === true))).toBe(true);
  });

  it("writes every project's lifecycle history into the audit chain, oldest first, before seed.demo", async () => {
    const broker = await db.user.findFirstOrThrow({ where: { role: "BROKER" } });
    const actor = { id: broker.id, role: "BROKER" as const };
    const projects = await db.project.findMany({ select: { id: true, code: true, state: true, version: true, stateReason: true, isBundle: true, bundleId: true } });
    for (const p of projects) {
      const tl = await projectTimeline(actor, p.id);
      expect(tl.length, p.code).toBeGreaterThan(0);
      expect(tl[0].action, p.code).toBe("create");
      expect(tl[0].to, p.code).toBe(p.isBundle ? "PUBLISHED" : "DRAFT");
      expect(tl[tl.length - 1].to, p.code).toBe(p.state);
      for (let i = 1; i < tl.length; i++) {
        expect(tl[i].at.getTime(), `${p.code} #${i}`).toBeGreaterThan(tl[i - 1].at.getTime());
        expect(tl[i].from, `${p.code} #${i}`).toBe(tl[i - 1].to);
      }
      expect(tl[tl.length - 1].at.getTime(), p.code).toBeLessThan(now.getTime());
      expect(tl.every((e) => e.actorName || e.actorRole === "SYSTEM"), p.code).toBe(true);
      if (p.stateReason) expect(tl[tl.length - 1].reason, p.code).toBe(p.stateReason);
      if (p.bundleId) expect(tl.map((e) => e.action), p.code).toContain("bundle");
      const b = await brokerTimeline(actor, p.id);
      expect(b.map((e) => e.toState), p.code).toEqual(tl.map((e) => e.to));
    }
    const closed = projects.find((p) => p.state === "CLOSED")!;
    expect((await projectTimeline(actor, closed.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(["create", "submit", "publish", "close_bidding", "award", "start_delivery", "file_delivery", "evaluate", "close"]),
    );
    // One chain, time ascending with seq; the seed's own record comes last.
    const audit = await db.auditLog.findMany({ orderBy: { seq: "asc" }, select: { at: true, action: true } });
    for (let i = 1; i < audit.length; i++) expect(audit[i].at.getTime()).toBeGreaterThanOrEqual(audit[i - 1].at.getTime());
    expect(audit[audit.length - 1].action).toBe("seed.demo");
    expect(await db.auditLog.count({ where: { action: "bid.submit" } })).toBe(await db.bid.count());
    const chain = await verifyAuditChain(db);
    expect(chain).toMatchObject({ ok: true, count: audit.length });
  });

  it("is deterministic for a given 'now'", () => {
    const h = { ADMIN: "a", BROKER: "b", ENTERPRISE: "c", ORG: "d" };
    const a = buildDemoRows(now, h);
    const b = buildDemoRows(now, h);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
