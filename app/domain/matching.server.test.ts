// Matching on the real (per-file) database with the embedded search engine on a temp index file.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { EmbeddedSearchEngine } from "#search/embedded.server";
import { setSearchEngine } from "#search/index.server";
import { queryWords } from "#search/tokenizer";
import { reindex } from "#search/reindex.server";
import { expectDomainError, makeEnterprise, makeOrg, makeProject, makeUser } from "../../tests/fixtures/marketplace";
import { checkAdmission, isAdmitted } from "./admission";
import { orgSnapshotLoads } from "./matching-snapshot.server";
import { inviteToBid, MAX_LIMIT, ORG_WEIGHTS, rankOrganizations, recommendOrganizations, recommendProjects, type MatchReason } from "./matching.server";

/** Seeded PRNG (mulberry32): random but reproducible fixtures. */
function seededRandom(start: number) {
  let seed = start;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  return { rnd, pick };
}

const dir = join(process.cwd(), "tests", ".tmp");
const path = join(dir, `matching-${randomBytes(4).toString("hex")}.db`);
let engine: EmbeddedSearchEngine;

async function withCategories(orgId: string, codes: string[], extra: { name?: string; activityAreas?: string } = {}) {
  await db.organization.update({
    where: { id: orgId },
    data: { ...extra, categories: { create: codes.map((categoryCode) => ({ categoryCode })) } },
  });
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  engine = new EmbeddedSearchEngine({ path });
  setSearchEngine(engine);
});

afterAll(async () => {
  setSearchEngine(undefined);
  await engine.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
});

describe("rankOrganizations", () => {
  it("puts union-covered orgs first at equal score, never above a higher score", () => {
    const ranked = rankOrganizations([
      { orgId: "a", name: "甲", score: 70, unionCoverage: "NONE" },
      { orgId: "b", name: "乙", score: 70, unionCoverage: "JOINT_UNION" },
      { orgId: "c", name: "丙", score: 71, unionCoverage: "NONE" },
      { orgId: "d", name: "丁", score: 70, unionCoverage: "OWN_UNION" },
    ]);
    expect(ranked.map((r) => r.orgId)[0]).toBe("c");
    expect(ranked.slice(1, 3).map((r) => r.unionCoverage).sort()).toEqual(["JOINT_UNION", "OWN_UNION"]);
    expect(ranked[3].orgId).toBe("a");
  });
});

describe("recommendOrganizations", () => {
  let ent: Awaited<ReturnType<typeof makeEnterprise>>;
  let projectId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ent = await makeEnterprise("yuhua");
    // Two orgs equal on every criterion, one union-covered; a stronger one; an unvetted one; one failing admission.
    const union = await makeOrg({ unionCoverage: "JOINT_UNION", grade: 4, performanceScore: 80 });
    const plain = await makeOrg({ unionCoverage: "NONE", grade: 4, performanceScore: 80 });
    const strong = await makeOrg({ unionCoverage: "NONE", grade: 5, performanceScore: 95 });
    const pending = await makeOrg({ vettingStatus: "PENDING", grade: 5, performanceScore: 99 });
    const lowGrade = await makeOrg({ grade: 2, performanceScore: 99 });
    const far = await makeOrg({ districtCode: "wangcheng", serviceDistricts: ["wangcheng"], grade: 4 });
    ids.union = union.org.id;
    ids.plain = plain.org.id;
    ids.strong = strong.org.id;
    ids.pending = pending.org.id;
    ids.lowGrade = lowGrade.org.id;
    ids.far = far.org.id;
    for (const k of ["union", "plain", "strong", "pending", "lowGrade"]) await withCategories(ids[k], ["skills_training"], { activityAreas: "职工电工技能培训" });
    await withCategories(ids.far, ["legal_aid"]);
    const p = await makeProject("PUBLISHED", { enterpriseId: ent.enterprise.id, minGrade: 3, categoryCode: "skills_training", districtCode: "yuhua", title: "一线职工电工技能培训" });
    projectId = p.id;
    await reindex("organizations", { engine });
  });

  it("ranks APPROVED, admitted orgs with reasons; union-covered first at equal score", async () => {
    const r = await recommendOrganizations(ent.user, projectId, { limit: 20 });
    const order = r.items.map((i) => i.orgId);
    expect(order).not.toContain(ids.pending); // not vetted
    expect(order).not.toContain(ids.lowGrade); // fails minGrade
    expect(order).not.toContain(ids.far); // no fit at all
    expect(order.slice(0, 3)).toEqual([ids.strong, ids.union, ids.plain]);
    const u = r.items.find((i) => i.orgId === ids.union)!;
    const p = r.items.find((i) => i.orgId === ids.plain)!;
    expect(u.score).toBe(p.score);
    const codes = u.reasons.map((x) => x.code);
    expect(codes).toEqual(expect.arrayContaining(["match.reason.text", "match.reason.category", "match.reason.district", "match.reason.vetted", "match.reason.admission", "match.reason.grade", "match.reason.performance", "match.reason.union"]));
    const text = u.reasons.find((x) => x.code === "match.reason.text")!;
    expect(String(text.params.words)).toContain("技能培训");
    expect(r.keywords[0]).toBe("技能培训");
  });

  it("is visible to the owner enterprise and brokers only", async () => {
    const broker = await makeUser("BROKER");
    expect((await recommendOrganizations(broker, projectId)).items.length).toBeGreaterThan(0);
    const other = await makeEnterprise("kaifu");
    await expectDomainError(recommendOrganizations(other.user, projectId), { status: 404 });
    const orgUser = await makeUser("ORG", { organizationId: ids.union });
    await expectDomainError(recommendOrganizations(orgUser, projectId), { status: 404 });
    const admin = await makeUser("ADMIN");
    await expectDomainError(recommendOrganizations(admin, projectId), { status: 404 });
    await expectDomainError(recommendOrganizations(broker, "nope"), { status: 404 });
  });

  it("inviteToBid creates invitations, notifies the org once, audits, and is idempotent", async () => {
    const broker = await makeUser("BROKER");
    const reasons = { [ids.union]: [{ code: "match.reason.category", params: { category: "skills_training", points: 25 } }] };
    const first = await inviteToBid(broker, projectId, [ids.union, ids.union], reasons);
    expect(first).toEqual({ invited: [ids.union], alreadyInvited: [] });
    const again = await inviteToBid(broker, projectId, [ids.union]);
    expect(again).toEqual({ invited: [], alreadyInvited: [ids.union] });
    const inv = await db.projectInvitation.findMany({ where: { projectId } });
    expect(inv).toHaveLength(1);
    expect(inv[0].reasons).toEqual(reasons[ids.union]);
    const orgUsers = await db.user.findMany({ where: { organizationId: ids.union }, select: { id: true } });
    const notes = await db.notification.findMany({ where: { userId: { in: orgUsers.map((u) => u.id) }, kind: "project.invited" } });
    expect(notes).toHaveLength(orgUsers.length);
    expect(await db.auditLog.count({ where: { action: "project.invite", entityId: projectId } })).toBe(1);
    const rec = await recommendOrganizations(broker, projectId, { limit: 20 });
    expect(rec.items.find((i) => i.orgId === ids.union)?.invited).toBe(true);

    // refusals
    const ent2 = await makeEnterprise();
    await expectDomainError(inviteToBid(ent2.user, projectId, [ids.plain]), { status: 404 });
    await expectDomainError(inviteToBid(broker, projectId, [ids.pending]), { status: 422, code: "match.invite.notAdmitted" });
    await expectDomainError(inviteToBid(broker, projectId, []), { status: 422 });
    const draft = await makeProject("DRAFT", { enterpriseId: ent.enterprise.id });
    await expectDomainError(inviteToBid(broker, draft.id, [ids.plain]), { status: 409, code: "match.invite.notOpen" });
  });
});

describe("recommendProjects", () => {
  it("recommends open, admitted projects by category, district and past work, with reasons", async () => {
    const ent = await makeEnterprise("yuhua");
    const { org, user } = await makeOrg({ grade: 3, districtCode: "kaifu", serviceDistricts: ["kaifu"] });
    await withCategories(org.id, ["legal_aid"]);
    // past work in psych_counselling
    await makeProject("CLOSED", { enterpriseId: ent.enterprise.id, awardedOrgId: org.id, categoryCode: "psych_counselling", districtCode: "yuhua" });
    const legalKaifu = await makeProject("PUBLISHED", { enterpriseId: ent.enterprise.id, categoryCode: "legal_aid", districtCode: "kaifu" });
    const psychYuhua = await makeProject("PUBLISHED", { enterpriseId: ent.enterprise.id, categoryCode: "psych_counselling", districtCode: "yuhua" });
    const tooHigh = await makeProject("PUBLISHED", { enterpriseId: ent.enterprise.id, categoryCode: "legal_aid", districtCode: "kaifu", minGrade: 5 });
    const unrelated = await makeProject("PUBLISHED", { enterpriseId: ent.enterprise.id, categoryCode: "cadre_training", districtCode: "yuhua" });
    const draft = await makeProject("DRAFT", { enterpriseId: ent.enterprise.id, categoryCode: "legal_aid", districtCode: "kaifu" });
    const got = await recommendProjects(user, { limit: 50 });
    const ids = got.map((g) => g.projectId);
    expect(ids).toContain(legalKaifu.id);
    expect(ids).toContain(psychYuhua.id);
    expect(ids).not.toContain(tooHigh.id);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(draft.id);
    expect(ids.indexOf(legalKaifu.id)).toBeLessThan(ids.indexOf(psychYuhua.id));
    const psych = got.find((g) => g.projectId === psychYuhua.id)!;
    expect(psych.reasons.map((r) => r.code)).toContain("match.reason.pastWork");
    await expectDomainError(recommendProjects(ent.user), { status: 404 });
  });
});

describe("recommendOrganizations equals a brute-force ranking (randomized fixture)", () => {
  const { rnd, pick } = seededRandom(20261127);
  const CATS = ["skills_training", "legal_aid", "psych_counselling", "employment", "cadre_training"];
  const DISTS = ["furong", "tianxin", "yuelu", "kaifu", "yuhua", "wangcheng"];
  const AREAS = ["职工电工技能培训", "法律援助咨询", "心理疏导", "就业指导", "干部培训", "社区服务"];
  const UNION = ["OWN_UNION", "JOINT_UNION", "NONE"] as const;
  const VETTING = ["APPROVED", "APPROVED", "APPROVED", "APPROVED", "PENDING", "REJECTED", "SUSPENDED"] as const;
  const needs: string[] = [];
  let broker: Awaited<ReturnType<typeof makeUser>>;
  const now = new Date();

  beforeAll(async () => {
    broker = await makeUser("BROKER");
    const ent = await makeEnterprise("yuhua");
    for (let i = 0; i < 200; i++) {
      const grade = rnd() < 0.4 ? null : 1 + Math.floor(rnd() * 5);
      await db.organization.create({
        data: {
          // few distinct names and coarse performance scores: many ties to exercise the ordering rule
          name: `随机测试机构${Math.floor(rnd() * 30)}`,
          uscc: `R${i}-${randomBytes(6).toString("hex")}`,
          districtCode: pick(DISTS),
          vettingStatus: pick(VETTING),
          grade,
          gradeValidUntil: grade === null ? null : rnd() < 0.2 ? new Date(now.getTime() - 86_400_000) : rnd() < 0.3 ? null : new Date(now.getTime() + 300 * 86_400_000),
          foundedAt: rnd() < 0.1 ? null : new Date(Date.UTC(2005 + Math.floor(rnd() * 20), Math.floor(rnd() * 12), 1)),
          unionCoverage: pick(UNION),
          performanceScore: rnd() < 0.4 ? null : 50 + 5 * Math.floor(rnd() * 11),
          activityAreas: rnd() < 0.5 ? pick(AREAS) : "",
          categories: { create: [...new Set([pick(CATS), ...(rnd() < 0.5 ? [pick(CATS)] : [])])].map((categoryCode) => ({ categoryCode })) },
          serviceDistricts: { create: [...new Set(Array.from({ length: Math.floor(rnd() * 3) }, () => pick(DISTS)))].map((districtCode) => ({ districtCode })) },
        },
      });
    }
    const TITLES = ["一线职工电工技能培训", "职工法律援助咨询", "心理疏导服务项目", "就业指导", "干部培训班"];
    for (let i = 0; i < 12; i++) {
      const p = await makeProject("PUBLISHED", {
        enterpriseId: ent.enterprise.id,
        categoryCode: pick(CATS),
        districtCode: pick(DISTS),
        title: pick(TITLES),
        minGrade: rnd() < 0.3 ? 1 + Math.floor(rnd() * 4) : null,
        minYearsRegistered: rnd() < 0.3 ? 3 + Math.floor(rnd() * 10) : null,
        mustServeDistrict: rnd() < 0.3,
        unionRule: pick(["NONE", "PREFERRED", "REQUIRED"] as const),
      });
      needs.push(p.id);
    }
    await reindex("organizations", { engine });
  }, 60_000);

  /** The documented algorithm on every organization, with full rows: the reference. */
  async function bruteForce(projectId: string, keywords: string[], limit: number) {
    const p = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { district: true } });
    const text = new Map<string, string[]>();
    for (const kw of keywords) {
      const res = await engine.search("organizations", { q: kw, hitsPerPage: 100 });
      if (!res.matchedQuery.trim() || queryWords(res.matchedQuery).length < queryWords(kw).length) continue;
      for (const h of res.hits) text.set(h.id, [...(text.get(h.id) ?? []), kw]);
    }
    const orgs = await db.organization.findMany({ include: { categories: true, serviceDistricts: true } });
    const r1 = (n: number) => Math.round(n * 10) / 10;
    const items = [];
    for (const o of orgs) {
      const checks = checkAdmission(p, { ...o, serviceDistrictCodes: o.serviceDistricts.map((d) => d.districtCode) }, now);
      if (o.vettingStatus !== "APPROVED" || !isAdmitted(checks)) continue;
      const reasons: MatchReason[] = [];
      let score = 0;
      const words = text.get(o.id) ?? [];
      if (words.length && keywords.length) {
        const pts = r1((ORG_WEIGHTS.text * words.length) / keywords.length);
        score += pts;
        reasons.push({ code: "match.reason.text", params: { words: words.join("、"), matched: words.length, total: keywords.length, points: pts } });
      }
      if (o.categories.some((c) => c.categoryCode === p.categoryCode)) {
        score += ORG_WEIGHTS.category;
        reasons.push({ code: "match.reason.category", params: { category: p.categoryCode, points: ORG_WEIGHTS.category } });
      }
      if (o.districtCode === p.districtCode || o.serviceDistricts.some((d) => d.districtCode === p.districtCode)) {
        score += ORG_WEIGHTS.district;
        reasons.push({ code: "match.reason.district", params: { district: p.districtCode, districtName: p.district?.nameZh ?? p.districtCode, districtNameEn: p.district?.nameEn ?? p.districtCode, points: ORG_WEIGHTS.district } });
      }
      if (score === 0) continue;
      reasons.push({ code: "match.reason.vetted", params: {} });
      reasons.push({ code: "match.reason.admission", params: { count: checks.length, rules: checks.map((c) => c.rule).join(",") } });
      const gradeValid = o.grade !== null && (o.gradeValidUntil === null || o.gradeValidUntil.getTime() > now.getTime());
      if (gradeValid && o.grade) {
        score += ORG_WEIGHTS.gradePerA * o.grade;
        reasons.push({ code: "match.reason.grade", params: { grade: o.grade, points: ORG_WEIGHTS.gradePerA * o.grade } });
      }
      if (o.performanceScore != null) {
        const pts = r1(o.performanceScore * ORG_WEIGHTS.performance);
        score += pts;
        reasons.push({ code: "match.reason.performance", params: { score: r1(o.performanceScore), points: pts } });
      }
      if (o.unionCoverage !== "NONE") {
        reasons.push({ code: p.unionRule === "PREFERRED" ? "match.reason.unionPreferred" : "match.reason.union", params: { coverage: o.unionCoverage } });
      }
      items.push({ orgId: o.id, name: o.name, score: r1(score), unionCoverage: o.unionCoverage, reasons });
    }
    return rankOrganizations(items).slice(0, limit);
  }

  it("gives the same items, scores, reasons and order as the brute force, for every need and limit", async () => {
    let compared = 0;
    for (const id of needs) {
      for (const limit of [1, 3, 10, MAX_LIMIT]) {
        const r = await recommendOrganizations(broker, id, { limit, engine, now });
        const ref = await bruteForce(id, r.keywords, limit);
        expect(r.items.map((i) => ({ orgId: i.orgId, name: i.name, score: i.score, unionCoverage: i.unionCoverage, reasons: i.reasons }))).toEqual(ref);
        compared += ref.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  }, 120_000);
});

describe("the organization snapshot follows every change to what matching reads", () => {
  it("sees suspensions, category / district rows written directly, scores and grades on the next call; ignores other columns", async () => {
    const ent = await makeEnterprise("tianxin");
    const broker = await makeUser("BROKER");
    const need = await makeProject("PUBLISHED", { enterpriseId: ent.enterprise.id, categoryCode: "employment", districtCode: "tianxin", title: "就业指导" });
    const { org } = await makeOrg({ districtCode: "furong", serviceDistricts: [], grade: null, performanceScore: 60 });
    const ids = async () => (await recommendOrganizations(broker, need.id, { engine, limit: MAX_LIMIT })).items.map((i) => i.orgId);
    const item = async () => (await recommendOrganizations(broker, need.id, { engine, limit: MAX_LIMIT })).items.find((i) => i.orgId === org.id);
    expect(await ids()).not.toContain(org.id); // no fit yet

    await db.organizationCategory.create({ data: { organizationId: org.id, categoryCode: "employment" } }); // a join row, written directly
    expect((await item())?.score).toBe(25 + 12);
    await db.organizationServiceDistrict.create({ data: { organizationId: org.id, districtCode: "tianxin" } });
    expect((await item())?.score).toBe(25 + 15 + 12);
    await db.organization.update({ where: { id: org.id }, data: { performanceScore: 90, grade: 2, gradeValidUntil: null } });
    expect((await item())?.score).toBe(25 + 15 + 4 + 18);

    const loads = orgSnapshotLoads();
    await db.organization.update({ where: { id: org.id }, data: { staffCount: 42, description: "不影响撮合的字段" } });
    await ids();
    expect(orgSnapshotLoads()).toBe(loads); // a column matching does not read: no rebuild

    await db.organization.updateMany({ where: { id: org.id }, data: { vettingStatus: "SUSPENDED" } });
    expect(await ids()).not.toContain(org.id);
    await db.organization.update({ where: { id: org.id }, data: { vettingStatus: "APPROVED" } });
    expect(await ids()).toContain(org.id);
    await db.organizationServiceDistrict.deleteMany({ where: { organizationId: org.id } });
    await db.organizationCategory.deleteMany({ where: { organizationId: org.id } });
    expect(await ids()).not.toContain(org.id);
  });
});

describe("recommendProjects equals a brute-force ranking (randomized fixture)", () => {
  const { rnd, pick } = seededRandom(20261128);
  const CATS = ["skills_training", "legal_aid", "psych_counselling", "employment", "cadre_training"];
  const DISTS = ["furong", "tianxin", "yuelu", "kaifu", "yuhua", "wangcheng"];
  const now = new Date();
  const day = 86_400_000;
  const orgs: Awaited<ReturnType<typeof makeOrg>>[] = [];

  beforeAll(async () => {
    const ent = await makeEnterprise("yuhua");
    const broker = await makeUser("BROKER");
    for (let i = 0; i < 6; i++) {
      const grade = rnd() < 0.3 ? null : 1 + Math.floor(rnd() * 5);
      const o = await makeOrg({
        districtCode: pick(DISTS),
        serviceDistricts: [...new Set(Array.from({ length: Math.floor(rnd() * 3) }, () => pick(DISTS)))],
        grade,
        unionCoverage: pick(["OWN_UNION", "JOINT_UNION", "NONE"] as const),
        foundedAt: rnd() < 0.2 ? null : new Date(Date.UTC(2008 + Math.floor(rnd() * 16), 0, 1)),
      });
      await withCategories(o.org.id, [...new Set([pick(CATS), ...(rnd() < 0.5 ? [pick(CATS)] : [])])]);
      orgs.push(o);
    }
    // Past work (awarded, closed projects) for some orgs.
    for (let i = 0; i < 6; i++) {
      await makeProject("CLOSED", { enterpriseId: ent.enterprise.id, awardedOrgId: pick(orgs).org.id, categoryCode: pick(CATS), districtCode: pick(DISTS) });
    }
    const published: string[] = [];
    for (let i = 0; i < 160; i++) {
      const r = rnd();
      // deadlines: ties on the same instant, closing within 7 days, later, none, and already passed
      const bidDeadline = r < 0.1 ? null : r < 0.2 ? new Date(now.getTime() + 3 * day) : r < 0.3 ? new Date(now.getTime() - day) : new Date(now.getTime() + Math.floor(1 + rnd() * 40) * day);
      const p = await makeProject(rnd() < 0.85 ? "PUBLISHED" : pick(["DRAFT", "SUBMITTED", "CANCELLED"] as const), {
        enterpriseId: ent.enterprise.id,
        categoryCode: pick(CATS),
        districtCode: pick(DISTS),
        bidDeadline,
        minGrade: rnd() < 0.2 ? 1 + Math.floor(rnd() * 4) : null,
        minYearsRegistered: rnd() < 0.15 ? 5 + Math.floor(rnd() * 10) : null,
        mustServeDistrict: rnd() < 0.2,
        unionRule: pick(["NONE", "NONE", "PREFERRED", "REQUIRED"] as const),
        bidderOrgIds: rnd() < 0.1 ? [pick(orgs).org.id] : [],
      });
      if (p.state === "PUBLISHED") published.push(p.id);
    }
    // A bundle with members: members are not recommended (bids go to the bundle).
    const bundle = await makeProject("PUBLISHED", { enterpriseId: null, isBundle: true, categoryCode: pick(CATS), districtCode: pick(DISTS) });
    for (let i = 0; i < 3; i++) await makeProject("PUBLISHED", { enterpriseId: ent.enterprise.id, bundleId: bundle.id, categoryCode: pick(CATS), districtCode: pick(DISTS) });
    // Invitations, including to projects that fit on nothing else.
    for (let i = 0; i < 25; i++) {
      const o = pick(orgs).org.id;
      const projectId = pick(published);
      await db.projectInvitation.upsert({ where: { projectId_organizationId: { projectId, organizationId: o } }, create: { projectId, organizationId: o, invitedById: broker.id }, update: {} });
    }
  }, 120_000);

  async function bruteForce(orgId: string, limit: number) {
    const o = await db.organization.findUniqueOrThrow({ where: { id: orgId }, include: { categories: true, serviceDistricts: true } });
    const cats = new Set(o.categories.map((c) => c.categoryCode));
    const districts = new Set([o.districtCode, ...o.serviceDistricts.map((d) => d.districtCode)]);
    const past = new Map<string, number>();
    for (const a of await db.award.findMany({ where: { organizationId: orgId }, include: { project: true } })) past.set(a.project.categoryCode, (past.get(a.project.categoryCode) ?? 0) + 1);
    const invited = new Set((await db.projectInvitation.findMany({ where: { organizationId: orgId } })).map((i) => i.projectId));
    const bidOn = new Set((await db.bid.findMany({ where: { organizationId: orgId } })).map((b) => b.projectId));
    const all = await db.project.findMany({ include: { district: true } });
    const out = [];
    for (const p of all) {
      if (p.state !== "PUBLISHED" || p.bundleId || bidOn.has(p.id) || (p.bidDeadline && p.bidDeadline.getTime() <= now.getTime())) continue;
      if (!cats.has(p.categoryCode) && !past.has(p.categoryCode) && !districts.has(p.districtCode) && !invited.has(p.id)) continue;
      const checks = checkAdmission(p, { ...o, serviceDistrictCodes: o.serviceDistricts.map((d) => d.districtCode) }, now);
      if (!isAdmitted(checks)) continue;
      const reasons: MatchReason[] = [];
      let score = 0;
      if (cats.has(p.categoryCode)) (score += 40), reasons.push({ code: "match.reason.category", params: { category: p.categoryCode, points: 40 } });
      if (past.has(p.categoryCode)) (score += 15), reasons.push({ code: "match.reason.pastWork", params: { category: p.categoryCode, count: past.get(p.categoryCode)!, points: 15 } });
      if (districts.has(p.districtCode)) {
        score += 25;
        reasons.push({ code: "match.reason.district", params: { district: p.districtCode, districtName: p.district.nameZh, districtNameEn: p.district.nameEn, points: 25 } });
      }
      if (invited.has(p.id)) (score += 10), reasons.push({ code: "match.reason.invited", params: { points: 10 } });
      if (p.bidDeadline && p.bidDeadline.getTime() - now.getTime() <= 7 * day) (score += 10), reasons.push({ code: "match.reason.closingSoon", params: { points: 10 } });
      reasons.push({ code: "match.reason.admission", params: { count: checks.length, rules: checks.map((c) => c.rule).join(",") } });
      out.push({ projectId: p.id, score, reasons, deadline: p.bidDeadline?.toISOString() ?? null });
    }
    out.sort((a, b) => b.score - a.score || (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999") || (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0));
    return out.slice(0, limit).map(({ projectId, score, reasons }) => ({ projectId, score, reasons }));
  }

  it("gives the same projects, scores, reasons and order as the brute force, for every org and limit", async () => {
    let compared = 0;
    for (const o of orgs) {
      for (const limit of [1, 2, 5, 10, MAX_LIMIT]) {
        const got = await recommendProjects(o.user, { limit, now });
        const ref = await bruteForce(o.org.id, limit);
        expect(got.map((g) => ({ projectId: g.projectId, score: g.score, reasons: g.reasons }))).toEqual(ref);
        compared += ref.length;
      }
    }
    expect(compared).toBeGreaterThan(150);
  }, 120_000);
});
