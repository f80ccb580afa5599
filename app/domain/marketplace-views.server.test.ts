// Read models of the marketplace pages: dashboards are scoped to the actor; the timeline hides names
// and private reasons from organizations that are not a party. Real database (fresh per file).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { daysFromNow, expectDomainError, makeOrg, makeProject, makeWorld, type World } from "../../tests/fixtures/marketplace";
import { enterpriseDashboard, orgDashboard, projectTimeline } from "./marketplace-views.server";
import { fireTransition, getProjectForActor } from "./projects.server";
import { listBidsForProject } from "./bids.server";

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});

describe("enterpriseDashboard", () => {
  it("counts and lists only the enterprise's own projects, with what needs its attention", async () => {
    const draft = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const delivered = await makeProject("DELIVERED", { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgX.org.id });
    const accepted = await makeProject("ACCEPTED", { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgX.org.id });
    const foreign = await makeProject("DRAFT", { enterpriseId: w.entB.enterprise.id });
    const d = await enterpriseDashboard(w.entA.user);
    expect(d.counts.DRAFT).toBe(1);
    expect(d.total).toBe(3);
    expect(d.drafts.map((p) => p.id)).toEqual([draft.id]);
    expect(d.toAccept.map((p) => p.id)).toEqual([delivered.id]);
    expect(d.toRate.map((p) => p.id)).toEqual([accepted.id]);
    expect(d.recent.map((p) => p.id)).not.toContain(foreign.id);
    await expectDomainError(enterpriseDashboard(w.orgX.user), { status: 403 });
  });
});

describe("orgDashboard", () => {
  it("suggests open tenders with reasons and admission, and lists the org's own bids and awards only", async () => {
    const { org, user } = await makeOrg({ districtCode: "furong", serviceDistricts: ["furong"], grade: 2 });
    await db.organizationCategory.create({ data: { organizationId: org.id, categoryCode: "legal_aid" } });
    const match = await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, categoryCode: "legal_aid", districtCode: "furong" });
    const strict = await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, categoryCode: "legal_aid", minGrade: 4 });
    await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, bidDeadline: daysFromNow(-1) }); // closes on read
    const won = await makeProject("IN_DELIVERY", { enterpriseId: w.entA.enterprise.id, awardedOrgId: org.id });
    const d = await orgDashboard(user);
    const first = d.recommended.find((p) => p.id === match.id)!;
    expect(first.reasons).toEqual(["category", "district"]);
    expect(first.admitted).toBe(true);
    expect(d.recommended.find((p) => p.id === strict.id)?.admitted).toBe(false);
    expect(d.recommended[0].id).toBe(match.id);
    expect(d.awards.map((a) => a.project.id)).toEqual([won.id]);
    expect(d.bids.items.every((b) => b.organizationId === org.id)).toBe(true);
    await expectDomainError(orgDashboard(w.entA.user), { status: 403 });
  });
});

describe("projectTimeline privacy", () => {
  it("an organization that is not a party sees roles only and no private reason", async () => {
    const p = await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, bidDeadline: daysFromNow(5) });
    await fireTransition(w.entA.user, p.id, "cancel", { reason: "预算调整，暂停采购" });
    const viaBid = await makeProject("DELIVERED", { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgX.org.id, bidderOrgIds: [w.orgY.org.id] });
    await fireTransition(w.entA.user, viaBid.id, "dispute", { reason: "服务场次少于计划" });

    // A loser (bidder) sees the dispute as a role-only entry without its reason…
    const loser = await projectTimeline(w.orgY.user, viaBid.id);
    expect(loser.map((e) => e.action)).toEqual(["dispute"]);
    expect(loser[0].actorName).toBeNull();
    expect(loser[0].reason).toBeNull();
    // …the awarded organization and the enterprise see who and why.
    const winner = await projectTimeline(w.orgX.user, viaBid.id);
    expect(winner[0].reason).toBe("服务场次少于计划");
    expect(winner[0].actorName).toBeTruthy();
    // A cancellation reason is public to whoever can still see the project (the enterprise here).
    const own = await projectTimeline(w.entA.user, p.id);
    expect(own.map((e) => [e.from, e.to, e.reason])).toEqual([["PUBLISHED", "CANCELLED", "预算调整，暂停采购"]]);
  });
});

describe("a project loaded for one reader is no pass for another", () => {
  it("projectTimeline / listBidsForProject reuse the page's project only for the actor it was checked for", async () => {
    const draft = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const own = await getProjectForActor(w.entA.user, draft.id);
    // the owner reuses it
    expect(Array.isArray(await projectTimeline(w.entA.user, draft.id, { known: own.project }))).toBe(true);
    // another enterprise and an organization passing the owner's object still get 404
    await expectDomainError(projectTimeline(w.entB.user, draft.id, { known: own.project }), { status: 404 });
    await expectDomainError(listBidsForProject(w.orgX.user, draft.id, { known: own.project }), { status: 404 });
    // a look-alike object (same id, never checked) is no pass either
    await expectDomainError(projectTimeline(w.entB.user, draft.id, { known: { ...own.project } }), { status: 404 });
    // an object checked for another project id is ignored: the real project is loaded and checked
    const other = await makeProject("DRAFT", { enterpriseId: w.entB.enterprise.id });
    await expectDomainError(projectTimeline(w.entA.user, other.id, { known: own.project }), { status: 404 });
  });
});
