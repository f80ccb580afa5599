import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { acceptDelivery, disputeDelivery, fileDeliveryReport, rateOrganization, ratingSummaries, resolveDispute, startDelivery } from "./delivery.server";
import { awardBid, submitBid } from "./bids.server";
import { createDraft, fireTransition, getProjectForActor } from "./projects.server";
import { daysFromNow, expectDomainError, makeBundle, makeProject, makeWorld, snapshot, type World } from "../../tests/fixtures/marketplace";

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});

const report = (o: Record<string, unknown> = {}) => ({
  beneficiariesActual: "118",
  sessionsHeld: "4",
  startDate: daysFromNow(-20),
  endDate: daysFromNow(-1),
  summary: "按计划完成四次培训，参训职工 118 人，满意度较高。",
  evidence: [{ fileName: "签到表.pdf", storedPath: "projects/x/签到表.pdf", mime: "application/pdf", size: 2048, sha256: "a".repeat(64) }],
  ...o,
});
const rating = { quality: "5", timeliness: "4", professionalism: "5", workerResponse: "4", comment: "讲师专业，职工反响好。" };

describe("the whole flow, through the domain functions", () => {
  it("draft → submit → publish → bid → deadline → award → delivery → acceptance → rating", async () => {
    const draft = await createDraft(w.entA.user, {
      title: "电工技能提升培训",
      description: "为一线职工开展电工技能培训。",
      categoryCode: "skills_training",
      districtCode: "yuhua",
      beneficiariesPlanned: "120",
      sessionsPlanned: "4",
      serviceStart: daysFromNow(40),
      serviceEnd: daysFromNow(70),
      budget: "50,000",
      fundingSource: "UNION_FUNDS",
      bidDeadline: daysFromNow(10),
    });
    await fireTransition(w.entA.user, draft.id, "submit");
    await fireTransition(w.broker, draft.id, "publish", {});
    const x = await submitBid(w.orgX.user, draft.id, { amount: "48,000", plan: "四次集中授课加一次实操考核。", timeline: "30 天", team: "讲师 3 人" });
    await submitBid(w.orgY.user, draft.id, { amount: "46,000", plan: "三次授课加线上答疑。", timeline: "20 天", team: "讲师 2 人" });
    await fireTransition(w.broker, draft.id, "close_bidding", {}, { now: daysFromNow(11) });
    await awardBid(w.broker, draft.id, x.bidId, { rationale: "方案更完整，含实操考核。", noConflictDeclared: "on" });
    await startDelivery(w.orgX.user, draft.id);
    await fileDeliveryReport(w.orgX.user, draft.id, report());
    const reportRow = await db.deliveryReport.findFirstOrThrow({ where: { projectId: draft.id } });
    expect(reportRow).toMatchObject({ organizationId: w.orgX.org.id, beneficiariesActual: 118, sessionsHeld: 4, submittedById: w.orgX.user.id });
    expect(reportRow.evidence).toEqual([expect.objectContaining({ fileName: "签到表.pdf" })]);
    await expectDomainError(rateOrganization(w.entA.user, draft.id, rating), { status: 409, code: "error.rating.wrongState" });
    await acceptDelivery(w.entA.user, draft.id);
    const r = await rateOrganization(w.entA.user, draft.id, rating);
    expect(r.changed).toBe(true);
    const row = await db.rating.findUniqueOrThrow({ where: { id: r.ratingId } });
    expect(row).toMatchObject({ organizationId: w.orgX.org.id, enterpriseId: w.entA.enterprise.id, quality: 5, workerResponse: 4 });
    expect(await db.notification.count({ where: { userId: w.orgX.user.id, kind: "rating.received" } })).toBe(1);
    expect(await db.searchOutbox.count({ where: { index: "organizations", docId: w.orgX.org.id } })).toBeGreaterThanOrEqual(1);
    const summary = (await ratingSummaries([w.orgX.org.id, w.orgY.org.id])).get(w.orgX.org.id);
    expect(summary).toEqual({ count: 1, average: 4.5 });
    const d = await getProjectForActor(w.entA.user, draft.id);
    expect(d.project.state).toBe("ACCEPTED");
    expect(d.ratings).toHaveLength(1);
    // the whole history is in the audit log, in order
    const actions = (await db.auditLog.findMany({ where: { entityType: "Project", entityId: draft.id }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toEqual([
      "project.create",
      "project.submit",
      "project.publish",
      "project.close_bidding",
      "project.award",
      "project.start_delivery",
      "project.file_delivery",
      "project.accept",
    ]);
  });
});

describe("disputes", () => {
  it("dispute → broker sends it back to delivery → new report → dispute → broker accepts", async () => {
    const p = await makeProject("DELIVERED", { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgX.org.id });
    await expectDomainError(disputeDelivery(w.entA.user, p.id, { reason: "差" }), { status: 400, code: "error.reason.tooShort" });
    await disputeDelivery(w.entA.user, p.id, { reason: "实际参训人数与报告不符" });
    const open = await db.dispute.findFirstOrThrow({ where: { projectId: p.id, resolvedAt: null } });
    expect(open).toMatchObject({ raisedById: w.entA.user.id, reason: "实际参训人数与报告不符" });
    await expectDomainError(resolveDispute(w.entA.user, p.id, { outcome: "ACCEPTED", resolution: "企业自行撤回异议", upheld: false }), { status: 403 });
    const back = await resolveDispute(w.broker, p.id, { outcome: "IN_DELIVERY", resolution: "核实后需补课一次", upheld: "on" });
    expect(back.project.state).toBe("IN_DELIVERY");
    expect(await db.dispute.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({ outcome: "IN_DELIVERY", upheld: true, resolvedById: w.broker.id });
    await fileDeliveryReport(w.orgX.user, p.id, report({ sessionsHeld: "5", summary: "补课一次后完成全部培训内容。" }));
    expect(await db.deliveryReport.count({ where: { projectId: p.id } })).toBe(2);
    await disputeDelivery(w.entA.user, p.id, { reason: "仍有部分职工未参训" });
    const done = await resolveDispute(w.broker, p.id, { outcome: "ACCEPTED", resolution: "已达到计划的 95%，予以验收", upheld: "" });
    expect(done.project.state).toBe("ACCEPTED");
    expect(await db.dispute.count({ where: { projectId: p.id, resolvedAt: null } })).toBe(0);
    await expectDomainError(resolveDispute(w.broker, p.id, { outcome: "CLOSED", resolution: "无效的结果" }), { status: 400, code: "error.invalidOption" });
  });
});

describe("ratings", () => {
  it("once per enterprise per project: the same rating again is a no-op, a different one a conflict", async () => {
    const p = await makeProject("ACCEPTED", { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgY.org.id });
    const first = await rateOrganization(w.entA.user, p.id, rating);
    const mid = await snapshot(p.id);
    expect(await rateOrganization(w.entA.user, p.id, rating)).toEqual({ ratingId: first.ratingId, changed: false });
    expect(await snapshot(p.id)).toEqual(mid);
    await expectDomainError(rateOrganization(w.entA.user, p.id, { ...rating, quality: "1" }), { status: 409, code: "error.rating.duplicate" });
    expect(await snapshot(p.id)).toEqual(mid);
  });

  it("only the owner enterprise, only 1–5, only after acceptance", async () => {
    const p = await makeProject("ACCEPTED", { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgY.org.id });
    await expectDomainError(rateOrganization(w.entB.user, p.id, rating), { status: 404 });
    await expectDomainError(rateOrganization(w.broker, p.id, rating), { status: 403 });
    await expectDomainError(rateOrganization(w.orgY.user, p.id, rating), { status: 403 });
    await expectDomainError(rateOrganization(w.entA.user, p.id, { ...rating, quality: "6" }), { status: 400, code: "error.rating.range" });
    for (const state of ["DELIVERED", "DISPUTED", "IN_DELIVERY"] as const) {
      const q = await makeProject(state, { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgY.org.id });
      await expectDomainError(rateOrganization(w.entA.user, q.id, rating), { status: 409, code: "error.rating.wrongState" });
    }
    expect(await db.rating.count({ where: { projectId: p.id } })).toBe(0);
  });

  it("in a bundle each member enterprise rates its own member need", async () => {
    const { bundle, members } = await makeBundle("ACCEPTED", [w.entA.enterprise.id, w.entB.enterprise.id], { awardedOrgId: w.orgX.org.id });
    await expectDomainError(rateOrganization(w.entA.user, bundle.id, rating), { status: 409, code: "error.bundle.actOnMember" });
    await rateOrganization(w.entA.user, members[0].id, rating);
    await rateOrganization(w.entB.user, members[1].id, { ...rating, quality: "3" });
    const rows = await db.rating.findMany({ where: { projectId: { in: members.map((m) => m.id) } } });
    expect(rows.map((r) => r.organizationId)).toEqual([w.orgX.org.id, w.orgX.org.id]);
  });
});

describe("delivery permissions", () => {
  it("only the awarded org starts and files; only the owner accepts", async () => {
    const p = await makeProject("AWARDED", { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgX.org.id, bidderOrgIds: [w.orgY.org.id] });
    await expectDomainError(startDelivery(w.orgY.user, p.id), { status: 403, code: "error.transition.notParty" });
    await expectDomainError(startDelivery(w.entA.user, p.id), { status: 403, code: "error.transition.roleNotAllowed" });
    await startDelivery(w.orgX.user, p.id);
    await expectDomainError(fileDeliveryReport(w.orgY.user, p.id, report()), { status: 403 });
    await expectDomainError(fileDeliveryReport(w.orgX.user, p.id, report({ endDate: daysFromNow(2) })), { status: 400, code: "error.endDate.future" });
    await fileDeliveryReport(w.orgX.user, p.id, report());
    await expectDomainError(acceptDelivery(w.entB.user, p.id), { status: 404 });
    await expectDomainError(acceptDelivery(w.broker, p.id), { status: 403 });
    const ok = await acceptDelivery(w.entA.user, p.id);
    expect(ok.changed).toBe(true);
    expect((await acceptDelivery(w.entA.user, p.id)).changed).toBe(false);
  });
});

describe("payment instalments", () => {
  it("become DUE when the transition reaches their trigger state", async () => {
    const p = await makeProject("DELIVERED", { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgX.org.id });
    await db.instalment.createMany({
      data: [
        { projectId: p.id, seq: 1, percentBp: 3000, amountFen: 1_350_000, trigger: "ON_AWARD", payer: "UNION", state: "DUE" },
        { projectId: p.id, seq: 2, percentBp: 7000, amountFen: 3_150_000, trigger: "ON_ACCEPTANCE", payer: "UNION" },
      ],
    });
    await acceptDelivery(w.entA.user, p.id);
    const rows = await db.instalment.findMany({ where: { projectId: p.id }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.state)).toEqual(["DUE", "DUE"]);
    expect(rows[1].dueAt).not.toBeNull();
  });
});
