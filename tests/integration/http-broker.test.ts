// The broker pages over real HTTP against the BUILT server on a freshly seeded database (SQLite, or
// PostgreSQL with LB_TEST_DB=postgres): review (publish / return), award after the deadline, disputes,
// bundles, and who may open /broker/* at all. Plain form posts, as a browser without JavaScript sends
// them. The test reads the server's database directly (Prisma on srv.databaseUrl) to check effects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/db.server";
import type { PrismaClient } from "~/generated/sqlite/client";
import { startServer, type RunningServer } from "../http/server";
import { HttpClient } from "../http/client";
import { DEMO } from "../e2e/accounts";

let srv: RunningServer;
let dbc: PrismaClient;
let broker: HttpClient;
let enterprise: HttpClient;
let org: HttpClient;
let admin: HttpClient;
const started = new Date();

/** "2026-03-05T14:30" in Asia/Shanghai, as a datetime-local input sends it. */
function shanghaiInput(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

/** A bid deadline the publish guard accepts: in the future and before the service starts. */
function deadlineFor(serviceStart: Date | null): string {
  const inThreeDays = Date.now() + 3 * 24 * 3600_000;
  const beforeStart = serviceStart ? serviceStart.getTime() - 3600_000 : inThreeDays;
  return shanghaiInput(new Date(Math.min(inThreeDays, beforeStart)));
}

beforeAll(async () => {
  srv = await startServer({ seed: true });
  dbc = createPrismaClient(srv.databaseUrl);
  broker = new HttpClient(srv.baseUrl);
  enterprise = new HttpClient(srv.baseUrl);
  org = new HttpClient(srv.baseUrl);
  admin = new HttpClient(srv.baseUrl);
  await broker.login(DEMO.broker.email, DEMO.broker.password);
  await enterprise.login(DEMO.enterprise.email, DEMO.enterprise.password);
  await org.login(DEMO.org.email, DEMO.org.password);
  await admin.login(DEMO.admin.email, DEMO.admin.password);
}, 180_000);

afterAll(async () => {
  await dbc?.$disconnect();
  await srv?.stop();
});

async function firstProject(state: string, extra: Record<string, unknown> = {}) {
  return dbc.project.findFirstOrThrow({ where: { state: state as never, isBundle: false, bundleId: null, ...extra }, orderBy: { code: "asc" } });
}

describe("access", () => {
  it("sends a signed-out visitor to the login page", async () => {
    const c = new HttpClient(srv.baseUrl);
    const res = await c.get("/broker/review");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fbroker%2Freview/);
  });

  it("refuses enterprise and organization users on every broker page (403/404) and on every broker action", async () => {
    const p = await firstProject("EVALUATING");
    const pages = ["/broker", "/broker/review", "/broker/projects", `/broker/projects/${p.id}`, `/broker/projects/${p.id}/award`, "/broker/disputes", "/broker/bundles/new"];
    for (const c of [enterprise, org]) {
      for (const path of pages) {
        const res = await c.get(path);
        expect([403, 404], `${path}`).toContain(res.status);
        const html = await res.text();
        expect(html).not.toContain(p.description.slice(0, 20));
      }
    }
    const bid = await dbc.bid.findFirstOrThrow({ where: { projectId: p.id, state: "SUBMITTED" } });
    const res = await org.post(`/broker/projects/${p.id}/award`, { intent: "award", bidId: bid.id, rationale: "我想让自己中标，理由充分。", noConflictDeclared: "on" });
    expect([403, 404]).toContain(res.status);
    const res2 = await enterprise.post(`/broker/projects/${p.id}`, { intent: "cancel", reason: "企业不能在撮合页面取消" });
    expect([403, 404]).toContain(res2.status);
    expect((await dbc.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("EVALUATING");
  });

  it("lets an admin read the broker pages without any action form", async () => {
    const p = await firstProject("SUBMITTED");
    for (const path of ["/broker", "/broker/review", "/broker/projects", `/broker/projects/${p.id}`, "/broker/disputes"]) {
      const res = await admin.get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html).not.toContain('name="intent"');
    }
    const res = await admin.post(`/broker/projects/${p.id}`, { intent: "reject", reason: "管理员不能驳回需求" });
    expect(res.status).toBe(403);
    expect((await dbc.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("SUBMITTED");
  });

  it("refuses a broker action posted from a foreign origin, without side effects", async () => {
    const p = await firstProject("SUBMITTED");
    const res = await broker.post(`/broker/projects/${p.id}`, { intent: "reject", reason: "来自其他网站的请求" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await dbc.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("SUBMITTED");
  });
});

describe("broker pages", () => {
  it("shows the dashboard with counts and the review queue with the submitted needs", async () => {
    const dash = await broker.get("/broker");
    expect(dash.status).toBe(200);
    const html = await dash.text();
    expect(html).toContain("撮合工作台");
    expect(html).toContain("待审核需求");
    const submitted = await dbc.project.findMany({ where: { state: "SUBMITTED" } });
    const queue = await (await broker.get("/broker/review")).text();
    for (const p of submitted) expect(queue).toContain(p.code);
  });

  it("lists every project with filters and pagination; bad filter values are ignored, not a 500", async () => {
    const ev = await dbc.project.findMany({ where: { state: "EVALUATING" }, select: { code: true } });
    const res = await broker.get("/broker/projects?state=EVALUATING&pageSize=50");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const p of ev) expect(html).toContain(p.code);
    expect(html).not.toContain((await firstProject("SUBMITTED")).code);
    const bad = await broker.get("/broker/projects?state=NOPE&district=%00%00&page=-4&pageSize=7&q=" + "x".repeat(500));
    expect(bad.status).toBe(200);
    expect((await broker.get("/broker/projects/does-not-exist")).status).toBe(404);
    expect((await broker.get("/broker/projects/bad%20id%3Cscript%3E")).status).toBe(404);
  });

  it("renders the lifecycle table on the help page (zh and en)", async () => {
    const zh = await (await broker.get("/help")).text();
    expect(zh).toContain("状态流转表");
    expect(zh).toContain("stateDiagram-v2");
    const en = new HttpClient(srv.baseUrl);
    en.jar.set("lb_locale", "en");
    const html = await (await en.get("/help")).text();
    expect(html).toContain("Transitions");
    expect(html).toContain("Reason required");
  });
});

describe("review", () => {
  it("publishes a SUBMITTED need with a bid deadline (then it is PUBLISHED); a repeat changes nothing", async () => {
    const p = await firstProject("SUBMITTED");
    const page = await broker.get(`/broker/projects/${p.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("发布招标");
    const bidDeadline = deadlineFor(p.serviceStart);
    const res = await broker.post(`/broker/projects/${p.id}`, { intent: "publish", bidDeadline });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/broker/projects/${p.id}?done=publish`);
    const after = await dbc.project.findUniqueOrThrow({ where: { id: p.id } });
    expect(after.state).toBe("PUBLISHED");
    expect(shanghaiInput(after.bidDeadline!)).toBe(bidDeadline);
    // Double click / retried POST: same redirect, still one publish in the audit log.
    const again = await broker.post(`/broker/projects/${p.id}`, { intent: "publish", bidDeadline });
    expect(again.status).toBe(302);
    expect(await dbc.auditLog.count({ where: { entityId: p.id, action: "project.publish" } })).toBe(1);
    // The enterprise was told.
    const ent = await dbc.user.findFirstOrThrow({ where: { enterpriseId: p.enterpriseId! } });
    expect(await dbc.notification.count({ where: { userId: ent.id, kind: "need.published", createdAt: { gte: started } } })).toBeGreaterThan(0);
  });

  it("refuses a deadline in the past with a field error, keeping the input", async () => {
    const p = await firstProject("SUBMITTED");
    const past = shanghaiInput(new Date(Date.now() - 24 * 3600_000));
    const res = await broker.post(`/broker/projects/${p.id}`, { intent: "publish", bidDeadline: past });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("投标截止时间须晚于当前时间");
    expect(html).toContain(`value="${past}"`);
    expect((await dbc.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("SUBMITTED");
  });

  it("returning without a reason is a field error (zh and en); with a reason the need goes back to DRAFT", async () => {
    const p = await firstProject("SUBMITTED");
    const res = await broker.post(`/broker/projects/${p.id}`, { intent: "return", reason: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请填写原因（至少 5 个字）");
    expect(html).toMatch(/aria-invalid="true"/);
    expect((await dbc.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("SUBMITTED");

    const en = new HttpClient(srv.baseUrl);
    en.jar.set("lb_locale", "en");
    await en.login(DEMO.broker.email, DEMO.broker.password);
    const enRes = await en.post(`/broker/projects/${p.id}`, { intent: "return", reason: "abc" });
    expect(enRes.status).toBe(400);
    expect(await enRes.text()).toContain("Give a reason (at least 5 characters)");

    const ok = await broker.post(`/broker/projects/${p.id}`, { intent: "return", reason: "请补充服务对象的岗位分布和预算明细。" });
    expect(ok.status).toBe(302);
    const after = await dbc.project.findUniqueOrThrow({ where: { id: p.id } });
    expect(after.state).toBe("DRAFT");
    expect(after.stateReason).toBe("请补充服务对象的岗位分布和预算明细。");
    // The timeline shows it.
    const page = await (await broker.get(`/broker/projects/${p.id}`)).text();
    expect(page).toContain("请补充服务对象的岗位分布和预算明细。");
  });

  it("answers an unknown intent with 400 and a wrong-state transition with a form error (never a 500)", async () => {
    const p = await firstProject("EVALUATING");
    const bogus = await broker.post(`/broker/projects/${p.id}`, { intent: "explode" });
    expect(bogus.status).toBe(400);
    const wrong = await broker.post(`/broker/projects/${p.id}`, { intent: "reject", reason: "评标中的项目不能驳回" });
    expect(wrong.status).toBe(409);
    expect(await wrong.text()).toContain("项目当前状态不允许此操作");
    const missing = await broker.post(`/broker/projects/nope-${Date.now()}`, { intent: "reject", reason: "不存在的项目" });
    expect(missing.status).toBe(404);
  });
});

describe("award", () => {
  it("shows the bids side by side after the deadline", async () => {
    const p = await firstProject("EVALUATING");
    const bids = await dbc.bid.findMany({ where: { projectId: p.id, state: "SUBMITTED" }, include: { organization: true } });
    expect(bids.length).toBeGreaterThanOrEqual(2);
    const res = await broker.get(`/broker/projects/${p.id}/award`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const b of bids) expect(html).toContain(b.organization.name);
    expect(html).toContain("投标对比");
    expect(html).toContain("本人声明：与上述投标机构不存在利益冲突");
  });

  it("keeps bids sealed before the deadline: the count only, no amount, no plan", async () => {
    const published = await dbc.project.findMany({ where: { state: "PUBLISHED", bundleId: null }, include: { bids: { where: { state: "SUBMITTED" } } } });
    const p = published.find((x) => x.bids.length > 0);
    expect(p, "a seeded PUBLISHED project with bids").toBeDefined();
    const html = await (await broker.get(`/broker/projects/${p!.id}/award`)).text();
    expect(html).toContain("投标尚在密封期");
    for (const b of p!.bids) expect(html).not.toContain(b.plan.slice(0, 30));
    expect(html).not.toContain('name="bidId"');
  });

  it("refuses an award without the conflict-of-interest declaration, keeping the rationale", async () => {
    const p = await firstProject("EVALUATING");
    const bid = await dbc.bid.findFirstOrThrow({ where: { projectId: p.id, state: "SUBMITTED" } });
    const rationale = "方案完整、报价合理，机构等级和绩效分均较高。";
    const res = await broker.post(`/broker/projects/${p.id}/award`, { intent: "award", bidId: bid.id, rationale });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请确认您与投标机构不存在利益冲突");
    expect(html).toContain(rationale);
    const short = await broker.post(`/broker/projects/${p.id}/award`, { intent: "award", bidId: bid.id, rationale: "便宜", noConflictDeclared: "on" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("请填写批准理由（至少 10 个字）");
    const foreignBid = await dbc.bid.findFirstOrThrow({ where: { projectId: { not: p.id } } });
    const wrongBid = await broker.post(`/broker/projects/${p.id}/award`, { intent: "award", bidId: foreignBid.id, rationale, noConflictDeclared: "on" });
    expect(wrongBid.status).toBe(404);
    expect(await wrongBid.text()).toContain("找不到该投标");
    expect((await dbc.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("EVALUATING");
  });

  it("awards a bid with a rationale: AWARDED, the losers are notified, a repeat changes nothing", async () => {
    const p = await firstProject("EVALUATING");
    const bids = await dbc.bid.findMany({ where: { projectId: p.id, state: "SUBMITTED" }, orderBy: { amountFen: "asc" } });
    const [winner, ...losers] = bids;
    const fields = { intent: "award", bidId: winner.id, rationale: "报价最低，服务方案完整，团队经验丰富，无不良记录。", noConflictDeclared: "on" };
    const res = await broker.post(`/broker/projects/${p.id}/award`, fields);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/broker/projects/${p.id}?done=award`);
    const after = await dbc.project.findUniqueOrThrow({ where: { id: p.id }, include: { award: true } });
    expect(after.state).toBe("AWARDED");
    expect(after.award?.bidId).toBe(winner.id);
    expect(after.award?.noConflictDeclared).toBe(true);
    for (const l of losers) {
      const users = await dbc.user.findMany({ where: { organizationId: l.organizationId } });
      const n = await dbc.notification.count({ where: { userId: { in: users.map((u) => u.id) }, kind: "award.lost", createdAt: { gte: started } } });
      expect(n, `loser ${l.organizationId} notified`).toBeGreaterThan(0);
      expect((await dbc.bid.findUniqueOrThrow({ where: { id: l.id } })).state).toBe("LOST");
    }
    const again = await broker.post(`/broker/projects/${p.id}/award`, fields);
    expect(again.status).toBe(302);
    expect(await dbc.award.count({ where: { projectId: p.id } })).toBe(1);
    // The project page shows the award.
    expect(await (await broker.get(`/broker/projects/${p.id}`)).text()).toContain("报价最低，服务方案完整");
  });

  it("declares a tender unsuccessful with a reason", async () => {
    const p = await firstProject("EVALUATING");
    const noReason = await broker.post(`/broker/projects/${p.id}/award`, { intent: "declare_unsuccessful", reason: "" });
    expect(noReason.status).toBe(400);
    const res = await broker.post(`/broker/projects/${p.id}/award`, { intent: "declare_unsuccessful", reason: "所有投标均超出预算且方案不符合要求。" });
    expect(res.status).toBe(302);
    expect((await dbc.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("UNSUCCESSFUL");
  });
});

describe("disputes", () => {
  it("lists open disputes and resolves one (outcome, resolution, upheld)", async () => {
    const p = await firstProject("DISPUTED");
    const list = await broker.get("/broker/disputes");
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(p.code);

    const missing = await broker.post("/broker/disputes", { projectId: p.id, resolution: "双方协商" });
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain("请选择处理结果");
    expect(html).toContain("请认定异议是否成立");
    expect(html).toContain("双方协商");

    const res = await broker.post("/broker/disputes", { projectId: p.id, outcome: "IN_DELIVERY", resolution: "机构补充两场培训后重新提交交付报告。", upheld: "yes" });
    expect(res.status).toBe(302);
    const after = await dbc.project.findUniqueOrThrow({ where: { id: p.id }, include: { disputes: true } });
    expect(after.state).toBe("IN_DELIVERY");
    const d = after.disputes.find((x) => x.resolvedAt);
    expect(d?.upheld).toBe(true);
    expect(d?.outcome).toBe("IN_DELIVERY");
    // A retried POST: no second resolution, no error page.
    const again = await broker.post("/broker/disputes", { projectId: p.id, outcome: "IN_DELIVERY", resolution: "机构补充两场培训后重新提交交付报告。", upheld: "yes" });
    expect(again.status).toBe(302);
    expect(await dbc.dispute.count({ where: { projectId: p.id, resolvedAt: { not: null } } })).toBe(1);
    const resolved = await (await broker.get("/broker/disputes?status=resolved")).text();
    expect(resolved).toContain(p.code);
  });
});

describe("bundles", () => {
  it("bundles needs of one category into a published 集中采购 project and dissolves it again", async () => {
    const candidates = await dbc.project.findMany({
      where: { isBundle: false, bundleId: null, state: { in: ["SUBMITTED", "PUBLISHED"] }, bids: { none: { state: "SUBMITTED" } } },
      orderBy: { code: "asc" },
    });
    const byCat = new Map<string, typeof candidates>();
    for (const c of candidates) byCat.set(c.categoryCode, [...(byCat.get(c.categoryCode) ?? []), c]);
    const pair = [...byCat.values()].find((xs) => xs.length >= 2)?.slice(0, 2);
    const mixed = [...byCat.values()].filter((xs) => xs.length > 0).slice(0, 2).map((xs) => xs[0]);
    expect(pair, "two bundle candidates of one category").toBeDefined();

    const page = await broker.get(`/broker/bundles/new?needIds=${pair![0].id}&needIds=${pair![1].id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(pair![0].code);
    expect(html).toMatch(new RegExp(`value="${pair![0].id}"[^>]*checked|checked[^>]*value="${pair![0].id}"`));

    const starts = pair!.map((p) => p.serviceStart).filter((d): d is Date => !!d).map((d) => d.getTime());
    const bidDeadline = deadlineFor(starts.length ? new Date(Math.min(...starts)) : null);
    const base = { title: "2026年职工服务集中采购", description: "合并多家企业的同类需求，统一招标。", bidDeadline };

    const one = await broker.post("/broker/bundles/new", { ...base, needIds: [pair![0].id] });
    expect(one.status).toBe(400);
    expect(await one.text()).toContain("请至少选择两个需求");
    if (mixed.length === 2 && mixed[0].categoryCode !== mixed[1].categoryCode) {
      const mismatch = await broker.post("/broker/bundles/new", { ...base, needIds: mixed.map((m) => m.id) });
      expect(mismatch.status).toBe(422);
      expect(await mismatch.text()).toContain("只能合并同一服务类别的需求");
    }

    const res = await broker.post("/broker/bundles/new", { ...base, needIds: pair!.map((p) => p.id) });
    expect(res.status).toBe(302);
    const loc = res.headers.get("location")!;
    const bundleId = loc.match(/\/broker\/projects\/([^?]+)\?done=bundle/)?.[1];
    expect(bundleId).toBeTruthy();
    const bundle = await dbc.project.findUniqueOrThrow({ where: { id: bundleId! }, include: { members: true } });
    expect(bundle.isBundle).toBe(true);
    expect(bundle.state).toBe("PUBLISHED");
    expect(bundle.members.map((m) => m.id).sort()).toEqual(pair!.map((p) => p.id).sort());

    const un = await broker.post(`/broker/projects/${bundleId}`, { intent: "unbundle", reason: "" });
    expect(un.status).toBe(302);
    const gone = await dbc.project.findUniqueOrThrow({ where: { id: bundleId! }, include: { members: true } });
    expect(gone.state).toBe("CANCELLED");
    expect(gone.members).toHaveLength(0);
    for (const p of pair!) expect((await dbc.project.findUniqueOrThrow({ where: { id: p.id } })).state).toBe("SUBMITTED");
  });
});
