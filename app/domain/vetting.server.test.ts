import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import {
  makeBid,
  makeBroker,
  makeEnterpriseWithUser,
  makeOrg,
  makeOrgWithUser,
  makeProject,
  makeUser,
} from "../../tests/fixtures/registry";
import { verifyAuditChain } from "./audit.server";
import { isDomainError } from "./errors";
import { orgProfileSchema } from "./organizations.schema";
import { orgWithLinks, profileFormValues } from "./organizations.server";
import {
  applyVettingAction,
  approveOrg,
  assertOrgMayBid,
  availableVettingActions,
  biddingEligibility,
  confirmLedger,
  effectiveGrade,
  gradeStatus,
  overdueAnnualReviews,
  reinstateOrg,
  rejectOrg,
  requestMoreDocuments,
  setGrade,
  suspendOrg,
  vettingQueue,
} from "./vetting.server";

async function errorOf(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error("expected a DomainError");
    },
    (e: unknown) => {
      if (!isDomainError(e)) throw e;
      return e;
    },
  );
}

const status = async (id: string) => (await db.organization.findUniqueOrThrow({ where: { id } })).vettingStatus;
const lastOutbox = async (id: string) =>
  (await db.searchOutbox.findFirst({ where: { index: "organizations", docId: id }, orderBy: { id: "desc" } }))?.op;
const kinds = async (userId: string) => (await db.notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" } })).map((n) => n.kind);

describe("vetting state machine", () => {
  it("approve: PENDING → APPROVED with audit, index upsert and a notification; repeating is a 409 that writes nothing", async () => {
    const broker = await makeBroker();
    const { org, user } = await makeOrgWithUser();
    expect(availableVettingActions("PENDING").sort()).toEqual(["approve", "reject", "requestDocuments"]);
    const r = await approveOrg(broker, org.id, "材料齐全");
    expect(r).toMatchObject({ status: "APPROVED", changed: true });
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.vettingStatus).toBe("APPROVED");
    expect(row.vettedAt).not.toBeNull();
    expect(await lastOutbox(org.id)).toBe("UPSERT");
    expect(await kinds(user.id)).toEqual(["org.vetting.approved"]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: org.id, action: "org.vetting.approve" } });
    expect(audit).toMatchObject({ actorId: broker.id, actorRole: "BROKER", before: { vettingStatus: "PENDING" } });

    const counts = async () => [await db.auditLog.count(), await db.searchOutbox.count(), await db.notification.count()];
    const before = await counts();
    const e = await errorOf(approveOrg(broker, org.id));
    expect(e).toMatchObject({ status: 409, code: "error.vetting.state" });
    expect(await counts()).toEqual(before);
  });

  it("reject requires a reason; wrong role is 403, unknown org 404", async () => {
    const broker = await makeBroker();
    const { org, user } = await makeOrgWithUser();
    expect((await errorOf(rejectOrg(broker, org.id, "  "))).status).toBe(400);
    expect((await errorOf(rejectOrg(user, org.id, "自己驳回自己"))).status).toBe(403);
    const ent = await makeUser("ENTERPRISE");
    expect((await errorOf(approveOrg(ent, org.id))).status).toBe(403);
    expect((await errorOf(approveOrg(broker, "no-such-org"))).status).toBe(404);
    await rejectOrg(broker, org.id, "登记证书已过期");
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row).toMatchObject({ vettingStatus: "REJECTED", vettingNote: "登记证书已过期" });
    expect(await lastOutbox(org.id)).toBe("DELETE");
    expect((await errorOf(suspendOrg(broker, org.id, "x"))).status).toBe(409);
  });

  it("request more documents keeps PENDING, notifies, and the same request twice writes once", async () => {
    const broker = await makeBroker();
    const { org, user } = await makeOrgWithUser();
    const r1 = await requestMoreDocuments(broker, org.id, "请补充法人登记证书扫描件");
    expect(r1).toMatchObject({ status: "PENDING", changed: true });
    const r2 = await requestMoreDocuments(broker, org.id, "请补充法人登记证书扫描件");
    expect(r2.changed).toBe(false);
    expect(await status(org.id)).toBe("PENDING");
    expect(await kinds(user.id)).toEqual(["org.vetting.documentsRequested"]);
    expect(await db.auditLog.count({ where: { entityId: org.id } })).toBe(1);
    const n = await db.notification.findFirstOrThrow({ where: { userId: user.id } });
    expect(n.params).toEqual({ reason: "请补充法人登记证书扫描件" });
  });

  it("suspend withdraws open bids on PUBLISHED projects, notifies their enterprises; reinstate restores eligibility", async () => {
    const broker = await makeBroker();
    const { org, user } = await makeOrgWithUser({ vettingStatus: "APPROVED" });
    const e1 = await makeEnterpriseWithUser();
    const e2 = await makeEnterpriseWithUser();
    const open1 = await makeProject({ enterpriseId: e1.enterprise.id, state: "PUBLISHED" });
    // A bundle project (no enterprise of its own) whose members belong to e2.
    const bundle = await makeProject({ enterpriseId: null, state: "PUBLISHED" });
    await db.project.update({ where: { id: bundle.id }, data: { isBundle: true } });
    const member = await makeProject({ enterpriseId: e2.enterprise.id, state: "PUBLISHED" });
    await db.project.update({ where: { id: member.id }, data: { bundleId: bundle.id } });
    const evaluating = await makeProject({ enterpriseId: e1.enterprise.id, state: "EVALUATING" });
    const b1 = await makeBid(open1.id, org.id);
    const b2 = await makeBid(bundle.id, org.id);
    const b3 = await makeBid(evaluating.id, org.id); // closed for bidding: untouched
    const otherOrg = await makeOrg({ vettingStatus: "APPROVED" });
    const b4 = await makeBid(open1.id, otherOrg.id); // someone else's bid: untouched

    expect(biddingEligibility({ vettingStatus: "APPROVED" })).toEqual({ eligible: true });
    await db.$transaction((tx) => assertOrgMayBid(tx, org.id));

    const r = await suspendOrg(broker, org.id, "被投诉且查实");
    expect(r).toMatchObject({ status: "SUSPENDED", withdrawnBids: 2 });
    const bidState = async (id: string) => (await db.bid.findUniqueOrThrow({ where: { id } })).state;
    expect(await bidState(b1.id)).toBe("WITHDRAWN");
    expect(await bidState(b2.id)).toBe("WITHDRAWN");
    expect(await bidState(b3.id)).toBe("SUBMITTED");
    expect(await bidState(b4.id)).toBe("SUBMITTED");
    expect((await db.bid.findUniqueOrThrow({ where: { id: b1.id } })).withdrawnAt).not.toBeNull();
    expect(await kinds(e1.user.id)).toEqual(["bid.withdrawn.orgSuspended"]);
    expect(await kinds(e2.user.id)).toEqual(["bid.withdrawn.orgSuspended"]);
    const n = await db.notification.findFirstOrThrow({ where: { userId: e1.user.id } });
    expect(n.params).toEqual({ projectCode: open1.code, projectTitle: open1.title }); // sealed: no bidder named
    expect(await kinds(user.id)).toEqual(["org.vetting.suspended"]);
    expect(await db.auditLog.count({ where: { action: "bid.withdraw.orgSuspended" } })).toBe(2);
    expect(await lastOutbox(org.id)).toBe("DELETE");

    // No longer eligible to bid.
    expect(biddingEligibility({ vettingStatus: await status(org.id) })).toMatchObject({ eligible: false, code: "error.org.notApproved" });
    const e = await errorOf(db.$transaction((tx) => assertOrgMayBid(tx, org.id)));
    expect(e).toMatchObject({ status: 403, code: "error.org.notApproved" });

    // Suspending again: 409, nothing written.
    expect((await errorOf(suspendOrg(broker, org.id, "再次暂停"))).status).toBe(409);

    await reinstateOrg(broker, org.id, "整改完成");
    expect(await status(org.id)).toBe("APPROVED");
    expect(await lastOutbox(org.id)).toBe("UPSERT");
    expect(await bidState(b1.id)).toBe("WITHDRAWN"); // withdrawn bids stay withdrawn
    await db.$transaction((tx) => assertOrgMayBid(tx, org.id));
    expect((await errorOf(reinstateOrg(broker, org.id, "again"))).status).toBe(409);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("two concurrent approvals apply once", async () => {
    const broker = await makeBroker();
    const org = await makeOrg();
    const results = await Promise.allSettled([approveOrg(broker, org.id), approveOrg(broker, org.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409 });
    expect(await db.auditLog.count({ where: { entityId: org.id, action: "org.vetting.approve" } })).toBe(1);
  });

  it("an unknown intent is a 400", async () => {
    const broker = await makeBroker();
    const org = await makeOrg();
    expect((await errorOf(applyVettingAction(broker, org.id, "delete" as never))).status).toBe(400);
  });

  it("the queue lists orgs by status and those with changes awaiting review", async () => {
    const broker = await makeBroker();
    const pending = await makeOrg();
    const approved = await makeOrg({ vettingStatus: "APPROVED" });
    await db.organization.update({
      where: { id: approved.id },
      data: { pendingChanges: { changes: { name: { from: approved.name, to: "新名" } }, requestedAt: "x", requestedById: "y" } },
    });
    const q = await vettingQueue(broker);
    expect(q.rows.map((r) => r.id)).toContain(pending.id);
    expect(q.rows.every((r) => r.vettingStatus === "PENDING")).toBe(true);
    const c = await vettingQueue(broker, { status: "CHANGES" });
    expect(c.rows.map((r) => r.id)).toEqual([approved.id]);
    expect(c.rows[0].pending?.changes.name?.to).toBe("新名");
    const { user } = await makeOrgWithUser();
    expect((await errorOf(vettingQueue(user))).status).toBe(403);
  });
});

describe("grade", () => {
  it("is VALID through the last day (Asia/Shanghai), then EXPIRED; NONE when never graded", () => {
    const org = { grade: 4, gradeAssessedAt: new Date("2024-01-01T00:00:00Z"), gradeValidUntil: new Date("2026-12-31T00:00:00Z") };
    expect(gradeStatus(org, new Date("2026-12-31T15:59:59Z"))).toMatchObject({ status: "VALID", label: "4A" }); // 23:59:59 in Shanghai
    expect(gradeStatus(org, new Date("2026-12-31T16:00:00Z")).status).toBe("EXPIRED"); // 2027-01-01 00:00 in Shanghai
    expect(effectiveGrade(org, new Date("2026-06-01T00:00:00Z"))).toBe(4);
    expect(effectiveGrade(org, new Date("2027-06-01T00:00:00Z"))).toBeNull();
    expect(gradeStatus({ grade: null, gradeValidUntil: null }).status).toBe("NONE");
  });

  it("a broker sets it with audit; setting the same again writes nothing; validity must follow assessment", async () => {
    const broker = await makeBroker();
    const { org, user } = await makeOrgWithUser({ vettingStatus: "APPROVED" });
    const input = { grade: 3, assessedAt: new Date("2025-06-01T00:00:00Z"), validUntil: new Date("2030-05-31T00:00:00Z") };
    expect(await setGrade(broker, org.id, input)).toEqual({ changed: true });
    expect(await setGrade(broker, org.id, input)).toEqual({ changed: false });
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row).toMatchObject({ grade: 3 });
    expect(await db.auditLog.count({ where: { entityId: org.id, action: "org.grade.set" } })).toBe(1);
    expect(await lastOutbox(org.id)).toBe("UPSERT");
    const bad = await errorOf(setGrade(broker, org.id, { ...input, validUntil: input.assessedAt }));
    expect(bad).toMatchObject({ status: 400, field: "validUntil" });
    expect((await errorOf(setGrade(user, org.id, input))).status).toBe(403);
  });
});

describe("annual review", () => {
  it("creates the year's review once; changes apply (facts go to review); overdue orgs are listed", async () => {
    const now = new Date("2026-11-20T04:00:00Z");
    const { org, user } = await makeOrgWithUser({
      vettingStatus: "APPROVED",
      createdAt: new Date("2024-01-10T00:00:00Z"),
      ledgerConfirmedAt: new Date("2025-10-01T00:00:00Z"),
    });
    const fresh = await makeOrg({ vettingStatus: "APPROVED", createdAt: new Date("2026-05-01T00:00:00Z") });
    const never = await makeOrg({ vettingStatus: "SUSPENDED", createdAt: new Date("2023-01-01T00:00:00Z") });
    const pendingOld = await makeOrg({ vettingStatus: "PENDING", createdAt: new Date("2020-01-01T00:00:00Z") });

    const overdue = (await overdueAnnualReviews(now)).map((o) => o.id);
    expect(overdue).toEqual([never.id, org.id]); // oldest due first
    expect(overdue).not.toContain(fresh.id);
    expect(overdue).not.toContain(pendingOld.id);

    const r1 = await confirmLedger(user, org.id, null, now);
    expect(r1).toMatchObject({ year: 2026, created: true, changed: false });
    const r2 = await confirmLedger(user, org.id, null, now);
    expect(r2).toMatchObject({ created: false, changed: false });
    expect(await db.annualReview.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await db.auditLog.count({ where: { entityId: org.id, action: "org.annualReview.confirm" } })).toBe(1);
    expect((await overdueAnnualReviews(now)).map((o) => o.id)).toEqual([never.id]);

    // Same year, with updated facts: staff count applies, the name goes to broker review.
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id }, include: orgWithLinks });
    const changes = orgProfileSchema.parse({ ...profileFormValues(row), staffCount: "25", name: "年审改名中心" });
    const r3 = await confirmLedger(user, org.id, changes, now);
    expect(r3).toMatchObject({ created: false, changed: true, applied: ["staffCount"], pending: ["name"] });
    const review = await db.annualReview.findFirstOrThrow({ where: { organizationId: org.id } });
    expect(review.changes).toEqual({ applied: ["staffCount"], pending: ["name"] });

    // Another org's user cannot confirm it; a broker can on its behalf.
    const other = await makeOrgWithUser();
    expect((await errorOf(confirmLedger(other.user, org.id, null, now))).status).toBe(404);
    const broker = await makeBroker();
    expect(await confirmLedger(broker, never.id, null, now)).toMatchObject({ created: true });
    expect(await overdueAnnualReviews(now)).toEqual([]);
  });
});
