// The lifecycle, transition by transition, against a real database: the allowed role succeeds and
// writes state + audit + outbox; every other role and every wrong state gets a 4xx DomainError and
// changes nothing; firing twice has the effect of once.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import type { ProjectState } from "~/generated/sqlite/enums";
import { verifyAuditChain } from "./audit.server";
import { PROJECT_STATES, TRANSITIONS, type TransitionDef, type TransitionName } from "./lifecycle";
import {
  SYSTEM_ACTOR,
  bundleNeeds,
  closeExpiredBidding,
  countProjectsByState,
  createDraft,
  fireTransition,
  getProjectForActor,
  listProjects,
  unbundle,
  updateDraft,
  visibleWhere,
  type LifecycleActor,
} from "./projects.server";
import { daysFromNow, expectDomainError, makeBundle, makeProject, makeWorld, snapshot, type ProjectOptions, type World } from "../../tests/fixtures/marketplace";

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});

type ActorKey = "entOwner" | "entOther" | "orgAwarded" | "orgOther" | "broker" | "admin" | "system";
const ACTOR_KEYS: ActorKey[] = ["entOwner", "entOther", "orgAwarded", "orgOther", "broker", "admin", "system"];

function actor(k: ActorKey): LifecycleActor {
  switch (k) {
    case "entOwner":
      return w.entA.user;
    case "entOther":
      return w.entB.user;
    case "orgAwarded":
      return w.orgX.user;
    case "orgOther":
      return w.orgY.user;
    case "broker":
      return w.broker;
    case "admin":
      return w.admin;
    case "system":
      return SYSTEM_ACTOR;
  }
}

function allowedKeys(t: TransitionDef): ActorKey[] {
  const keys: ActorKey[] = [];
  if (t.roles.includes("ENTERPRISE")) keys.push("entOwner");
  if (t.roles.includes("ORG")) keys.push("orgAwarded");
  if (t.roles.includes("BROKER")) keys.push("broker");
  if (t.roles.includes("SYSTEM")) keys.push("system");
  return keys;
}

/** A project in `state` set up so that transition `name` can succeed from it. */
async function projectFor(name: TransitionName, state: ProjectState) {
  const o: ProjectOptions = { enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgX.org.id, brokerId: w.broker.id };
  if (name === "close_bidding" && state === "PUBLISHED") o.bidDeadline = daysFromNow(-1);
  if (name === "evaluate" && state === "ACCEPTED") o.closedEvaluation = true;
  return makeProject(state, o);
}

async function validInput(name: TransitionName, projectId: string): Promise<Record<string, unknown>> {
  switch (name) {
    case "publish":
      return { bidDeadline: daysFromNow(14) };
    case "return":
    case "reject":
    case "cancel":
    case "declare_unsuccessful":
    case "dispute":
      return { reason: "原因说明：材料不完整" };
    case "award": {
      const bid = await db.bid.findFirst({ where: { projectId, organizationId: w.orgX.org.id } });
      return { bidId: bid?.id ?? "none", rationale: "报价最低且方案完整，无利益冲突。", noConflictDeclared: true };
    }
    case "file_delivery":
      return { beneficiariesActual: "118", sessionsHeld: "4", startDate: "2026-01-05", endDate: daysFromNow(-1), summary: "按计划完成四次培训，职工反馈良好。" };
    case "resolve_dispute_redeliver":
    case "resolve_dispute_accept":
      return { resolution: "经核实，双方同意处理方案。", upheld: "on" };
    default:
      return {};
  }
}

describe.each(TRANSITIONS.map((t) => [t.name, t] as const))("transition %s", (name, t) => {
  const allowed = allowedKeys(t);

  it.each(t.from.flatMap((from) => allowed.map((k) => [from, k] as const)))("from %s by %s: succeeds once, repeat changes nothing", async (from, k) => {
    const p = await projectFor(name, from);
    const before = await snapshot(p.id);
    const r = await fireTransition(actor(k), p.id, name, await validInput(name, p.id));
    expect(r).toMatchObject({ changed: true, from, to: t.to, transition: name });
    const after = await snapshot(p.id);
    expect(after.project?.state).toBe(t.to);
    expect(after.project?.version).toBe((before.project?.version ?? 0) + 1);
    expect(after.audit).toBe(before.audit + 1);
    expect(after.outbox).toBe(before.outbox + 1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: p.id }, orderBy: { seq: "desc" } });
    expect(audit.action).toBe(`project.${name}`);
    expect(audit.actorRole).toBe(actor(k).role);
    expect(audit.before).toMatchObject({ state: from });
    expect(audit.after).toMatchObject({ state: t.to });
    if (t.input === "reason") expect(audit.reason).toBe("原因说明：材料不完整");

    // double click / retried POST
    const again = await fireTransition(actor(k), p.id, name, await validInput(name, p.id));
    expect(again.changed).toBe(false);
    expect(again.project.state).toBe(t.to);
    expect(await snapshot(p.id)).toEqual(after);
  });

  const denied = ACTOR_KEYS.filter((k) => !allowed.includes(k));
  it.each(denied)("by %s: 4xx, nothing changes", async (k) => {
    const p = await projectFor(name, t.from[0]);
    const before = await snapshot(p.id);
    const e = await expectDomainError(fireTransition(actor(k), p.id, name, await validInput(name, p.id)));
    expect(["error.notFound", "error.transition.roleNotAllowed", "error.transition.notParty"]).toContain(e.code);
    expect(await snapshot(p.id)).toEqual(before);
  });

  const wrongStates = PROJECT_STATES.filter((s) => !t.from.includes(s));
  it.each(wrongStates)("from wrong state %s: 4xx, nothing changes", async (state) => {
    const p = await projectFor(name, state);
    const before = await snapshot(p.id);
    const e = await expectDomainError(fireTransition(actor(allowed[0]), p.id, name, await validInput(name, p.id)));
    // The awarded org is not yet a party before the award (403); otherwise the state is wrong (409).
    if (e.status === 409) {
      expect(e.code).toBe("error.transition.wrongState");
      expect(e.params).toMatchObject({ transition: name, state });
    } else {
      expect(e.code).toBe("error.transition.notParty");
    }
    expect(await snapshot(p.id)).toEqual(before);
  });
});

describe("guards and inputs", () => {
  const own = () => ({ enterpriseId: w.entA.enterprise.id, awardedOrgId: w.orgX.org.id });

  it("return/reject/cancel need a reason of at least 5 characters", async () => {
    const p = await makeProject("SUBMITTED", own());
    const before = await snapshot(p.id);
    const e = await expectDomainError(fireTransition(w.broker, p.id, "return", { reason: "太短" }), { status: 400, code: "error.reason.tooShort" });
    expect(e.field).toBe("reason");
    await expectDomainError(fireTransition(w.broker, p.id, "reject", {}), { code: "error.reason.tooShort" });
    await expectDomainError(fireTransition(w.entA.user, p.id, "cancel", { reason: "    " }), { code: "error.reason.tooShort" });
    expect(await snapshot(p.id)).toEqual(before);
  });

  it("publish needs a bid deadline in the future and before the service start", async () => {
    const p = await makeProject("SUBMITTED", { ...own(), bidDeadline: null, serviceStart: daysFromNow(30) });
    await expectDomainError(fireTransition(w.broker, p.id, "publish", {}), { status: 422, code: "error.bidDeadline.required" });
    await expectDomainError(fireTransition(w.broker, p.id, "publish", { bidDeadline: daysFromNow(-1) }), { code: "error.bidDeadline.past" });
    await expectDomainError(fireTransition(w.broker, p.id, "publish", { bidDeadline: daysFromNow(31) }), { code: "error.bidDeadline.afterServiceStart" });
    await expectDomainError(fireTransition(w.broker, p.id, "publish", { bidDeadline: "不是日期" }), { status: 400, code: "error.date" });
    const deadline = daysFromNow(10);
    const r = await fireTransition(w.broker, p.id, "publish", { bidDeadline: deadline });
    expect(r.project.bidDeadline?.getTime()).toBe(deadline.getTime());
    expect(r.project.publishedAt).not.toBeNull();
  });

  it("publish keeps the enterprise's proposed deadline when the broker gives none", async () => {
    const proposed = daysFromNow(12);
    const p = await makeProject("SUBMITTED", { ...own(), bidDeadline: proposed });
    const r = await fireTransition(w.broker, p.id, "publish", {});
    expect(r.project.bidDeadline?.getTime()).toBe(proposed.getTime());
  });

  it("submit refuses a proposed deadline that has passed", async () => {
    const p = await makeProject("DRAFT", { ...own(), bidDeadline: daysFromNow(-1) });
    await expectDomainError(fireTransition(w.entA.user, p.id, "submit"), { status: 422, code: "error.bidDeadline.past" });
  });

  it("closing bidding before the deadline is refused, for the broker too", async () => {
    const p = await makeProject("PUBLISHED", own());
    const before = await snapshot(p.id);
    await expectDomainError(fireTransition(w.broker, p.id, "close_bidding"), { status: 409, code: "error.bidding.deadlineNotReached" });
    await expectDomainError(fireTransition(SYSTEM_ACTOR, p.id, "close_bidding"), { code: "error.bidding.deadlineNotReached" });
    expect(await snapshot(p.id)).toEqual(before);
  });

  it("evaluate needs a closed evaluation", async () => {
    const p = await makeProject("ACCEPTED", own());
    await expectDomainError(fireTransition(w.broker, p.id, "evaluate"), { status: 409, code: "error.evaluation.notClosed" });
  });

  it("award refuses a bid of another project, a withdrawn bid, and a missing no-conflict declaration", async () => {
    const p = await makeProject("EVALUATING", { ...own(), bidderOrgIds: [w.orgY.org.id] });
    const other = await makeProject("EVALUATING", own());
    const foreignBid = await db.bid.findFirstOrThrow({ where: { projectId: other.id } });
    const bidX = await db.bid.findFirstOrThrow({ where: { projectId: p.id, organizationId: w.orgX.org.id } });
    const bidY = await db.bid.findFirstOrThrow({ where: { projectId: p.id, organizationId: w.orgY.org.id } });
    await db.bid.update({ where: { id: bidY.id }, data: { state: "WITHDRAWN" } });
    const before = await snapshot(p.id);
    const ok = { rationale: "报价最低且方案完整。", noConflictDeclared: true };
    await expectDomainError(fireTransition(w.broker, p.id, "award", { ...ok, bidId: foreignBid.id }), { status: 404, code: "error.bid.notFound" });
    await expectDomainError(fireTransition(w.broker, p.id, "award", { ...ok, bidId: bidY.id }), { status: 409, code: "error.bid.notLive" });
    await expectDomainError(fireTransition(w.broker, p.id, "award", { ...ok, bidId: bidX.id, noConflictDeclared: false }), {
      status: 400,
      code: "error.award.noConflictRequired",
    });
    await expectDomainError(fireTransition(w.broker, p.id, "award", { bidId: bidX.id, rationale: "短", noConflictDeclared: true }), {
      code: "error.rationale.tooShort",
    });
    expect(await snapshot(p.id)).toEqual(before);
  });

  it("an unknown project and a foreign project are both 404", async () => {
    await expectDomainError(fireTransition(w.broker, "no-such-id", "publish"), { status: 404, code: "error.notFound" });
    const p = await makeProject("DRAFT", { enterpriseId: w.entB.enterprise.id });
    await expectDomainError(fireTransition(w.entA.user, p.id, "submit"), { status: 404, code: "error.notFound" });
  });

  it("keeps the audit chain intact", async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

describe("drafts", () => {
  const form = () => ({
    title: "  一线职工电工技能培训  ",
    description: "为 120 名一线职工开展电工技能培训。",
    categoryCode: "skills_training",
    districtCode: "yuhua",
    beneficiariesPlanned: "120",
    sessionsPlanned: "4",
    serviceStart: "2099-03-01",
    serviceEnd: "2099-04-30",
    budget: "12,800.50",
    fundingSource: "UNION_FUNDS",
    bidDeadline: "2099-02-01T17:00",
    minGrade: "3",
    minYearsRegistered: "",
    mustServeDistrict: "on",
    unionRule: "PREFERRED",
  });

  it("an enterprise creates a draft from form values; budget is stored in fen", async () => {
    const before = await snapshot();
    const p = await createDraft(w.entA.user, form());
    expect(p).toMatchObject({
      state: "DRAFT",
      enterpriseId: w.entA.enterprise.id,
      title: "一线职工电工技能培训",
      budgetFen: 1_280_050,
      beneficiariesPlanned: 120,
      minGrade: 3,
      minYearsRegistered: null,
      mustServeDistrict: true,
      unionRule: "PREFERRED",
      version: 0,
    });
    expect(p.code).toMatch(/^XQ-\d{4}-\d{4}$/);
    expect(p.bidDeadline?.toISOString()).toBe("2099-02-01T09:00:00.000Z");
    expect(p.serviceStart?.toISOString()).toBe("2099-02-28T16:00:00.000Z");
    const after = await snapshot();
    expect(after.audit).toBe(before.audit + 1);
    expect(after.outbox).toBe(before.outbox + 1);
    const second = await createDraft(w.entA.user, form());
    expect(second.code).not.toBe(p.code);
  });

  it("refuses non-enterprise actors and invalid input with a field-level error", async () => {
    await expectDomainError(createDraft(w.broker, form()), { status: 403 });
    await expectDomainError(createDraft(w.orgX.user, form()), { status: 403 });
    const e = await expectDomainError(createDraft(w.entA.user, { ...form(), budget: "12.345" }), { status: 400, code: "error.money.format" });
    expect(e.field).toBe("budget");
    await expectDomainError(createDraft(w.entA.user, { ...form(), categoryCode: "nope" }), { code: "error.invalidOption" });
    await expectDomainError(createDraft(w.entA.user, { ...form(), serviceEnd: "2099-02-01" }), { code: "error.serviceEnd.beforeStart" });
  });

  it("the owner edits a DRAFT only; stale versions conflict; an identical retry is a no-op", async () => {
    const p = await createDraft(w.entA.user, form());
    const edited = await updateDraft(w.entA.user, p.id, { ...form(), title: "新标题", version: "0" });
    expect(edited).toMatchObject({ title: "新标题", version: 1 });
    const retry = await updateDraft(w.entA.user, p.id, { ...form(), title: "新标题", version: "0" });
    expect(retry.version).toBe(1);
    await expectDomainError(updateDraft(w.entA.user, p.id, { ...form(), title: "别的", version: "0" }), { status: 409, code: "error.conflict" });
    await expectDomainError(updateDraft(w.entB.user, p.id, form()), { status: 404 });
    await expectDomainError(updateDraft(w.broker, p.id, form()), { status: 403 });
    await fireTransition(w.entA.user, p.id, "submit");
    await expectDomainError(updateDraft(w.entA.user, p.id, form()), { status: 409, code: "error.project.notDraft" });
    // returned by the broker → editable again; the reason is kept until resubmission
    await fireTransition(w.broker, p.id, "return", { reason: "请补充培训大纲" });
    const returned = await getProjectForActor(w.entA.user, p.id);
    expect(returned.project.stateReason).toBe("请补充培训大纲");
    expect(returned.canEdit).toBe(true);
    await updateDraft(w.entA.user, p.id, { ...form(), description: "补充了培训大纲。" });
    const resubmitted = await fireTransition(w.entA.user, p.id, "submit");
    expect(resubmitted.changed).toBe(true);
    expect(resubmitted.project.stateReason).toBeNull();
  });
});

describe("visibility", () => {
  it("an organization's list and total equal the visibility rule (visible, minus open bundle members), with and without filters", async () => {
    // bundles the org bid on (open and awarded), a bundle it did not bid on, own bids / awards / losses
    const e = [w.entA.enterprise.id, w.entB.enterprise.id];
    const openBundle = await makeBundle("PUBLISHED", e, { bidderOrgIds: [w.orgX.org.id] });
    const awardedBundle = await makeBundle("AWARDED", e, { awardedOrgId: w.orgX.org.id });
    await makeBundle("EVALUATING", e, { bidderOrgIds: [w.orgY.org.id] });
    await makeProject("IN_DELIVERY", { enterpriseId: e[0], awardedOrgId: w.orgX.org.id, categoryCode: "legal_aid" });
    await makeProject("CLOSED", { enterpriseId: e[1], awardedOrgId: w.orgY.org.id, bidderOrgIds: [w.orgX.org.id] });
    await makeProject("PUBLISHED", { enterpriseId: e[1], bidderOrgIds: [w.orgX.org.id], categoryCode: "legal_aid" });
    await makeProject("DRAFT", { enterpriseId: e[0] });
    const all = { page: 1, pageSize: 100 };
    for (const actor of [w.orgX.user, w.orgY.user]) {
      for (const filters of [{}, { mine: "on" }, { categoryCode: "legal_aid" }, { state: ["PUBLISHED"] }, { state: ["AWARDED", "IN_DELIVERY", "CLOSED"] }]) {
        const got = await listProjects(actor, filters, all);
        const rule = {
          AND: [
            visibleWhere(actor),
            { OR: [{ bundleId: null }, { NOT: { state: "PUBLISHED" as const } }] },
            ...("mine" in filters
              ? [{ OR: [{ bids: { some: { organizationId: actor.organizationId! } } }, { bundle: { bids: { some: { organizationId: actor.organizationId! } } } }, { award: { organizationId: actor.organizationId! } }, { bundle: { award: { organizationId: actor.organizationId! } } }] }]
              : []),
            ...("categoryCode" in filters ? [{ categoryCode: filters.categoryCode }] : []),
            ...("state" in filters ? [{ state: { in: filters.state as ProjectState[] } }] : []),
          ],
        };
        const want = await db.project.findMany({ where: rule, select: { id: true }, orderBy: [{ updatedAt: "desc" }, { id: "desc" }] });
        expect({ filters, ids: got.items.map((i) => i.id), total: got.total }).toEqual({ filters, ids: want.slice(0, all.pageSize).map((x) => x.id), total: want.length });
        if (want.length > all.pageSize) expect((await listProjects(actor, filters, { page: 2, pageSize: all.pageSize })).items.map((i) => i.id)).toEqual(want.slice(all.pageSize, 2 * all.pageSize).map((x) => x.id));
      }
    }
    const x = (await listProjects(w.orgX.user, {}, all)).items.map((i) => i.id);
    expect(x).toContain(openBundle.bundle.id);
    expect(x).not.toContain(openBundle.members[0].id); // open bundle members are listed through their bundle
    expect(x).toEqual(expect.arrayContaining(awardedBundle.members.map((m) => m.id))); // awarded: members follow the bundle
  });

  it("lists by role: broker all, enterprise own, org published + own bids/awards", async () => {
    const draftA = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const pubB = await makeProject("PUBLISHED", { enterpriseId: w.entB.enterprise.id });
    const awardedX = await makeProject("AWARDED", { enterpriseId: w.entB.enterprise.id, awardedOrgId: w.orgX.org.id, bidderOrgIds: [w.orgY.org.id] });
    const evalNoBids = await makeProject("EVALUATING", { enterpriseId: w.entB.enterprise.id });
    const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);
    const all = { page: 1, pageSize: 100 };

    const broker = ids(await listProjects(w.broker, {}, all));
    expect(broker).toEqual(expect.arrayContaining([draftA.id, pubB.id, awardedX.id, evalNoBids.id]));
    const entA = ids(await listProjects(w.entA.user, {}, all));
    expect(entA).toContain(draftA.id);
    expect(entA).not.toContain(pubB.id);
    const orgX = ids(await listProjects(w.orgX.user, {}, all));
    expect(orgX).toEqual(expect.arrayContaining([pubB.id, awardedX.id]));
    expect(orgX).not.toContain(draftA.id);
    expect(orgX).not.toContain(evalNoBids.id);
    const orgY = ids(await listProjects(w.orgY.user, {}, all));
    expect(orgY).toContain(awardedX.id); // it bid (and lost)
    const mine = ids(await listProjects(w.orgX.user, { mine: "on" }, all));
    expect(mine).toContain(awardedX.id);
    expect(mine).not.toContain(pubB.id);

    await expectDomainError(getProjectForActor(w.orgX.user, draftA.id), { status: 404 });
    await expectDomainError(getProjectForActor(w.entB.user, draftA.id), { status: 404 });
    await expectDomainError(getProjectForActor(w.orgX.user, evalNoBids.id), { status: 404 });
    const seen = await getProjectForActor(w.orgX.user, awardedX.id);
    expect(seen.award?.organizationId).toBe(w.orgX.org.id);
    expect(seen.allowedTransitions).toEqual(["start_delivery"]);
    const seenByY = await getProjectForActor(w.orgY.user, awardedX.id);
    expect(seenByY.allowedTransitions).toEqual([]);
    expect(seenByY.deliveryReports).toEqual([]);
  });

  it("filters and paginates", async () => {
    for (let i = 0; i < 3; i++) await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id, categoryCode: "legal_aid", districtCode: "furong" });
    const page1 = await listProjects(w.broker, { state: "SUBMITTED", categoryCode: "legal_aid", districtCode: "furong" }, { page: 1, pageSize: 2 });
    expect(page1.total).toBeGreaterThanOrEqual(3);
    expect(page1.items).toHaveLength(2);
    const page2 = await listProjects(w.broker, { state: "SUBMITTED", categoryCode: "legal_aid", districtCode: "furong" }, { page: 2, pageSize: 2 });
    expect(page2.items.length).toBeGreaterThanOrEqual(1);
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    await expectDomainError(listProjects(w.broker, { state: "BOGUS" }), { status: 400 });
    const counts = await countProjectsByState(w.entA.user);
    expect(counts.SUBMITTED).toBeGreaterThanOrEqual(3);
  });
});

describe("deadline closing", () => {
  it("closeExpiredBidding moves expired PUBLISHED projects to EVALUATING, idempotently", async () => {
    const expired = await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, bidDeadline: daysFromNow(-0.01), bidderOrgIds: [w.orgX.org.id] });
    const open = await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, bidDeadline: daysFromNow(3) });
    const n = await closeExpiredBidding();
    expect(n).toBeGreaterThanOrEqual(1);
    expect((await db.project.findUniqueOrThrow({ where: { id: expired.id } })).state).toBe("EVALUATING");
    expect((await db.project.findUniqueOrThrow({ where: { id: open.id } })).state).toBe("PUBLISHED");
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: expired.id }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ action: "project.close_bidding", actorRole: "SYSTEM", actorId: null });
    expect(await closeExpiredBidding()).toBe(0);
    // the bidder and the enterprise heard about it
    const orgUserNotes = await db.notification.findMany({ where: { userId: w.orgX.user.id, kind: "bidding.closed" } });
    expect(orgUserNotes.length).toBeGreaterThanOrEqual(1);
  });

  it("reading a project closes its expired bidding lazily", async () => {
    const p = await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, bidDeadline: daysFromNow(-0.01) });
    const d = await getProjectForActor(w.entA.user, p.id);
    expect(d.project.state).toBe("EVALUATING");
    expect(d.bidsOpen).toBe(true);
  });
});

describe("concurrency", () => {
  it("two brokers publishing at once: one change, one audit record", async () => {
    const p = await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id });
    const before = await snapshot(p.id);
    const results = await Promise.allSettled([
      fireTransition(w.broker, p.id, "publish", { bidDeadline: daysFromNow(9) }),
      fireTransition(w.broker2, p.id, "publish", { bidDeadline: daysFromNow(9) }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ changed: boolean }>).value);
    expect(fulfilled.filter((r) => r.changed)).toHaveLength(1);
    const after = await snapshot(p.id);
    expect(after.project?.state).toBe("PUBLISHED");
    expect(after.project?.version).toBe(1);
    expect(after.audit).toBe(before.audit + 1);
  });

  it("returned-then-resubmitted: an old retried return is a conflict, not a silent success", async () => {
    const p = await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id });
    await fireTransition(w.broker, p.id, "return", { reason: "请补充培训大纲" });
    await fireTransition(w.entA.user, p.id, "submit");
    await fireTransition(w.broker, p.id, "publish", { bidDeadline: daysFromNow(5) });
    await expectDomainError(fireTransition(w.broker, p.id, "return", { reason: "请补充培训大纲" }), { status: 409, code: "error.transition.wrongState" });
  });
});

describe("bundles", () => {
  it("bundles needs of two enterprises into one published project; members follow bidding transitions", async () => {
    const a = await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id, budgetFen: 3_000_000, minGrade: 3, unionRule: "PREFERRED" });
    const b = await makeProject("PUBLISHED", { enterpriseId: w.entB.enterprise.id, budgetFen: 2_000_000, minGrade: 4, districtCode: "kaifu" });
    const deadline = daysFromNow(10);
    const input = { title: "雨花区开福区电工技能集中培训", description: "两家企业职工集中培训。", bidDeadline: deadline };
    await expectDomainError(bundleNeeds(w.entA.user, [a.id, b.id], input), { status: 403 });
    await expectDomainError(bundleNeeds(w.broker, [a.id], input), { status: 400, code: "error.bundle.tooFew" });
    const bundle = await bundleNeeds(w.broker, [a.id, b.id], input);
    expect(bundle).toMatchObject({ isBundle: true, enterpriseId: null, state: "PUBLISHED", budgetFen: 5_000_000, minGrade: 4, unionRule: "PREFERRED", districtCode: "yuhua" });
    expect(bundle.code).toMatch(/^JC-/);
    const members = await db.project.findMany({ where: { bundleId: bundle.id } });
    expect(members.map((m) => m.state)).toEqual(["PUBLISHED", "PUBLISHED"]);
    // repeat → the same bundle
    expect((await bundleNeeds(w.broker, [a.id, b.id], input)).id).toBe(bundle.id);

    // member enterprises see the bundle; orgs see the bundle but list it, not the members
    expect((await getProjectForActor(w.broker, bundle.id)).project.members).toHaveLength(2);
    // a member enterprise sees its own part of the bundle only
    expect((await getProjectForActor(w.entA.user, bundle.id)).project.members.map((m) => m.id)).toEqual([a.id]);
    const orgList = (await listProjects(w.orgX.user, {}, { page: 1, pageSize: 100 })).items.map((i) => i.id);
    expect(orgList).toContain(bundle.id);
    expect(orgList).not.toContain(a.id);

    // members cannot be moved on their own
    await expectDomainError(fireTransition(w.entA.user, a.id, "cancel", { reason: "不再需要了" }), { status: 409, code: "error.project.inBundle" });
    // closing the bundle closes the members (time travel via `now`)
    const r = await fireTransition(w.broker, bundle.id, "close_bidding", {}, { now: daysFromNow(11) });
    expect(r.changed).toBe(true);
    expect((await db.project.findMany({ where: { bundleId: bundle.id } })).map((m) => m.state)).toEqual(["EVALUATING", "EVALUATING"]);
    const memberAudit = await db.auditLog.findFirstOrThrow({ where: { entityId: a.id }, orderBy: { seq: "desc" } });
    expect(memberAudit.after).toMatchObject({ state: "EVALUATING", viaBundle: bundle.id });
  });

  it("refuses needs in the wrong state, with live bids, or of different categories", async () => {
    const input = { title: "集中采购", description: "说明", bidDeadline: daysFromNow(10) };
    const draft = await makeProject("DRAFT", { enterpriseId: w.entA.enterprise.id });
    const sub = await makeProject("SUBMITTED", { enterpriseId: w.entB.enterprise.id });
    await expectDomainError(bundleNeeds(w.broker, [draft.id, sub.id], input), { status: 409, code: "error.bundle.needState" });
    const withBids = await makeProject("PUBLISHED", { enterpriseId: w.entA.enterprise.id, bidderOrgIds: [w.orgX.org.id] });
    await expectDomainError(bundleNeeds(w.broker, [withBids.id, sub.id], input), { code: "error.bundle.memberHasBids" });
    const legal = await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id, categoryCode: "legal_aid" });
    await expectDomainError(bundleNeeds(w.broker, [legal.id, sub.id], input), { status: 422, code: "error.bundle.categoryMismatch" });
    await expectDomainError(bundleNeeds(w.broker, [sub.id, "missing"], input), { status: 404 });
    expect((await db.project.findUniqueOrThrow({ where: { id: sub.id } })).bundleId).toBeNull();
  });

  it("unbundles a bundle without bids: bundle CANCELLED, members back to SUBMITTED", async () => {
    const a = await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id });
    const b = await makeProject("SUBMITTED", { enterpriseId: w.entB.enterprise.id });
    const bundle = await bundleNeeds(w.broker, [a.id, b.id], { title: "集中采购", description: "说明", bidDeadline: daysFromNow(10) });
    const out = await unbundle(w.broker, bundle.id, { reason: "需求差异较大，分开采购" });
    expect(out.state).toBe("CANCELLED");
    const members = await db.project.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(members.every((m) => m.state === "SUBMITTED" && m.bundleId === null)).toBe(true);
    const before = await snapshot();
    expect((await unbundle(w.broker, bundle.id, {})).state).toBe("CANCELLED"); // repeat
    expect((await snapshot()).audit).toBe(before.audit);
    // a bundle with bids cannot be unbundled
    const c = await makeProject("SUBMITTED", { enterpriseId: w.entA.enterprise.id });
    const d = await makeProject("SUBMITTED", { enterpriseId: w.entB.enterprise.id });
    const b2 = await bundleNeeds(w.broker, [c.id, d.id], { title: "集中采购2", description: "说明", bidDeadline: daysFromNow(10) });
    await db.bid.create({ data: { projectId: b2.id, organizationId: w.orgX.org.id, amountFen: 100, plan: "方案方案方案方案方案", timeline: "t", team: "t" } });
    await expectDomainError(unbundle(w.broker, b2.id), { status: 409, code: "error.bundle.hasBids" });
  });

  it("delivery is per member; the bundle rolls up to its least advanced member", async () => {
    const { bundle, members } = await makeBundle("IN_DELIVERY", [w.entA.enterprise.id, w.entB.enterprise.id], { awardedOrgId: w.orgX.org.id });
    const [ma, mb] = members;
    const report = { beneficiariesActual: 50, sessionsHeld: 2, startDate: daysFromNow(-20), endDate: daysFromNow(-1), summary: "完成两次培训，职工反馈良好。" };
    await expectDomainError(fireTransition(w.orgX.user, bundle.id, "file_delivery", report), { status: 409, code: "error.bundle.actOnMember" });
    await fireTransition(w.orgX.user, ma.id, "file_delivery", report);
    expect((await db.project.findUniqueOrThrow({ where: { id: bundle.id } })).state).toBe("IN_DELIVERY");
    await fireTransition(w.orgX.user, mb.id, "file_delivery", report);
    expect((await db.project.findUniqueOrThrow({ where: { id: bundle.id } })).state).toBe("DELIVERED");
    // each enterprise accepts its own member only
    await expectDomainError(fireTransition(w.entA.user, mb.id, "accept"), { status: 404 });
    await fireTransition(w.entA.user, ma.id, "accept");
    expect((await db.project.findUniqueOrThrow({ where: { id: bundle.id } })).state).toBe("DELIVERED");
    await fireTransition(w.entB.user, mb.id, "accept");
    expect((await db.project.findUniqueOrThrow({ where: { id: bundle.id } })).state).toBe("ACCEPTED");
    const rollup = await db.auditLog.findFirstOrThrow({ where: { entityId: bundle.id }, orderBy: { seq: "desc" } });
    expect(rollup).toMatchObject({ action: "project.rollup", actorRole: "SYSTEM" });
  });
});
