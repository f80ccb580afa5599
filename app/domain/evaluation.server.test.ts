import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { verifyAuditChain } from "./audit.server";
import {
  closeEvaluation,
  getEvaluation,
  openEvaluation,
  refreshEvaluation,
  rescore,
  saveBrokerAssessment,
} from "./evaluation.server";
import {
  copyLastYearIndicatorSystem,
  createIndicatorSystem,
  defaultIndicatorTree,
  ensureDefaultIndicatorSystem,
  getIndicatorSystem,
  setIndicatorSystemActive,
  systemForYear,
  updateIndicatorTree,
} from "./indicators.server";
import { shanghaiYear } from "./scoring";
import { addDeliveryReport, addDispute, addRating, makeAwardedProject, makeOrg, makeUser } from "../../tests/fixtures/evaluation";

const year = shanghaiYear(new Date());
const fullBroker = { "completion.plan": { score: 95, comment: "方案执行到位" }, "management.records": { score: 90, comment: "" }, "impact.broker": { score: 85, comment: "" } };
const zeroBroker = { "completion.plan": { score: 0, comment: "未执行" }, "management.records": { score: 0, comment: "" }, "impact.broker": { score: 0, comment: "" } };

async function addSurvey(projectId: string, answers: number[][]) {
  for (const [i, a] of answers.entries()) {
    const t = await db.surveyToken.create({ data: { projectId, tokenHash: `h-${projectId}-${i}-${Math.random()}`, usedAt: new Date() } });
    await db.surveyResponse.create({ data: { projectId, tokenId: t.id, q1: a[0], q2: a[1], q3: a[2], q4: a[3], q5: a[4] } });
  }
}

beforeAll(async () => {
  await ensureDefaultIndicatorSystem(year);
});

describe("indicator systems (admin)", () => {
  it("creates, validates, copies, and locks a system once used", async () => {
    const admin = await makeUser("ADMIN");
    const broker = await makeUser("BROKER");
    await expect(createIndicatorSystem(broker, { year: 2030, name: "x" })).rejects.toMatchObject({ status: 403 });

    const bad = defaultIndicatorTree();
    bad[0].weightBp = 3000;
    await expect(createIndicatorSystem(admin, { year: 2030, name: "坏的", tree: bad })).rejects.toMatchObject({ status: 400, code: "error.indicators.weightSum" });

    const s = await createIndicatorSystem(admin, { year: 2030, name: "2030 指标体系" });
    const got = await getIndicatorSystem(s.id);
    expect(got.tree).toEqual(JSON.parse(JSON.stringify(defaultIndicatorTree())));
    await expect(createIndicatorSystem(admin, { year: 2030, name: "2030 指标体系" })).rejects.toMatchObject({ status: 409, code: "error.indicators.nameTaken" });

    const copy = await copyLastYearIndicatorSystem(admin, 2031);
    const c = await getIndicatorSystem(copy.id);
    expect(c.year).toBe(2031);
    expect(c.tree).toEqual(got.tree);
    expect((await systemForYear(db, 2032))?.id).toBe(copy.id); // a year without its own system uses the latest earlier one

    const edited = defaultIndicatorTree();
    edited[0].weightBp = 3000;
    edited[1].weightBp = 2000;
    await updateIndicatorTree(admin, copy.id, edited);
    expect((await getIndicatorSystem(copy.id)).tree[0].weightBp).toBe(3000);

    await setIndicatorSystemActive(admin, copy.id, false);
    expect((await systemForYear(db, 2031))?.id).toBe(s.id);

    // once a closed evaluation used the system, its tree is locked
    const { project } = await makeAwardedProject();
    await db.evaluation.create({ data: { projectId: project.id, systemId: s.id, state: "CLOSED", openedById: admin.id, score: 80, grade: "GOOD", closedAt: new Date(), inputs: {} } });
    await expect(updateIndicatorTree(admin, s.id, defaultIndicatorTree())).rejects.toMatchObject({ status: 409, code: "error.indicators.inUse" });
  });
});

describe("project evaluation", () => {
  it("fills computed leaves, needs broker values, closes through to EVALUATED and updates the org", async () => {
    const f = await makeAwardedProject({ beneficiariesPlanned: 100, sessionsPlanned: 10, serviceEnd: new Date("2026-05-31T00:00:00Z") });
    await addDeliveryReport(f.project.id, f.org.id, { beneficiariesActual: 85, sessionsHeld: 6, endDate: new Date("2026-06-02T16:00:00Z") }); // 06-03 Shanghai → 3 days late
    await addRating(f.project.id, f.enterprise.id, f.org.id, 4);
    await addSurvey(f.project.id, [[3, 3, 3, 3, 3], [3, 3, 3, 3, 3], [3, 3, 3, 3, 3], [3, 3, 3, 3, 3]]);
    await addDispute(f.project.id, f.entUser.id, true);
    await addDispute(f.project.id, f.entUser.id, false);
    await db.instalment.create({ data: { projectId: f.project.id, seq: 1, percentBp: 10000, amountFen: f.award.amountFen, trigger: "ON_EVALUATION", payer: "UNION" } });

    await expect(openEvaluation(f.orgUser, f.project.id)).rejects.toMatchObject({ status: 403 });
    const opened = await openEvaluation(f.broker, f.project.id);
    expect(opened.state).toBe("OPEN");
    expect(opened.inputs.facts).toMatchObject({
      people: { planned: 100, actual: 85 },
      sessions: { planned: 10, actual: 6 },
      onTime: { due: "2026-05-31", delivered: "2026-06-03" },
      survey: { responses: 4, sums: [12, 12, 12, 12, 12] },
      penalties: { upheld: 1 },
    });
    expect(opened.inputs.facts.ratings).toHaveLength(1);
    expect(opened.result.complete).toBe(false);
    expect(opened.brokerCodes).toEqual(["completion.plan", "management.records", "impact.broker"]);

    await expect(closeEvaluation(f.broker, f.project.id)).rejects.toMatchObject({ status: 409, code: "error.evaluation.incomplete" });
    await expect(saveBrokerAssessment(f.broker, f.project.id, { nope: { score: 50 } })).rejects.toMatchObject({ status: 400, code: "error.evaluation.unknownIndicator" });
    await expect(saveBrokerAssessment(f.broker, f.project.id, { "impact.broker": { score: 101 } })).rejects.toMatchObject({ status: 400 });

    const assessed = await saveBrokerAssessment(f.broker, f.project.id, { "completion.plan": { score: 90, comment: "好" }, "management.records": { score: 70 }, "impact.broker": { score: 80 } });
    expect(assessed.result.complete).toBe(true);
    expect(assessed.score).toBe(69.45); // the hand-computed case of scoring.test.ts

    // a new survey response arrives before closing: close re-collects the facts
    await addSurvey(f.project.id, [[5, 5, 5, 5, 5]]);
    const closed = await closeEvaluation(f.broker, f.project.id);
    expect(closed.alreadyClosed).toBe(false);
    expect(closed.evaluation.state).toBe("CLOSED");
    expect(closed.evaluation.inputs.facts.survey.responses).toBe(5);
    const stored = await db.evaluation.findUniqueOrThrow({ where: { projectId: f.project.id } });
    const re = rescore(stored.inputs);
    expect(re.score).toBe(stored.score);
    expect(re.grade).toBe(stored.grade);
    expect(re.breakdown).toEqual(stored.breakdown);

    const project = await db.project.findUniqueOrThrow({ where: { id: f.project.id } });
    expect(project.state).toBe("EVALUATED");
    const org = await db.organization.findUniqueOrThrow({ where: { id: f.org.id } });
    expect(org.performanceScore).toBe(stored.score);
    expect(org.flaggedForReview).toBe(false);
    const inst = await db.instalment.findFirstOrThrow({ where: { projectId: f.project.id } });
    expect(inst.state).toBe("DUE");

    const actions = (await db.auditLog.findMany({ where: { OR: [{ entityId: stored.id }, { entityId: f.project.id }, { entityId: f.org.id }] }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["evaluation.open", "evaluation.assess", "evaluation.close", "project.evaluate", "org.performance.update"]));
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // repeated close changes nothing; a closed evaluation cannot be edited or reopened
    const again = await closeEvaluation(f.broker, f.project.id);
    expect(again.alreadyClosed).toBe(true);
    await expect(saveBrokerAssessment(f.broker, f.project.id, fullBroker)).rejects.toMatchObject({ status: 409, code: "error.evaluation.closed" });
    await expect(refreshEvaluation(f.broker, f.project.id)).rejects.toMatchObject({ status: 409 });
    await expect(openEvaluation(f.broker, f.project.id)).rejects.toMatchObject({ status: 409, code: "error.evaluation.closed" });
    expect((await getEvaluation(f.project.id))?.score).toBe(stored.score);
  });

  it("refuses projects that are not ACCEPTED", async () => {
    const f = await makeAwardedProject({ state: "DELIVERED" });
    await expect(openEvaluation(f.broker, f.project.id)).rejects.toMatchObject({ status: 409, code: "error.evaluation.notAccepted" });
  });

  it("closing is all or nothing: a failed transition leaves the evaluation open and nothing written", async () => {
    const f = await makeAwardedProject();
    await openEvaluation(f.broker, f.project.id);
    await saveBrokerAssessment(f.broker, f.project.id, fullBroker);
    await db.project.update({ where: { id: f.project.id }, data: { state: "DISPUTED" } }); // moved meanwhile
    const auditBefore = await db.auditLog.count();
    await expect(closeEvaluation(f.broker, f.project.id)).rejects.toMatchObject({ status: 409 });
    expect((await db.evaluation.findUniqueOrThrow({ where: { projectId: f.project.id } })).state).toBe("OPEN");
    expect((await db.organization.findUniqueOrThrow({ where: { id: f.org.id } })).performanceScore).toBeNull();
    expect(await db.auditLog.count()).toBe(auditBefore);
  });

  it("weights the org's scores by recency and flags two 不合格 in a row", async () => {
    const org = await makeOrg();
    const evaluateWith = async (broker: typeof fullBroker, good: boolean) => {
      const f = await makeAwardedProject({ org });
      if (good) {
        await addDeliveryReport(f.project.id, org.id, { beneficiariesActual: 100, sessionsHeld: 10 });
        await addRating(f.project.id, f.enterprise.id, org.id, 5);
        await addSurvey(f.project.id, [[5, 5, 5, 5, 5]]);
      }
      await openEvaluation(f.broker, f.project.id);
      await saveBrokerAssessment(f.broker, f.project.id, broker);
      return closeEvaluation(f.broker, f.project.id);
    };
    const a = await evaluateWith(zeroBroker, false);
    expect(a.evaluation.grade).toBe("FAIL");
    expect(a.flaggedForReview).toBe(false);
    const b = await evaluateWith(fullBroker, true);
    expect(b.evaluation.grade).toBe("EXCELLENT");
    const c = await evaluateWith(zeroBroker, false);
    expect(c.flaggedForReview).toBe(false); // FAIL, EXCELLENT, FAIL: not in a row

    // backdate the first two closings to check the weighting: ages ≈ 730, 365, 0 days
    const now = Date.now();
    await db.evaluation.update({ where: { id: a.evaluation.id }, data: { closedAt: new Date(now - 730 * 86_400_000) } });
    await db.evaluation.update({ where: { id: b.evaluation.id }, data: { closedAt: new Date(now - 365 * 86_400_000) } });
    const d = await evaluateWith(zeroBroker, false);
    expect(d.flaggedForReview).toBe(true); // FAIL, FAIL
    const scores = [a, b, c, d].map((x) => x.evaluation.score as number);
    const w = [0.25, 0.5, 1, 1];
    const expected = Math.round((scores.reduce((s, x, i) => s + w[i] * x, 0) / w.reduce((s, x) => s + x, 0)) * 100) / 100;
    expect(d.performanceScore).toBeCloseTo(expected, 1);

    const flagged = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(flagged.flaggedForReview).toBe(true);
    const audit = await db.auditLog.findFirst({ where: { entityType: "Organization", entityId: org.id, action: "org.flag.review" } });
    expect(audit).not.toBeNull();
  });
});
