import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { awardBid, declareUnsuccessful, listBidsForProject, listMyBids, submitBid, updateBid, withdrawBid } from "./bids.server";
import { fireTransition, getProjectForActor } from "./projects.server";
import { daysFromNow, expectDomainError, makeBundle, makeOrg, makeProject, makeWorld, snapshot, type World } from "../../tests/fixtures/marketplace";

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});

const bid = (amount = "45,000", o: Record<string, unknown> = {}) => ({
  amount,
  plan: "四次集中授课加一次实操考核，课后建立学习群答疑。",
  timeline: "开工后 30 天内完成",
  team: "讲师 3 人，助教 2 人",
  ...o,
});

const published = (o: Parameters<typeof makeProject>[1] = {}) =>
  makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, budgetFen: 5_000_000, ...o });

describe("submitting bids", () => {
  it("an approved org bids; submitting again edits the same bid; an identical repeat changes nothing", async () => {
    const p = await published();
    const before = await snapshot(p.id);
    const first = await submitBid(w.orgX.user, p.id, bid());
    expect(first).toMatchObject({ created: true, changed: true });
    const row = await db.bid.findUniqueOrThrow({ where: { id: first.bidId } });
    expect(row).toMatchObject({ amountFen: 4_500_000, state: "SUBMITTED", organizationId: w.orgX.org.id });
    const mid = await snapshot(p.id);
    expect(mid.audit).toBe(before.audit + 1);
    // the enterprise and the brokers hear that a bid came in — not from whom, not how much
    const notes = await db.notification.findMany({ where: { kind: "bid.received", link: `/projects/${p.id}` } });
    expect(new Set(notes.map((n) => n.userId))).toEqual(new Set([w.entA.user.id, w.broker.id, w.broker2.id]));
    for (const n of notes) expect(JSON.stringify(n.params)).not.toMatch(/45|4500000|amount|plan/);

    const again = await submitBid(w.orgX.user, p.id, bid());
    expect(again).toEqual({ bidId: first.bidId, created: false, changed: false });
    expect(await snapshot(p.id)).toEqual(mid);

    const edited = await updateBid(w.orgX.user, p.id, bid("44,000.50"));
    expect(edited).toMatchObject({ bidId: first.bidId, changed: true });
    expect((await db.bid.findUniqueOrThrow({ where: { id: first.bidId } })).amountFen).toBe(4_400_050);
    expect(await db.bid.count({ where: { projectId: p.id } })).toBe(1);
  });

  it("never writes a sealed amount or plan into the audit log", async () => {
    const p = await published();
    const r = await submitBid(w.orgX.user, p.id, bid("43,210"));
    await updateBid(w.orgX.user, p.id, bid("43,211"));
    const rows = await db.auditLog.findMany({ where: { entityType: "Bid", entityId: r.bidId } });
    expect(rows.map((x) => x.action)).toEqual(["bid.submit", "bid.update"]);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/4321|43,21|集中授课/);
  });

  it("refuses orgs that are not APPROVED, and non-org actors", async () => {
    const pending = await makeOrg({ vettingStatus: "PENDING" });
    const p = await published();
    const before = await snapshot(p.id);
    await expectDomainError(submitBid(pending.user, p.id, bid()), { status: 403, code: "error.org.notApproved" });
    await expectDomainError(submitBid(w.entA.user, p.id, bid()), { status: 403 });
    await expectDomainError(submitBid(w.broker, p.id, bid()), { status: 403 });
    expect(await snapshot(p.id)).toEqual(before);
  });

  it("names the failing admission rule", async () => {
    const grade = await published({ minGrade: 5 });
    const e = await expectDomainError(submitBid(w.orgX.user, grade.id, bid()), { status: 422, code: "error.admission.minGrade" });
    expect(e.params).toMatchObject({ rule: "minGrade", required: 5, actual: 4 });
    const union = await published({ unionRule: "REQUIRED" });
    await expectDomainError(submitBid(w.orgY.user, union.id, bid()), { status: 422, code: "error.admission.unionRequired" });
    const far = await published({ mustServeDistrict: true, districtCode: "liuyang" });
    await expectDomainError(submitBid(w.orgX.user, far.id, bid()), { code: "error.admission.mustServeDistrict" });
    const young = await makeOrg({ foundedAt: daysFromNow(-200) });
    const years = await published({ minYearsRegistered: 2 });
    await expectDomainError(submitBid(young.user, years.id, bid()), { code: "error.admission.minYearsRegistered" });
    const detail = await getProjectForActor(young.user, years.id);
    expect(detail.canBid).toBe(false);
    expect(detail.admission?.find((c) => !c.ok)?.rule).toBe("minYearsRegistered");
    expect(await db.bid.count({ where: { projectId: { in: [grade.id, union.id, far.id, years.id] } } })).toBe(0);
  });

  it("an amount above the budget needs a reason", async () => {
    const p = await published({ budgetFen: 4_000_000 });
    const e = await expectDomainError(submitBid(w.orgX.user, p.id, bid("40,000.01")), { status: 422, code: "error.bid.overBudget" });
    expect(e.field).toBe("overBudgetReason");
    const ok = await submitBid(w.orgX.user, p.id, bid("40,000.01", { overBudgetReason: "含实操耗材费用，无法压缩" }));
    expect(ok.created).toBe(true);
  });

  it("refuses bids after the deadline (and closes the bidding), on members of a bundle, and on unpublished needs", async () => {
    const p = await published({ bidDeadline: daysFromNow(2) });
    await expectDomainError(submitBid(w.orgX.user, p.id, bid(), { now: daysFromNow(3) }), { status: 409, code: "error.bid.closed" });
    expect((await db.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("EVALUATING");
    const { members } = await makeBundle("PUBLISHED", [w.entA.enterprise.id, w.entB.enterprise.id]);
    await expectDomainError(submitBid(w.orgX.user, members[0].id, bid()), { status: 409, code: "error.bid.memberOfBundle" });
    const draft = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    await expectDomainError(submitBid(w.orgX.user, draft.id, bid()), { status: 404 });
    await expectDomainError(updateBid(w.orgX.user, (await published()).id, bid()), { status: 404, code: "error.bid.notFound" });
  });

  it("withdraws until the deadline; withdrawing twice is one withdrawal; resubmitting revives the bid", async () => {
    const p = await published({ bidDeadline: daysFromNow(2) });
    const { bidId } = await submitBid(w.orgX.user, p.id, bid());
    expect(await withdrawBid(w.orgX.user, p.id)).toEqual({ bidId, changed: true });
    const mid = await snapshot(p.id);
    expect(await withdrawBid(w.orgX.user, p.id)).toEqual({ bidId, changed: false });
    expect(await snapshot(p.id)).toEqual(mid);
    expect((await getProjectForActor(w.entA.user, p.id)).bidCount).toBe(0);
    const revived = await submitBid(w.orgX.user, p.id, bid());
    expect(revived).toMatchObject({ bidId, changed: true });
    expect((await db.bid.findUniqueOrThrow({ where: { id: bidId } })).state).toBe("SUBMITTED");
    await expectDomainError(withdrawBid(w.orgX.user, p.id, { now: daysFromNow(3) }), { status: 409, code: "error.bid.closed" });
    await expectDomainError(withdrawBid(w.orgY.user, p.id), { status: 404 });
  });

  it("lists the org's own bids", async () => {
    const p = await published();
    await submitBid(w.orgY.user, p.id, bid("30,000"));
    const mine = await listMyBids(w.orgY.user, { page: 1, pageSize: 50 });
    expect(mine.items.some((b) => b.projectId === p.id && b.amountFen === 3_000_000 && b.project.code === p.code)).toBe(true);
    expect(mine.items.every((b) => b.organizationId === w.orgY.org.id)).toBe(true);
    await expectDomainError(listMyBids(w.entA.user), { status: 403 });
  });
});

describe("sealed bids", () => {
  it("before the deadline only the bidder reads its bid; others see the count; after it, enterprise and broker see all", async () => {
    const p = await published({ bidDeadline: daysFromNow(5) });
    await submitBid(w.orgX.user, p.id, bid("45,000"));
    await submitBid(w.orgY.user, p.id, bid("42,000"));

    for (const viewer of [w.entA.user, w.broker, w.admin]) {
      const r = await listBidsForProject(viewer, p.id);
      expect(r).toEqual({ projectId: p.id, sealed: true, count: 2, bids: [] });
    }
    const x = await listBidsForProject(w.orgX.user, p.id);
    expect(x.bids.map((b) => b.amountFen)).toEqual([4_500_000]);
    const y = await listBidsForProject(w.orgY.user, p.id);
    expect(y.bids.map((b) => b.amountFen)).toEqual([4_200_000]);
    await expectDomainError(listBidsForProject(w.entB.user, p.id), { status: 404 });
    const detail = await getProjectForActor(w.entA.user, p.id);
    expect(detail.bidCount).toBe(2);
    expect(detail.bidsOpen).toBe(false);
    expect(JSON.stringify(detail)).not.toMatch(/4500000|4200000|集中授课/);
    const orgView = await getProjectForActor(w.orgY.user, p.id);
    expect(orgView.myBid?.amountFen).toBe(4_200_000);

    // deadline passes
    const later = { now: daysFromNow(6) };
    const opened = await listBidsForProject(w.entA.user, p.id, later);
    expect(opened.sealed).toBe(false);
    expect(opened.bids.map((b) => b.amountFen)).toEqual([4_200_000, 4_500_000]);
    const first = opened.bids[0];
    expect(first.organization).toMatchObject({ id: w.orgY.org.id, grade: 3, unionCoverage: "NONE", ratings: { count: 0, average: null } });
    expect(opened.bids[1].organization).toMatchObject({ performanceScore: 88, unionCoverage: "OWN_UNION" });
    expect(first.admission?.every((c) => c.ok)).toBe(true);
    expect((await listBidsForProject(w.broker, p.id)).bids).toHaveLength(2);
    // orgs never see each other's bids
    expect((await listBidsForProject(w.orgX.user, p.id)).bids.map((b) => b.organizationId)).toEqual([w.orgX.org.id]);
  });

  it("a cancelled tender stays sealed", async () => {
    const p = await published();
    await submitBid(w.orgX.user, p.id, bid());
    await fireTransition(w.broker, p.id, "cancel", { reason: "企业需求取消" });
    expect(await listBidsForProject(w.broker, p.id)).toMatchObject({ sealed: true, count: 1, bids: [] });
  });

  it("bundle bids are read through the bundle or a member, by member enterprises", async () => {
    const { bundle, members } = await makeBundle("PUBLISHED", [w.entA.enterprise.id, w.entB.enterprise.id], { bidDeadline: daysFromNow(3) });
    await submitBid(w.orgX.user, bundle.id, bid("60,000", { overBudgetReason: "两家企业合并，课时增加" }));
    expect(await listBidsForProject(w.entB.user, members[1].id)).toMatchObject({ projectId: bundle.id, sealed: true, count: 1 });
    const opened = await listBidsForProject(w.entB.user, members[1].id, { now: daysFromNow(4) });
    expect(opened.bids.map((b) => b.amountFen)).toEqual([6_000_000]);
    expect((await db.project.findMany({ where: { bundleId: bundle.id } })).map((m) => m.state)).toEqual(["EVALUATING", "EVALUATING"]);
  });
});

describe("award", () => {
  async function evaluating() {
    const p = await published({ bidDeadline: daysFromNow(1) });
    const x = await submitBid(w.orgX.user, p.id, bid("45,000"));
    const y = await submitBid(w.orgY.user, p.id, bid("42,000"));
    await fireTransition(w.broker, p.id, "close_bidding", {}, { now: daysFromNow(2) });
    return { p, x: x.bidId, y: y.bidId };
  }
  const ok = { rationale: "方案更完整，团队经验丰富，报价在预算内。", noConflictDeclared: true };

  it("creates the award, marks winner and losers, notifies everyone concerned", async () => {
    const { p, x, y } = await evaluating();
    const r = await awardBid(w.broker, p.id, x, ok);
    expect(r).toMatchObject({ changed: true, to: "AWARDED" });
    const award = await db.award.findUniqueOrThrow({ where: { projectId: p.id } });
    expect(award).toMatchObject({ bidId: x, organizationId: w.orgX.org.id, amountFen: 4_500_000, noConflictDeclared: true, approvedById: w.broker.id });
    expect((await db.bid.findUniqueOrThrow({ where: { id: x } })).state).toBe("AWARDED");
    expect((await db.bid.findUniqueOrThrow({ where: { id: y } })).state).toBe("LOST");
    const kinds = async (userId: string) => (await db.notification.findMany({ where: { userId, link: `/projects/${p.id}` } })).map((n) => n.kind);
    expect(await kinds(w.orgX.user.id)).toContain("award.won");
    expect(await kinds(w.orgY.user.id)).toContain("award.lost");
    expect(await kinds(w.entA.user.id)).toContain("project.awarded");
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: p.id, action: "project.award" } });
    expect(audit.reason).toBe(ok.rationale);
    expect(audit.after).toMatchObject({ bidId: x, organizationId: w.orgX.org.id, noConflictDeclared: true });
  });

  it("two brokers awarding different bids at once: exactly one award", async () => {
    const { p, x, y } = await evaluating();
    const results = await Promise.allSettled([awardBid(w.broker, p.id, x, ok), awardBid(w.broker2, p.id, y, ok)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409 });
    expect(await db.award.count({ where: { projectId: p.id } })).toBe(1);
    const states = (await db.bid.findMany({ where: { projectId: p.id } })).map((b) => b.state).sort();
    expect(states).toEqual(["AWARDED", "LOST"]);
    expect(await db.auditLog.count({ where: { entityId: p.id, action: "project.award" } })).toBe(1);
  });

  it("two brokers awarding the same bid at once: one award, both see success", async () => {
    const { p, x } = await evaluating();
    const results = await Promise.all([awardBid(w.broker, p.id, x, ok), awardBid(w.broker2, p.id, x, ok)]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(await db.award.count({ where: { projectId: p.id } })).toBe(1);
  });

  it("refuses before the deadline, without the declaration, and for non-brokers", async () => {
    const p = await published();
    const { bidId } = await submitBid(w.orgX.user, p.id, bid());
    await expectDomainError(awardBid(w.broker, p.id, bidId, ok), { status: 409, code: "error.transition.wrongState" });
    const e = await evaluating();
    await expectDomainError(awardBid(w.broker, e.p.id, e.x, { ...ok, noConflictDeclared: false }), { status: 400, code: "error.award.noConflictRequired" });
    await expectDomainError(awardBid(w.entA.user as never, e.p.id, e.x, ok), { status: 403 });
    expect(await db.award.count({ where: { projectId: e.p.id } })).toBe(0);
  });

  it("declares a project unsuccessful: bids lost, bidders told", async () => {
    const { p, x, y } = await evaluating();
    const r = await declareUnsuccessful(w.broker, p.id, { reason: "所有报价均超出预算" });
    expect(r.project).toMatchObject({ state: "UNSUCCESSFUL", stateReason: "所有报价均超出预算" });
    expect((await db.bid.findMany({ where: { id: { in: [x, y] } } })).every((b) => b.state === "LOST")).toBe(true);
    expect(await db.notification.count({ where: { userId: w.orgY.user.id, kind: "project.unsuccessful" } })).toBeGreaterThanOrEqual(1);
  });
});
