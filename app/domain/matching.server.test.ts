// Matching on the real (per-file) database with the embedded search engine on a temp index file.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { EmbeddedSearchEngine } from "#search/embedded.server";
import { setSearchEngine } from "#search/index.server";
import { reindex } from "#search/reindex.server";
import { expectDomainError, makeEnterprise, makeOrg, makeProject, makeUser } from "../../tests/fixtures/marketplace";
import { inviteToBid, rankOrganizations, recommendOrganizations, recommendProjects } from "./matching.server";

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
